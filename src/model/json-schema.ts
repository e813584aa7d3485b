import { z } from 'zod';
import { LEVELS } from './framework.js';
import { jsonSchemaModel, type JsonKind } from './schema.js';

/**
 * The JSON Schema of the format (issue 4), generated from the zod model so it cannot
 * drift: editors with the YAML language server get completion, hover help in Chinese
 * (the form's labels) and enums for `level` and the indicator keys. The leaves are
 * z.custom (they read YAML source text), so their JSON types are filled in here.
 */

const AMOUNT = {
  anyOf: [
    { type: 'number', minimum: 0, exclusiveMaximum: 1_000_000_000 },
    { type: 'string', pattern: '^\\s*(?:[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\\.[0-9]{1,2})?\\s*$' },
  ],
};

const LEAVES: Record<JsonKind, Record<string, unknown>> = {
  text: { anyOf: [{ type: 'string', pattern: '\\S' }, { type: 'number' }, { type: 'boolean' }] },
  amount: AMOUNT,
  'optional-amount': { anyOf: [...AMOUNT.anyOf, { type: 'null' }] },
  year: { type: 'integer', minimum: 2000, maximum: 2100 },
  version: { const: 1 },
  level: { type: 'string', enum: [...LEVELS] },
};

export const SCHEMA_ID = 'https://declare.invalid/schema/declaration.schema.json';

export function declarationJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(jsonSchemaModel, {
    io: 'input',
    unrepresentable: 'any',
    override(ctx) {
      const meta = z.globalRegistry.get(ctx.zodSchema) as { jsonKind?: JsonKind } | undefined;
      const json = ctx.jsonSchema as Record<string, unknown>;
      delete json.jsonKind;
      if (meta?.jsonKind) Object.assign(json, LEAVES[meta.jsonKind]);
    },
  }) as Record<string, unknown>;
  // An 一级指标 needs at least one 二级指标 (a refinement zod cannot export).
  const indicators = (schema.properties as Record<string, { properties?: Record<string, Record<string, unknown>> }>).indicators;
  for (const l1 of Object.values(indicators?.properties ?? {})) l1.minProperties = 1;
  return {
    $schema: schema.$schema,
    $id: SCHEMA_ID,
    title: '部门整体预算绩效目标申报表',
    description: '部门整体预算绩效目标申报表（declare 格式第 1 版），金额单位：万元',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
