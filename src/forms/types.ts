import { Decimal } from 'decimal.js';

/**
 * A form as a value (issue 11): everything the commands need to know about one form
 * (its fields, labels, order, amounts and the sums between them) in one definition.
 * The schema, the JSON Schema, fmt, init, summary, diff and docs/format.md read it.
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
  | 'framework';

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
}

/** A sum between a form's amounts (format.md "Arithmetic"). */
export interface SumDef {
  /** the label of the total, e.g. 支出合计 */
  zh: string;
  /** English label */
  en: string;
  /** the amount fields added up, by path */
  parts: readonly string[];
}

/** A column of `declare summary`: a field or a sum. */
export interface SummaryColumnDef<Id extends string = string, SumId extends string = string> {
  /** column id (JSON key, CSV header) */
  id: Id;
  /** the amount field shown, by path */
  field?: string;
  /** or the sum shown */
  sum?: SumId;
  /** column header */
  zh: string;
  /** English column header */
  en: string;
}

/** One form. */
export interface FormDefinition<SumId extends string = string, ColumnId extends string = string> {
  /** the value of the top-level `form` key that selects it, e.g. 部门整体 */
  id: string;
  /** the form's printed title */
  title: string;
  /** every field, in canonical (format.md, printed form) order; parents before children */
  fields: readonly FieldDef[];
  /** the sums between its amounts, declared once */
  sums: Readonly<Record<SumId, SumDef>>;
  /** `declare summary`'s amount columns, in table order */
  summaryColumns: readonly SummaryColumnDef<ColumnId, SumId>[];
}

/** The value at a dotted field path (`budget.expenditure.basic`) of a (partial) declaration. */
export function valueAt(data: unknown, path: string): unknown {
  let cur: unknown = data;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A sum of the form's amounts: undefined when a part is missing or invalid. */
export function evaluateSum(sum: SumDef, data: unknown): Decimal | undefined {
  let total = new Decimal(0);
  for (const path of sum.parts) {
    const v = valueAt(data, path);
    if (!(v instanceof Decimal)) return undefined;
    total = total.plus(v);
  }
  return total;
}
