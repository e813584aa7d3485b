/**
 * Quick fixes (issue 16), safe ones only: each changes exactly what its diagnostic names
 * and nothing a reviewer would read differently.
 *
 * - a "did you mean" key (S001 / S003 `args.suggestion`): the key renamed;
 * - a full-width colon after a key, or full-width spaces in its indentation (Y001
 *   FULLWIDTH_COLON / FULLWIDTH_SPACE): replaced by their ASCII counterparts;
 * - a suppression comment for an M/R rule that may be suppressed: the reason is left
 *   empty on purpose, so S004 ("write a reason") stands until the author writes one; a
 *   placeholder reason would silence the check with no reason at all;
 * - R002: a 满意度指标 skeleton whose targets are 待填写, which R006 flags until they are
 *   filled in (no target is invented).
 */
import { isMap, isScalar, type Pair, type Node } from 'yaml';
import type { Diagnostic, Lang } from '../diagnostic.js';
import { lspMessages } from '../messages/lsp.js';
import { LOCKED_RULES, isFixedSeverity, ruleById } from '../rules/index.js';
import type { LspDiagnostic } from './diagnostics.js';
import { keyRange, parseLenient } from './outline.js';
import type { LspRange, TextIndex } from './positions.js';

/** What the 满意度指标 skeleton puts in the target cells: form content, not a message (R006 flags it until filled in). */
const PLACEHOLDER = '待填写';
/** The skeleton's 三级指标 name (form content). */
const SATISFACTION_NAME = '服务对象满意度';

/** A text edit (the protocol's). */
export interface LspTextEdit {
  range: LspRange;
  newText: string;
}

/** A code action (the protocol's, the fields we set). */
export interface LspCodeAction {
  title: string;
  kind: 'quickfix';
  diagnostics: LspDiagnostic[];
  isPreferred?: boolean;
  edit: { changes: Record<string, LspTextEdit[]> };
}

/** Rules a comment may suppress (check.ts: not Y/S, not M001/M002; R009 is about comments). */
export function suppressible(rule: string): boolean {
  return ruleById(rule) !== undefined && !isFixedSeverity(rule) && !LOCKED_RULES.includes(rule) && rule !== 'R009';
}

/** The quick fixes for the given published diagnostics of one document. */
export function fixesFor(
  uri: string,
  text: string,
  index: TextIndex,
  diagnostics: readonly { diagnostic: Diagnostic; lsp: LspDiagnostic }[],
  lang: Lang,
): LspCodeAction[] {
  const m = lspMessages(lang);
  const out: LspCodeAction[] = [];
  let doc: ReturnType<typeof parseLenient> | undefined;
  const yamlDoc = () => (doc ??= parseLenient(text));
  const span = (a: number, b: number): LspRange => ({ start: index.positionAt(a), end: index.positionAt(b) });
  const action = (title: string, d: LspDiagnostic, edits: LspTextEdit[], preferred = false): void => {
    const a: LspCodeAction = { title, kind: 'quickfix', diagnostics: [d], edit: { changes: { [uri]: edits } } };
    if (preferred) a.isPreferred = true;
    out.push(a);
  };

  for (const { diagnostic: d, lsp } of diagnostics) {
    if (d.omitted !== undefined) continue;
    const args = d.args ?? {};
    const suggestion = typeof args.suggestion === 'string' ? args.suggestion : undefined;
    if ((d.rule === 'S001' || d.rule === 'S003') && suggestion && typeof args.key === 'string') {
      const r = keyRange(yamlDoc(), d.path);
      if (r) action(m.fixRename({ from: args.key, to: suggestion }), lsp, [{ range: span(r[0], r[1]), newText: suggestion }], true);
    }
    if (d.rule === 'Y001' && args.code === 'FULLWIDTH_COLON') {
      const at = index.offsetOfDeclare(d.line, d.column);
      if (text[at] === '：') {
        const next = text[at + 1];
        const spaced = next === undefined || next === ' ' || next === '\n' || next === '\r';
        action(m.fixColon, lsp, [{ range: span(at, at + 1), newText: spaced ? ':' : ': ' }], true);
      }
    }
    if (d.rule === 'Y001' && args.code === 'FULLWIDTH_SPACE') {
      const edit = fullWidthIndent(text, index, index.offsetOfDeclare(d.line, 1));
      if (edit) action(m.fixSpace, lsp, [edit], true);
    }
    if (d.rule === 'R002') {
      const edit = satisfactionSkeleton(text, index, yamlDoc(), lang);
      if (edit) action(m.fixSatisfaction, lsp, [edit], true);
    }
    if (suppressible(d.rule)) action(m.fixSuppress({ rule: d.rule }), lsp, [suppressionEdit(text, index, d.line, d.rule)]);
  }
  return out;
}

