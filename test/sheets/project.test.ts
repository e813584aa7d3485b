/**
 * The project form (项目支出绩效目标申报表) in spreadsheets (issues 13 and 15): its grid in
 * the workbook and the Word table, the round trip YAML → render --xlsx → import for both
 * project examples (through the binary) and for property-generated project forms (in
 * process), workbooks made by LibreOffice from hand-laid sources imported to the expected
 * YAML, the form told from the sheet or by --form, and cells that cannot be read named by
 * sheet and cell.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../helpers/golden.js';
import { BIN, runNode } from '../helpers/spawn.js';
import { check } from '../../src/check.js';
import { FORMS } from '../../src/forms/index.js';
import { PROJECT_FORM } from '../../src/forms/project/definition.js';
import { asProject } from '../../src/forms/project/types.js';
import { FRAMEWORK, LEVEL1, type Level1 } from '../../src/model/framework.js';
import { gridOf, renderDocument } from '../../src/sheets/documents.js';
import { importWorkbook } from '../../src/sheets/import.js';
import { readWorkbook } from '../../src/sheets/read.js';
import { writeXlsx } from '../../src/sheets/xlsx.js';
import { readZip } from '../../src/sheets/zip.js';
import { FIXTURES, ROOT, exampleMeaning, filerOf, meaning, scratch } from './helpers.js';

/** The project examples every project round trip runs over. */
export const PROJECT_EXAMPLES = ['huadu-project-congress-2023.yaml', 'huadu-project-heritage-2023.yaml'];

const run = (args: string[], cwd: string, env: Record<string, string> = {}) => runNode(BIN, args, { cwd, env, timeoutMs: 60_000 });

function part(bytes: Uint8Array, name: string): string {
  const zip = readZip(bytes, { maxEntries: 100, maxEntryBytes: 1e8, maxTotalBytes: 1e9 });
  if (!zip.ok) throw new Error(zip.problem.kind);
  const e = zip.entries.find((x) => x.name === name);
  if (!e) throw new Error(`no ${name}`);
  return Buffer.from(e.data).toString('utf8');
}

function example(name: string) {
  const out = check(readFileSync(path.join(ROOT, 'examples', name)), name);
  if (!out.declaration) throw new Error(`${name} does not validate`);
  return out.declaration;
}

describe('the project form as a grid', () => {
  const grid = gridOf(PROJECT_FORM, example('huadu-project-heritage-2023.yaml'), { version: '0' });
  const at = (row: number, col: number) => grid.cells.find((c) => c.row === row && c.col === col);

  it('rows in forms.md\'s order with its labels, character for character, from the field table', () => {
    expect(grid.formTitle).toBe('项目支出绩效目标申报表');
    expect(at(1, 0)?.text).toBe('（2023年度）');
    expect([2, 3, 4, 5, 6].map((r) => at(r, 0)?.text)).toEqual(['项目名称', '主管部门', '实施单位', '项目属性', '项目期']);
    expect(at(6, 1)).toMatchObject({ text: '2022年—2024年', colSpan: 5, path: 'period' });
    expect(at(7, 0)).toMatchObject({ text: '项目资金（万元）', kind: 'section', rowSpan: 3 });
    expect([7, 8, 9].map((r) => at(r, 1)?.text)).toEqual(['实施期资金总额', '其中：财政拨款', '其他资金']);
    expect([7, 8, 9].map((r) => at(r, 4)?.text)).toEqual(['年度资金总额', '其中：财政拨款', '其他资金']);
    expect(at(7, 1)?.colSpan).toBe(2);
    expect([7, 8, 9].map((r) => at(r, 3)?.amount?.toString())).toEqual(['165', '150', '15']);
    expect([7, 8, 9].map((r) => at(r, 5)?.path)).toEqual(['funds.annual.total', 'funds.annual.appropriation', 'funds.annual.other']);
    expect(at(10, 0)).toMatchObject({ text: '总体目标', rowSpan: 2 });
    expect(at(10, 1)).toMatchObject({ text: '实施期目标', colSpan: 3 });
    expect(at(10, 4)).toMatchObject({ text: '年度目标', colSpan: 2 });
    expect(at(11, 1)?.text).toMatch(/^1\.实施文物平安工程.*\n2\.做好全国公共图书馆/s);
    expect([0, 1, 2, 3, 4, 5].map((c) => at(12, c)?.text)).toEqual(['绩效指标', '一级指标', '二级指标', '三级指标', '实施期指标值', '年度指标值']);
    expect(at(13, 1)).toMatchObject({ text: '产出指标', kind: 'label' });
    expect(at(12, 0)?.rowSpan).toBe(grid.rowCount - 12);
    // Every cell of the six columns is covered exactly once (one rectangular grid).
    const covered = new Map<string, number>();
    for (const c of grid.cells) for (let r = c.row; r < c.row + c.rowSpan; r++) for (let k = c.col; k < c.col + c.colSpan; k++) covered.set(`${r},${k}`, (covered.get(`${r},${k}`) ?? 0) + 1);
    expect(covered.size).toBe(grid.rowCount * 6);
    expect([...covered.values()].every((n) => n === 1)).toBe(true);
  });

  it('precision 4 keeps four decimals, as numbers in #,##0.0000', async () => {
    const d = asProject(example('huadu-project-heritage-2023.yaml'));
    const decl = { ...d, funds: { ...d.funds, period: { total: new Decimal('165.1234'), appropriation: new Decimal('150.1234'), other: new Decimal('15') } } } as unknown as ReturnType<typeof example>;
    const g = gridOf(PROJECT_FORM, decl, { version: '0', precision: 4 });
    expect(g.cells.find((c) => c.path === 'funds.period.total')?.text).toBe('165.1234');
    expect(g.cells.find((c) => c.path === 'funds.period.other')?.text).toBe('15.0000');
    const bytes = await writeXlsx(g, { date: new Date(0), generator: 'declare 0' });
    expect(part(bytes, 'xl/worksheets/sheet1.xml')).toContain('<v>165.1234</v>');
    expect(part(bytes, 'xl/styles.xml')).toContain('formatCode="#,##0.0000"');
  });
});

