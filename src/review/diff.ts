/**
 * `declare diff` (issue 7): what changed between two versions of a declaration, by
 * meaning, not by line. Amounts with old, new and delta; goals matched by text, tasks by
 * name, 三级指标 by (一级, 二级, name); totals before and after. Comments, key order,
 * quoting and amount spelling never count as changes.
 *
 * Works on PartialDeclaration, so a side with structure errors is compared on what could
 * be read; a part that is invalid on one side shows as a change to or from "invalid".
 * Two files of different forms (a department and a project form): a field only one of
 * the forms has is absent from the other side, shown as added or removed, not as invalid.
 * The result is data; formatters are pure `(diff, options) => string`.
 */
import { Chalk } from 'chalk';
import { Decimal } from 'decimal.js';
import type { Lang } from '../diagnostic.js';
import { formatAmount, type Precision } from '../model/amount.js';
import type { PartialDeclaration } from '../model/declaration.js';
import { DEFAULT_FORM, FORMS } from '../forms/index.js';
import { evaluateSum, valueAt, type DiffTotalDef, type FormDefinition } from '../forms/types.js';
import { indexFields, type FieldDef } from '../model/fields.js';
import { FRAMEWORK, LEVEL1, canonicalLevel2 } from '../model/framework.js';
import { displayWidth, padEndDisplay, terminalText } from '../report/width.js';
import { jsonSafe } from '../report/escape.js';
import { diffMessages as WORDS } from '../messages/review.js';
import { precisionMessages } from '../messages/fields.js';

/** One side of the comparison. */
export interface DiffSide {
  /** how to name it in output: a file, or `file@rev` */
  label: string;
  /** what could be read */
  decl: PartialDeclaration;
  /** whether the schema passed completely (no Y/S errors) */
  complete: boolean;
  /** error-severity diagnostics on this side */
  errors: number;
  /** the side's form (check's choice; the default form when absent) */
  form?: FormDefinition;
}

/** An amount before and after; undefined = absent or invalid on that side. */
export interface AmountChange {
  /** data path of the field, dotted (`budget.expenditure.basic`, `funds`) */
  field: string;
  /** before; null = blank (task funds), absent = missing or invalid */
  old?: Decimal | null;
  /** after; same conventions */
  new?: Decimal | null;
  /** new − old, when both are there */
  delta?: Decimal;
  /** the side whose form has no such field (the sides' forms differ): shown as added (`old`) or removed (`new`) */
  absent?: Side;
}

/** A side of the comparison. */
export type Side = 'old' | 'new';

/** A text (or year/level) before and after. */
export interface TextChange {
  /** field name (`department`, `content`, `annual` …) */
  field: string;
  /** before; undefined = absent or invalid */
  old?: string;
  /** after */
  new?: string;
  /** the side whose form has no such field (as AmountChange's) */
  absent?: Side;
}

/** A task as listed when added or removed. */
export interface TaskRef {
  /** 名称 */
  name: string;
  /** 拟投入的资金, if any */
  funds?: Decimal;
}

/** A task present on both sides with something changed. */
export interface TaskChange {
  /** name on the new side */
  name: string;
  /** name on the old side, when the task was renamed (same content and expected result) */
  oldName?: string;
  /** funds before and after */
  funds?: AmountChange;
  /** content / expected before and after */
  texts: TextChange[];
}

/** A 三级指标's place and values. */
export interface IndicatorRef {
  /** 一级指标 */
  level1: string;
  /** 二级指标 */
  level2: string;
  /** 三级指标 name */
  name: string;
  /** 实施周期指标值 */
  period?: string;
  /** 年度指标值 */
  annual?: string;
  /** 指标值类型 / 计量单位 / 指标方向 / 指标解释 (forms.md "More about an indicator"), when given */
  type?: string;
  unit?: string;
  direction?: string;
  note?: string;
}

/** The attributes of a 三级指标 besides its values, compared as texts. */
const INDICATOR_ATTRIBUTES = ['type', 'unit', 'direction', 'note'] as const;

/** A 三级指标 present on both sides with changed values. */
export interface IndicatorChange {
  /** where and which (values are the new side's) */
  ref: IndicatorRef;
  /** period / annual before and after */
  texts: TextChange[];
}

/** Items of a list of texts (goals, other_tasks) added and removed. */
export interface ListChange {
  /** on the new side only */
  added: string[];
  /** on the old side only */
  removed: string[];
  /** the items on both sides are in a different order */
  reordered: boolean;
}

/**
 * Totals before and after (always reported), keyed by the form's `diff.totals` ids in its
 * order: the department's 支出合计, 收入合计, 本级 + 转移支付, 任务资金合计; the project's
 * 实施期 and 年度 appropriation + other.
 */
