import { Decimal } from 'decimal.js';
import type { FieldDef } from '../model/fields.js';
import type { Layout } from '../render/html.js';

/**
 * A form as a value (issue 11): everything the commands need to know about one form
 * (its fields, labels, order, amounts and the sums between them) in one definition.
 * The schema, the JSON Schema, fmt, init, summary, diff and docs/format.md read it.
 */

export type { FieldDef, FieldKind } from '../model/fields.js';

/** A sum between a form's amounts (format.md "Arithmetic"). */
export interface SumDef {
  /** the label of the total, e.g. 支出合计 */
  zh: string;
  /** English label */
  en: string;
  /** the amount fields added up, by path */
  parts: readonly string[];
}

/** A form's part in the per-department totals (see FormDefinition.rollup). */
export interface RollupDef<SumId extends string = string> {
  /** the amount field, by path */
  field: string;
  /** its column header */
  zh: string;
  /** English column header */
  en: string;
  /** the parent form's: the sum that the other forms' amounts may not exceed */
  limit?: SumId;
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

/**
 * A describing column of `declare summary` (before the amounts): a field's value
 * (部门, 项目名称, 年度), or with `to` a range of two (项目期 2023–2025).
 */
export interface SummaryKeyDef {
  /** column id (JSON key) */
  id: string;
  /** the field shown, by path */
  field: string;
  /** the range's other end, by path */
  to?: string;
  /** column header */
  zh: string;
  /** English column header */
  en: string;
}

/**
 * A list column of `declare summary` (after the amounts): how many items a list has, or
 * with `amount` the sum of that amount over its items (blank ones count as nothing).
 */
export interface SummaryListDef {
  /** column id (JSON key) */
  id: string;
  /** the list, by path */
  list: string;
  /** the amount of each item added up, by its key in the item */
  amount?: string;
  /** column header */
  zh: string;
  /** English column header */
  en: string;
}

/** A total `declare diff` shows before and after: one of the form's sums, or a summary list column's amount. */
export interface DiffTotalDef<SumId extends string = string> {
  /** JSON key */
  id: string;
  /** the sum */
  sum?: SumId;
  /** or the summary list column (`summaryLists` id) whose amount is added up */
  list?: string;
  /** its name */
  zh: string;
  /** English name */
  en: string;
}

/** What `declare diff` shows of a form besides its amounts and indicators. */
export interface DiffDef<SumId extends string = string> {
  /** the 基本信息 fields compared as texts, by path, in order */
  header: readonly string[];
  /** the heading of the amounts section */
  amounts: { zh: string; en: string };
  /** the lists of texts matched by text (总体目标, 其他任务), by path, with their headings */
  lists: readonly { field: string; zh: string; en: string }[];
  /** the totals, before and after (always listed) */
  totals: readonly DiffTotalDef<SumId>[];
}

/** One form. */
export interface FormDefinition<SumId extends string = string, ColumnId extends string = string> {
  /** the value of the top-level `form` key that selects it, e.g. 部门整体 */
  id: string;
  /** the form's printed title */
  title: string;
  /** every field, in canonical (format.md, printed form) order; parents before children */
  fields: readonly FieldDef[];
  /** the indicator framework its `framework` fields follow: 一级指标 → its 二级指标, canonical order */
  framework: Readonly<Record<string, readonly string[]>>;
  /** the sums between its amounts, declared once */
  sums: Readonly<Record<SumId, SumDef>>;
  /** `declare summary`'s amount columns, in table order */
  summaryColumns: readonly SummaryColumnDef<ColumnId, SumId>[];
  /** `declare summary`'s describing columns (before the amounts), in table order */
  summaryKeys: readonly SummaryKeyDef[];
  /** `declare summary`'s list columns (after the amounts), in table order */
  summaryLists: readonly SummaryListDef[];
  /**
   * How its files add up per department and year (`declare summary`'s per-department
   * table, the department/project cross-check M008): the amount it contributes, and, for
   * the form the others are checked against, `limit`: the sum they may not exceed.
   */
  rollup?: RollupDef<SumId>;
  /** what `declare diff` compares and how it heads it */
  diff: DiffDef<SumId>;
  /** how it is printed: its template and the view builder that feeds it */
  render: FormRender;
  /** `declare init --form <id>`: the commented skeleton to fill in */
  init(values: InitValues): string;
}

/**
 * How a form is printed (src/render/html.ts): `templates/<template>` laid out from the
 * view model `view` builds (strings only, STYLE.md habit 6), with `templates/<stylesheet>`
 * inline. The partials under templates/partials/ are shared by every form.
 */
export type FormRender = Layout;

/** What every view builder is told besides the declaration. */
export interface ViewOptions {
  /** the program's version, shown in the generator meta tag */
  version: string;
  /** the file has error diagnostics and is rendered anyway (--force): mark every page */
  unchecked: boolean;
}

/** What `declare init` fills in (command-line options); the rest of the skeleton is the form's. */
export interface InitValues {
  /** 预算年度 */
  year: number;
  /** the `$schema` reference of the modeline */
  schemaRef: string;
  /** e.g. `department` / `level` of the department form, from --department / --level */
  [key: string]: string | number | undefined;
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
