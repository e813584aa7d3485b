/**
 * Issue 11: a form is one definition, and every command derives from it. For every
 * registered form, the zod schema, the JSON Schema, fmt's key order, init's template and
 * summary's columns name the same fields in the same order as the form's field table;
 * docs/format.md's field table is the generated one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { END, START, fieldTable } from '../../scripts/gen-format-table.js';
import { check } from '../../src/check.js';
import { FORMS, formById } from '../../src/forms/index.js';
import type { FormDefinition } from '../../src/forms/types.js';
import { declarationJsonSchema } from '../../src/forms/json-schema.js';
import { strictSchemaOf } from '../../src/model/schema.js';
import { formatDeclaration } from '../../src/review/fmt.js';
import { AMOUNT_COLUMNS, summaryRow } from '../../src/review/summary.js';
import { repoRoot } from './helpers.js';
import { BIN, runNodeSync } from '../helpers/spawn.js';
import { scratchDir } from '../helpers/scratch.js';

/** Field paths of a form below the root, in table order. */
const tablePaths = (form: FormDefinition) => form.fields.map((f) => f.path).filter((p) => p !== '');

/** Free keys (the indicator framework) collapse to `*`, as in the field table. */
function generalise(p: string): string {
  const parts = p.split('.');
  if (parts[0] === 'indicators') for (let i = 1; i < Math.min(parts.length, 3); i++) parts[i] = '*';
  return parts.join('.');
}

const unique = (xs: string[]) => [...new Set(xs.map(generalise))];

/** Walk a zod schema: every object key and array element, as dotted paths. */
function zodPaths(schema: z.ZodType, prefix = ''): string[] {
  let s = schema as unknown as { def: Record<string, unknown> };
  // Optional, catch, default, preprocess and transform wrappers carry the real node inside.
  for (;;) {
    const def = s.def;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'catch' || def.type === 'nullable') s = def.innerType as typeof s;
    else if (def.type === 'pipe') s = ((def.in as typeof s).def.type === 'transform' ? def.out : def.in) as typeof s;
    else break;
  }
  const at = (k: string) => (prefix === '' ? k : `${prefix}.${k}`);
  if (s.def.type === 'object') {
    return Object.entries(s.def.shape as Record<string, z.ZodType>).flatMap(([k, v]) => [at(k), ...zodPaths(v, at(k))]);
  }
  if (s.def.type === 'array') return [at('*'), ...zodPaths(s.def.element as z.ZodType, at('*'))];
  return [];
}

/** Walk a JSON Schema the same way. */
function jsonPaths(node: Record<string, unknown>, prefix = ''): string[] {
  const at = (k: string) => (prefix === '' ? k : `${prefix}.${k}`);
  const props = node.properties as Record<string, Record<string, unknown>> | undefined;
  if (props) return Object.entries(props).flatMap(([k, v]) => [at(k), ...jsonPaths(v, at(k))]);
  if (node.items && typeof node.items === 'object') return [at('*'), ...jsonPaths(node.items as Record<string, unknown>, at('*'))];
  return [];
}

/** Walk a parsed YAML value: mapping keys and list items. */
function yamlPaths(v: unknown, prefix = ''): string[] {
  const at = (k: string) => (prefix === '' ? k : `${prefix}.${k}`);
  if (Array.isArray(v)) return v.length ? [at('*'), ...yamlPaths(v[0], at('*'))] : [];
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [at(k), ...yamlPaths(x, at(k))]);
  return [];
}

/** The JSON Schema titles by generalised path. */
function jsonTitles(node: Record<string, unknown>, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  const props = node.properties as Record<string, Record<string, unknown>> | undefined;
  for (const [k, v] of Object.entries(props ?? {})) {
    const p = generalise(prefix === '' ? k : `${prefix}.${k}`);
    if (!out.has(p)) out.set(p, v.title);
    jsonTitles(v, p, out);
  }
  if (node.items && typeof node.items === 'object') jsonTitles(node.items as Record<string, unknown>, prefix === '' ? '*' : `${prefix}.*`, out);
  return out;
}