export type Totals = Record<string, AmountChange>;

/** A list of texts (总体绩效目标, 实施期目标 …) compared by text. */
export interface TextListChange extends ListChange {
  /** its path (`goals`, `goals.period`) */
  field: string;
}

/** The whole semantic diff. */
export interface DeclarationDiff {
  /** the old side */
  old: Omit<DiffSide, 'decl' | 'form'>;
  /** the new side */
  new: Omit<DiffSide, 'decl' | 'form'>;
  /** the forms compared, the new side's first (one when both sides have the same form): headings, labels, totals */
  forms: readonly FormDefinition[];
  /** nothing differs */
  identical: boolean;
  /** each side's amount precision (forms.md `precision`; 2 unless the file says 4) */
  precision: { old: Precision; new: Precision };
  /** the form's header fields (year, department, level, precision, filer; year, project, department, implementer, kind, period), and `form` when the sides' forms differ */
  header: TextChange[];
  /** the amounts that changed (the budget's; the project funds) */
  amounts: AmountChange[];
  /** totals before and after */
  totals: Totals;
  /** the form's lists of texts (总体绩效目标, 其他需完成的任务; 实施期目标, 年度目标), matched by text, in the form's order */
  lists: TextListChange[];
  /** 年度重点工作任务, matched by name */
  tasks: { added: TaskRef[]; removed: TaskRef[]; changed: TaskChange[]; reordered: boolean };
  /** 三级指标, matched by (一级, 二级, name) */
  indicators: { added: IndicatorRef[]; removed: IndicatorRef[]; changed: IndicatorChange[]; reordered: string[] };
}

/** The budget amounts, in form order (the form's amount fields under `budget`). */
// Every form's own amounts (a field a side's form lacks is absent on it, so never a change).
const BUDGET_FIELDS: readonly string[] = [...new Set(Object.values(FORMS).flatMap((form) => form.fields.filter((f) => f.kind === 'amount' && !f.path.includes('*')).map((f) => f.path)))];

function amountChange(field: string, a: Decimal | null | undefined, b: Decimal | null | undefined): AmountChange {
  const c: AmountChange = { field };
  if (a !== undefined) c.old = a;
  if (b !== undefined) c.new = b;
  if (a instanceof Decimal && b instanceof Decimal) c.delta = b.minus(a);
  return c;
}

/** Amounts differ by value; blank (null) and invalid (undefined) differ from each other too. */
function amountDiffers(a: Decimal | undefined | null, b: Decimal | undefined | null): boolean {
  if (a instanceof Decimal && b instanceof Decimal) return !a.eq(b);
  return a !== b;
}

function textChange(field: string, a: string | undefined, b: string | undefined): TextChange | undefined {
  if (a === b) return undefined;
  const c: TextChange = { field };
  if (a !== undefined) c.old = a;
  if (b !== undefined) c.new = b;
  return c;
}

/**
 * Pair items by key; the k-th item with a key pairs with the k-th item with the same key
 * on the other side (so duplicated names, an R008 warning, still pair sensibly).
 */
function pairUp<T>(olds: T[], news: T[], key: (t: T) => string): { pairs: [T, T][]; removed: T[]; added: T[]; reordered: boolean } {
  const keyed = (items: T[]) => {
    const seen = new Map<string, number>();
    return items.map((item) => {
      const k = key(item);
      const n = seen.get(k) ?? 0;
      seen.set(k, n + 1);
      return { k: `${k}\u0000${n}`, item };
    });
  };
  const a = keyed(olds);
  const b = keyed(news);
  const bKeys = new Map(b.map((x, i) => [x.k, i]));
  const aKeys = new Set(a.map((x) => x.k));
  const pairs: [T, T][] = [];
  const removed: T[] = [];
  const commonOrder: number[] = [];
  for (const x of a) {
    const j = bKeys.get(x.k);
    if (j === undefined) removed.push(x.item);
    else {
      pairs.push([x.item, b[j]!.item]);
      commonOrder.push(j);
    }
  }
  const added = b.filter((x) => !aKeys.has(x.k)).map((x) => x.item);
  const reordered = commonOrder.some((j, i) => i > 0 && j < commonOrder[i - 1]!);
  return { pairs, removed, added, reordered };
}

function defined<T>(items: (T | undefined)[] | undefined): T[] {
  return (items ?? []).filter((x): x is T => x !== undefined);
}

function listChange(a: (string | undefined)[] | undefined, b: (string | undefined)[] | undefined): ListChange {
  const r = pairUp(defined(a), defined(b), (s) => s);
  return { added: r.added, removed: r.removed, reordered: r.reordered };
}

type PTask = NonNullable<NonNullable<PartialDeclaration['tasks']>[number]>;