describe('precision 4 through the binary', () => {
  it('a file saying precision: 4 gets #,##0.0000 in its workbook (department form; project form under --force, its schema has no precision yet)', async () => {
    const dir = scratch();
    const dept = readFileSync(path.join(ROOT, 'examples', 'huadu-propaganda-2023.yaml'), 'utf8').replace(/^version: 1$/m, 'version: 1\nprecision: 4');
    const proj = readFileSync(path.join(ROOT, 'examples', 'huadu-project-heritage-2023.yaml'), 'utf8').replace(/^version: 1$/m, 'version: 1\nprecision: 4').replace('total: 165.00', 'total: 165.1234').replace('appropriation: 150.00', 'appropriation: 150.1234');
    writeFileSync(path.join(dir, 'd.yaml'), dept);
    writeFileSync(path.join(dir, 'p.yaml'), proj);
    writeFileSync(path.join(dir, 'two.yaml'), readFileSync(path.join(ROOT, 'examples', 'huadu-project-heritage-2023.yaml')));
    const r = await run(['render', 'd.yaml', 'p.yaml', 'two.yaml', '--xlsx', '--force'], dir);
    expect(r.stdout.trim().split('\n').sort()).toEqual(['d.xlsx', 'p.xlsx', 'two.xlsx']);
    for (const f of ['d.xlsx', 'p.xlsx']) expect(part(readFileSync(path.join(dir, f)), 'xl/styles.xml')).toContain('formatCode="#,##0.0000"');
    expect(part(readFileSync(path.join(dir, 'p.xlsx')), 'xl/worksheets/sheet1.xml')).toContain('<v>165.1234</v>');
    expect(part(readFileSync(path.join(dir, 'two.xlsx')), 'xl/styles.xml')).not.toContain('#,##0.0000');
  });
});

