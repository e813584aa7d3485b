/**
 * A rule's documentation as text: one source for `declare rules ID`, the SARIF `help`
 * of every rule, and the README's rule catalogue (rules.md: what, why with the source
 * regulation, a failing and a fixed snippet).
 */
import type { Lang } from '../diagnostic.js';
import type { RuleInfo } from '../rules/rule.js';
import { LABELS } from './labels.js';

const WORDS: Record<Lang, { defaultSeverity: string; why: string; source: string; failing: string; fixed: string }> = {
  zh: { defaultSeverity: '默认严重程度', why: '为什么', source: '依据', failing: '错误示例', fixed: '修正后' },
  en: { defaultSeverity: 'Default severity', why: 'Why', source: 'Source', failing: 'Failing example', fixed: 'Fixed' },
};

/** Full-width colon after a Chinese label, ASCII colon and space after an English one. */
const colon = (lang: Lang): string => (lang === 'zh' ? '：' : ': ');

/** A fence longer than any backtick run in the snippet, so a snippet can never close it. */
function fence(code: string, info: string): string {
  const longest = Math.max(0, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${info}\n${trimSnippet(code)}\n${ticks}`;
}

/** Drop leading blank lines and trailing whitespace; keep the snippet's own indentation. */
function trimSnippet(code: string): string {
  return code.replace(/\r\n?/g, '\n').replace(/^(?:[ \t]*\n)+/, '').trimEnd();
}

/**
 * The rule's documentation as GitHub-flavoured Markdown:
 *
 *     ## M001 title
 *
 *     默认严重程度：**错误**
 *
 *     what…
 *
 *     **为什么：** why…
 *
 *     **依据：** source
 *
 *     **错误示例：**
 *
 *     ```yaml
 *     …
 *     ```
 *
 *     **修正后：** (same)
 *
 * Only the first line is a heading (level `headingLevel`, default 2), so the text can be
 * embedded under any README section; the rest uses bold labels. Empty parts are left out.
 * `what`/`why` are written by rule authors and may contain Markdown; they are not escaped.
 */
export function ruleHelpMarkdown(rule: RuleInfo, lang: Lang, headingLevel = 2): string {
  const w = WORDS[lang];
  const level = Math.min(6, Math.max(1, Math.trunc(headingLevel)));
  const parts: string[] = [
    `${'#'.repeat(level)} ${rule.id} ${rule.title[lang]}`,
    `${w.defaultSeverity}${colon(lang)}**${LABELS[lang].severity[rule.severity]}**`,
  ];
  const what = rule.docs.what[lang].trim();
  const why = rule.docs.why[lang].trim();
  const source = rule.docs.source.trim();
  if (what) parts.push(what);
  if (why) parts.push(`**${w.why}${colon(lang).trimEnd()}** ${why}`);
  if (source) parts.push(`**${w.source}${colon(lang).trimEnd()}** ${source}`);
  if (rule.docs.failing.trim()) parts.push(`**${w.failing}${colon(lang).trimEnd()}**`, fence(rule.docs.failing, 'yaml'));
  if (rule.docs.fixed.trim()) parts.push(`**${w.fixed}${colon(lang).trimEnd()}**`, fence(rule.docs.fixed, 'yaml'));
  return parts.join('\n\n') + '\n';
}

/** The same documentation as plain text (SARIF `help.text`, which must not be Markdown). */
export function ruleHelpText(rule: RuleInfo, lang: Lang): string {
  const w = WORDS[lang];
  const indent = (code: string): string =>
    trimSnippet(code)
      .split('\n')
      .map((l) => (l ? `    ${l}` : ''))
      .join('\n');
  const parts: string[] = [
    `${rule.id} ${rule.title[lang]}`,
    `${w.defaultSeverity}${colon(lang)}${LABELS[lang].severity[rule.severity]}`,
  ];
  const what = rule.docs.what[lang].trim();
  const why = rule.docs.why[lang].trim();
  const source = rule.docs.source.trim();
  if (what) parts.push(what);
  if (why) parts.push(`${w.why}${colon(lang)}${why}`);
  if (source) parts.push(`${w.source}${colon(lang)}${source}`);
  if (rule.docs.failing.trim()) parts.push(`${w.failing}${colon(lang).trimEnd()}\n${indent(rule.docs.failing)}`);
  if (rule.docs.fixed.trim()) parts.push(`${w.fixed}${colon(lang).trimEnd()}\n${indent(rule.docs.fixed)}`);
  return parts.join('\n\n') + '\n';
}