function taskRef(t: PTask): TaskRef {
  const r: TaskRef = { name: t.name ?? '' };
  if (t.funds) r.funds = t.funds;
  return r;
}

function compareTask(a: PTask, b: PTask): TaskChange | undefined {
  const texts = [textChange('content', a.content, b.content), textChange('expected', a.expected, b.expected)].filter(
    (c): c is TextChange => c !== undefined,
  );
  const change: TaskChange = { name: b.name ?? '', texts };
  if (amountDiffers(a.funds, b.funds)) change.funds = amountChange('funds', a.funds, b.funds);
  if (a.name !== b.name) change.oldName = a.name ?? '';
  return texts.length > 0 || change.funds || change.oldName !== undefined ? change : undefined;
}

function flattenIndicators(d: PartialDeclaration): IndicatorRef[] {
  const out: IndicatorRef[] = [];
  for (const l1 of LEVEL1) {
    const group = d.indicators?.[l1];
    if (!group) continue;
    // a synonym (环境效益指标) is compared as its 二级指标 (forms.md); canonical order
    for (const l2 of FRAMEWORK[l1]) {
      const lists = Object.keys(group).filter((k) => canonicalLevel2(l1, k) === l2).map((k) => group[k]);
      for (const ind of lists.flatMap((l) => defined(l))) {
        if (ind.name === undefined) continue;
        const ref: IndicatorRef = { level1: l1, level2: l2, name: ind.name };
        if (ind.period !== undefined) ref.period = ind.period;
        if (ind.annual !== undefined) ref.annual = ind.annual;
        for (const k of INDICATOR_ATTRIBUTES) if (typeof ind[k] === 'string') ref[k] = ind[k];
        out.push(ref);
      }
    }
  }
  return out;
}

/** Compare two declarations. */
export function diffDeclarations(oldSide: DiffSide, newSide: DiffSide): DeclarationDiff {
  const a = oldSide.decl;
  const b = newSide.decl;
  const oldForm = oldSide.form ?? DEFAULT_FORM;
  const newForm = newSide.form ?? DEFAULT_FORM;
  // The new side's form heads the comparison; the old side's adds what only it has.
  const forms = newForm === oldForm ? [newForm] : [newForm, oldForm];
  const union = <T>(pick: (f: FormDefinition) => readonly T[], key: (t: T) => string): T[] => {
    const seen = new Set<string>();
    return forms.flatMap(pick).filter((t) => !seen.has(key(t)) && (seen.add(key(t)), true));
  };

  const headerText = (d: PartialDeclaration, field: string): string | undefined => {
    if (field === 'precision') return String(precisionOf(d));
    const v = valueAt(d, field);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  };
  // A field of one side's form only: absent from the other side, not invalid there.
  const absentSide = (field: string): Side | undefined => {
    if (oldForm === newForm) return undefined;
    const inOld = hasField(oldForm, field);
    const inNew = hasField(newForm, field);
    return inOld === inNew ? undefined : inOld ? 'new' : 'old';
  };
  const marked = <T extends { absent?: Side }>(c: T | undefined, field: string): T | undefined => {
    const side = c && absentSide(field);
    return side ? { ...c, absent: side } : c;
  };
  const header = [
    ...(oldForm === newForm ? [] : [textChange('form', oldForm.id, newForm.id)]),
    ...union((f) => f.diff.header, (p) => p).map((field) => marked(textChange(field, headerText(a, field), headerText(b, field)), field)),
  ].filter((c): c is TextChange => c !== undefined);

  const amounts: AmountChange[] = [];
  for (const field of BUDGET_FIELDS) {
    const x = valueAt(a, field) as Decimal | undefined;
    const y = valueAt(b, field) as Decimal | undefined;
    if (amountDiffers(x, y)) amounts.push(marked(amountChange(field, x, y), field)!);
  }

  // The head form's totals (its sums, format.md "Arithmetic", declared once in its definition);
  // the old side of another form has none of them.
  const totals: Totals = {};
  for (const t of newForm.diff.totals) {
    totals[t.id] = oldForm === newForm
      ? amountChange(t.id, totalOf(newForm, t, a), totalOf(newForm, t, b))
      : { ...amountChange(t.id, undefined, totalOf(newForm, t, b)), absent: 'old' };
  }

  const texts = (d: PartialDeclaration, field: string) => {
    const v = valueAt(d, field);
    return Array.isArray(v) ? (v as unknown[]).map((x) => (typeof x === 'string' ? x : undefined)) : undefined;
  };
  const lists = union((f) => f.diff.lists, (l) => l.field).map((l) => ({ field: l.field, ...listChange(texts(a, l.field), texts(b, l.field)) }));

  // Tasks: by name; then an unmatched pair with the same content and expected result is
  // a rename, not a removal plus an addition.
  const named = (d: PartialDeclaration) => defined(d.tasks).filter((t) => t.name !== undefined);
  const t = pairUp(named(a), named(b), (x) => x.name!);
  const changed: TaskChange[] = [];
  for (const [x, y] of t.pairs) {
    const c = compareTask(x, y);
    if (c) changed.push(c);
  }
  const added = [...t.added];
  const removed: PTask[] = [];
  for (const x of t.removed) {
    const i = added.findIndex((y) => x.content !== undefined && y.content === x.content && y.expected === x.expected);
    if (i < 0) {
      removed.push(x);
      continue;
    }
    const c = compareTask(x, added[i]!);
    if (c) changed.push(c);
    added.splice(i, 1);
  }

  const ia = flattenIndicators(a);
  const ib = flattenIndicators(b);
  const ind = pairUp(ia, ib, (r) => `${r.level1}\u0000${r.level2}\u0000${r.name}`);
  const indChanged: IndicatorChange[] = [];
  for (const [x, y] of ind.pairs) {
    const texts = [textChange('period', x.period, y.period), textChange('annual', x.annual, y.annual), ...INDICATOR_ATTRIBUTES.map((k) => textChange(k, x[k], y[k]))].filter((c): c is TextChange => c !== undefined);
    if (texts.length > 0) indChanged.push({ ref: y, texts });
  }
  const reorderedLists: string[] = [];
  for (const l1 of LEVEL1) {
    for (const l2 of FRAMEWORK[l1]) {
      const inList = (refs: IndicatorRef[]) => refs.filter((r) => r.level1 === l1 && r.level2 === l2);
      if (pairUp(inList(ia), inList(ib), (r) => r.name).reordered) reorderedLists.push(`${l1}/${l2}`);
    }
  }

  const diff: DeclarationDiff = {
    old: { label: oldSide.label, complete: oldSide.complete, errors: oldSide.errors },
    new: { label: newSide.label, complete: newSide.complete, errors: newSide.errors },
    forms,
    identical: false,
    precision: { old: precisionOf(a), new: precisionOf(b) },
    header,
    amounts,
    totals,
    lists,
    tasks: { added: added.map(taskRef), removed: removed.map(taskRef), changed, reordered: t.reordered },
    indicators: { added: ind.added, removed: ind.removed, changed: indChanged, reordered: reorderedLists },
  };
  diff.identical = isIdentical(diff);
  return diff;
}

