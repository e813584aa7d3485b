// Named imports, not the `z` namespace: the bundles then keep only the parts of zod this
// file uses (zod marks itself free of side effects), not its whole classic API (issue 17).
import { NEVER, array, custom, preprocess, strictObject, type ZodType } from 'zod';
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

function issue(ctx: { addIssue(i: unknown): void }, params: IssueParams): typeof NEVER {
  ctx.addIssue({ code: 'custom', message: params.kind, params, input: undefined });
  return NEVER;
}

const scalar = (expect: Expectation) =>
  custom<ScalarValue>((v) => isScalarValue(v) && v.value !== null, { params: { kind: 'type', expect } satisfies IssueParams })


function textSchema() {
  return custom<ScalarValue>((v) => isScalarValue(v), { params: { kind: 'type', expect: 'text' } satisfies IssueParams })
    .transform((s, ctx): string => {
      // format.md "Text": numbers and booleans in a text field are taken as their source text.
      const raw = s.value === null ? '' : typeof s.value === 'string' ? s.value : s.source;
      const text = raw.trim();
      if (text === '') return issue(ctx, { kind: 'empty-text', expect: 'text' });
      return text;
    });
}

/** A scalar's amount, from its source text, with at most `places` decimals (S002 when it is not one). */
function toAmount(s: ScalarValue, ctx: { addIssue(i: unknown): void }, places: Precision) {
  if (typeof s.value !== 'number' && typeof s.value !== 'string') {
    return issue(ctx, { kind: 'amount', problem: 'not-a-number', source: s.source, places });
  }
  const parsed = parseAmount(s.source, places);
  if (!parsed.ok) return issue(ctx, { kind: 'amount', problem: parsed.problem, source: s.source, places });
  return parsed.value;
}

function amountSchema(places: Precision) {
  return scalar('amount').transform((s, ctx) => toAmount(s, ctx, places));
}

/** An amount that may be absent or null (a blank cell). */
function optionalAmountSchema(places: Precision) {
  return custom<ScalarValue | undefined>((v) => v === undefined || isScalarValue(v), { params: { kind: 'type', expect: 'amount' } satisfies IssueParams })
    .transform((s, ctx) => (s === undefined || s.value === null ? null : toAmount(s, ctx, places)));
}

/** The `precision` key's value: 2 or 4 (S001 otherwise). */
export function precisionOfSource(source: string): Precision | undefined {
  const n = Number(source.trim());
  return /^[0-9]$/.test(source.trim()) && (PRECISIONS as readonly number[]).includes(n) ? (n as Precision) : undefined;
}

