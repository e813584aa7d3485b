/**
 * Hover and completion (issue 16), read from the form definition (src/forms/) and the
 * indicator framework (src/model/framework.ts): nothing here restates a field.
 */
import type { DataPath, Diagnostic, Lang } from '../diagnostic.js';
import { DEFAULT_FORM, FORM_IDS, formById } from '../forms/index.js';
import type { FieldDef, FormDefinition } from '../forms/types.js';
import { lspMessages } from '../messages/lsp.js';
import { FRAMEWORK, LEVEL1, isLevel1 } from '../model/framework.js';
import { patternOf } from '../model/fields.js';
import { ruleHelpMarkdown, ruleHelpUri } from '../report/rule-help.js';
import { ruleById } from '../rules/index.js';
import { nodeAt, parseLenient, typingContext } from './outline.js';
import type { LspRange } from './positions.js';
import { TextIndex } from './positions.js';
import type { Document } from 'yaml';

/** The protocol's CompletionItemKind values used here. */
const KIND = { field: 5, value: 12 } as const;

/** A completion item (the protocol's, the fields we set). */
export interface LspCompletionItem {
  label: string;
  kind: 5 | 12;
  detail?: string;
  documentation?: { kind: 'markdown'; value: string };
  /** the text inserted (defaults to the label) */
  insertText?: string;
  /** replaces the partial word typed so far */
  textEdit?: { range: LspRange; newText: string };
  sortText: string;
}

/** A hover (the protocol's). */
export interface LspHover {
  contents: { kind: 'markdown'; value: string };
  range?: LspRange;
}

/** The form a document is written in: its top-level `form` value, or the default form. */
export function formOf(doc: Document | undefined): FormDefinition {
  const v = doc ? doc.get('form') : undefined;
  return formById(typeof v === 'string' ? v : undefined) ?? DEFAULT_FORM;
}

/** The field definition at a data path (list indices and indicator names are `*`). */
export function fieldAt(form: FormDefinition, path: readonly (string | number)[]): FieldDef | undefined {
  const pattern = patternOf(path.map((s) => (s === '*' ? 0 : s)));
  return form.fields.find((f) => f.path === pattern);
}

/** Keys a mapping at `pattern` may have, in the form's order. */
function childFields(form: FormDefinition, pattern: string): FieldDef[] {
  const prefix = pattern === '' ? '' : `${pattern}.`;
  return form.fields.filter((f) => f.path.startsWith(prefix) && f.path !== pattern && !f.path.slice(prefix.length).includes('.') && !f.path.endsWith('*'));
}

function fieldMarkdown(f: FieldDef, key: string, lang: Lang): string {
  const m = lspMessages(lang);
  const label = lspMessages(lang).fieldLabel({ zh: f.zh, en: f.en });
  const parts = [`**${label}** · \`${key}\` · ${f.required ? m.required : m.optional}`];
  if (f.doc && f.doc !== f.zh) parts.push(f.doc);
  if (f.values) parts.push(m.values({ values: f.values.join('、') }));
  return parts.join('\n\n');
}

function ruleMarkdown(d: Diagnostic, lang: Lang): string | undefined {
  const rule = ruleById(d.rule);
  if (!rule) return undefined;
  return `${ruleHelpMarkdown(rule, lang, 3)}\n[${lspMessages(lang).ruleDocs}](${ruleHelpUri(rule)})`;
}

/** What a key means, for the hover (undefined when it is no key of the form). */
function keyMarkdown(form: FormDefinition, path: DataPath, lang: Lang): string | undefined {
  const m = lspMessages(lang);
  const key = String(path[path.length - 1]);
  if (path[0] === 'indicators' && path.length === 2 && isLevel1(key)) {
    return `**${key}** · ${m.level1}\n\n${m.level1Children({ names: FRAMEWORK[key].join('、') })}`;
  }
  if (path[0] === 'indicators' && path.length === 3 && isLevel1(String(path[1])) && (FRAMEWORK[String(path[1]) as keyof typeof FRAMEWORK] as readonly string[]).includes(key)) {
    return `**${key}** · ${m.level2Of({ level1: String(path[1]) })}`;
  }
  const f = fieldAt(form, path);
  return f ? fieldMarkdown(f, key, lang) : undefined;
}