/** Whether a form has the field at `path` (a field of its table, or under one: `period.start`). */
function hasField(form: FormDefinition, path: string): boolean {
  return form.fields.some((f) => f.path === path);
}

/** A side's amount precision. */
function precisionOf(d: PartialDeclaration): Precision {
  return d.precision === 4 ? 4 : 2;
}

/** One of a form's diff totals of a (partial) declaration: a sum, or a list's amount added up; undefined when unreadable. */
function totalOf(form: FormDefinition, t: DiffTotalDef, d: PartialDeclaration): Decimal | undefined {
  if (t.sum !== undefined) return evaluateSum(form.sums[t.sum]!, d);
  const list = form.summaryLists.find((l) => l.id === t.list);
  const items = list ? valueAt(d, list.list) : undefined;
  if (!list?.amount || !Array.isArray(items)) return undefined;
  return items.reduce((acc: Decimal, item: unknown) => {
    const v = valueAt(item, list.amount!);
    return v instanceof Decimal ? acc.plus(v) : acc;
  }, new Decimal(0));
}

function isIdentical(d: DeclarationDiff): boolean {
  const emptyList = (l: ListChange) => l.added.length === 0 && l.removed.length === 0 && !l.reordered;
  return (
    d.header.length === 0 &&
    d.amounts.length === 0 &&
    d.lists.every(emptyList) &&
    d.tasks.added.length === 0 &&
    d.tasks.removed.length === 0 &&
    d.tasks.changed.length === 0 &&
    !d.tasks.reordered &&
    d.indicators.added.length === 0 &&
    d.indicators.removed.length === 0 &&
    d.indicators.changed.length === 0 &&
    d.indicators.reordered.length === 0
  );
}

// ---------------------------------------------------------------------------------------
// Formats

/** Output formats of `declare diff`. */
export type DiffFormat = 'text' | 'markdown' | 'json';

/** How to format. */
export interface DiffFormatOptions {
  /** label language */
  lang: Lang;
  /** ANSI colours (text format only) */
  color: boolean;
}

/**
 * The label of a field in the compared forms' tables (then any form's), by language. An
 * amount whose label is not unique among its form's amounts (the project's two 财政拨款)
 * is named with its parent's: 实施期资金 › 财政拨款.
 */
