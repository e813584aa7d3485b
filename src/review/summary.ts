/**
 * `declare summary` (issue 7): one row per declaration, a totals row, four formats.
 *
 * Rows are data (exact Decimals, counts); formatters are pure `(summary, lang) => string`
 * picked from a table keyed by format (STYLE.md, Spectral). A file with any error
 * diagnostic keeps its row (with what could be read) but is left out of the totals, and
 * every format says so.
 */
import { Decimal } from 'decimal.js';
import type { CheckOutput } from '../check.js';
import { countBySeverity, countSuppressed, type Lang } from '../diagnostic.js';
import { formatAmount, type Precision } from '../model/amount.js';
import { DEFAULT_FORM, FORMS } from '../forms/index.js';
import type { FormDefinition, SummaryKeyDef, SummaryListDef } from '../forms/types.js';
import { evaluateSum, valueAt } from '../forms/types.js';
import type { Filer, PartialDeclaration } from '../model/declaration.js';
import { LEVEL1, canonicalLevel2, type Level1 } from '../model/framework.js';
import { escapeText, jsonSafe } from '../report/escape.js';
import { displayWidth, terminalText } from '../report/width.js';
import { summaryIndicatorHeaders, summaryMessages } from '../messages/review.js';
import { precisionMessages } from '../messages/fields.js';
import { defineMessages } from '../messages/catalogue.js';

/** The mixed-set summary's own words (summarizeByForm). */
const setMessages = defineMessages({ zh: { byDepartment: '按部门' }, en: { byDepartment: 'By department' } });

/** The amount columns, in table order. */
export const AMOUNT_COLUMNS: readonly AmountColumn[] = DEFAULT_FORM.summaryColumns.map((c) => c.id);
/** One amount column (the form's `summaryColumns`). */
export type AmountColumn = string;

/** A describing cell's value: a text or a year, or a range of them (项目期); absent parts are unreadable. */
export type KeyValue = string | number | { from?: string | number; to?: string | number };

/** A list cell's value: a count, or an amount added up over the items. */
export type ListValue = number | Decimal;

/** One declaration's row. */
export interface SummaryRow {
  /** the file as given on the command line */
  file: string;
  /** the id of the file's form (an unknown `form`: the default form's) */
  form: string;
  /** what the file adds to its department's line (the form's `rollup` field), if readable */
  rollup?: Decimal;
  /** 部门名称 / 主管部门, if readable (the per-department lines) */
  department?: string;
  /** 预算年度, if readable */
  year?: number;
  /** the describing cells (the form's `summaryKeys`); a cell is absent when unreadable */
  keys: Partial<Record<string, KeyValue>>;
  /** the file's amount precision (forms.md `precision`): 2 unless it says 4 */
  precision: Precision;
  /** 填报信息, the fields the file gives (forms.md `filer`); absent when none */
  filer?: Filer;
  /** amounts; a column is absent when a part it needs is missing or invalid */
  amounts: Partial<Record<AmountColumn, Decimal>>;
  /** the list cells (the form's `summaryLists`: 任务数, 任务资金); absent when the list is unreadable */
  lists: Partial<Record<string, ListValue>>;
  /** number of 三级指标 under each 一级指标; absent when `indicators` is unreadable */
  indicators?: Record<Level1, number>;
  /** error-severity diagnostics */
  errors: number;
  /** warning-severity diagnostics */
  warnings: number;
  /** suppressed diagnostics (inline comments or a configuration's `off`): shown, not counted */
  suppressed: number;
  /** whether the row counts in the totals (no errors) */
  included: boolean;
}

/** The totals over the rows without errors. */
export interface SummaryTotals {
  /** rows summed */
  files: number;
  /** the finest precision of the rows summed (4 when one of them has four decimals) */
  precision: Precision;
  /** amount sums */
  amounts: Record<AmountColumn, Decimal>;
  /** the list cells summed */
  lists: Record<string, ListValue>;
  /** 三级指标 per 一级指标, summed */
  indicators: Record<Level1, number>;
  /** warnings of the summed files */
  warnings: number;
  /** suppressed diagnostics of the summed files */
  suppressed: number;
}

/** A whole summary. */
export interface Summary {
  /** the form whose columns the rows have */
  form: FormDefinition;
  /** one row per file, in file order */
  rows: SummaryRow[];
  /** the totals row */
  totals: SummaryTotals;
  /** files left out of the totals because they have errors */
  excluded: string[];
}

