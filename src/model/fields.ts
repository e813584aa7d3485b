import type { DataPath, Lang } from '../diagnostic.js';
import { fieldMessages } from '../messages/schema.js';

/**
 * A form's field table, the one place a form's fields are written down (issue 11). The
 * table's type lives here, in model/, because the schema, the JSON Schema and the labels
 * are built from it; the forms (src/forms/<id>/) hand their table in, and model/ never
 * imports a form.
 */

/** What a field holds. */
export type FieldKind =
  /** a mapping of named fields */
  | 'mapping'
  /** one line or paragraph of text */
  | 'text'
  /** an amount in 万元 (exact decimal) */
  | 'amount'
  /** an amount that may be left blank */
  | 'optional-amount'
  /** a budget year, 2000–2100 */
  | 'year'
  /** the format version, always 1 */
  | 'version'
  /** one of a fixed set of words (`values`) */
  | 'enum'
  /** a list of items (the item is the `<path>.*` field) */
  | 'list'
  /** a mapping with free keys from the indicator framework */
  | 'framework'
  /** the top-level `form` key: which form the file is (forms.md "Which form"); chosen before the schema runs */
  | 'form';

/** One field of a form, in the form's canonical order. */
export interface FieldDef {
  /** key path with `*` for a list index or a free key: `budget.expenditure.basic`, `tasks.*.name` */
  path: string;
  /** the label the printed form uses */
  zh: string;
  /** an English label for `--lang en` */
  en: string;
  /** what the field holds */
  kind: FieldKind;
  /** whether the file must have it (optional fields may be left out) */
  required: boolean;
  /** a longer description (JSON Schema hover, docs/format.md); the label when absent */
  doc?: string;
  /** the allowed values of an `enum` field */
  values?: readonly string[];
  /** an example value, as YAML source text (docs/format.md) */
  example?: string;
  /** a `list`: the fewest items it may have (default 1) */
  minItems?: number;
  /** how `declare init` writes it (src/forms/init-skeleton.ts); default: the key left empty, `# <label>（填写）` */
  init?: FieldInit;
}

/** A field in `declare init`'s skeleton; `{year}`, `{level|区}`, `{department!q}`, `{fill}` are filled in. */
export interface FieldInit {
  /** the value written (YAML source); empty: the key is left blank to fill in */
  value?: string;
  /** the comment beside it; empty: none */
  note?: string;
  /** a framework row: the skeleton lines under it, as YAML relative to its indentation */
  lines?: readonly string[];
  /** not written (a key the skeleton leaves to its default, like `form`) */
  omit?: boolean;
  /** spaces before the comment instead of aligning it (a value of unknown width, from an option) */
  gap?: number;
}


/** A field table by pattern. */
export type FieldIndex = ReadonlyMap<string, FieldDef>;

const indexes = new WeakMap<readonly FieldDef[], FieldIndex>();

/** The table by path (cached per table). */
export function indexFields(fields: readonly FieldDef[]): FieldIndex {
  let index = indexes.get(fields);
  if (!index) {
    index = new Map(fields.map((f) => [f.path, f]));
    indexes.set(fields, index);
  }
  return index;
}

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

/**
 * The field table that labels messages while check() turns findings into sentences: the
 * rules' `message(…)` call fieldName(path, lang) and do not know the form, so check() sets
 * the file's form's table for the duration of that (synchronous) step. Outside it, paths
 * are shown without labels.
 */
let labelling: FieldIndex | undefined;

/** Run `fn` with `fields` labelling fieldName(); restores the previous table after. */
export function withFieldLabels<T>(fields: readonly FieldDef[], fn: () => T): T {
  const saved = labelling;
  labelling = indexFields(fields);
  try {
    return fn();
  } finally {
    labelling = saved;
  }
}

/** The field's form label, e.g. 「基本支出」(budget.expenditure.basic). */
export function fieldName(path: DataPath, lang: Lang, level?: string | number): string {
  const entry = labelling?.get(patternOf(path));
  const dotted = dottedPath(path);
  const m = fieldMessages(lang);
  if (!entry) return dotted === '' ? m.theFile : dotted;
  let label = entry[lang];
  if (patternOf(path) === 'budget.allocation.own' && level) label = m.ownLevel({ level, label });
  if (dotted === '') return m.top({ label });
  return m.field({ label, dotted });
}

/** The keys a mapping at `pattern` may have, in the table's order. */
export function childKeys(fields: readonly FieldDef[], pattern: string): string[] {
  const prefix = pattern === '' ? '' : `${pattern}.`;
  return fields
    .map((f) => f.path)
    .filter((p) => p.startsWith(prefix) && p !== pattern && !p.slice(prefix.length).includes('.') && !p.endsWith('*'))
    .map((p) => p.slice(prefix.length));
}
