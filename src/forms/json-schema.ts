// The one edge from model/ to forms/: `declare schema` without --form covers every registered form.
import { FORMS, FORM_IDS } from './index.js';
import type { FormDefinition } from './types.js';
import type { FieldDef } from '../model/fields.js';
import { synonymsOf } from '../model/framework.js';
import { fieldMeta, frameworkMeta, type FieldTable } from '../model/schema.js';

/** The kinds of leaf the JSON Schema writes (an enum: `level`, with its values). */
type JsonKind = 'text' | 'amount' | 'optional-amount' | 'year' | 'version' | 'level' | 'precision' | 'date';

/**
 * The JSON Schema of a form (issue 4), generated from the form's field table (the table
 * the zod schema is built from), so the two cannot drift: editors with the YAML language server get completion, hover help in Chinese
 * (the form's labels), Chinese messages (`errorMessage`, which yaml-language-server
 * shows in place of its own English ones) and enums for `level` and the indicator keys.
 * A leaf's JSON types are written here from its kind, to accept exactly what validate accepts (test/authoring/lsp-agreement.test.ts
 * runs the editor's server and validate over the fixture corpus and compares).
 */

/** Amounts as validate reads them: ≥ 0, below 10⁹ 万元, at most `places` decimals (S002). */
const amountPattern = (places: number) => `^\\s*(?:[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\\.[0-9]{1,${places}})?\\s*$`;
const AMOUNT_PATTERN = amountPattern(4);
const AMOUNT_PATTERN_2 = amountPattern(2);

/*
 * Leaves use a list of types instead of anyOf: number keywords apply to numbers only and
 * `pattern` to strings only, so one schema says it all, and yaml-language-server's hover
 * does not repeat the title once per anyOf branch ("部门名称 || 部门名称 || …").
 */
const LEAVES: Record<JsonKind, Record<string, unknown>> = {
  text: { type: ['string', 'number', 'boolean'], pattern: '\\S' },
  // Four decimals here (for a number: no multipleOf, which is not float-safe at 0.0001, so a
  // fifth decimal written as a number is left to validate); without `precision: 4` the
  // root's `else` narrows them to two (twoDecimals()).
  amount: { type: ['number', 'string'], minimum: 0, exclusiveMaximum: 1_000_000_000, pattern: AMOUNT_PATTERN },
  'optional-amount': { type: ['number', 'string', 'null'], minimum: 0, exclusiveMaximum: 1_000_000_000, pattern: AMOUNT_PATTERN },
  precision: { enum: [2, 4] },
  date: { type: 'string', pattern: '^\\s*[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])\\s*$' },
  // validate reads the year from its text: 2024 and "2024" are the same year (format.md: 2000..2100).
  year: { type: ['integer', 'string'], minimum: 2000, maximum: 2100, pattern: '^\\s*(?:20[0-9]{2}|2100)\\s*$' },
  version: { enum: [1, '1'] },
  level: {},
};

/**
 * The editor's messages (yaml-language-server shows a schema's `errorMessage` instead of
 * its English ones), in the words of declare's S rules; prefixed with the field's label.
 */
const LEAF_MESSAGES: Record<JsonKind, string> = {
  text: '应填写文字，不能为空',
  amount: '应为金额（万元）：不小于 0 的数字，最多两位小数，例如 1354.87 或 "1,354.87"',
  'optional-amount': '应为金额（万元）：不小于 0 的数字，最多两位小数，例如 1354.87；没有资金时留空',
  year: '应为 2000 至 2100 之间的四位年份，例如 2024',
  version: '格式版本只能是 1',
  precision: '金额的小数位数只能是 2 或 4',
  date: '应为日期 YYYY-MM-DD，例如 2023-01-15',
  level: '应为以下之一：',
};

/** `「label」` for a node with a title, nothing otherwise. */
const label = (node: Record<string, unknown>): string => (typeof node.title === 'string' ? `「${node.title}」` : '');