/** One row from a checked file. */
export function summaryRow(file: string, output: CheckOutput): SummaryRow {
  const d: PartialDeclaration = output.declaration ?? output.partial;
  const amounts: Partial<Record<AmountColumn, Decimal>> = {};
  // Each column is a field or one of the form's sums (支出合计 = basic + project + special
  // + development.other, format.md "Arithmetic"): absent when a part is missing or invalid.
  const form = output.form ?? DEFAULT_FORM;
  for (const col of form.summaryColumns) {
    const v = col.sum !== undefined ? evaluateSum(form.sums[col.sum]!, d) : valueAt(d, col.field ?? '');
    if (v instanceof Decimal) amounts[col.id] = v;
  }

  const counts = countBySeverity(output.result.diagnostics);
  const suppressed = countSuppressed(output.result.diagnostics).total;
  const precision: Precision = d.precision === 4 ? 4 : 2;
  const row: SummaryRow = { file, form: form.id, precision, keys: keysOf(form, d), amounts, lists: listsOf(form, d), errors: counts.errors, warnings: counts.warnings, suppressed, included: counts.errors === 0 };
  const filer = filerOf(d.filer);
  if (filer) row.filer = filer;
  if (d.indicators !== undefined) {
    const indicators = Object.fromEntries(LEVEL1.map((l1) => [l1, 0])) as Record<Level1, number>;
    for (const l1 of LEVEL1) {
      const group = d.indicators[l1];
      if (!group) continue;
      // synonyms (环境效益指标) count as their 二级指标 (forms.md)
      for (const l2 of Object.keys(group)) if (canonicalLevel2(l1, l2) !== undefined) indicators[l1] += group[l2]?.length ?? 0;
    }
    row.indicators = indicators;
  }
  const rollup = form.rollup ? valueAt(d, form.rollup.field) : undefined;
  if (rollup instanceof Decimal) row.rollup = rollup;
  const department = valueAt(d, 'department');
  const year = valueAt(d, 'year');
  if (typeof department === 'string') row.department = department;
  if (typeof year === 'number') row.year = year;
  return row;
}

/** A readable text or year at a path. */
function keyPart(d: PartialDeclaration, path: string): string | number | undefined {
  const v = valueAt(d, path);
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

/** The describing cells of a (partial) declaration, from the form's `summaryKeys`. */
function keysOf(form: FormDefinition, d: PartialDeclaration): Partial<Record<string, KeyValue>> {
  const out: Partial<Record<string, KeyValue>> = {};
  for (const k of form.summaryKeys) {
    const from = keyPart(d, k.field);
    if (k.to === undefined) {
      if (from !== undefined) out[k.id] = from;
      continue;
    }
    const to = keyPart(d, k.to);
    if (from === undefined && to === undefined) continue;
    out[k.id] = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  }
  return out;
}

/** The list cells: item counts (readable or not) and amounts added up (blank or invalid ones count as nothing). */
function listsOf(form: FormDefinition, d: PartialDeclaration): Partial<Record<string, ListValue>> {
  const out: Partial<Record<string, ListValue>> = {};
  for (const l of form.summaryLists) {
    const items = valueAt(d, l.list);
    if (!Array.isArray(items)) continue;
    out[l.id] = l.amount === undefined ? items.length : items.reduce((acc: Decimal, t: unknown) => {
      const v = valueAt(t, l.amount!);
      return v instanceof Decimal ? acc.plus(v) : acc;
    }, new Decimal(0));
  }
  return out;
}

/** A list column's zero. */
const zeroOf = (l: SummaryListDef): ListValue => (l.amount === undefined ? 0 : new Decimal(0));

/** Add two list cells of the same column. */
function addList(a: ListValue, b: ListValue | undefined): ListValue {
  if (b === undefined) return a;
  return a instanceof Decimal ? a.plus(b) : a + (b as number);
}

/** A describing cell as text: a range as `2023–2025`. */
function keyText(v: KeyValue | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'object') return `${v.from ?? ''}–${v.to ?? ''}`;
  return String(v);
}

/** A describing cell in JSON: null when unreadable; a range as an object keyed by its paths' last keys. */
function keyJson(k: SummaryKeyDef, v: KeyValue | undefined): unknown {
  if (k.to === undefined) return v ?? null;
  const r = typeof v === 'object' ? v : {};
  return { [k.field.split('.').at(-1)!]: r.from ?? null, [k.to.split('.').at(-1)!]: r.to ?? null };
}

