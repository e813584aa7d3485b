import { z } from 'zod';
import { DEPARTMENT_FORM } from '../forms/department/definition.js';
import { LEVELS } from './framework.js';
import { jsonSchemaModel, type JsonKind } from './schema.js';

/**
 * The JSON Schema of the format (issue 4), generated from the zod model so it cannot
 * drift: editors with the YAML language server get completion, hover help in Chinese
 * (the form's labels), Chinese messages (`errorMessage`, which yaml-language-server
 * shows in place of its own English ones) and enums for `level` and the indicator keys.
 * The leaves are z.custom (they read YAML source text), so their JSON types are filled
 * in here, to accept exactly what validate accepts (test/authoring/lsp-agreement.test.ts
 * runs the editor's server and validate over the fixture corpus and compares).
 */

/** Amounts as validate reads them: ≥ 0, below 10⁹ 万元, at most two decimals (S002). */
const AMOUNT_PATTERN = '^\\s*(?:[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\\.[0-9]{1,2})?\\s*$';

/*
 * Leaves use a list of types instead of anyOf: number keywords apply to numbers only and
 * `pattern` to strings only, so one schema says it all, and yaml-language-server's hover
 * does not repeat the title once per anyOf branch ("部门名称 || 部门名称 || …").
 */
const LEAVES: Record<JsonKind, Record<string, unknown>> = {
  text: { type: ['string', 'number', 'boolean'], pattern: '\\S' },
  amount: { type: ['number', 'string'], minimum: 0, exclusiveMaximum: 1_000_000_000, multipleOf: 0.01, pattern: AMOUNT_PATTERN },
  'optional-amount': { type: ['number', 'string', 'null'], minimum: 0, exclusiveMaximum: 1_000_000_000, multipleOf: 0.01, pattern: AMOUNT_PATTERN },
  // validate reads the year from its text: 2024 and "2024" are the same year (format.md: 2000..2100).
  year: { type: ['integer', 'string'], minimum: 2000, maximum: 2100, pattern: '^\\s*(?:20[0-9]{2}|2100)\\s*$' },
  version: { enum: [1, '1'] },
  level: { type: 'string', enum: [...LEVELS] },
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
  level: `应为以下之一：${LEVELS.join('、')}`,
};

/** `「label」` for a node with a title, nothing otherwise. */
const label = (node: Record<string, unknown>): string => (typeof node.title === 'string' ? `「${node.title}」` : '');

/** Chinese errorMessage for objects and arrays, clean hovers (no description that only repeats the title). */
function decorate(node: Record<string, unknown>): void {
  if (node.description === node.title) delete node.description;
  const kind = node[KIND] as JsonKind | undefined;
  delete node[KIND];
  if (kind) {
    node.errorMessage = `${label(node)}${LEAF_MESSAGES[kind]}`;
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

/** Marks a leaf's kind between the zod export and decorate(). */
const KIND = '__declareKind';

export const SCHEMA_ID = 'https://declare.invalid/schema/declaration.schema.json';

export function declarationJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(jsonSchemaModel, {
    io: 'input',
    unrepresentable: 'any',
    override(ctx) {
      const meta = z.globalRegistry.get(ctx.zodSchema) as { jsonKind?: JsonKind } | undefined;
      const json = ctx.jsonSchema as Record<string, unknown>;
      delete json.jsonKind;
      if (meta?.jsonKind) {
        delete json.anyOf;
        delete json.type;
        Object.assign(json, LEAVES[meta.jsonKind], { [KIND]: meta.jsonKind });
      }
    },
  }) as Record<string, unknown>;
  // An 一级指标 needs at least one 二级指标 (a refinement zod cannot export).
  const indicators = (schema.properties as Record<string, { properties?: Record<string, Record<string, unknown>> }>).indicators;
  for (const l1 of Object.values(indicators?.properties ?? {})) l1.minProperties = 1;
  decorate(schema);
  return {
    $schema: schema.$schema,
    $id: SCHEMA_ID,
    title: DEPARTMENT_FORM.title,
    description: `${DEPARTMENT_FORM.title}（declare 格式第 1 版），金额单位：万元`,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