/** `# declare-disable-next-line RULE -- ` above `line` (or RULE added to such a comment there). */
function suppressionEdit(text: string, index: TextIndex, line: number, rule: string): LspTextEdit {
  const start = index.offsetOfDeclare(line, 1);
  const lineText = text.slice(start).split(/\r?\n/, 1)[0] ?? '';
  const indent = /^[ \t]*/.exec(lineText)![0];
  if (line > 1) {
    const prevStart = index.offsetOfDeclare(line - 1, 1);
    const prev = text.slice(prevStart, start).replace(/\r?\n$/, '');
    const m = /^([ \t]*#\s*declare-disable-next-line\b)([^#]*?)(?=\s--(?:\s|$)|\s#|$)/u.exec(prev);
    if (m) {
      const at = prevStart + m[0].length;
      return { range: { start: index.positionAt(at), end: index.positionAt(at) }, newText: m[2]!.trim() === '' ? ` ${rule}` : `, ${rule}` };
    }
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const pos = index.positionAt(start);
  return { range: { start: pos, end: pos }, newText: `${indent}# declare-disable-next-line ${rule} -- ${eol}` };
}

/** The line's leading full-width spaces as ASCII ones, at the width that lines up with a line above. */
function fullWidthIndent(text: string, index: TextIndex, lineStart: number): LspTextEdit | undefined {
  const lead = /^[ \u3000]*/.exec(text.slice(lineStart))![0];
  if (!lead.includes('\u3000')) return undefined;
  const indents = new Set<number>([0]);
  for (const l of text.slice(0, lineStart).split(/\r?\n/)) {
    const m = /^( *)(- )?\S/.exec(l);
    if (!m) continue;
    const col = m[1]!.length + (m[2]?.length ?? 0);
    indents.add(col);
    if (/:\s*(#.*)?$/.test(l)) indents.add(col + 2);
  }
  const width = (w: number) => [...lead].reduce((n, c) => n + (c === '\u3000' ? w : 1), 0);
  const w = indents.has(width(2)) || !indents.has(width(1)) ? 2 : 1;
  return { range: { start: index.positionAt(lineStart), end: index.positionAt(lineStart + lead.length) }, newText: ' '.repeat(width(w)) };
}

/** A 满意度指标 block appended to the indicators mapping, in the file's indentation. */
function satisfactionSkeleton(text: string, index: TextIndex, doc: ReturnType<typeof parseLenient>, lang: Lang): LspTextEdit | undefined {
  const m = lspMessages(lang);
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const pair = (root.items as Pair<unknown, unknown>[]).find((p) => isScalar(p.key) && p.key.value === 'indicators');
  const map = pair?.value as Node | null | undefined;
  const key = pair?.key as Node | undefined;
  if (!pair || !isMap(map) || map.flow || !map.range || !key?.range) return undefined;
  const keyCol = index.positionAt(key.range[0]).character;
  const first = (map.items as Pair<unknown, unknown>[])[0]?.key as Node | undefined;
  const childCol = first?.range ? index.positionAt(first.range[0]).character : keyCol + 2;
  const step = Math.max(1, childCol - keyCol);
  const c = ' '.repeat(childCol);
  const s = ' '.repeat(step);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // after the mapping's last line
  let at = map.range[1];
  const lineEnd = text.indexOf('\n', Math.max(0, at - 1));
  if (!(at > 0 && text[at - 1] === '\n')) at = lineEnd < 0 ? text.length : lineEnd + 1;
  const lead = at === text.length && !text.endsWith('\n') ? eol : '';
  const block = [
    `${c}满意度指标:`,
    `${c}${s}服务对象满意度指标:`,
    `${c}${s}${s}- name: ${SATISFACTION_NAME}`,
    `${c}${s}${s}  period: ${PLACEHOLDER}`,
    `${c}${s}${s}  annual: ${PLACEHOLDER}`,
  ].join(eol);
  const pos = index.positionAt(at);
  return { range: { start: pos, end: pos }, newText: `${lead}${block}${eol}` };
}