function precisionSchema() {
  return scalar('precision').transform((s, ctx) => {
    const p = precisionOfSource(s.source);
    if (p === undefined) return issue(ctx, { kind: 'precision', source: s.source });
    return p;
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
function dateSchema() {
  return scalar('date').transform((s, ctx) => {
    const text = (typeof s.value === 'string' ? s.value : s.source).trim();
    if (!isCalendarDate(text)) return issue(ctx, { kind: 'date', source: s.source });
    return text;
  });
}

function yearSchema() {
  return scalar('year').transform((s, ctx) => {
    const ok = /^[0-9]{4}$/.test(s.source.trim());
    const n = Number(s.source.trim());
    if (!ok || n < 2000 || n > 2100) return issue(ctx, { kind: 'year', source: s.source });
    return n;
  });
}

function versionSchema() {
  return custom<ScalarValue | undefined>((v) => v === undefined || isScalarValue(v))
    .transform((s, ctx) => {
      if (s === undefined || s.value === null) return 1 as const;
      if (s.source.trim() !== '1') return issue(ctx, { kind: 'version', source: s.source });
      return 1 as const;
    });
}

/** One of `values` (an `enum` field; S001 `level` names the allowed values). */
function enumSchema(values: readonly string[]) {
  return scalar('level').transform((s, ctx) => {
    const v = typeof s.value === 'string' ? s.value.trim() : s.source;
    if (!values.includes(v)) return issue(ctx, { kind: 'level', source: s.source, allowed: values });
    return v;
  });
}

/** The `form` key: any scalar (check.ts chose the form from it before the schema runs). */
function formSchema() {
  return custom<ScalarValue>((v) => isScalarValue(v)).transform((s) => (typeof s.value === 'string' ? s.value.trim() : s.source));
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

/** The strict schema of a leaf field (text, amount, year, …); amounts with `places` decimals. */
function leafSchema(f: FieldDef, places: Precision): ZodType | undefined {
  switch (f.kind) {
    case 'text': return textSchema();
    case 'amount': return amountSchema(places);
    case 'optional-amount': return optionalAmountSchema(places);
    case 'precision': return precisionSchema();
    case 'date': return dateSchema();
    case 'year': return yearSchema();
    case 'version': return versionSchema();
    case 'enum': return enumSchema(f.values ?? []);
    case 'form': return formSchema();
    default: return undefined;
  }
}

const strictCache = { 2: new WeakMap<readonly FieldDef[], ZodType>(), 4: new WeakMap<readonly FieldDef[], ZodType>() };

/**
 * The strict schema of a form, from its field table: a mapping row is a strict object of
 * its children (required ones required), a list row an array of its `*` row with at least
 * `minItems` (default 1) items, a framework row the 一级 → 二级 → list nesting of the
 * framework (an 一级指标 needs one 二级指标), every other row its leaf.
 */
export function strictSchemaOf(table: FieldTable, places: Precision = DEFAULT_PRECISION): ZodType {
  const cached = strictCache[places].get(table.fields);
  if (cached) return cached;
  const t = tree(table);
  const node = (f: FieldDef): ZodType => {
    const leaf = leafSchema(f, places);
    if (leaf) return leaf;
    if (f.kind === 'mapping') return mapping(f);
    if (f.kind === 'list') {
      const list = array(node(t.item(f))).min(f.minItems ?? 1);
      return f.required ? list : preprocess(nullToUndefined, list.optional());
    }
    return framework(f);
  };
  const field = (f: FieldDef) => (f.required ? node(f) : node(f).optional());
  const mapping = (f: FieldDef) => {
    const shape = Object.fromEntries(t.children(f).map((c) => [t.key(c), field(c)]));
    return preprocess(scalarToValue, strictObject(shape));
  };
  const framework = (f: FieldDef) => {
    const indicator = node(t.item(t.item(t.item(f))));
    const level1 = (l1: string, l2s: readonly string[]) => {
      // forms.md "Labels as real forms write them": a synonym is accepted as its 二级指标
      const shape = Object.fromEntries([...l2s, ...synonymsOf(l2s)].map((l2) => [l2, array(indicator).min(1).optional()]));
      return preprocess(scalarToValue, strictObject(shape))
        .refine((v) => Object.keys(v as object).length > 0, { params: { kind: 'empty-mapping' } satisfies IssueParams });
    };
    const shape = Object.fromEntries(Object.entries(table.framework).map(([l1, l2s]) => [l1, level1(l1, l2s).optional()]));
    return preprocess(scalarToValue, strictObject(shape));
  };
  const schema = node(t.root);
  strictCache[places].set(table.fields, schema);
  return schema;
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
  const leaves = new Map<FieldDef, ZodType | undefined>();
  const leafOf = (f: FieldDef) => {
    if (!leaves.has(f)) leaves.set(f, leafSchema(f, places));
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
    const leaf = leafOf(f);
    if (leaf) {
      // An absent leaf is undefined, but an absent task `funds` is null (a blank cell);
      // an invalid one is undefined, so M004 (no funds) and S002 (bad funds) never fire together.
      if (raw === undefined && f.kind !== 'optional-amount') return undefined;
      const r = leaf.safeParse(raw);
      return r.success ? r.data : undefined;
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