function label(d: DeclarationDiff, pattern: string, lang: Lang): string {
  for (const form of [...d.forms, ...Object.values(FORMS)]) {
    const table = indexFields(form.fields);
    const f = table.get(pattern);
    if (!f) continue;
    const amounts = form.fields.filter((x: FieldDef) => x.kind === 'amount');
    if (f.kind === 'amount' && amounts.filter((x) => x[lang] === f[lang]).length > 1) {
      const parent = table.get(pattern.split('.').slice(0, -1).join('.'));
      if (parent) return `${parent[lang]} › ${f[lang]}`;
    }
    return f[lang];
  }
  return pattern;
}

/** The head form's totals, in its order, with their names. */
function totalNames(d: DeclarationDiff, lang: Lang): { id: string; name: string }[] {
  return d.forms[0]!.diff.totals.map((t) => ({ id: t.id, name: t[lang] }));
}

/** A list's heading (the form's `diff.lists`). */
function listTitle(d: DeclarationDiff, field: string, lang: Lang): string {
  for (const form of d.forms) {
    const l = form.diff.lists.find((x) => x.field === field);
    if (l) return l[lang];
  }
  return field;
}

/** The heading of the amounts section: the head form's. */
function amountsTitle(d: DeclarationDiff, lang: Lang): string {
  return d.forms[0]!.diff.amounts[lang];
}