describe('project examples: render --xlsx, then import, through the binary', () => {
  it.each(PROJECT_EXAMPLES)('%s comes back the same', async (name) => {
    const dir = scratch();
    copyFileSync(path.join(ROOT, 'examples', name), path.join(dir, name));
    const rendered = await run(['render', name, '--xlsx', '--docx'], dir, { SOURCE_DATE_EPOCH: '1700000000' });
    expect(rendered.stderr).toBe('');
    expect(rendered.status).toBe(0);
    const xlsx = name.replace(/\.yaml$/, '.xlsx');
    expect(rendered.stdout.trim().split('\n')).toEqual([xlsx, name.replace(/\.yaml$/, '.docx')]);
    const imported = await run(['import', xlsx, '-o', 'back.yaml'], dir);
    expect(imported.status).toBe(0);
    const back = readFileSync(path.join(dir, 'back.yaml'), 'utf8');
    expect(meaning(back)).toEqual(meaning(readFileSync(path.join(dir, name))));
    // Recognised from the title; the repeated labels read from their own column.
    expect(back).toMatch(/^form: 项目支出$/m);
    expect(back).toMatch(/appropriation: [\d.]+ +# 项目支出绩效目标申报表!D9\n/);
    expect(back).toMatch(/annual:\n\s+total: [\d.]+ +# 项目支出绩效目标申报表!F8/);
    expect(back).toMatch(/start: 20\d\d +# 项目支出绩效目标申报表!B7/);
  });
});

// ---- property-generated project forms ----

const line = fc
  .array(fc.constantFrom(...'项目资金文物图书馆宣讲活动覆盖全区完成建设提升平台服务群众满意度不少于场次篇数'.split(''), 'A', '0', '7', '%', '，', '。', '、', '（', '）', '≥', ' '), { minLength: 1, maxLength: 30 })
  .map((cs) => cs.join('').trim())
  .filter((s) => s !== '' && !/^\d+\s*[.．、]/.test(s));
const text = fc.oneof({ weight: 5, arbitrary: line }, { weight: 1, arbitrary: fc.tuple(line, line).map(([a, b]) => `${a}\n${b}`) });
const cents = fc.bigInt({ min: 0n, max: 9_999_999_99n });
const money = (c: bigint): string => new Decimal(c.toString()).div(100).toFixed(2);
const items = fc.array(fc.record({ name: line, period: text, annual: text }), { minLength: 1, maxLength: 2 });

/** A valid project form (totals are sums, annual ≤ period, start ≤ year ≤ end ≤ start + 9), as YAML text. */
const project = fc
  .record({
    start: fc.integer({ min: 2000, max: 2090 }),
    length: fc.integer({ min: 0, max: 9 }),
    into: fc.integer({ min: 0, max: 9 }),
    project: line,
    department: line,
    implementer: line,
    kind: fc.constantFrom('新增', '延续'),
    // 填报信息 (forms.md "Who filed it"): some of its fields, or none
    filer: fc.option(fc.record({ unit: line, person: line, phone: fc.stringMatching(/^0\d{2,3}-\d{7,8}$/), date: fc.constantFrom('2024-01-15', '2023-12-31', '2025-02-28') }, { requiredKeys: [] }), { nil: undefined, freq: 2 }),
    appropriation: cents,
    other: cents,
    share: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })),
    goalsPeriod: fc.array(text, { minLength: 1, maxLength: 3 }),
    goalsAnnual: fc.array(text, { minLength: 1, maxLength: 3 }),
    indicators: fc
      .tuple(
        fc.tuple(fc.constant<Level1>('产出指标'), fc.nat(3), items),
        fc.tuple(fc.constant<Level1>('效益指标'), fc.nat(3), items),
        fc.uniqueArray(fc.tuple(fc.constantFrom(...LEVEL1), fc.nat(3), items), { maxLength: 2, selector: ([l1, i]) => `${l1} ${i}` }),
      )
      .map(([a, b, rest]) => [...rest, a, b]),
  })
  .map((g) => {
    const end = g.start + g.length;
    const year = g.start + Math.min(g.into, g.length);
    const annualApp = (g.appropriation * BigInt(g.share[0])) / 100n;
    const annualOther = (g.other * BigInt(g.share[1])) / 100n;
    const q = JSON.stringify;
    const lines = [
      'form: 项目支出',
      `year: ${year}`,
      `project: ${q(g.project)}`,
      `department: ${q(g.department)}`,
      `implementer: ${q(g.implementer)}`,
      `kind: ${g.kind}`,
      ...(g.filer === undefined || Object.keys(g.filer).length === 0 ? [] : ['filer:', ...Object.entries(g.filer).map(([k, v]) => `  ${k}: ${k === 'date' ? v : q(v)}`)]),
      `period: { start: ${g.start}, end: ${end} }`,
      'funds:',
      `  period: { total: ${money(g.appropriation + g.other)}, appropriation: ${money(g.appropriation)}, other: ${money(g.other)} }`,
      `  annual: { total: ${money(annualApp + annualOther)}, appropriation: ${money(annualApp)}, other: ${money(annualOther)} }`,
      'goals:',
      '  period:',
      ...g.goalsPeriod.map((t) => `    - ${q(t)}`),
      '  annual:',
      ...g.goalsAnnual.map((t) => `    - ${q(t)}`),
      'indicators:',
    ];
    const byL1 = new Map<string, Map<string, { name: string; period: string; annual: string }[]>>();
    for (const [l1, i, list] of g.indicators) {
      const l2s = FRAMEWORK[l1] as readonly string[];
      const l2 = l2s[i % l2s.length]!;
      const m = byL1.get(l1) ?? new Map();
      m.set(l2, [...(m.get(l2) ?? []), ...list]);
      byL1.set(l1, m);
    }
    for (const [l1, m] of byL1) {
      lines.push(`  ${l1}:`);
      for (const [l2, list] of m) {
        lines.push(`    ${l2}:`);
        for (const it of list) lines.push(`      - name: ${q(it.name)}`, `        period: ${q(it.period)}`, `        annual: ${q(it.annual)}`);
      }
    }
    return `${lines.join('\n')}\n`;
  });

