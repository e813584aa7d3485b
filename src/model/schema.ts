// Named imports, not the `z` namespace: the bundles then keep only the parts of zod this
// file uses (zod marks itself free of side effects), not its whole classic API (issue 17).
import { NEVER, array, custom, preprocess, strictObject, type ZodSafeParseResult, type ZodType } from 'zod';
import { isScalarValue, type ScalarValue } from '../load/scalar.js';
import { DEFAULT_PRECISION, PRECISIONS, parseAmount, type AmountProblem, type Precision } from './amount.js';
import type { Declaration, PartialDeclaration } from './declaration.js';
import type { FieldDef } from './fields.js';
import { synonymsOf } from './framework.js';

/**
 * A form's schema, in zod, over the loader's tree (mappings, arrays and ScalarValue
 * leaves, so amounts and texts are built from source text), built from the form's field
 * table (src/forms/<id>/definition.ts) and its indicator framework.
 *
 * One construction: `strictSchemaOf(table)` reports every structure problem (S001, S002,
 * S003) in one pass. What a broken file still says (`readValid`) is not a second schema:
 * it walks the same table over the file and keeps each leaf the strict leaf accepts, so
 * that M and R rules still run on the valid parts. The JSON Schema is generated from the
 * table too (json-schema.ts), not from zod.
 */

/** A form's field table and indicator framework: what its schema is built from. */
export interface FieldTable {
  /** the field table, canonical order, parents before children */
  fields: readonly FieldDef[];
  /** 一级指标 → its 二级指标, canonical order */
  framework: Readonly<Record<string, readonly string[]>>;
}

/** What a leaf expected, carried in custom issue params for the message. */
export type Expectation = 'text' | 'amount' | 'year' | 'version' | 'level' | 'list' | 'mapping' | 'precision' | 'date';

/** Params of the custom issues this schema raises. */
export interface IssueParams {
  /** S001 kinds and S002 */
  kind: 'type' | 'empty-text' | 'amount' | 'version' | 'year' | 'level' | 'empty-mapping' | 'precision' | 'date';
  /** what was expected */
  expect?: Expectation;
  /** S002: why the amount is not one */
  problem?: AmountProblem;
  /** the offending source text */
  source?: string;
  /** an enum's allowed values (kind `level`) */
  allowed?: readonly string[];
  /** S002: the decimal places the file allows (its `precision`) */
  places?: Precision;
}

/** What a leaf's conversion gives: its value, or the issue it raises. */
type LeafResult = { ok: true; value: unknown } | { ok: false; params: IssueParams };
const ok = (value: unknown): LeafResult => ({ ok: true, value });
const fail = (params: IssueParams): LeafResult => ({ ok: false, params });

/**
 * A leaf field's schema as data: the check (zod's `custom`, with the params of its issue;
 * none for zod's own) and the conversion of what passed it (zod's `transform`, which may
 * raise one issue). The zod schema and the parse without zod (`fastParse`) are both made
 * from it, so the two cannot disagree about a leaf.
 */
interface Leaf {
  /** the check */
  accepts: (v: unknown) => boolean;
  /** the params of the check's issue */
  params?: IssueParams;
  /** the conversion of a value the check accepted */
  read: (v: never) => LeafResult;
}

function issue(ctx: { addIssue(i: unknown): void }, params: IssueParams): typeof NEVER {
  ctx.addIssue({ code: 'custom', message: params.kind, params, input: undefined });
  return NEVER;
}

/** A leaf as zod: `custom(check).transform(conversion)`. */
function zodLeaf(leaf: Leaf): ZodType {
  const check = leaf.params === undefined ? custom(leaf.accepts) : custom(leaf.accepts, { params: leaf.params });
  return check.transform((s, ctx) => {
    const r = leaf.read(s as never);
    return r.ok ? r.value : issue(ctx, r.params);
  });
}

/** A leaf over one value, as zod's safeParse of `zodLeaf(leaf)` would end. */
function readLeaf(leaf: Leaf, v: unknown): LeafResult | undefined {
  return leaf.accepts(v) ? leaf.read(v as never) : undefined;
}

/** A non-null scalar, then `read`. */
function scalar(expect: Expectation, read: (s: ScalarValue) => LeafResult): Leaf {
  return { accepts: (v) => isScalarValue(v) && v.value !== null, params: { kind: 'type', expect }, read };
}

