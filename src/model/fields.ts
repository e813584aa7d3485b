import type { DataPath, Lang } from '../diagnostic.js';
import { DEPARTMENT_FORM } from '../forms/department/definition.js';
import type { FieldDef } from '../forms/types.js';
import { fieldMessages } from '../messages/schema.js';

/**
 * Every field of the department form with the label the printed form uses, keyed by
 * pattern (`*` for a list index or a free key, e.g. indicator names). Derived from the
 * form's one field table (src/forms/department/definition.ts); kept as a record for the
 * messages, the JSON Schema titles and the "did you mean" hints.
 */
export const FIELDS: Record<string, { zh: string; en: string; doc?: string }> = Object.fromEntries(
  DEPARTMENT_FORM.fields.map((f: FieldDef) => [f.path, f.doc === undefined ? { zh: f.zh, en: f.en } : { zh: f.zh, en: f.en, doc: f.doc }]),
);

/** `["tasks", 0, "name"]` → `tasks.*.name`. */
export function patternOf(path: DataPath): string {
  const parts = path.map((seg) => (typeof seg === 'number' ? '*' : seg));
  // indicator keys are free names: indicators.<一级>.<二级>.<i>.<field>
  if (parts[0] === 'indicators') {
    for (let i = 1; i < Math.min(parts.length, 3); i++) parts[i] = '*';
  }
  return parts.join('.');
}

/** `["tasks", 0, "name"]` → `tasks[0].name`. */
export function dottedPath(path: DataPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** The field's form label, e.g. 「基本支出」(budget.expenditure.basic). */
export function fieldName(path: DataPath, lang: Lang, level?: string | number): string {
  const entry = FIELDS[patternOf(path)];
  const dotted = dottedPath(path);
  const m = fieldMessages(lang);
  if (!entry) return dotted === '' ? m.theFile : dotted;
  let label = entry[lang];
  if (patternOf(path) === 'budget.allocation.own' && level) label = m.ownLevel({ level, label });
  if (dotted === '') return m.top({ label });
  return m.field({ label, dotted });
}

/** The keys a mapping at `pattern` may have, in format.md order. */
export function childKeys(pattern: string): string[] {
  const prefix = pattern === '' ? '' : `${pattern}.`;
  return Object.keys(FIELDS)
    .filter((p) => p.startsWith(prefix) && p !== pattern && !p.slice(prefix.length).includes('.') && !p.endsWith('*'))
    .map((p) => p.slice(prefix.length));
}