/** The text lists before the tasks (in the head form's table order) and after them. */
function listsAround(d: DeclarationDiff): { before: TextListChange[]; after: TextListChange[] } {
  const order = (p: string) => {
    const i = d.forms[0]!.fields.findIndex((f) => f.path === p);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const tasksAt = order('tasks');
  return { before: d.lists.filter((l) => order(l.field) < tasksAt), after: d.lists.filter((l) => order(l.field) >= tasksAt) };
}

const TASK_FIELD: Record<string, string> = { content: 'tasks.*.content', expected: 'tasks.*.expected', funds: 'tasks.*.funds' };
const INDICATOR_FIELD: Record<string, string> = {
  period: 'indicators.*.*.*.period', annual: 'indicators.*.*.*.annual',
  type: 'indicators.*.*.*.type', unit: 'indicators.*.*.*.unit', direction: 'indicators.*.*.*.direction', note: 'indicators.*.*.*.note',
};

/** The decimals amounts are shown with: four when either side has `precision: 4`. */
function placesOf(d: DeclarationDiff): Precision {
  return d.precision.old === 4 || d.precision.new === 4 ? 4 : 2;
}

/** The precision line (forms.md `precision`): only when a side has four decimals. */
function precisionLine(d: DeclarationDiff, lang: Lang): string | undefined {
  if (placesOf(d) === 2) return undefined;
  return precisionMessages(lang).line({ name: label(d, 'precision', lang), from: d.precision.old, to: d.precision.new });
}

function signed(d: Decimal, places: Precision = 2): string {
  return d.isNegative() && !d.isZero() ? formatAmount(d, places) : `+${formatAmount(d, places)}`;
}

function amountText(c: AmountChange, lang: Lang, places: Precision = 2): string {
  const w = WORDS(lang);
  const side = (v: Decimal | null | undefined) => (v === undefined ? w.invalid : v === null ? w.none : formatAmount(v, places));
  // a field one side's form lacks: only the side that has it
  if (c.absent !== undefined) return side(c.absent === 'old' ? c.new : c.old);
  const arrow = `${side(c.old)} → ${side(c.new)}`;
  return c.delta !== undefined && !c.delta.isZero() ? `${arrow} (${signed(c.delta, places)})` : arrow;
}

function fundsText(f: Decimal | undefined, lang: Lang, places: Precision = 2): string {
  return f === undefined ? '' : WORDS(lang).fundsOf({ amount: formatAmount(f, places) });
}

/** `period / annual`, or one of them when they are the same text. */
function indicatorValues(r: IndicatorRef, invalid: string): string {
  const p = r.period ?? invalid;
  const a = r.annual ?? invalid;
  return p === a ? p : `${p} / ${a}`;
}

/** Number of changes (for the closing line). */
function countChanges(d: DeclarationDiff): number {
  return (
    d.header.length + d.amounts.length + d.lists.reduce((n, l) => n + l.added.length + l.removed.length + (l.reordered ? 1 : 0), 0) +
    d.tasks.added.length + d.tasks.removed.length + d.tasks.changed.length + (d.tasks.reordered ? 1 : 0) +
    d.indicators.added.length + d.indicators.removed.length + d.indicators.changed.length + d.indicators.reordered.length
  );
}

/** Plain text, for a terminal: `+` added, `-` removed, `~` changed; coloured when asked. */
export function formatDiffText(d: DeclarationDiff, opts: DiffFormatOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const w = WORDS(opts.lang);
  const lang = opts.lang;
  const t = (s: string) => terminalText(s);
  const places = placesOf(d);
  const out: string[] = [];
  out.push(c.bold(`--- ${t(d.old.label)} (${w.old})`), c.bold(`+++ ${t(d.new.label)} (${w.new})`));
  const pl = precisionLine(d, lang);
  if (pl) out.push(pl);
  for (const side of [d.old, d.new]) if (!side.complete) out.push(c.yellow(`! ${t(w.incomplete({ label: side.label, errors: side.errors }))}`));
  const plus = (s: string) => c.green(`  + ${s}`);
  const minus = (s: string) => c.red(`  - ${s}`);
  const tilde = (s: string) => c.yellow(`  ~ ${s}`);
  const textLines = (ch: TextChange, pattern: string, indent: string) => {
    const lines = [`${indent}${label(d, pattern, lang)}`];
    const block = (v: string | undefined, mark: string, colour: (s: string) => string) => {
      for (const l of (v === undefined ? w.invalid : t(v)).split('\n')) lines.push(colour(`${indent}  ${mark} ${l}`));
    };
    block(ch.old, '-', c.red);
    block(ch.new, '+', c.green);
    return lines;
  };
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push('', c.bold(title));
    for (const line of lines) out.push(line); // no spread: 10,000 changed tasks make more lines than a call takes arguments
  };

  const headerLine = (h: TextChange) => {
    const name = label(d, h.field, lang);
    if (h.absent === 'old') return plus(`${name}  ${t(h.new ?? w.invalid)}`);
    if (h.absent === 'new') return minus(`${name}  ${t(h.old ?? w.invalid)}`);
    return tilde(`${name}  ${t(h.old ?? w.invalid)} → ${t(h.new ?? w.invalid)}`);
  };
  section(w.header, d.header.map(headerLine));
  const amountLabels = d.amounts.map((a) => label(d, a.field, lang));
  const totals = totalNames(d, lang);
  const width = Math.max(0, ...amountLabels.map(displayWidth), ...totals.map((k) => displayWidth(k.name)));
  const amountLine = (a: AmountChange, name: string, plain?: (s: string) => string) => {
    const text = `${padEndDisplay(name, width)}  ${amountText(a, lang, places)}`;
    return a.absent === 'old' ? plus(text) : a.absent === 'new' ? minus(text) : plain ? plain(text) : tilde(text);
  };
  section(amountsTitle(d, lang), d.amounts.map((a, i) => amountLine(a, amountLabels[i]!)));
  section(w.totals, totals.map((k) => amountLine(d.totals[k.id]!, k.name, (s) => `    ${s}`)));
  const list = (l: ListChange) => [...l.removed.map((s) => minus(t(s))), ...l.added.map((s) => plus(t(s))), ...(l.reordered ? [`    ${w.reordered}`] : [])];
  const around = listsAround(d);
  for (const l of around.before) section(listTitle(d, l.field, lang), list(l));
  const tasks: string[] = [];
  for (const r of d.tasks.removed) tasks.push(minus(`${t(r.name)}${fundsText(r.funds, lang, places)}`));
  for (const r of d.tasks.added) tasks.push(plus(`${t(r.name)}${fundsText(r.funds, lang, places)}`));
  for (const ch of d.tasks.changed) {
    tasks.push(tilde(ch.oldName !== undefined ? `${t(ch.oldName)} → ${t(ch.name)}${w.renamedNote}` : t(ch.name)));
    if (ch.funds) tasks.push(`      ${label(d, 'tasks.*.funds', lang)}  ${amountText(ch.funds, lang, places)}`);
    for (const tc of ch.texts) tasks.push(...textLines(tc, TASK_FIELD[tc.field]!, '      '));
  }
  if (d.tasks.reordered) tasks.push(`    ${w.reordered}`);
  section(w.tasks, tasks);
  for (const l of around.after) section(listTitle(d, l.field, lang), list(l));
  const where = (r: IndicatorRef) => `${r.level1} › ${r.level2} › ${t(r.name)}`;
  const values = (r: IndicatorRef) => `${w.colon}${t(indicatorValues(r, w.invalid))}`.replace(/\n/g, ' ');
  const inds: string[] = [];
  for (const r of d.indicators.removed) inds.push(minus(`${where(r)}${values(r)}`));
  for (const r of d.indicators.added) inds.push(plus(`${where(r)}${values(r)}`));
  for (const ch of d.indicators.changed) {
    inds.push(tilde(where(ch.ref)));
    for (const tc of ch.texts) inds.push(...textLines(tc, INDICATOR_FIELD[tc.field]!, '      '));
  }
  for (const r of d.indicators.reordered) inds.push(`    ${w.reorderedIn({ where: r.replace('/', ' › ') })}`);
  section(w.indicators, inds);
  out.push('', d.identical ? w.identical : w.changes({ count: countChanges(d) }));
  return `${out.join('\n')}\n`;
}