async function roundTrip(yaml: string): Promise<string> {
  const out = check(yaml, 'p.yaml');
  expect(out.form?.id).toBe('项目支出');
  const bytes = await renderDocument('xlsx', PROJECT_FORM, out.declaration ?? out.partial, { version: '0.0.0', date: new Date(0) });
  const read = await readWorkbook(bytes, 'p.xlsx');
  if (!read.ok) throw new Error(`unreadable: ${JSON.stringify(read.problem)}`);
  const result = importWorkbook(read.sheets, Object.values(FORMS), '');
  if (!result) throw new Error('not recognised');
  expect(result.form.id).toBe('项目支出');
  expect(result.problems).toEqual([]);
  return result.yaml;
}

describe('property: generated project forms survive the round trip', () => {
  it('the generator makes valid project forms (no errors)', () => {
    fc.assert(
      fc.property(project, (yaml) => {
        const errors = check(yaml, 'p.yaml').result.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.map((d) => `${d.rule} ${d.message}`)).toEqual([]);
      }),
      { numRuns: 60, seed: 13 },
    );
  });

  it('YAML → xlsx → import: same declaration, same diagnostics', async () => {
    await fc.assert(
      fc.asyncProperty(project, async (yaml) => {
        expect(meaning(await roundTrip(yaml))).toEqual(meaning(yaml));
      }),
      { numRuns: 40, seed: 13 },
    );
  });
});

// ---- workbooks we did not write ----

function staged(name: string): { dir: string; file: string } {
  const dir = scratch();
  copyFileSync(path.join(FIXTURES, name), path.join(dir, name));
  return { dir, file: name };
}