/** Chinese errorMessage for objects and arrays, clean hovers (no description that only repeats the title). */
function decorate(node: Record<string, unknown>): void {
  if (node.description === node.title) delete node.description;
  const kind = node[KIND] as JsonKind | undefined;
  const values = node[VALUES] as readonly string[] | undefined;
  delete node[KIND];
  delete node[VALUES];
  if (kind) {
    node.errorMessage = `${label(node)}${LEAF_MESSAGES[kind]}${values ? values.join('、') : ''}`;
    return;
  }
  const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
  if (node.type === 'object' && properties) {
    const keys = Object.keys(properties);
    const required = (node.required as string[] | undefined) ?? [];
    const optional = keys.filter((k) => !required.includes(k));
    const parts = [
      ...(required.length ? [`必填：${required.join('、')}`] : []),
      ...(optional.length ? [`可选：${optional.join('、')}`] : []),
      ...(typeof node.minProperties === 'number' ? [`至少填写 ${node.minProperties} 项`] : []),
      ...(node.additionalProperties === false ? ['不能有其他键'] : []),
    ];
    node.errorMessage = `${label(node)}应为映射。${parts.join('；')}`;
    for (const child of Object.values(properties)) decorate(child);
  }
  if (node.type === 'array') {
    const parts = [
      ...(typeof node.minItems === 'number' && node.minItems > 0 ? [`至少需要 ${node.minItems} 项`] : []),
      ...(typeof node.maxItems === 'number' ? [`最多 ${node.maxItems} 项`] : []),
    ];
    node.errorMessage = `${label(node)}应为列表${parts.length ? `，${parts.join('，')}` : ''}`;
    if (node.items && typeof node.items === 'object') decorate(node.items as Record<string, unknown>);
  }
}

/**
 * forms.md "Amount precision": the amount leaves take four decimals; unless the file says
 * `precision: 4`, this overlay (the root's `else`) holds each of them to two, as S002 does.
 * Only `properties` / `items` down to the amounts, so the root keeps its own properties
 * (completion and hover are unchanged).
 */
function twoDecimals(node: Record<string, unknown>): Record<string, unknown> | undefined {
  const kind = node[KIND];
  if (kind === 'amount' || kind === 'optional-amount') {
    return { type: node.type, multipleOf: 0.01, pattern: AMOUNT_PATTERN_2, errorMessage: `${label(node)}${LEAF_MESSAGES[kind]}` };
  }
  const out: Record<string, unknown> = {};
  const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
  if (properties) {
    const narrowed = Object.entries(properties).flatMap(([k, v]) => {
      const n = twoDecimals(v);
      return n ? [[k, n] as const] : [];
    });
    if (narrowed.length) Object.assign(out, { type: 'object', properties: Object.fromEntries(narrowed) });
  }
  if (node.items && typeof node.items === 'object') {
    const n = twoDecimals(node.items as Record<string, unknown>);
    if (n) Object.assign(out, { type: 'array', items: n });
  }
  return Object.keys(out).length ? out : undefined;
}

/** Marks a leaf's kind between the table walk and decorate(). */
const KIND = '__declareKind';

export const SCHEMA_ID = 'https://declare.invalid/schema/declaration.schema.json';

/** What the JSON Schema of a form is built from: its table, title, and the `form` values. */
export interface JsonSchemaInput extends FieldTable {
  /** the form's `form` value */
  id: string;
  /** the form's printed title */
  title: string;
  /** the values the `form` key may take (the registry's ids) */
  formIds: readonly string[];
}

type Node = Record<string, unknown>;