/** Markdown, for a pull-request comment or $GITHUB_STEP_SUMMARY. */
export function formatDiffMarkdown(d: DeclarationDiff, opts: DiffFormatOptions): string {
  const w = WORDS(opts.lang);
  const lang = opts.lang;
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/([|*_`[\]<>~#])/g, '\\$1').replace(/\r?\n/g, ' ');
  const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
  const places = placesOf(d);
  const side = (v: Decimal | null | undefined) => (v === undefined ? w.invalid : v === null ? w.none : formatAmount(v, places));
  // a field one side's form lacks: its cell is empty, the change column says added or removed
  const mark = (c: { absent?: Side }) => (c.absent === 'old' ? '➕' : c.absent === 'new' ? '➖' : '');
  const delta = (c: AmountChange) => (c.delta === undefined ? '' : c.delta.isZero() ? formatAmount(c.delta, places) : signed(c.delta, places));
  const out: string[] = [];
  out.push(`### ${code(d.old.label)} → ${code(d.new.label)}`, '');
  const pl = precisionLine(d, lang);
  if (pl) out.push(esc(pl), '');
  for (const s of [d.old, d.new]) if (!s.complete) out.push(`> ⚠️ ${esc(w.incomplete({ label: s.label, errors: s.errors }))}`, '');
  if (d.identical) out.push(w.identical, '');
  const th = [w.item, w.headOld, w.headNew, w.change];
  const table = (rows: string[][]) => [`| ${th.join(' | ')} |`, '|---|---:|---:|---:|', ...rows.map((r) => `| ${r.join(' | ')} |`)];
  if (d.header.length > 0) {
    const cell = (h: TextChange, s: Side) => (h.absent === s ? ABSENT : esc(h[s] ?? w.invalid));
    out.push(`#### ${w.header}`, '', ...table(d.header.map((h) => [label(d, h.field, lang), cell(h, 'old'), cell(h, 'new'), mark(h)])), '');
  }
  const amountCell = (a: AmountChange, s: Side) => (a.absent === s ? ABSENT : side(a[s]));
  const amountRows = d.amounts.map((a) => [label(d, a.field, lang), amountCell(a, 'old'), amountCell(a, 'new'), a.absent ? mark(a) : delta(a)]);
  const totalRows = totalNames(d, lang).map((k) => {
    const c = d.totals[k.id]!;
    return [`**${k.name}**`, amountCell(c, 'old'), amountCell(c, 'new'), c.absent ? mark(c) : delta(c)];
  });
  out.push(`#### ${amountsTitle(d, lang)}`, '', ...table([...amountRows, ...totalRows]), '');
  const list = (title: string, l: ListChange) => {
    if (l.added.length + l.removed.length === 0 && !l.reordered) return;
    out.push(`#### ${title}`, '');
    for (const s of l.removed) out.push(`- ➖ ${esc(s)}`);
    for (const s of l.added) out.push(`- ➕ ${esc(s)}`);
    if (l.reordered) out.push(`- ${w.reordered}`);
    out.push('');
  };
  const around = listsAround(d);
  for (const l of around.before) list(listTitle(d, l.field, lang), l);
  const tk = d.tasks;
  if (tk.added.length + tk.removed.length + tk.changed.length > 0 || tk.reordered) {
    out.push(`#### ${w.tasks}`, '');
    for (const r of tk.removed) out.push(`- ➖ **${esc(r.name)}**${esc(fundsText(r.funds, lang, places))}`);
    for (const r of tk.added) out.push(`- ➕ **${esc(r.name)}**${esc(fundsText(r.funds, lang, places))}`);
    for (const ch of tk.changed) {
      out.push(`- ✏️ ${ch.oldName !== undefined ? `~~${esc(ch.oldName)}~~ → ` : ''}**${esc(ch.name)}**`);
      if (ch.funds) out.push(`  - ${label(d, 'tasks.*.funds', lang)}${w.colon}${side(ch.funds.old)} → ${side(ch.funds.new)}${ch.funds.delta ? ` (${signed(ch.funds.delta, places)})` : ''}`);
      for (const tc of ch.texts) {
        out.push(`  - ${label(d, TASK_FIELD[tc.field]!, lang)}`, `    - ${w.old}${w.colon}${esc(tc.old ?? w.invalid)}`, `    - ${w.new}${w.colon}${esc(tc.new ?? w.invalid)}`);
      }
    }
    if (tk.reordered) out.push(`- ${w.reordered}`);
    out.push('');
  }
  for (const l of around.after) list(listTitle(d, l.field, lang), l);
  const ind = d.indicators;
  if (ind.added.length + ind.removed.length + ind.changed.length + ind.reordered.length > 0) {
    out.push(`#### ${w.indicators}`, '');
    const where = (r: IndicatorRef) => `${r.level1} › ${r.level2} › **${esc(r.name)}**`;
    const values = (r: IndicatorRef) => `${w.colon}${esc(indicatorValues(r, w.invalid))}`;
    for (const r of ind.removed) out.push(`- ➖ ${where(r)}${values(r)}`);
    for (const r of ind.added) out.push(`- ➕ ${where(r)}${values(r)}`);
    for (const ch of ind.changed) {
      out.push(`- ✏️ ${where(ch.ref)}`);
      for (const tc of ch.texts) out.push(`  - ${label(d, INDICATOR_FIELD[tc.field]!, lang)}${w.colon}${esc(tc.old ?? w.invalid)} → ${esc(tc.new ?? w.invalid)}`);
    }
    for (const r of ind.reordered) out.push(`- ${w.reorderedIn({ where: r.replace('/', ' › ') })}`);
    out.push('');
  }
  if (!d.identical) out.push(w.changes({ count: countChanges(d) }));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** A markdown table's cell for the side whose form has no such field. */
const ABSENT = '—';

/**
 * JSON: amounts as exact strings, missing or invalid values as null; a field one side's
 * form lacks has `change: "added"` (not on the old side) or `"removed"` (not on the new).
 */
export function formatDiffJson(d: DeclarationDiff): string {
  const places = placesOf(d);
  const dec = (v: Decimal | null | undefined) => (v instanceof Decimal ? v.toFixed(places) : null);
  const change = (c: { absent?: Side }) => (c.absent === undefined ? {} : { change: c.absent === 'old' ? 'added' : 'removed' });
  const amount = (c: AmountChange) => ({ field: c.field, old: dec(c.old), new: dec(c.new), delta: dec(c.delta), ...change(c) });
  const text = (c: TextChange) => ({ field: c.field, old: c.old ?? null, new: c.new ?? null, ...change(c) });
  const task = (r: TaskRef) => ({ name: r.name, funds: dec(r.funds) });
  const ind = (r: IndicatorRef) => ({
    level1: r.level1, level2: r.level2, name: r.name, period: r.period ?? null, annual: r.annual ?? null,
    type: r.type ?? null, unit: r.unit ?? null, direction: r.direction ?? null, note: r.note ?? null,
  });
  // `goals` and `otherTasks` (the department form's lists, as in version 1) stay; `lists` has every form's lists by field
  const listOf = (field: string): ListChange => {
    const l = d.lists.find((x) => x.field === field);
    return l ? { added: l.added, removed: l.removed, reordered: l.reordered } : { added: [], removed: [], reordered: false };
  };
  const data = {
    version: 1,
    old: d.old,
    new: d.new,
    forms: d.forms.map((f) => f.id),
    identical: d.identical,
    precision: d.precision,
    header: d.header.map(text),
    amounts: d.amounts.map(amount),
    totals: Object.fromEntries(Object.keys(d.totals).map((k) => [k, amount(d.totals[k]!)])),
    lists: d.lists.map((l) => ({ field: l.field, added: l.added, removed: l.removed, reordered: l.reordered })),
    goals: listOf('goals'),
    tasks: {
      added: d.tasks.added.map(task),
      removed: d.tasks.removed.map(task),
      changed: d.tasks.changed.map((c) => ({ name: c.name, oldName: c.oldName ?? null, funds: c.funds ? amount(c.funds) : null, texts: c.texts.map(text) })),
      reordered: d.tasks.reordered,
    },
    otherTasks: listOf('other_tasks'),
    indicators: {
      added: d.indicators.added.map(ind),
      removed: d.indicators.removed.map(ind),
      changed: d.indicators.changed.map((c) => ({ ...ind(c.ref), texts: c.texts.map(text) })),
      reordered: d.indicators.reordered,
    },
  };
  return `${jsonSafe(JSON.stringify(data, null, 2))}\n`;
}

/** Every format has a formatter (a missing one is a type error). */
export const diffFormatters = {
  text: formatDiffText,
  markdown: formatDiffMarkdown,
  json: (d: DeclarationDiff) => formatDiffJson(d),
} satisfies Record<DiffFormat, (d: DeclarationDiff, opts: DiffFormatOptions) => string>;