/** Is a describing column a number (a year): right-aligned? */
function keyIsNumber(form: FormDefinition, k: SummaryKeyDef): boolean {
  return form.fields.find((f) => f.path === k.field)?.kind === 'year';
}

/** The filer fields a (partial) declaration gives, or undefined. */
function filerOf(f: PartialDeclaration['filer']): Filer | undefined {
  if (!f || typeof f !== 'object') return undefined;
  const out: Filer = {};
  for (const k of ['unit', 'person', 'phone', 'date'] as const) if (typeof f[k] === 'string') out[k] = f[k];
  return Object.keys(out).length ? out : undefined;
}

/** Does any row (or the totals) carry four decimals? Then the tables show a precision column. */
function anyFourDecimals(s: Summary): boolean {
  return s.rows.some((r) => r.precision === 4);
}

/** Rows plus totals over the rows without errors. */
export function summarize(rows: SummaryRow[], form: FormDefinition = DEFAULT_FORM): Summary {
  const columns = form.summaryColumns.map((c) => c.id);
  const zero = () => new Decimal(0);
  const totals: SummaryTotals = {
    files: 0,
    precision: 2,
    amounts: Object.fromEntries(columns.map((c) => [c, zero()])) as Record<AmountColumn, Decimal>,
    lists: Object.fromEntries(form.summaryLists.map((l) => [l.id, zeroOf(l)])),
    indicators: Object.fromEntries(LEVEL1.map((l1) => [l1, 0])) as Record<Level1, number>,
    warnings: 0,
    suppressed: 0,
  };
  const excluded: string[] = [];
  for (const row of rows) {
    if (!row.included) {
      excluded.push(row.file);
      continue;
    }
    totals.files++;
    if (row.precision === 4) totals.precision = 4;
    // A row without errors has every amount (the schema passed).
    for (const c of columns) totals.amounts[c] = totals.amounts[c]!.plus(row.amounts[c] ?? 0);
    for (const l of form.summaryLists) totals.lists[l.id] = addList(totals.lists[l.id]!, row.lists[l.id]);
    for (const l1 of LEVEL1) totals.indicators[l1] += row.indicators?.[l1] ?? 0;
    totals.warnings += row.warnings;
    totals.suppressed += row.suppressed;
  }
  return { form, rows, totals, excluded };
}

// ---------------------------------------------------------------------------------------
// Formats

/** Output formats of `declare summary`. */
export type SummaryFormat = 'table' | 'csv' | 'json' | 'markdown';

/** The amount columns' headers, from the form's `summaryColumns`. */
function columnHeaders(form: FormDefinition, lang: Lang): Record<AmountColumn, string> {
  return Object.fromEntries(form.summaryColumns.map((c) => [c.id, c[lang]])) as Record<AmountColumn, string>;
}

// Every level-1 indicator has its column header (a compile error otherwise).
void (summaryIndicatorHeaders.tables.zh satisfies Record<Level1, string>);

/** Column headers, by language. */
function headers(lang: Lang, form: FormDefinition = DEFAULT_FORM) {
  return { ...summaryMessages(lang), precision: precisionMessages(lang).column, amounts: columnHeaders(form, lang), indicators: summaryIndicatorHeaders(lang) };
}

function totalsLabel(s: Summary, lang: Lang): string {
  return summaryMessages(lang).totals({ files: s.totals.files });
}

/** The sentence about files left out of the totals (empty when none). */
export function excludedNote(s: Summary, lang: Lang): string {
  if (s.excluded.length === 0) return '';
  return summaryMessages(lang).excluded({ names: s.excluded });
}

interface Cell {
  /** the text */
  text: string;
  /** right-aligned (numbers) */
  right: boolean;
}