/** The JSON Schema of one field, straight from the table (children in table order). */
function nodeOf(f: FieldDef, input: JsonSchemaInput, children: (f: FieldDef) => FieldDef[], item: (f: FieldDef) => FieldDef): Node {
  const meta: Node = f.path.endsWith('*') && f.kind !== 'mapping' ? {} : fieldMeta(f);
  const leaf = (kind: JsonKind, extra: Node = LEAVES[kind]): Node => ({ ...meta, ...extra, [KIND]: kind });
  const mapping = (props: [string, Node, boolean][], extra: Node = {}): Node => {
    const required = props.filter(([, , r]) => r).map(([k]) => k);
    return {
      type: 'object',
      properties: Object.fromEntries(props.map(([k, n]) => [k, n])),
      ...(required.length ? { required } : {}),
      additionalProperties: false,
      ...meta,
      ...extra,
    };
  };
  const key = (c: FieldDef) => c.path.split('.').pop()!;
  switch (f.kind) {
    case 'text': case 'amount': case 'optional-amount': case 'year': case 'version': case 'precision': case 'date':
      return leaf(f.kind);
    case 'enum':
      return { ...meta, type: 'string', enum: [...(f.values ?? [])], [KIND]: 'level', [VALUES]: f.values ?? [] };
    case 'form':
      return { ...meta, type: 'string', enum: [...input.formIds], [KIND]: 'level', [VALUES]: input.formIds };
    case 'mapping': {
      const m = mapping(children(f).map((c) => [key(c), nodeOf(c, input, children, item), c.required]));
      if (f.path === '') for (const k of ['title', 'description']) delete m[k];
      return m;
    }
    case 'list':
      return { minItems: f.minItems ?? 1, type: 'array', items: nodeOf(item(f), input, children, item), ...meta };
    case 'framework': {
      const indicator = nodeOf(item(item(item(f))), input, children, item);
      const level1 = (l1: string, l2s: readonly string[]): Node => ({
        type: 'object',
        properties: Object.fromEntries([...l2s, ...synonymsOf(l2s)].map((l2) => [l2, { minItems: 1, type: 'array', items: structuredClone(indicator), ...frameworkMeta.level2(l2) }])),
        additionalProperties: false,
        ...frameworkMeta.level1(l1, l2s),
        // An 一级指标 needs at least one 二级指标.
        minProperties: 1,
      });
      return mapping(Object.entries(input.framework).map(([l1, l2s]) => [l1, level1(l1, l2s), false]));
    }
  }
}

/** An enum's values, for its errorMessage. */
const VALUES = '__declareValues';

/** A registered form as the JSON Schema's input. */
export function jsonSchemaInput(form: FormDefinition): JsonSchemaInput {
  return { id: form.id, title: form.title, fields: form.fields, framework: form.framework, formIds: FORM_IDS };
}

/**
 * `declare schema`: the JSON Schema of one form (`--form`), or by default the one schema
 * of every registered form (formsJsonSchema).
 */
export function declarationJsonSchema(form?: FormDefinition): Record<string, unknown> {
  return form ? jsonSchemaOf(jsonSchemaInput(form)) : formsJsonSchema(Object.values(FORMS).map(jsonSchemaInput));
}

/** The JSON Schema of a form, generated from its field table (the same table as the zod schema). */
export function jsonSchemaOf(input: JsonSchemaInput): Record<string, unknown> {
  const byPath = new Map(input.fields.map((f) => [f.path, f]));
  const children = (f: FieldDef) => {
    const prefix = f.path === '' ? '' : `${f.path}.`;
    return input.fields.filter((g) => g.path !== f.path && g.path.startsWith(prefix) && !g.path.slice(prefix.length).includes('.'));
  };
  const item = (f: FieldDef) => byPath.get(`${f.path}.*`)!;
  const schema = nodeOf(byPath.get('')!, input, children, item);
  const narrow = twoDecimals(schema);
  decorate(schema);
  // `precision: 4` (forms.md) allows four decimals; otherwise, and on a form without the
  // field, amounts have at most two.
  if (byPath.has('precision')) Object.assign(schema, { if: { type: 'object', required: ['precision'], properties: { precision: { const: 4 } } }, else: narrow });
  else if (narrow) Object.assign(schema, { allOf: [narrow] });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: input.title,
    description: `${input.title}（declare 格式第 1 版），金额单位：万元`,
    ...schema,
  };
}

/**
 * One JSON Schema for every form (forms.md "Which form"): with one form, that form's; with
 * more, an if/then/else chain on `form` (absent: the first, the default form).
 */
export function formsJsonSchema(forms: readonly JsonSchemaInput[]): Record<string, unknown> {
  const [first, ...others] = forms;
  if (!first) throw new Error('no form registered');
  if (others.length === 0) return jsonSchemaOf(first);
  const body = (f: JsonSchemaInput) => {
    const { $schema: _s, $id: _i, ...rest } = jsonSchemaOf(f);
    return rest;
  };
  let chain: Record<string, unknown> = body(first);
  for (const f of [...others].reverse()) chain = { if: { type: 'object', required: ['form'], properties: { form: { const: f.id } } }, then: body(f), else: chain };
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: SCHEMA_ID, title: '预算绩效目标申报表', description: `${forms.map((f) => f.title).join('、')}（declare 格式第 1 版），金额单位：万元`, ...chain };
}
