/**
 * Issue 4 item 1: `declare schema` prints the JSON Schema generated from the zod model,
 * with Chinese titles and descriptions on every field and enums for level and the
 * indicator keys; the committed copy (schema/declaration.schema.json, which the examples
 * reference with a yaml-language-server modeline) must not drift from it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { check } from '../../src/check.js';
import { declarationJsonSchema } from '../../src/forms/json-schema.js';
import { FRAMEWORK, LEVELS, synonymsOf } from '../../src/model/framework.js';
import { assertBuilt, declare, repoRoot } from './helpers.js';

const COMMITTED = path.join(repoRoot, 'schema', 'declaration.schema.json');
const committedText = readFileSync(COMMITTED, 'utf8');

type JsonSchema = {
  title?: string;
  description?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
};

const HAN = /\p{Script=Han}/u;

/** Every property schema below `node`, with its dotted path (lists as `[]`). */
function properties(node: JsonSchema, at = ''): { at: string; schema: JsonSchema }[] {
  const out: { at: string; schema: JsonSchema }[] = [];
  for (const [k, v] of Object.entries(node.properties ?? {})) {
    out.push({ at: `${at}${at ? '.' : ''}${k}`, schema: v }, ...properties(v, `${at}${at ? '.' : ''}${k}`));
  }
  if (node.items) out.push(...properties(node.items, `${at}[]`));
  for (const alt of node.anyOf ?? []) out.push(...properties(alt, at));
  return out;
}

beforeAll(assertBuilt);

describe('declare schema', () => {
  it('prints exactly the committed schema/declaration.schema.json (regenerate: node bin/declare.js schema > schema/declaration.schema.json)', async () => {
    const run = await declare(['schema']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(committedText);
  });

  it('is generated from the zod model: the model gives the committed schema', () => {
    expect(`${JSON.stringify(declarationJsonSchema(), null, 2)}\n`).toBe(committedText);
  });
});

describe('the schema itself', () => {
  // With several forms the schema is an if/then/else chain on `form`; its last `else` is
  // the default form's (部门整体), which these checks read. The whole schema is compiled.
  const committed = JSON.parse(committedText) as JsonSchema & { $schema: string };
  let schema = committed;
  while ((schema as { if?: unknown; else?: unknown }).if && (schema as { else?: unknown }).else && !(schema as { properties?: unknown }).properties) {
    schema = (schema as unknown as { else: typeof committed }).else;
  }
  schema = { ...schema, $schema: committed.$schema };

  it('is a valid draft 2020-12 schema (strict Ajv compiles it)', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    // Leaves list their JSON types (standard, but strictTypes wants it said); errorMessage is
    // yaml-language-server's message keyword, unknown to Ajv.
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
    expect(() => ajv.compile(committed)).not.toThrow();
  });

  it('has a Chinese title on every field, and a description only where it adds to the title (editor hover help)', () => {
    const all = properties(schema);
    expect(all.length).toBeGreaterThan(40);
    const missing = all.filter(({ schema: s }) => !s.title || !HAN.test(s.title) || (s.description !== undefined && !HAN.test(s.description))).map((p) => p.at);
    expect(missing).toEqual([]);
    // a description equal to the title would show twice on hover
    expect(all.filter(({ schema: s }) => s.description === s.title).map((p) => p.at)).toEqual([]);
    expect(all.filter(({ schema: s }) => s.description).length).toBeGreaterThan(30);
    expect(schema.title).toBe('部门整体预算绩效目标申报表');
  });

  it('uses the form labels as titles (format.md)', () => {
    const p = schema.properties!;
    expect(p.year!.title).toBe('预算年度');
    expect(p.department!.title).toBe('部门名称');
    expect(p.level!.title).toBe('预算级次');
    expect(p.budget!.title).toBe('预算整体情况');
    expect(p.goals!.title).toBe('总体绩效目标');
    expect(p.tasks!.title).toBe('年度重点工作任务');
    const task = p.tasks!.items!.properties!;
    expect([task.name!.title, task.content!.title, task.funds!.title, task.expected!.title]).toEqual(['名称', '主要实施内容', '拟投入的资金（万元）', '期望达到的目标（概述）']);
    const budget = p.budget!.properties!;
    expect(budget.expenditure!.properties!.basic!.title).toBe('基本支出');
    expect(budget.allocation!.properties!.transfer!.title).toBe('拟用于对下转移支付资金');
  });

  it('lists level as an enum of 省 市 区 县 镇', () => {
    expect(schema.properties!.level!.enum).toEqual([...LEVELS]);
  });

  it('offers exactly the framework’s 一级指标 and, under each, its 二级指标 and their synonyms (nothing else allowed)', () => {
    const indicators = schema.properties!.indicators!;
    expect(indicators.additionalProperties).toBe(false);
    expect(Object.keys(indicators.properties!)).toEqual(Object.keys(FRAMEWORK));
    for (const [l1, l2s] of Object.entries(FRAMEWORK)) {
      const node = indicators.properties![l1]!;
      expect(node.additionalProperties, l1).toBe(false);
      // forms.md "Labels as real forms write them": 环境效益指标 etc. after the canonical keys
      expect(Object.keys(node.properties!), l1).toEqual([...l2s, ...synonymsOf(l2s)]);
    }
  });

  it('is referenced by every example through a yaml-language-server modeline that resolves', () => {
    const dir = path.join(repoRoot, 'examples');
    const examples = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
    expect(examples.length).toBeGreaterThan(0);
    for (const f of examples) {
      const first = readFileSync(path.join(dir, f), 'utf8').split('\n')[0]!;
      const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(m, f).not.toBeNull();
      expect(path.resolve(dir, m![1]!), f).toBe(COMMITTED);
    }
  });
});