/** Rows of cells shared by table and markdown (amounts with separators). */
function cells(s: Summary, lang: Lang, mark: (row: SummaryRow) => string): { header: Cell[]; body: Cell[][]; total: Cell[] } {
  const h = headers(lang, s.form);
  const AMOUNT_COLUMNS = s.form.summaryColumns.map((c) => c.id);
  const text = (t: string): Cell => ({ text: t, right: false });
  const num = (t: string): Cell => ({ text: t, right: true });
  const amountIn = (places: Precision) => (v: Decimal | undefined) => num(v === undefined ? '' : formatAmount(v, places));
  // A precision column only when a file has four decimals (forms.md `precision`): others read as before.
  const showPrecision = anyFourDecimals(s);
  const precisionCell = (p: Precision): Cell[] => (showPrecision ? [num(String(p))] : []);
  const keys = s.form.summaryKeys;
  const keyCell = (k: SummaryKeyDef, t: string): Cell => (keyIsNumber(s.form, k) ? num(t) : text(t));
  const lists = s.form.summaryLists;
  const listCell = (places: Precision) => (v: ListValue | undefined) => (v instanceof Decimal ? amountIn(places)(v) : num(v?.toString() ?? ''));
  const header = [
    text(h.file), ...keys.map((k) => keyCell(k, k[lang])), ...(showPrecision ? [num(h.precision)] : []),
    ...AMOUNT_COLUMNS.map((c) => num(h.amounts[c] ?? c)),
    ...lists.map((l) => num(l[lang])),
    ...LEVEL1.map((l1) => num(h.indicators[l1])),
    num(h.errors), num(h.warnings), num(h.suppressed),
  ];
  const body = s.rows.map((r) => {
    const amount = amountIn(r.precision);
    return [
    text(`${r.file}${mark(r)}`), ...keys.map((k) => keyCell(k, keyText(r.keys[k.id]))), ...precisionCell(r.precision),
    ...AMOUNT_COLUMNS.map((c) => amount(r.amounts[c])),
    ...lists.map((l) => listCell(r.precision)(r.lists[l.id])),
    ...LEVEL1.map((l1) => num(r.indicators?.[l1].toString() ?? '')),
    num(String(r.errors)), num(String(r.warnings)), num(String(r.suppressed)),
    ];
  });
  const t = s.totals;
  const amount = amountIn(t.precision);
  const total = [
    text(totalsLabel(s, lang)), ...keys.map((k) => keyCell(k, '')), ...precisionCell(t.precision),
    ...AMOUNT_COLUMNS.map((c) => amount(t.amounts[c])),
    ...lists.map((l) => listCell(t.precision)(t.lists[l.id])),
    ...LEVEL1.map((l1) => num(String(t.indicators[l1]))),
    num('0'), num(String(t.warnings)), num(String(t.suppressed)),
  ];
  return { header, body, total };
}

