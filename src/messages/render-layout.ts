import { defineMessages } from './catalogue.js';

/** Messages of the printed form and the bound volume (`render --combine`, src/render/combine.ts). */
export const renderLayoutMessages = defineMessages({
  zh: {
    leftOut: (a: { names: string[] }) =>
      `以下 ${a.names.length} 个文件有错误，未编入汇编（用 --force 可强制编入，每页标注「未通过校验」）：\n${a.names.map((f) => `  ${f}`).join('\n')}`,
    nothingToCombine: '没有可编入汇编的文件',
    combined: (a: { file: string; forms: number; pages: number }) => `${a.file}（${a.forms} 份，共 ${a.pages} 页）`,
    combineNotPdf: (a: { file: string }) => `--combine 的输出应为 .pdf 文件，而不是 ${a.file}`,
    cannotCombine: (a: { reason: string }) => `无法生成汇编：${a.reason}`,
  },
  en: {
    leftOut: (a) =>
      `${a.names.length} file(s) with errors left out of the volume (--force puts them in, marked 「未通过校验」 on every page):\n${a.names.map((f) => `  ${f}`).join('\n')}`,
    nothingToCombine: 'no file to put in the volume',
    combined: (a) => `${a.file} (${a.forms} forms, ${a.pages} pages)`,
    combineNotPdf: (a) => `the output of --combine must be a .pdf file, not ${a.file}`,
    cannotCombine: (a) => `cannot make the volume: ${a.reason}`,
  },
});
