import { z } from 'zod';
import { isScalarValue, type ScalarValue } from '../load/scalar.js';
import { parseAmount, type AmountProblem } from './amount.js';
import { FIELDS } from './fields.js';
import { FRAMEWORK, LEVEL1, LEVELS } from './framework.js';
import type { Declaration, PartialDeclaration } from './declaration.js';

/**
 * The schema of format.md, in zod, over the loader's tree (mappings, arrays and
 * ScalarValue leaves, so amounts and texts are built from source text).
 *
 * It is built twice from one definition: `strict` reports every structure problem (S001,
 * S002, S003) in one pass; `lenient` turns every invalid part into undefined and keeps
 * the rest, so that M and R rules still run on the valid parts of a broken file.
 */

/** What a leaf expected, carried in custom issue params for the message. */
export type Expectation = 'text' | 'amount' | 'year' | 'version' | 'level' | 'list' | 'mapping';

/** Params of the custom issues this schema raises. */
export interface IssueParams {
  /** S001 kinds and S002 */
  kind: 'type' | 'empty-text' | 'amount' | 'version' | 'year' | 'level' | 'empty-mapping';
  /** what was expected */
  expect?: Expectation;
  /** S002: why the amount is not one */
  problem?: AmountProblem;
  /** the offending source text */
  source?: string;
}

/** strict: diagnostics; lenient: the valid parts; json: the JSON Schema export (plain objects). */
type Mode = 'strict' | 'lenient' | 'json';

function issue(ctx: { addIssue(i: unknown): void }, params: IssueParams): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message: params.kind, params, input: undefined });
  return z.NEVER;
}

/** Marks a leaf for the JSON Schema export (json-schema.ts), which cannot see inside z.custom. */
export type JsonKind = 'text' | 'amount' | 'optional-amount' | 'year' | 'version' | 'level';

const scalar = (expect: Expectation) =>
  z.custom<ScalarValue>((v) => isScalarValue(v) && v.value !== null, { params: { kind: 'type', expect } satisfies IssueParams })
    .meta({ jsonKind: expect as JsonKind });

function textSchema() {
  return z.custom<ScalarValue>((v) => isScalarValue(v), { params: { kind: 'type', expect: 'text' } satisfies IssueParams })
    .meta({ jsonKind: 'text' satisfies JsonKind })
    .transform((s, ctx): string => {
      // format.md "Text": numbers and booleans in a text field are taken as their source text.
      const raw = s.value === null ? '' : typeof s.value === 'string' ? s.value : s.source;
      const text = raw.trim();
      if (text === '') return issue(ctx, { kind: 'empty-text', expect: 'text' });
      return text;
    });
}

/** A scalar's amount, from its source text (S002 when it is not one). */
function toAmount(s: ScalarValue, ctx: { addIssue(i: unknown): void }) {
  if (typeof s.value !== 'number' && typeof s.value !== 'string') {
    return issue(ctx, { kind: 'amount', problem: 'not-a-number', source: s.source });
  }
  const parsed = parseAmount(s.source);
  if (!parsed.ok) return issue(ctx, { kind: 'amount', problem: parsed.problem, source: s.source });
  return parsed.value;
}

function amountSchema() {
  return scalar('amount').transform(toAmount);
}

/** An amount that may be absent or null (a blank cell). */
function optionalAmountSchema() {
  return z
    .custom<ScalarValue | undefined>((v) => v === undefined || isScalarValue(v), { params: { kind: 'type', expect: 'amount' } satisfies IssueParams })
    .meta({ jsonKind: 'optional-amount' satisfies JsonKind })
    .transform((s, ctx) => (s === undefined || s.value === null ? null : toAmount(s, ctx)));
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
  return z
    .custom<ScalarValue | undefined>((v) => v === undefined || isScalarValue(v))
    .meta({ jsonKind: 'version' satisfies JsonKind })
    .transform((s, ctx) => {
      if (s === undefined || s.value === null) return 1 as const;
      if (s.source.trim() !== '1') return issue(ctx, { kind: 'version', source: s.source });
      return 1 as const;
    });
}

function levelSchema() {
  return scalar('level').transform((s, ctx) => {
    const v = typeof s.value === 'string' ? s.value.trim() : s.source;
    if (!(LEVELS as readonly string[]).includes(v)) return issue(ctx, { kind: 'level', source: s.source });
    return v as (typeof LEVELS)[number];
  });
}

/** A list key with nothing after it (`other_tasks:`) counts as absent. */
const nullToUndefined = (v: unknown) => (isScalarValue(v) && v.value === null ? undefined : v);

