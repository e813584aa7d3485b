import { stringify } from 'yaml';
import type { FieldDef } from '../model/fields.js';
import type { InitValues } from './types.js';

/**
 * `declare init`'s body, generated from a form's field table (issue 11): each row's
 * `init` says what to write (`value`) and the comment beside it (`note`); an optional list
 * is written commented out; a framework row writes its `lines` (the indicator skeleton).
 * `{name}` in a value or note is the init option of that name (`{year}`, `{department}`,
 * `{level}`); `{fill}` is 「（填写）」 when the value it sits beside came out empty.
 */

/** The column the comments start at (in UTF-16 code units, as the template always had). */
const COMMENT_COLUMN = 32;

/** A YAML scalar as `declare fmt` would write it: plain when that reads back as the same text. */
export const yamlScalar = (s: string): string => (s === '' ? '""' : stringify(s, { lineWidth: 0 }).trimEnd());

/** Substitute `{name}` from the init values (a text option becomes a YAML scalar with `{name!q}`). */
function fill(template: string, values: InitValues, empty: boolean): string {
  return template.replace(/\{(\w+)(?:\|([^}]*))?(!q)?\}/g, (_m, name: string, fallback: string | undefined, quote: string | undefined) => {
    if (name === 'fill') return empty ? '（填写）' : '';
    const v = values[name];
    const s = v === undefined ? (fallback ?? '') : String(v);
    return quote ? yamlScalar(s) : s;
  });
}

/** `key: value` and its comment, the comment at COMMENT_COLUMN (at least one space before it). */
function line(text: string, note: string, gap?: number): string {
  if (note === '') return text;
  return `${text}${' '.repeat(gap ?? Math.max(1, COMMENT_COLUMN - text.length))}# ${note}`;
}

/** The skeleton's YAML lines for a form's fields (the root's children, in table order). */
export function initBody(fields: readonly FieldDef[], values: InitValues): string[] {
  const childrenOf = (path: string) => {
    const prefix = path === '' ? '' : `${path}.`;
    return fields.filter((f) => f.path !== path && f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('.'));
  };
  const out: string[] = [];
  const write = (f: FieldDef, indent: string, first: string): void => {
    const init = f.init;
    if (init?.omit) return;
    const key = f.path.split('.').pop()!;
    const head = `${indent}${first}`;
    if (f.kind === 'list' && !f.required) {
      out.push(line(`${head}# ${key}:`, fill(init?.note ?? f.zh, values, false)), `${head}#   - ……`);
      return;
    }
    if (f.kind === 'mapping' || f.kind === 'list' || f.kind === 'framework') {
      out.push(line(`${head}${key}:`, fill(init?.note ?? f.zh, values, false)));
      const inner = `${indent}${first === '' ? '' : '  '}  `;
      if (f.kind === 'mapping') for (const c of childrenOf(f.path)) write(c, inner, '');
      if (f.kind === 'framework') for (const l of init?.lines ?? []) out.push(`${inner}${l}`);
      if (f.kind === 'list') item(fields.find((g) => g.path === `${f.path}.*`)!, inner);
      return;
    }
    const value = fill(init?.value ?? (f.kind === 'text' ? '""' : ''), values, false);
    out.push(line(value === '' ? `${head}${key}:` : `${head}${key}: ${value}`, fill(init?.note ?? `${f.zh}{fill}`, values, value === '' || value === '""'), init?.gap));
  };
  const item = (f: FieldDef, indent: string): void => {
    if (f.kind === 'mapping') {
      childrenOf(f.path).forEach((c, i) => write(c, indent, i === 0 ? '- ' : '  '));
      return;
    }
    const value = fill(f.init?.value ?? '""', values, false);
    out.push(line(`${indent}- ${value}`, fill(f.init?.note ?? '填写', values, false)));
  };
  for (const f of childrenOf('')) write(f, '', '');
  return out;
}

/**
 * A form's whole `declare init` template: the modeline, the title line, the form's intro
 * comments, then the body from its field table. Fields to fill are left empty, so that
 * validating the untouched template lists exactly what remains to be filled in.
 */
export function initSkeleton(form: { title: string; fields: readonly FieldDef[] }, intro: readonly string[], values: InitValues): string {
  return [
    `# yaml-language-server: $schema=${values.schemaRef}`,
    `# ${form.title}（declare init 生成）`,
    ...intro.map((l) => `# ${l}`),
    ...initBody(form.fields, values),
    '',
  ].join('\n');
}