/**
 * The editor and `declare validate` should agree about structure: a rule fixture that
 * declare finds structurally sound must satisfy the schema, and one with an S001/S003
 * (structure) error must not — otherwise the editor shows a green file that fails CI, or
 * the reverse.
 */
describe('the schema agrees with declare about structure (rule fixtures)', () => {
  const dir = path.join(repoRoot, 'test', 'fixtures', 'rules');
  // multipleOf 0.01 (amounts with at most two decimals) needs a float-safe check, as
  // yaml-language-server's own; errorMessage is yaml-language-server's message keyword;
  // leaves list their JSON types (["number", "string"]), standard JSON Schema.
  const ajv = new Ajv2020({ strict: true, allErrors: true, multipleOfPrecision: 9, allowUnionTypes: true });
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
  const validate = ajv.compile(JSON.parse(committedText) as object);
  // s001-empty-level1.yaml (`成本指标: {}`) is among them: the schema requires a 二级指标
  // under each 一级指标 (minProperties, fixed in 00d8925).
  const fixtures = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();

  /** The value at a data path of plain parsed YAML. */
  const at = (data: unknown, p: readonly (string | number)[]): unknown =>
    p.reduce<unknown>((node, k) => (node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[k] : undefined), data);

  it.each(fixtures)('%s', (f) => {
    const text = readFileSync(path.join(dir, f), 'utf8');
    const { diagnostics } = check(text, f).result;
    // Only YAML that parses can be given to a JSON Schema: on a Y001 file the editor shows
    // the YAML parser's error instead. So there declare and the parser (yaml, as in
    // yaml-language-server) must agree: the parser rejects the file, at declare's line.
    const y001 = diagnostics.filter((d) => d.rule === 'Y001');
    if (y001.length > 0) {
      expect(() => parse(text), `${f}: declare reports Y001, the YAML parser accepts the file`).toThrow();
      const parserLines = parseDocument(text).errors.map((e) => e.linePos?.[0].line);
      expect(parserLines, `${f}: Y001 at line ${y001[0]!.line}, the parser's errors at ${JSON.stringify(parserLines)}`).toContain(y001[0]!.line);
      return;
    }
    const data = parse(text) as unknown;
    const structural = diagnostics.filter((d) => {
      if (d.rule === 'S001' || d.rule === 'S003') return true;
      if (d.rule !== 'S002') return false;
      // A JSON number has lost its source text: the schema cannot see what S002 sees in
      // `1e3` (1000). It sees the range and, with a float-safe multipleOf 0.01, a third
      // decimal (12.345). Under `precision: 4` it checks a number's range only (multipleOf
      // 0.0001 is not float-safe), so a fifth decimal written as a number is declare's alone.
      const v = at(data, d.path);
      const four = (data as { precision?: unknown } | null)?.precision === 4;
      return typeof v !== 'number' || !(v >= 0 && v < 1_000_000_000) || (!four && /\.[0-9]{3,}/.test(String(v)));
    });
    const ok = validate(data);
    expect(ok, `${f}: declare reports ${JSON.stringify(structural.map((d) => `${d.rule} ${d.line}`))}, the schema says ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(structural.length === 0);
  });

  it('accepts every example', () => {
    const examples = path.join(repoRoot, 'examples');
    for (const f of readdirSync(examples).filter((x) => /\.ya?ml$/.test(x))) {
      expect(validate(parse(readFileSync(path.join(examples, f), 'utf8'))), f).toBe(true);
    }
  });
});
