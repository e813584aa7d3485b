import { defineMessages } from '../messages/catalogue.js';
import { fieldName } from '../model/fields.js';
import { textsOf } from './text.js';
import { defineRule, type FindingOf } from './rule.js';

/** Texts that only hold a place (compared after normalise()). */
export const PLACEHOLDERS: ReadonlySet<string> = new Set([
  '无', '略', '待定', '暂无', '同上', '见上', '详见附件', '空', '不详', '待补充', '待填', '待填写', '未定', '另附',
  'xxx', 'xx', 'tbd', 'todo', 'n/a', 'na', 'none', 'null', '...', '…', '……', '-', '--', '—', '——', '/', '／', '？', '?',
]);

/** Strip trailing punctuation and repeated X so "XXXX。" and "待定。" count. */
function normalise(text: string): string {
  return text.trim().replace(/[。．.，,；;！!]+$/u, '').replace(/^[xX×]{2,}$/, 'xxx').replace(/^(…|\.{3})+$/, '……').toLowerCase();
}

/**
 * The characters a normalised placeholder can start with: normalise() keeps a text's first
 * character (lower-cased) or makes it x or …, so a text starting with any other character
 * is no placeholder, and is not normalised at all (issue 17: normalising every text of the
 * file, long ones included, was 1.5% of validate's CPU).
 */
const FIRST = new Set([...[...PLACEHOLDERS].map((p) => p[0]!), 'x', 'X', '×', '…', '.']);

/** Is the text only a placeholder? */
export function isPlaceholder(text: string): boolean {
  const trimmed = text.trimStart();
  if (trimmed === '') return false;
  const first = String.fromCodePoint(trimmed.codePointAt(0)!);
  if (!FIRST.has(first) && !FIRST.has(first.toLowerCase()[0]!)) return false;
  return PLACEHOLDERS.has(normalise(text));
}

/** R006's message arguments (also in `--format json`). */
export type R006Args = { text: string };

/** R006's sentence; `f` is the field's name as the form says it. */
const messages = defineMessages({
  zh: { placeholder: (a: { f: string; text: string }) => `${a.f} 只有占位文字「${a.text}」，请填写实际内容` },
  en: { placeholder: (a) => `${a.f} holds only the placeholder "${a.text}"; write the real content` },
});

export const R006 = defineRule<R006Args>()({
  id: 'R006',
  severity: 'warning',
  title: { zh: '占位文字', en: 'placeholder text' },
  check({ decl }) {
    const out: FindingOf<'R006', R006Args>[] = [];
    for (const t of textsOf(decl)) {
      if (isPlaceholder(t.text)) out.push({ rule: 'R006', path: t.path, args: { text: t.text } });
    }
    return out;
  },
  message({ args, path }, lang) {
    return messages(lang).placeholder({ f: fieldName(path, lang), text: args.text });
  },
  docs: {
    what: {
      zh: '文字内容只是“无、略、待定、暂无、同上、XXX、……、-、/”之类的占位符时提示。',
      en: 'Flags a text that is only a placeholder such as 无, 略, 待定, 暂无, 同上, XXX, ……, - or /.',
    },
    why: { zh: '占位文字说明表格未填完，提交后会被退回。', en: 'A placeholder means the form is unfinished; it would be sent back.' },
    source: '审核惯例（未填完的表格退回）；未找到逐字规定的文件',
    failing: '- name: 媒体合作数量\n  period: 合作15家\n  annual: 待定\n',
    fixed: '- name: 媒体合作数量\n  period: 合作15家\n  annual: 合作15家\n',
    limits: {
      zh: '只认出整段文字都是占位符的情形：“具体内容待定”这类夹在句子里的占位不提示。',
      en: 'Recognises only a text that is nothing but a placeholder: one inside a sentence (具体内容待定) is not flagged.',
    },
  },
});