/** Terminal table: columns padded by display width (a CJK character takes two cells). */
export function formatTable(s: Summary, lang: Lang): string {
  const { header, body, total } = cells(s, lang, (r) => (r.included ? '' : ' ✗'));
  const all = [header, ...body, total].map((row) => row.map((c) => ({ ...c, text: terminalText(c.text).replace(/\n/g, ' ') })));
  const widths = header.map((_, i) => all.reduce((w, row) => Math.max(w, displayWidth(row[i]!.text)), 0)); // no spread: rows are unbounded
  const line = (row: Cell[]) =>
    row
      .map((c, i) => {
        const pad = ' '.repeat(widths[i]! - displayWidth(c.text));
        return c.right ? pad + c.text : c.text + pad;
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const out = [line(all[0]!), rule, ...all.slice(1, -1).map(line), rule, line(all[all.length - 1]!)];
  const note = excludedNote(s, lang);
  if (note) out.push('', `✗ ${escapeText(note)}`);
  return `${out.join('\n')}\n`;
}

/** Markdown (GitHub tables): for a pull-request comment or $GITHUB_STEP_SUMMARY. */
export function formatMarkdown(s: Summary, lang: Lang): string {
  const { header, body, total } = cells(s, lang, (r) => (r.included ? '' : ' ✗'));
  const esc = (t: string) => t.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
  const row = (r: Cell[], bold = false) => `| ${r.map((c) => (bold && c.text !== '' ? `**${esc(c.text)}**` : esc(c.text))).join(' | ')} |`;
  const out = [row(header), `|${header.map((c) => (c.right ? '---:' : '---')).join('|')}|`, ...body.map((r) => row(r)), row(total, true)];
  const note = excludedNote(s, lang);
  if (note) out.push('', `✗ ${esc(note)}`);
  return `${out.join('\n')}\n`;
}

/**
 * CSV for Excel: RFC 4180 (CRLF, fields with `"`, `,` or line breaks quoted, `"` doubled),
 * a UTF-8 BOM so Excel reads the Chinese correctly, plain amounts (`1499.73`, no
 * separators) so Excel can sum them, and a 计入合计 column instead of a footnote. Text
 * starting with = + - @ is prefixed with ' so Excel does not run it as a formula (OWASP
 * "CSV injection").
 */
export function formatCsv(s: Summary, lang: Lang): string {
  const h = headers(lang, s.form);
  const AMOUNT_COLUMNS = s.form.summaryColumns.map((c) => c.id);
  const yes = h.yes;
  const no = h.no;
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const textField = (v: string) => field(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  const amountIn = (places: Precision) => (v: Decimal | undefined) => (v === undefined ? '' : v.toFixed(places));
  const showPrecision = anyFourDecimals(s);
  const precisionField = (p: Precision) => (showPrecision ? [String(p)] : []);
  const lines: string[] = [];
  const keys = s.form.summaryKeys;
  const lists = s.form.summaryLists;
  const listField = (places: Precision) => (v: ListValue | undefined) => (v instanceof Decimal ? v.toFixed(places) : v?.toString() ?? '');
  lines.push([
    h.file, ...keys.map((k) => k[lang]), ...(showPrecision ? [h.precision] : []), ...AMOUNT_COLUMNS.map((c) => h.amounts[c] ?? c), ...lists.map((l) => l[lang]),
    ...LEVEL1.map((l1) => h.indicators[l1]), h.errors, h.warnings, h.suppressed, h.included,
  ].map(field).join(','));
  for (const r of s.rows) {
    const amount = amountIn(r.precision);
    lines.push([
      textField(r.file), ...keys.map((k) => textField(keyText(r.keys[k.id]))), ...precisionField(r.precision),
      ...AMOUNT_COLUMNS.map((c) => amount(r.amounts[c])), ...lists.map((l) => listField(r.precision)(r.lists[l.id])),
      ...LEVEL1.map((l1) => r.indicators?.[l1].toString() ?? ''), String(r.errors), String(r.warnings), String(r.suppressed), r.included ? yes : no,
    ].join(','));
  }
  const t = s.totals;
  const amount = amountIn(t.precision);
  lines.push([
    field(totalsLabel(s, lang)), ...keys.map(() => ''), ...precisionField(t.precision), ...AMOUNT_COLUMNS.map((c) => amount(t.amounts[c])), ...lists.map((l) => listField(t.precision)(t.lists[l.id])),
    ...LEVEL1.map((l1) => String(t.indicators[l1])), '0', String(t.warnings), String(t.suppressed), '',
  ].join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** JSON: amounts as exact strings ("1499.73"), never floats; absent values are null. */
export function formatJson(s: Summary): string {
  const AMOUNT_COLUMNS = s.form.summaryColumns.map((c) => c.id);
  const amounts = (a: Partial<Record<AmountColumn, Decimal>>, places: Precision) =>
    Object.fromEntries(AMOUNT_COLUMNS.map((c) => [c, a[c] === undefined ? null : a[c]!.toFixed(places)]));
  const lists = (a: Partial<Record<string, ListValue>>, places: Precision) =>
    Object.fromEntries(s.form.summaryLists.map((l) => { const v = a[l.id]; return [l.id, v instanceof Decimal ? v.toFixed(places) : v ?? null]; }));
  // the filer only for a form that has one (the department form's 填报信息)
  const hasFiler = s.form.fields.some((f) => f.path === 'filer');
  const data = {
    version: 1,
    rows: s.rows.map((r) => ({
      file: r.file,
      ...Object.fromEntries(s.form.summaryKeys.map((k) => [k.id, keyJson(k, r.keys[k.id])])),
      precision: r.precision,
      ...(hasFiler ? { filer: r.filer ?? null } : {}),
      amounts: amounts(r.amounts, r.precision),
      ...lists(r.lists, r.precision),
      indicators: r.indicators ?? null,
      errors: r.errors,
      warnings: r.warnings,
      suppressed: r.suppressed,
      included: r.included,
    })),
    totals: {
      files: s.totals.files,
      precision: s.totals.precision,
      amounts: amounts(s.totals.amounts, s.totals.precision),
      ...lists(s.totals.lists, s.totals.precision),
      indicators: s.totals.indicators,
      warnings: s.totals.warnings,
      suppressed: s.totals.suppressed,
    },
    excluded: s.excluded,
  };
  return `${jsonSafe(JSON.stringify(data, null, 2))}\n`;
}

/** Every format has a formatter (a missing one is a type error). */
export const summaryFormatters = {
  table: formatTable,
  csv: formatCsv,
  json: (s: Summary) => formatJson(s),
  markdown: formatMarkdown,
} satisfies Record<SummaryFormat, (s: Summary, lang: Lang) => string>;

// ---------------------------------------------------------------------------------------
// A mixed set of files: one summary per form, and a line per department

/** One department and year across forms: each form's `rollup` amount, added up over its files. */
export interface DepartmentLine {
  /** 部门名称 / 主管部门 */
  department: string;
  /** 预算年度 */
  year: number;
  /** by form id: the sum of its files' rollup amounts (absent: no such file) */
  values: Record<string, Decimal>;
}

/** The summary of a set of files of one or more forms. */
export interface SummarySet {
  /** one summary per form present, in registry order */
  groups: Summary[];
  /** per department and year, over the files without errors (only for more than one form) */
  departments: DepartmentLine[];
}

/** Group the rows by form (registry order) and add up each department's rollup amounts. */
export function summarizeByForm(rows: SummaryRow[]): SummarySet {
  const forms = Object.values(FORMS);
  const groups = forms.map((form) => summarize(rows.filter((r) => r.form === form.id), form)).filter((g) => g.rows.length > 0);
  const lines = new Map<string, DepartmentLine>();
  if (groups.length > 1) {
    for (const r of rows) {
      if (!r.included || r.department === undefined || r.year === undefined || r.rollup === undefined) continue;
      const key = `${r.department}\u0000${r.year}`;
      const line = lines.get(key) ?? { department: r.department, year: r.year, values: {} };
      line.values[r.form] = (line.values[r.form] ?? new Decimal(0)).plus(r.rollup);
      lines.set(key, line);
    }
  }
  const departments = [...lines.values()].sort((a, b) => (a.department < b.department ? -1 : a.department > b.department ? 1 : a.year - b.year));
  return { groups, departments };
}

/** The forms with a rollup amount, in registry order (the per-department columns). */
const rollupForms = (): FormDefinition[] => Object.values(FORMS).filter((f) => f.rollup !== undefined);

/** A summary set in one format: a single form's summary as before; several, one after the other and the department lines. */
export function formatSummarySet(set: SummarySet, format: SummaryFormat, lang: Lang): string {
  if (set.groups.length <= 1) return summaryFormatters[format](set.groups[0] ?? summarize([]), lang);
  const m = summaryMessages(lang);
  const cols = rollupForms();
  const head = [m.department, m.year, ...cols.map((f) => f.rollup![lang])];
  const body = set.departments.map((d) => [d.department, String(d.year), ...cols.map((f) => (d.values[f.id] === undefined ? '' : format === 'csv' ? d.values[f.id]!.toFixed(2) : formatAmount(d.values[f.id]!)))]);
  if (format === 'json') {
    const data = {
      version: 1,
      forms: set.groups.map((g) => ({ form: g.form.id, ...(JSON.parse(formatJson(g)) as object) })),
      departments: set.departments.map((d) => ({ department: d.department, year: d.year, amounts: Object.fromEntries(cols.map((f) => [f.id, d.values[f.id]?.toFixed(2) ?? null])) })),
    };
    return `${jsonSafe(JSON.stringify(data, null, 2))}\n`;
  }
  const parts = set.groups.map((g) => {
    const text = summaryFormatters[format](g, lang);
    if (format === 'csv') return text.replace(/^\uFEFF/, '');
    return `${format === 'markdown' ? '### ' : ''}${g.form.title}\n\n${text}`;
  });
  if (format === 'csv') {
    const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
    return `\uFEFF${parts.join('\r\n')}\r\n${[head, ...body].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
  }
  const title = setMessages(lang).byDepartment;
  let table: string;
  if (format === 'markdown') {
    const esc = (t: string) => t.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
    table = [`| ${head.map(esc).join(' | ')} |`, `|---|---:|${cols.map(() => '---:').join('|')}|`, ...body.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
    return `${parts.join('\n')}\n### ${title}\n\n${table}\n`;
  }
  const all = [head, ...body].map((r) => r.map((c) => terminalText(c).replace(/\n/g, ' ')));
  const widths = head.map((_, i) => all.reduce((w, r) => Math.max(w, displayWidth(r[i]!)), 0));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c + ' '.repeat(widths[i]! - displayWidth(c)) : ' '.repeat(widths[i]! - displayWidth(c)) + c)).join('  ').trimEnd();
  table = [line(all[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
  return `${parts.join('\n')}\n${title}\n\n${table}\n`;
}