/** A file with every field, its keys written in reverse order. */
function scrambled(form: FormDefinition): string {
  const example = (p: string) => form.fields.find((f) => f.path === p)?.example ?? '示例';
  const build = (prefix: string): string[] => {
    const children = form.fields.filter((f) => {
      const rest = prefix === '' ? f.path : f.path.startsWith(`${prefix}.`) ? f.path.slice(prefix.length + 1) : undefined;
      return rest !== undefined && rest !== '' && !rest.includes('.') && rest !== '*' && f.path !== '';
    });
    return children.reverse().flatMap((f) => {
      const key = f.path.split('.').pop()!;
      if (f.kind === 'mapping') return [`${key}:`, ...build(f.path).map((l) => `  ${l}`)];
      if (f.kind === 'list') {
        const item = form.fields.find((g) => g.path === `${f.path}.*`)!;
        if (item.kind === 'mapping') {
          const lines = build(item.path);
          return [`${key}:`, `  - ${lines[0]}`, ...lines.slice(1).map((l) => `    ${l}`)];
        }
        return [`${key}:`, `  - ${example(item.path)}`];
      }
      if (f.kind === 'framework') {
        // every row of a 三级指标, in reverse table order
        const rows = build('indicators.*.*.*');
        return [`${key}:`, '  产出指标:', '    数量指标:', `      - ${rows[0]}`, ...rows.slice(1).map((l) => `        ${l}`)];
      }
      return [`${key}: ${example(f.path)}`];
    });
  };
  return build('').join('\n') + '\n';
}

describe.each(Object.values(FORMS).map((f) => [f.id, f] as const))('form %s', (_id, form) => {
  const expected = tablePaths(form);

  it('the zod schema has the fields of the table, in its order', () => {
    expect(unique(zodPaths(strictSchemaOf(form).zod()))).toEqual(expected);
  });

  it('the JSON Schema has the same fields in the same order, titled with their labels', () => {
    const schema = declarationJsonSchema(form);
    expect(unique(jsonPaths(schema))).toEqual(expected);
    const titles = jsonTitles(schema);
    // every key (not list items, not the framework's free keys) is titled with its label
    for (const f of form.fields.filter((g) => g.path !== '' && !g.path.includes('*'))) expect(titles.get(f.path), f.path).toBe(f.zh);
    for (const k of ['name', 'period', 'annual']) expect(titles.get(`indicators.*.*.*.${k}`)).toBe(form.fields.find((f) => f.path === `indicators.*.*.*.${k}`)?.zh);
  });

  it("fmt writes a file's keys in the table's order", () => {
    const out = formatDeclaration(scrambled(form));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.changed).toBe(true);
    expect(unique(yamlPaths(parse(out.text)))).toEqual(expected);
  });

  it("init's template names the table's fields in its order (the optional lists commented out)", () => {
    const text = form.init({ year: 2025, schemaRef: 'x.json' });
    const optionalLists = form.fields.filter((f) => f.kind === 'list' && !f.required && !f.path.includes('*')).map((f) => f.path);
    // Keys the skeleton leaves to their default (`form`, `precision`, `filer`: init.omit), and
    // the optional attributes of a 三级指标 (the framework's skeleton lines give name, period, annual).
    const omitted = form.fields.filter((f) => f.init?.omit).map((f) => f.path);
    const optionalIndicator = (p: string) => p.startsWith('indicators.*.*.*.') && form.fields.find((f) => f.path === p)?.required === false;
    const shown = expected.filter((p) => !omitted.some((o) => p === o || p.startsWith(`${o}.`)) && !optionalIndicator(p) && !optionalLists.some((l) => p === l || p.startsWith(`${l}.`)));
    expect(unique(yamlPaths(parse(text)))).toEqual(shown);
    for (const l of optionalLists) expect(text).toContain(`# ${l}:`);
  });

  it("summary's amount columns are the form's, in its order, with the form's sums", () => {
    // the default form's columns are the exported ones; each form's row has its own
    expect(AMOUNT_COLUMNS).toEqual(Object.values(FORMS)[0]!.summaryColumns.map((c) => c.id));
    const example = { 部门整体: ['huadu-propaganda-2023.yaml', '3797.06'], 项目支出: ['huadu-project-heritage-2023.yaml', '165.00'] }[form.id]!;
    const file = readFileSync(path.join(repoRoot, 'examples', example[0]!), 'utf8');
    const row = summaryRow('x.yaml', check(file, 'x.yaml'));
    expect(row.form).toBe(form.id);
    expect(Object.keys(row.amounts)).toEqual(form.summaryColumns.map((c) => c.id));
    // the first column: 支出合计 of the seed form (1499.73 + 1354.87 + 0.00 + 942.46), 实施期资金总额 of the project
    expect(row.amounts[form.summaryColumns[0]!.id]?.toFixed(2)).toBe(example[1]);
  });
});