function textLeaf(): Leaf {
  return {
    accepts: (v) => isScalarValue(v),
    params: { kind: 'type', expect: 'text' },
    read: (s: ScalarValue) => {
      // format.md "Text": numbers and booleans in a text field are taken as their source text.
      const raw = s.value === null ? '' : typeof s.value === 'string' ? s.value : s.source;
      const text = raw.trim();
      if (text === '') return fail({ kind: 'empty-text', expect: 'text' });
      return ok(text);
    },
  };
}

/** A scalar's amount, from its source text, with at most `places` decimals (S002 when it is not one). */
function toAmount(s: ScalarValue, places: Precision): LeafResult {
  if (typeof s.value !== 'number' && typeof s.value !== 'string') {
    return fail({ kind: 'amount', problem: 'not-a-number', source: s.source, places });
  }
  const parsed = parseAmount(s.source, places);
  if (!parsed.ok) return fail({ kind: 'amount', problem: parsed.problem, source: s.source, places });
  return ok(parsed.value);
}

function amountLeaf(places: Precision): Leaf {
  return scalar('amount', (s) => toAmount(s, places));
}

/** An amount that may be absent or null (a blank cell). */
function optionalAmountLeaf(places: Precision): Leaf {
  return {
    accepts: (v) => v === undefined || isScalarValue(v),
    params: { kind: 'type', expect: 'amount' },
    read: (s: ScalarValue | undefined) => (s === undefined || s.value === null ? ok(null) : toAmount(s, places)),
  };
}

/** The `precision` key's value: 2 or 4 (S001 otherwise). */
export function precisionOfSource(source: string): Precision | undefined {
  const n = Number(source.trim());
  return /^[0-9]$/.test(source.trim()) && (PRECISIONS as readonly number[]).includes(n) ? (n as Precision) : undefined;
}

function precisionLeaf(): Leaf {
  return scalar('precision', (s) => {
    const p = precisionOfSource(s.source);
    if (p === undefined) return fail({ kind: 'precision', source: s.source });
    return ok(p);
  });
}

/**
 * The precision a loaded file's amounts are read with: its top-level `precision` when
 * that is 2 or 4, otherwise the default (an invalid `precision` is its own S001).
 */
export function precisionOf(root: unknown): Precision {
  if (root === null || typeof root !== 'object' || Array.isArray(root) || isScalarValue(root)) return DEFAULT_PRECISION;
  const v = (root as Record<string, unknown>).precision;
  return isScalarValue(v) ? (precisionOfSource(v.source) ?? DEFAULT_PRECISION) : DEFAULT_PRECISION;
}

