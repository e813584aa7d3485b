/**
 * `declare summary` of project forms and of a mixed set (issue 13): a project form's
 * columns are its own (项目名称, 主管部门, 实施单位, 年度, 项目属性, 项目期, the 实施期 and
 * 年度 amounts), read from its definition's summaryKeys / summaryColumns / summaryLists, in
 * every format; a mixed set is one summary per form and a line per department. Expected
 * values are computed from the example files themselves (parsed here), not written down.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEPARTMENT_FORM } from '../../src/forms/department/definition.js';
import { PROJECT_FORM } from '../../src/forms/project/definition.js';
import { valueAt } from '../../src/forms/types.js';
import { parseCsv, repoRoot, run, scratch } from './helpers.js';

const PROJECTS = ['examples/huadu-project-congress-2023.yaml', 'examples/huadu-project-heritage-2023.yaml'];
const DEPT = 'examples/huadu-propaganda-2023.yaml';
const yamlOf = (f: string): unknown => parse(readFileSync(path.join(repoRoot, f), 'utf8'));
/** An amount of a parsed file, in cents (exact: the examples have two decimals). */
const cents = (data: unknown, field: string) => Math.round(Number(valueAt(data, field)) * 100);
const money = (c: number) => (c / 100).toFixed(2);

interface Row { file: string; amounts: Record<string, string | null>; [key: string]: unknown }
interface FormSummary { form: string; rows: Row[]; totals: { files: number; amounts: Record<string, string>; [key: string]: unknown } }