describe('the registry', () => {
  it('chooses the department form by default and by its id; nothing for an unknown id', () => {
    expect(formById(undefined)?.id).toBe('部门整体');
    expect(formById('部门整体')?.id).toBe('部门整体');
    expect(formById('项目支出')?.id).toBe('项目支出');
    expect(formById('toString')).toBeUndefined();
  });
});

describe('docs/format.md', () => {
  it('holds the generated field table (regenerate: npx tsx scripts/gen-format-table.ts --write)', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs', 'format.md'), 'utf8');
    const a = doc.indexOf(START);
    const b = doc.indexOf(END);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(doc.slice(a, b + END.length) + '\n').toBe(fieldTable());
  });
});

describe('the top-level form key (forms.md "Which form")', () => {
  const example = readFileSync(path.join(repoRoot, 'examples', 'huadu-propaganda-2023.yaml'), 'utf8');
  const withForm = (value: string) => example.replace(/^year:/m, `form: ${value}\nyear:`);
  const rules = (text: string) => check(text, 'x.yaml').result.diagnostics.map((d) => `${d.rule} ${d.line}`);

  it('absent or 部门整体: the department form, the same diagnostics', () => {
    const plain = check(example, 'x.yaml');
    expect(plain.form?.id).toBe('部门整体');
    const named = check(withForm('部门整体'), 'x.yaml');
    expect(named.form?.id).toBe('部门整体');
    expect(named.result.diagnostics.map((d) => d.rule)).toEqual(plain.result.diagnostics.map((d) => d.rule));
    expect(named.declaration).toBeDefined();
  });

  it('an unknown value: one S001 at the value, listing the allowed forms, and nothing checked against a form', () => {
    const out = check(withForm('项目表'), 'x.yaml', { lang: 'zh' });
    expect(out.form).toBeUndefined();
    expect(out.result.diagnostics).toHaveLength(1);
    const d = out.result.diagnostics[0]!;
    expect(d.rule).toBe('S001');
    expect(d.path).toEqual(['form']);
    expect(d.message).toBe('「表单」(form) 必须是 部门整体、项目支出 之一（当前为「项目表」）');
    expect(d.args).toEqual({ kind: 'unknown-form', source: '项目表', allowed: '部门整体、项目支出' });
    expect(rules(withForm('项目表'))[0]).toBe(`S001 ${example.split('\n').findIndex((l) => l.startsWith('year:')) + 1}`);
    expect(check(withForm('[部门整体]'), 'x.yaml', { lang: 'en' }).result.diagnostics[0]!.message).toBe('form (form) must be one of 部门整体、项目支出 (found "[…]")');
  });

  it('through the binary: validate reports it, init and schema take --form', () => {
    const dir = scratchDir('declare-form-');
    const file = path.join(dir, 'x.yaml');
    writeFileSync(file, withForm('项目表'));
    const v = runNodeSync(BIN, ['validate', file, '--format', 'json']);
    expect(v.status).toBe(1);
    expect(JSON.parse(v.stdout).files[0].diagnostics.map((d: { rule: string; message: string }) => `${d.rule} ${d.message}`)).toEqual(['S001 「表单」(form) 必须是 部门整体、项目支出 之一（当前为「项目表」）']);
    const init = runNodeSync(BIN, ['init', '--form', '部门整体', '--year', '2025']);
    expect(init.status).toBe(0);
    expect(init.stdout).toBe(runNodeSync(BIN, ['init', '--year', '2025']).stdout);
    const bad = runNodeSync(BIN, ['init', '--form', '项目表']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--form 必须是 部门整体、项目支出 之一（当前为「项目表」）');
    // With two forms, the default schema switches on `form`; --form gives one form's alone.
    const schema = runNodeSync(BIN, ['schema', '--form', '部门整体']);
    expect(schema.status).toBe(0);
    expect(JSON.parse(schema.stdout).title).toBe('部门整体预算绩效目标申报表');
    const project = runNodeSync(BIN, ['schema', '--form', '项目支出']);
    expect(project.status).toBe(0);
    expect(JSON.parse(project.stdout).title).toBe('项目支出绩效目标申报表');
    expect(Object.keys(JSON.parse(project.stdout).properties)).toContain('implementer');
    const both = JSON.parse(runNodeSync(BIN, ['schema']).stdout);
    expect(JSON.stringify(both)).toContain('implementer');
    expect(JSON.stringify(both)).toContain('allocation');
    expect(runNodeSync(BIN, ['schema', '--form', 'x']).status).toBe(2);
  });
});