function build(mode: Mode) {
  const lenient = mode === 'lenient';
  /** Wrap a node: in lenient mode an invalid node becomes undefined. */
  const node = <T extends z.ZodType>(schema: T) => (lenient ? schema.optional().catch(undefined) : schema);
  const obj = <S extends z.ZodRawShape>(shape: S, pattern?: string) => {
    const o = (lenient ? z.object(shape) : z.strictObject(shape)).meta(pattern === undefined ? {} : meta(pattern));
    // A scalar where a mapping belongs must fail as "not a mapping": zod would otherwise
    // accept the ScalarValue object and report its fields as unknown keys.
    return mode === 'json' ? o : z.preprocess((v) => (isScalarValue(v) ? v.value : v), o);
  };
  const list = <T extends z.ZodType>(item: T, min: number) => (lenient ? z.array(node(item)) : z.array(item).min(min));
  function meta(pattern: string) {
    const f = FIELDS[pattern];
    return f ? { title: f.zh, description: f.doc ?? `${f.zh}（${f.en}）` } : {};
  }
  const text = (pattern: string) => node(textSchema().meta(meta(pattern)));
  const amount = (pattern: string) => node(amountSchema().meta(meta(pattern)));

  const indicator = obj({
    name: text('indicators.*.*.*.name'),
    period: text('indicators.*.*.*.period'),
    annual: text('indicators.*.*.*.annual'),
  }, 'indicators.*.*.*');
  const level1 = (l1: (typeof LEVEL1)[number]) => {
    const shape: Record<string, z.ZodType> = {};
    for (const l2 of FRAMEWORK[l1]) shape[l2] = node(list(indicator, 1).meta({ title: l2, description: `二级指标「${l2}」下的三级指标列表（每项 name / period / annual）` })).optional();
    const o = obj(shape).meta({ title: l1, description: `一级指标「${l1}」：${FRAMEWORK[l1].join('、')}` });
    return lenient ? node(o) : o.refine((v) => Object.keys(v).length > 0, { params: { kind: 'empty-mapping' } satisfies IssueParams });
  };
  const indicatorShape: Record<string, z.ZodType> = {};
  for (const l1 of LEVEL1) indicatorShape[l1] = level1(l1).optional();

  return obj({
    version: node(versionSchema().meta(meta('version'))).optional(),
    year: node(yearSchema().meta(meta('year'))),
    department: text('department'),
    level: node(levelSchema().meta(meta('level'))),
    budget: node(
      obj({
        expenditure: node(obj({ basic: amount('budget.expenditure.basic'), project: amount('budget.expenditure.project') }, 'budget.expenditure')),
        development: node(obj({ special: amount('budget.development.special'), other: amount('budget.development.other') }, 'budget.development')),
        income: node(obj({ appropriation: amount('budget.income.appropriation'), other: amount('budget.income.other') }, 'budget.income')),
        allocation: node(obj({ own: amount('budget.allocation.own'), transfer: amount('budget.allocation.transfer') }, 'budget.allocation')),
      }, 'budget'),
    ),
    goals: node(list(textSchema(), 1).meta(meta('goals'))),
    tasks: node(
      list(
        obj({
          name: text('tasks.*.name'),
          content: text('tasks.*.content'),
          // absent or null → null (blank cell); in lenient mode invalid → undefined, so
          // M004 (no funds) and S002 (bad funds) never fire for the same task.
          funds: lenient
            ? optionalAmountSchema().catch(() => undefined as unknown as null)
            : optionalAmountSchema().meta(meta('tasks.*.funds')).optional(),
          expected: text('tasks.*.expected'),
        }, 'tasks.*'),
        1,
      ).meta(meta('tasks')),
    ),
    other_tasks: z.preprocess(nullToUndefined, node(list(textSchema(), 0).meta(meta('other_tasks'))).optional()),
    indicators: node(obj(indicatorShape, 'indicators')),
  });
}

/** Reports every structure problem of a file. */
export const strictSchema = build('strict');
/** Keeps what is valid of a broken file. */
export const lenientSchema = build('lenient');
/** For the JSON Schema export only (json-schema.ts). */
export const jsonSchemaModel = build('json');

/** Normalise a strict parse into the Declaration type. */
export function toDeclaration(data: z.output<typeof strictSchema>): Declaration {
  const d = data as unknown as Declaration;
  return {
    ...d,
    tasks: d.tasks.map((t) => ({ ...t, funds: t.funds ?? null })),
    other_tasks: d.other_tasks ?? [],
  };
}

/** Normalise a lenient parse. */
export function toPartial(data: unknown): PartialDeclaration {
  return (data ?? {}) as PartialDeclaration;
}