describe('import of project workbooks made by a spreadsheet engine', () => {
  const cases = [
    // 填报单位：… above the table (no 「（盖章）」), 填报人：李四　　联系电话：… below it.
    { fixture: 'project-by-hand.xlsx', example: 'huadu-project-heritage-2023.yaml', filer: { unit: '中国共产党广州市花都区委员会宣传部', person: '李四', phone: '020-86812345' } },
    { fixture: 'project-congress-plain.xlsx', example: 'huadu-project-congress-2023.yaml', filer: null },
    { fixture: 'project-congress-plain.csv', example: 'huadu-project-congress-2023.yaml', filer: null },
  ];
  it.each(cases)('$fixture imports to the expected YAML, meaning what $example means, and its filer', async ({ fixture, example: name, filer }) => {
    const { dir, file } = staged(fixture);
    const r = await run(['import', file], dir);
    expect(r.stderr).not.toMatch(/错误|内部错误/);
    expect(r.status).toBe(0);
    const yaml = readFileSync(path.join(dir, file.replace(/\.[^.]+$/, '.yaml')), 'utf8');
    expectGolden(path.join(FIXTURES, 'expected', `${fixture}.yaml`), yaml);
    expect(meaning(yaml, ['filer'])).toEqual(exampleMeaning(name));
    expect(filerOf(yaml)).toEqual(filer);
  });

  it('by hand: the form on the first of two sheets, a column inserted, 其中:财政拨款, 项目期 「2022-2024」, goals one per row', async () => {
    const { dir, file } = staged('project-by-hand.xlsx');
    await run(['import', file], dir);
    const yaml = readFileSync(path.join(dir, 'project-by-hand.yaml'), 'utf8');
    expect(yaml).toContain('（工作表「项目申报表」）');
    expect(yaml).toMatch(/start: 2022 +# 项目申报表!C8\n\s+end: 2024 +# 项目申报表!C8/);
    expect(yaml).toMatch(/total: 165\.00 +# 项目申报表!D9/); // 「165.00万元」
    expect(yaml).toMatch(/appropriation: 150\.00 +# 项目申报表!D10/); // 「¥150.00」 under 实施期资金总额
    expect(yaml).toMatch(/appropriation: 45\.00 +# 项目申报表!F10/); // under 年度资金总额
    expect(yaml).toMatch(/# 项目申报表!C13\n.*# 项目申报表!C14\n/);
  });
});

describe('import: which form, and cells that cannot be read', () => {
  /** The plain CSV with some lines changed. */
  function csvWith(edit: (lines: string[]) => string[]): { dir: string; file: string } {
    const dir = scratch();
    const lines = readFileSync(path.join(FIXTURES, 'project-congress-plain.csv'), 'utf8').split('\n');
    writeFileSync(path.join(dir, 'p.csv'), edit(lines).join('\n'));
    return { dir, file: 'p.csv' };
  }

  it('without the title, the project form is told by its labels; the year is then missing', async () => {
    const { dir, file } = csvWith((l) => l.slice(2));
    const r = await run(['import', file], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/p\.csv: 警告: .*「预算年度」/);
    const yaml = readFileSync(path.join(dir, 'p.yaml'), 'utf8');
    expect(yaml).toMatch(/^form: 项目支出$/m);
    expect(yaml).not.toMatch(/^year:/m);
  });

  it('--form names the form; an unknown one is a tool error', async () => {
    const { dir, file } = csvWith((l) => l);
    const asDept = await run(['import', file, '--form', '部门整体', '-o', 'dept.yaml'], dir);
    expect(asDept.status).toBe(1);
    expect(readFileSync(path.join(dir, 'dept.yaml'), 'utf8')).not.toMatch(/^form:/m);
    const asProject = await run(['import', file, '--form', '项目支出', '-o', 'proj.yaml'], dir);
    expect(asProject.status).toBe(0);
    expect(meaning(readFileSync(path.join(dir, 'proj.yaml')))).toEqual(exampleMeaning('huadu-project-congress-2023.yaml'));
    const unknown = await run(['import', file, '--form', '其他'], dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/--form.*其他/);
    expect(unknown.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('an amount in words and a 项目期 without years: diagnostics naming sheet and cell; the rest written and validated', async () => {
    const { dir, file } = csvWith((l) => l.map((x) => x.replace(/^,其中：财政拨款,80,/, ',其中：财政拨款,八十万元,').replace(/^项目期,2023年,/, '项目期,三年,')));
    const r = await run(['import', file], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('p.csv: 错误: p!C9（财政拨款）不是金额：「八十万元」');
    expect(r.stderr).toContain('p.csv: 错误: p!B7（项目期）不是起止年度：「三年」');
    const yaml = readFileSync(path.join(dir, 'p.yaml'), 'utf8');
    expect(yaml).toMatch(/appropriation: "八十万元" +# p!C9/);
    expect(yaml).toMatch(/start: "三年" +# p!B7/);
    // validate then names the lines: S001 on the years, S002 on the amount.
    const report = `${r.stdout}${r.stderr}`;
    expect(report).toMatch(/「项目期开始年度」\(period\.start\) 必须是 2000 到 2100 之间的整数年份.*S001/);
    expect(report).toMatch(/「财政拨款」\(funds\.period\.appropriation\).*S002/);
    expect(yaml).toMatch(/total: 80\.00 +# p!E8/);
  });
});