/**
 * Hover at an editor offset: the documentation of the rules whose diagnostics cover it,
 * then the key's label and doc.
 */
export function hoverAt(text: string, offset: number, diagnostics: readonly { diagnostic: Diagnostic; lsp: { range: LspRange } }[], lang: Lang): LspHover | undefined {
  const index = new TextIndex(text);
  const pos = index.positionAt(offset);
  const parts: string[] = [];
  const inside = (r: LspRange) =>
    (pos.line > r.start.line || (pos.line === r.start.line && pos.character >= r.start.character)) &&
    (pos.line < r.end.line || (pos.line === r.end.line && pos.character <= r.end.character));
  const seen = new Set<string>();
  for (const d of diagnostics) {
    if (!inside(d.lsp.range) || seen.has(d.diagnostic.rule)) continue;
    seen.add(d.diagnostic.rule);
    const md = ruleMarkdown(d.diagnostic, lang);
    if (md) parts.push(md);
  }
  const doc = parseLenient(text);
  const at = nodeAt(doc, offset);
  let range: LspRange | undefined;
  if (at?.onKey) {
    const md = keyMarkdown(formOf(doc), at.path, lang);
    if (md) {
      parts.unshift(md);
      if (at.range) range = { start: index.positionAt(at.range[0]), end: index.positionAt(at.range[1]) };
    }
  }
  if (parts.length === 0) return undefined;
  return range ? { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, range } : { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } };
}

/** Completion at a protocol position: keys valid there, or the values of an enumeration. */
export function completeAt(text: string, line: number, character: number, lang: Lang): LspCompletionItem[] {
  const m = lspMessages(lang);
  const ctx = typingContext(text, line, character);
  const doc = parseLenient(text);
  const form = formOf(doc);
  const replace = (column: number): LspRange => ({ start: { line, character: column }, end: { line, character } });
  const items: LspCompletionItem[] = [];
  if (ctx.value) {
    const { path, column } = ctx.value;
    const values: readonly string[] = path.length === 1 && path[0] === 'form' ? FORM_IDS : (fieldAt(form, path)?.kind === 'enum' ? fieldAt(form, path)?.values ?? [] : []);
    values.forEach((v, i) => items.push({ label: v, kind: KIND.value, sortText: String(i).padStart(3, '0'), textEdit: { range: replace(column), newText: v } }));
    return items;
  }
  if (!ctx.key) return items;
  const { parent, siblings, column } = ctx.key;
  const taken = new Set(siblings);
  const add = (label: string, detail: string, documentation: string | undefined, insert: string) => {
    if (taken.has(label)) return;
    const item: LspCompletionItem = { label, kind: KIND.field, detail, sortText: String(items.length).padStart(3, '0'), textEdit: { range: replace(column), newText: insert } };
    if (documentation) item.documentation = { kind: 'markdown', value: documentation };
    items.push(item);
  };
  if (parent.length === 1 && parent[0] === 'indicators') {
    for (const l1 of LEVEL1) add(l1, m.level1, m.level1Children({ names: FRAMEWORK[l1].join('、') }), `${l1}:`);
    return items;
  }
  if (parent.length === 2 && parent[0] === 'indicators') {
    const l1 = String(parent[1]);
    if (!isLevel1(l1)) return items;
    for (const l2 of FRAMEWORK[l1]) add(l2, m.level2, m.level2Of({ level1: l1 }), `${l2}:`);
    return items;
  }
  const pattern = parent.length === 0 ? '' : patternOf(parent.map((s) => (s === '*' ? 0 : s)));
  const container = form.fields.find((f) => f.path === pattern);
  if (!container || (container.kind !== 'mapping')) return items;
  for (const f of childFields(form, pattern)) {
    const key = f.path.slice(pattern === '' ? 0 : pattern.length + 1);
    const scalar = !['mapping', 'list', 'framework'].includes(f.kind);
    add(key, f[lang], fieldMarkdown(f, key, lang), scalar ? `${key}: ` : `${key}:`);
  }
  return items;
}
