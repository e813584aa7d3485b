/**
 * Messages of the reporters (src/report) and of check.ts's cut lists: severity words,
 * the stylish summaries, suppression notes (junit, github, SARIF), the headings of a
 * rule's help text.
 */
import type { Suppression } from '../diagnostic.js';
import { defineMessages } from './catalogue.js';
import { grouped } from './grouped.js';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export const reportMessages = defineMessages({
  zh: {
    /** severity as printed next to a message (keys are the Severity values) */
    error: '错误',
    warning: '警告',
    /** stylish summary when there is at least one diagnostic */
    problems: (a: { errors: number; warnings: number }) => `${a.errors + a.warnings} 个问题（${a.errors} 个错误，${a.warnings} 个警告）`,
    /** stylish summary when there is none */
    clean: (a: { files: number }) => `${a.files} 个文件，没有发现问题`,
    /** stylish summary with --quiet when no error is left but warnings were hidden */
    cleanQuiet: (a: { files: number; hidden: number }) => `${a.files} 个文件，没有错误（${a.hidden} 个警告因 --quiet 未显示）`,
    /** stylish summary when the only problems left are suppressed ones */
    cleanSuppressed: (a: { files: number }) => `${a.files} 个文件，除已抑制的问题外没有发现问题`,
    /** the stylish line that counts suppressed problems (never hidden silently) */
    suppressed: (a: { total: number; inline: number; config: number }) =>
      `另有 ${a.total} 个问题已被抑制（${[a.inline > 0 ? `行内注释 ${a.inline} 个` : '', a.config > 0 ? `配置文件 ${a.config} 个` : ''].filter(Boolean).join('，')}）：--strict 不接受抑制，--format json 列出理由`,
    /** what suppressed one diagnostic (junit, github, SARIF justification of a config) */
    suppression: (a: { suppression: Suppression; rule: string }) =>
      a.suppression.kind === 'inline' ? `已抑制（第 ${a.suppression.line} 行注释：${a.suppression.reason}）` : `已抑制（配置文件 ${a.suppression.file} 将 ${a.rule} 设为 off）`,
    /** check.ts: the line that ends a rule's list cut at `max` per file */
    omitted: (a: { count: number; rule: string; max: number }) => `…… 另有 ${grouped(a.count)} 个 ${a.rule} 问题未列出（每条规则每个文件最多列出 ${a.max} 个）`,
    /** rule help (declare rules ID, SARIF help) */
    defaultSeverity: '默认严重程度',
    why: '为什么',
    source: '依据',
    limits: '已知局限',
    failing: '错误示例',
    fixed: '修正后',
    colon: '：',
  },
  en: {
    error: 'error',
    warning: 'warning',
    problems: (a) =>
      `${plural(a.errors + a.warnings, 'problem', 'problems')} (${plural(a.errors, 'error', 'errors')}, ${plural(a.warnings, 'warning', 'warnings')})`,
    clean: (a) => `${plural(a.files, 'file', 'files')} checked, no problems`,
    cleanQuiet: (a) => `${plural(a.files, 'file', 'files')} checked, no errors (${plural(a.hidden, 'warning', 'warnings')} hidden by --quiet)`,
    cleanSuppressed: (a) => `${plural(a.files, 'file', 'files')} checked, no problems apart from suppressed ones`,
    suppressed: (a) =>
      `${plural(a.total, 'more problem', 'more problems')} suppressed (${[a.inline > 0 ? `${a.inline} by inline comments` : '', a.config > 0 ? `${a.config} by configuration` : ''].filter(Boolean).join(', ')}): --strict accepts no suppression, --format json lists the reasons`,
    suppression: (a) =>
      a.suppression.kind === 'inline' ? `suppressed (comment on line ${a.suppression.line}: ${a.suppression.reason})` : `suppressed (configuration ${a.suppression.file} sets ${a.rule} off)`,
    omitted: (a) => `… and ${grouped(a.count)} more ${a.rule} problems (at most ${a.max} per rule per file are listed)`,
    defaultSeverity: 'Default severity',
    why: 'Why',
    source: 'Source',
    limits: 'Known limits',
    failing: 'Failing example',
    fixed: 'Fixed',
    colon: ': ',
  },
});