describe('declare summary: project forms', () => {
  it("table: the project form's own columns, in its definition's order; not the department's 级次, 任务数, 任务资金", () => {
    const r = run(['summary', ...PROJECTS]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const header = lines[0]!.split(/ {2,}/);
    const expected = ['文件', ...PROJECT_FORM.summaryKeys.map((k) => k.zh), ...PROJECT_FORM.summaryColumns.map((c) => c.zh), '产出指标', '成本指标', '效益指标', '满意度指标', '错误', '警告', '已抑制'];
    expect(header).toEqual(expected);
    for (const word of ['级次', '任务数', '任务资金', '支出合计']) expect(lines[0]).not.toContain(word);
    // 项目期 as start–end, 项目属性 as written
    const heritage = yamlOf(PROJECTS[1]!);
    const row = lines.find((l) => l.startsWith(PROJECTS[1]!))!;
    expect(row).toContain(`${String(valueAt(heritage, 'period.start'))}–${String(valueAt(heritage, 'period.end'))}`);
    expect(row).toContain(String(valueAt(heritage, 'kind')));
    expect(row).toContain(String(valueAt(heritage, 'project')));
  });

  it('json: each row keyed by the form\'s columns, 项目期 as {start, end}, totals the sums of the rows', () => {
    const r = run(['summary', '-f', 'json', ...PROJECTS]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as FormSummary;
    // 填报信息 when the form has it (as the department form)
    const filer = PROJECT_FORM.fields.some((f) => f.path === 'filer') ? ['filer'] : [];
    expect(Object.keys(s.rows[0]!)).toEqual(['file', ...PROJECT_FORM.summaryKeys.map((k) => k.id), 'precision', ...filer, 'amounts', 'indicators', 'errors', 'warnings', 'suppressed', 'included']);
    PROJECTS.forEach((f, i) => {
      const data = yamlOf(f);
      const row = s.rows[i]!;
      expect(row).toMatchObject({ file: f, project: valueAt(data, 'project'), department: valueAt(data, 'department'), implementer: valueAt(data, 'implementer'), kind: valueAt(data, 'kind'), year: valueAt(data, 'year') });
      expect(row.period).toEqual({ start: valueAt(data, 'period.start'), end: valueAt(data, 'period.end') });
      for (const c of PROJECT_FORM.summaryColumns) expect(row.amounts[c.id]).toBe(money(cents(data, c.field)));
    });
    for (const c of PROJECT_FORM.summaryColumns) {
      expect(s.totals.amounts[c.id]).toBe(money(PROJECTS.reduce((acc, f) => acc + cents(yamlOf(f), c.field), 0)));
    }
    expect(s.totals).not.toHaveProperty('tasks');
  });

  it('csv and markdown: the same columns, with English headers under --lang en', () => {
    const csv = run(['summary', '-f', 'csv', '--lang', 'en', ...PROJECTS]);
    const table = parseCsv(csv.stdout.replace(/^\uFEFF/, ''));
    expect(table[0]).toEqual(['File', ...PROJECT_FORM.summaryKeys.map((k) => k.en), ...PROJECT_FORM.summaryColumns.map((c) => c.en), 'Output', 'Cost', 'Benefit', 'Satisfaction', 'Errors', 'Warnings', 'Suppressed', 'In totals']);
    const heritage = yamlOf(PROJECTS[1]!);
    const periodAt = table[0]!.indexOf('Period');
    expect(table[2]![periodAt]).toBe(`${String(valueAt(heritage, 'period.start'))}–${String(valueAt(heritage, 'period.end'))}`);
    expect(table[2]![table[0]!.indexOf('Annual funds')]).toBe(money(cents(heritage, 'funds.annual.total')));
    const md = run(['summary', '-f', 'markdown', ...PROJECTS]).stdout.split('\n');
    expect(md[0]).toBe(`| 文件 | ${[...PROJECT_FORM.summaryKeys.map((k) => k.zh), ...PROJECT_FORM.summaryColumns.map((c) => c.zh)].join(' | ')} | 产出指标 | 成本指标 | 效益指标 | 满意度指标 | 错误 | 警告 | 已抑制 |`);
    // 年度 and 项目期 are numbers (right-aligned); the texts left-aligned
    expect(md[1]).toBe(`|---|---|---|---|---:|---|---:|${PROJECT_FORM.summaryColumns.map(() => '---:').join('|')}|---:|---:|---:|---:|---:|---:|---:|`);
  });

  it('a project file with a structure error: a row with what can be read (项目期 half), out of the totals', () => {
    const dir = scratch();
    const text = readFileSync(path.join(repoRoot, PROJECTS[1]!), 'utf8');
    writeFileSync(path.join(dir, 'broken.yaml'), text.replace('  end: 2024\n', '  end: soon\n').replace('    total: 50.00\n', '    total: 五十\n'));
    const r = run(['summary', '-f', 'json', path.join(dir, 'broken.yaml'), PROJECTS[0]!]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as FormSummary;
    const broken = s.rows[0]!;
    expect(broken.period).toEqual({ start: 2022, end: null });
    expect(broken.amounts.annualTotal).toBeNull();
    expect(broken.amounts.periodTotal).toBe('165.00');
    expect(broken.included).toBe(false);
    expect(s.totals.files).toBe(1);
    expect(s.totals.amounts.annualTotal).toBe(money(cents(yamlOf(PROJECTS[0]!), 'funds.annual.total')));
  });
});

describe('declare summary: a mixed set', () => {
  it("one summary per form, each with its own columns, then per department: its 项目支出 beside its projects' annual funds", () => {
    const dir = scratch();
    // a project of another department, and a broken project of this one (left out)
    const other = readFileSync(path.join(repoRoot, PROJECTS[0]!), 'utf8').replace(/^department: .*$/m, 'department: 广州市花都区狮岭镇人民政府').replace(/^year: 2023$/m, 'year: 2024')
      .replace(/start: 2023/, 'start: 2024').replace(/end: 2023/, 'end: 2024');
    writeFileSync(path.join(dir, 'other.yaml'), other);
    writeFileSync(path.join(dir, 'broken.yaml'), readFileSync(path.join(repoRoot, PROJECTS[1]!), 'utf8').replace('    total: 165.00\n', '    total: 166.00\n'));
    const files = [DEPT, 'examples/huadu-shiling-town-2024.yaml', ...PROJECTS, path.join(dir, 'other.yaml'), path.join(dir, 'broken.yaml')];
    const r = run(['summary', '-f', 'json', ...files]);
    expect(r.code).toBe(1); // broken.yaml: M005
    const s = JSON.parse(r.stdout) as { forms: FormSummary[]; departments: { department: string; year: number; amounts: Record<string, string | null> }[] };
    expect(s.forms.map((f) => f.form)).toEqual([DEPARTMENT_FORM.id, PROJECT_FORM.id]);
    expect(Object.keys(s.forms[0]!.rows[0]!)).toContain('tasks');
    expect(Object.keys(s.forms[1]!.totals.amounts)).toEqual(PROJECT_FORM.summaryColumns.map((c) => c.id));
    const dept = yamlOf(DEPT);
    const town = yamlOf('examples/huadu-shiling-town-2024.yaml');
    const ours = PROJECTS.reduce((acc, f) => acc + cents(yamlOf(f), 'funds.annual.total'), 0);
    expect(s.departments).toEqual([
      { department: valueAt(dept, 'department'), year: 2023, amounts: { [DEPARTMENT_FORM.id]: money(cents(dept, DEPARTMENT_FORM.rollup.field)), [PROJECT_FORM.id]: money(ours) } },
      { department: valueAt(town, 'department'), year: 2024, amounts: { [DEPARTMENT_FORM.id]: money(cents(town, DEPARTMENT_FORM.rollup.field)), [PROJECT_FORM.id]: money(cents(parse(other), 'funds.annual.total')) } },
    ]);
    // the broken project is in its form's rows, out of its totals and of the department line
    expect(s.forms[1]!.rows.map((x) => [path.basename(x.file), x.included]).sort()).toEqual([['broken.yaml', false], ['huadu-project-congress-2023.yaml', true], ['huadu-project-heritage-2023.yaml', true], ['other.yaml', true]]);
    const table = run(['summary', ...files]).stdout;
    expect(table.indexOf(DEPARTMENT_FORM.title)).toBeLessThan(table.indexOf(PROJECT_FORM.title));
    expect(table).toMatch(new RegExp(`按部门\\n\\n部门 +年度 +${DEPARTMENT_FORM.rollup.zh} +${PROJECT_FORM.rollup.zh}\\n`));
    const md = run(['summary', '-f', 'markdown', ...files]).stdout;
    expect(md).toContain(`### ${PROJECT_FORM.title}`);
    expect(md).toContain(`| 部门 | 年度 | ${DEPARTMENT_FORM.rollup.zh} | ${PROJECT_FORM.rollup.zh} |`);
    const csv = parseCsv(run(['summary', '-f', 'csv', ...files]).stdout.replace(/^\uFEFF/, ''));
    expect(csv.at(-2)).toEqual([String(valueAt(dept, 'department')), '2023', money(cents(dept, DEPARTMENT_FORM.rollup.field)), money(ours)]);
  });
});