/** `YYYY-MM-DD` naming a day that exists. */
export function isCalendarDate(text: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

/** A date (forms.md `filer.date`): the text YYYY-MM-DD of a real day. */
function dateLeaf(): Leaf {
  return scalar('date', (s) => {
    const text = (typeof s.value === 'string' ? s.value : s.source).trim();
    if (!isCalendarDate(text)) return fail({ kind: 'date', source: s.source });
    return ok(text);
  });
}

function yearLeaf(): Leaf {
  return scalar('year', (s) => {
    const digits = /^[0-9]{4}$/.test(s.source.trim());
    const n = Number(s.source.trim());
    if (!digits || n < 2000 || n > 2100) return fail({ kind: 'year', source: s.source });
    return ok(n);
  });
}

function versionLeaf(): Leaf {
  return {
    accepts: (v) => v === undefined || isScalarValue(v),
    read: (s: ScalarValue | undefined) => {
      if (s === undefined || s.value === null) return ok(1);
      if (s.source.trim() !== '1') return fail({ kind: 'version', source: s.source });
      return ok(1);
    },
  };
}

/** One of `values` (an `enum` field; S001 `level` names the allowed values). */
function enumLeaf(values: readonly string[]): Leaf {
  return scalar('level', (s) => {
    const v = typeof s.value === 'string' ? s.value.trim() : s.source;
    if (!values.includes(v)) return fail({ kind: 'level', source: s.source, allowed: values });
    return ok(v);
  });
}

/** The `form` key: any scalar (check.ts chose the form from it before the schema runs). */
function formLeaf(): Leaf {
  return { accepts: (v) => isScalarValue(v), read: (s: ScalarValue) => ok(typeof s.value === 'string' ? s.value.trim() : s.source) };
}

/** A list key with nothing after it (`other_tasks:`) counts as absent. */
const nullToUndefined = (v: unknown) => (isScalarValue(v) && v.value === null ? undefined : v);

/** A scalar where a mapping belongs fails as "not a mapping" (zod would see the ScalarValue's fields). */
const scalarToValue = (v: unknown) => (isScalarValue(v) ? v.value : v);

/** The table's rows by path, and each row's children in table order. */
function tree(table: FieldTable) {
  const byPath = new Map(table.fields.map((f) => [f.path, f]));
  const children = (f: FieldDef): FieldDef[] => {
    const prefix = f.path === '' ? '' : `${f.path}.`;
    return table.fields.filter((g) => g.path !== f.path && g.path.startsWith(prefix) && !g.path.slice(prefix.length).includes('.'));
  };
  const item = (f: FieldDef): FieldDef => {
    const it = byPath.get(f.path === '' ? '*' : `${f.path}.*`);
    if (!it) throw new Error(`field table: ${f.path} has no item row ${f.path}.*`);
    return it;
  };
  return { root: byPath.get('')!, children, item, key: (f: FieldDef) => f.path.split('.').pop()! };
}

/** Title and description of a field (the JSON Schema's, json-schema.ts). */
export function fieldMeta(f: FieldDef): { title: string; description: string } {
  return { title: f.zh, description: f.doc ?? `${f.zh}（${f.en}）` };
}

/** The description of a 一级指标 and of a 二级指标 list (JSON Schema hover). */
export const frameworkMeta = {
  level1: (l1: string, l2s: readonly string[]) => ({ title: l1, description: `一级指标「${l1}」：${l2s.join('、')}` }),
  level2: (l2: string) => ({ title: l2, description: `二级指标「${l2}」下的三级指标列表（每项 name / period / annual）` }),
};

/** The leaf of a leaf field (text, amount, year, …); amounts with `places` decimals. */
function leafOf(f: FieldDef, places: Precision): Leaf | undefined {
  switch (f.kind) {
    case 'text': return textLeaf();
    case 'amount': return amountLeaf(places);
    case 'optional-amount': return optionalAmountLeaf(places);
    case 'precision': return precisionLeaf();
    case 'date': return dateLeaf();
    case 'year': return yearLeaf();
    case 'version': return versionLeaf();
    case 'enum': return enumLeaf(f.values ?? []);
    case 'form': return formLeaf();
    default: return undefined;
  }
}

/**
 * The strict schema as data, from the field table; `zodOf` makes the zod schema of it and
 * `fastParse` parses with it directly. A mapping is a strict object after `scalarToValue`
 * (an 一级指标 also needs one key); a list an array of at least `min` items, absent when
 * it is a null scalar and `absentWhenNull`.
 */
type Plan =
  | { kind: 'leaf'; leaf: Leaf }
  | { kind: 'object'; shape: Record<string, PlanField>; entries: readonly (readonly [string, PlanField])[]; nonEmpty: boolean }
  | { kind: 'array'; element: Plan; min: number; absentWhenNull: boolean };

/** A key of a mapping: its plan, and whether it may be absent (zod's `.optional()`). */
interface PlanField {
  /** the value's plan */
  plan: Plan;
  /** may be absent */
  optional: boolean;
}

/**
 * The plan of a form, from its field table: a mapping row is a strict object of its
 * children (required ones required), a list row an array of its `*` row with at least
 * `minItems` (default 1) items, a framework row the 一级 → 二级 → list nesting of the
 * framework (an 一级指标 needs one 二级指标), every other row its leaf.
 */
function planOf(table: FieldTable, places: Precision): Plan {
  const t = tree(table);
  const node = (f: FieldDef): Plan => {
    const leaf = leafOf(f, places);
    if (leaf) return { kind: 'leaf', leaf };
    if (f.kind === 'mapping') return object(t.children(f).map((c) => [t.key(c), { plan: node(c), optional: !c.required }]), false);
    if (f.kind === 'list') return { kind: 'array', element: node(t.item(f)), min: f.minItems ?? 1, absentWhenNull: !f.required };
    return framework(f);
  };
  // `entries`: the shape's keys in its order, made once (fastParse walked Object.entries of
  // the shape for every mapping of every file, issue 17)
  const object = (entries: [string, PlanField][], nonEmpty: boolean): Plan => {
    const shape = Object.fromEntries(entries) as Record<string, PlanField>;
    return { kind: 'object', shape, entries: Object.entries(shape), nonEmpty };
  };
  const framework = (f: FieldDef): Plan => {
    // one indicator plan (and so one zod schema) for every list, as before
    const indicator = node(t.item(t.item(t.item(f))));
    // forms.md "Labels as real forms write them": a synonym is accepted as its 二级指标
    const level1 = (l2s: readonly string[]) =>
      object([...l2s, ...synonymsOf(l2s)].map((l2) => [l2, { plan: { kind: 'array', element: indicator, min: 1, absentWhenNull: false }, optional: true }]), true);
    return object(Object.entries(table.framework).map(([l1, l2s]) => [l1, { plan: level1(l2s), optional: true }]), false);
  };
  return node(t.root);
}

/** The zod schema of a plan (a plan used twice is one schema). */
function zodOf(plan: Plan, made = new Map<Plan, ZodType>()): ZodType {
  const done = made.get(plan);
  if (done) return done;
  let schema: ZodType;
  if (plan.kind === 'leaf') schema = zodLeaf(plan.leaf);
  else if (plan.kind === 'array') {
    const list = array(zodOf(plan.element, made)).min(plan.min);
    schema = plan.absentWhenNull ? preprocess(nullToUndefined, list.optional()) : list;
  } else {
    const shape = Object.fromEntries(Object.entries(plan.shape).map(([k, f]) => [k, f.optional ? zodOf(f.plan, made).optional() : zodOf(f.plan, made)]));
    const o = preprocess(scalarToValue, strictObject(shape));
    schema = plan.nonEmpty ? o.refine((v) => Object.keys(v as object).length > 0, { params: { kind: 'empty-mapping' } satisfies IssueParams }) : o;
  }
  made.set(plan, schema);
  return schema;
}

/** fastParse: this value is for zod to judge. */
const UNDECIDED: unique symbol = Symbol('undecided');

const plainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * The strict parse of a value that passes, without zod: the same value zod's parse of
 * `zodOf(plan)` gives (keys in the schema's order; a key the file has is kept, undefined
 * or not; an absent optional key is left out). Anything zod might refuse (an unknown key,
 * an absent required one, a leaf's issue, a short list, an unusual object) is UNDECIDED,
 * and zod parses the file again for its issues: this only ever answers "valid, and this
 * is the value" (issue 17: a valid file's start builds no zod schema).
 */
function fastParse(plan: Plan, v: unknown): unknown {
  if (plan.kind === 'leaf') {
    const r = readLeaf(plan.leaf, v);
    return r?.ok ? r.value : UNDECIDED;
  }
  if (plan.kind === 'array') {
    const list = plan.absentWhenNull ? nullToUndefined(v) : v;
    if (list === undefined && plan.absentWhenNull) return undefined;
    if (!Array.isArray(list) || list.length < plan.min) return UNDECIDED;
    const out: unknown[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const r = fastParse(plan.element, list[i]);
      if (r === UNDECIDED) return UNDECIDED;
      out[i] = r;
    }
    return out;
  }
  const input = scalarToValue(v);
  if (!plainObject(input)) return UNDECIDED;
  for (const key in input) if (!Object.hasOwn(plan.shape, key) || key === '__proto__') return UNDECIDED;
  const out: Record<string, unknown> = {};
  for (const [key, f] of plan.entries) {
    if (!(key in input)) {
      if (f.optional) continue;
      return UNDECIDED;
    }
    const raw = input[key];
    const r = f.optional && raw === undefined ? undefined : fastParse(f.plan, raw);
    if (r === UNDECIDED) return UNDECIDED;
    out[key] = r;
  }
  if (plan.nonEmpty && Object.keys(out).length === 0) return UNDECIDED;
  return out;
}

/** A form's strict schema: zod's `safeParse` over it, and the zod schema itself. */
export interface StrictSchema {
  /** as zod's safeParse; a valid value never builds the zod schema */
  safeParse(value: unknown): ZodSafeParseResult<unknown>;
  /** the zod schema, built on the first call */
  zod(): ZodType;
}

const strictCache = { 2: new WeakMap<readonly FieldDef[], StrictSchema>(), 4: new WeakMap<readonly FieldDef[], StrictSchema>() };

/**
 * The strict schema of a form, from its field table (`planOf`); amounts with `places`
 * decimals. It reports every structure problem (S001, S002, S003) in one pass; a valid
 * value is parsed without zod (`fastParse`), the zod schema is built for the first value
 * that is not (issue 17).
 */
export function strictSchemaOf(table: FieldTable, places: Precision = DEFAULT_PRECISION): StrictSchema {
  const cached = strictCache[places].get(table.fields);
  if (cached) return cached;
  const plan = planOf(table, places);
  let schema: ZodType | undefined;
  const zod = () => (schema ??= zodOf(plan));
  const strict: StrictSchema = {
    safeParse: (value) => {
      const data = fastParse(plan, value);
      return data === UNDECIDED ? zod().safeParse(value) : { success: true, data };
    },
    zod,
  };
  strictCache[places].set(table.fields, strict);
  return strict;
}

const plainMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !isScalarValue(v);

/**
 * What a file with structure errors still says: the same table walked over the file,
 * keeping each leaf the strict leaf accepts and each mapping and list the file has; an
 * invalid part is undefined, unknown keys are dropped (M and R rules run on the rest).
 * A key the file has stays (undefined when invalid); an absent key appears only with a
 * default (a task's blank `funds` is null).
 */
export function readValid(table: FieldTable, value: unknown, places: Precision = DEFAULT_PRECISION): unknown {
  const t = tree(table);
  const leaves = new Map<FieldDef, Leaf | undefined>();
  const leafFor = (f: FieldDef) => {
    if (!leaves.has(f)) leaves.set(f, leafOf(f, places));
    return leaves.get(f);
  };
  const mappingOf = (raw: unknown, keys: [string, (v: unknown) => unknown][]): Record<string, unknown> | undefined => {
    const v = scalarToValue(raw);
    if (!plainMapping(v)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, read] of keys) {
      const has = Object.hasOwn(v, key);
      const r = read(has ? v[key] : undefined);
      if (has || r !== undefined) out[key] = r;
    }
    return out;
  };
  const read = (f: FieldDef, raw: unknown): unknown => {
    const leaf = leafFor(f);
    if (leaf) {
      // An absent leaf is undefined, but an absent task `funds` is null (a blank cell);
      // an invalid one is undefined, so M004 (no funds) and S002 (bad funds) never fire together.
      if (raw === undefined && f.kind !== 'optional-amount') return undefined;
      const r = readLeaf(leaf, raw);
      return r?.ok ? r.value : undefined;
    }
    if (f.kind === 'mapping') return mappingOf(raw, t.children(f).map((c) => [t.key(c), (v) => read(c, v)]));
    if (f.kind === 'list') {
      const v = f.required ? raw : nullToUndefined(raw);
      const item = t.item(f);
      return Array.isArray(v) ? v.map((x) => read(item, x)) : undefined;
    }
    const indicator = t.item(t.item(t.item(f)));
    const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => read(indicator, x)) : undefined);
    return mappingOf(raw, Object.entries(table.framework).map(([l1, l2s]) => [l1, (v) => mappingOf(v, [...l2s, ...synonymsOf(l2s)].map((l2) => [l2, list]))]));
  };
  return read(t.root, value);
}

/** Normalise a strict parse into the Declaration type. */
export function toDeclaration(data: unknown): Declaration {
  const d = data as unknown as Declaration;
  return {
    ...d,
    // Department-form normalisation; a form without these fields (项目支出) keeps none.
    ...(Array.isArray(d.tasks) ? { tasks: d.tasks.map((t) => ({ ...t, funds: t.funds ?? null })), other_tasks: d.other_tasks ?? [] } : {}),
  };
}

/** Normalise a lenient parse. */
export function toPartial(data: unknown): PartialDeclaration {
  return (data ?? {}) as PartialDeclaration;
}
