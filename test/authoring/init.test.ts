/**
 * Issue 4 item 2: `declare init [FILE]` writes a commented template that a user
 * completes (--year, --department, --level fill in what they can), never overwrites an
 * existing file without --force, and validating the untouched template lists what
 * remains to fill — through the real binary.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assertBuilt, declare, repoRoot, scratch, validateJson } from './helpers.js';

/** Everything the template leaves for the user: data path → rule. */
const TO_FILL = {
  'budget.expenditure.basic': 'S002',
  'budget.expenditure.project': 'S002',
  'budget.development.other': 'S002',
  'budget.income.appropriation': 'S002',
  'budget.allocation.own': 'S002',
  'goals.0': 'S001',
  'tasks.0.name': 'S001',
  'tasks.0.content': 'S001',
  'tasks.0.expected': 'S001',
  'indicators.产出指标.数量指标.0.name': 'S001',
  'indicators.产出指标.数量指标.0.period': 'S001',
  'indicators.产出指标.数量指标.0.annual': 'S001',
  'indicators.产出指标.成本指标.0.name': 'S001',
  'indicators.产出指标.成本指标.0.period': 'S001',
  'indicators.产出指标.成本指标.0.annual': 'S001',
  'indicators.效益指标.社会效益指标.0.name': 'S001',
  'indicators.效益指标.社会效益指标.0.period': 'S001',
  'indicators.效益指标.社会效益指标.0.annual': 'S001',
};

let dirs: { cleanup: () => void }[] = [];
function tmp(files: Record<string, string> = {}) {
  const s = scratch(files);
  dirs.push(s);
  return s;
}
afterEach(() => {
  for (const d of dirs) d.cleanup();
  dirs = [];
});

beforeAll(assertBuilt);

describe('declare init FILE', () => {
  it('writes a commented template with the given year, department and level', async () => {
    const { dir } = tmp();
    const run = await declare(['init', 'decl.yaml', '--year', '2025', '--department', '广州市花都区文化广电旅游体育局', '--level', '区'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('decl.yaml');
    const text = readFileSync(path.join(dir, 'decl.yaml'), 'utf8');
    const data = parse(text) as Record<string, unknown>;
    expect(data.year).toBe(2025);
    expect(data.department).toBe('广州市花都区文化广电旅游体育局');
    expect(data.level).toBe('区');
    // commented: the form's labels are there to guide the user
    for (const label of ['预算年度', '部门名称', '基本支出', '项目支出', '财政拨款', '区本级使用资金', '总体绩效目标', '年度重点工作任务', '绩效指标']) {
      expect(text, label).toContain(label);
    }
  });

  it('--level names the 本级 row in the comments and the value', async () => {
    const { dir } = tmp();
    expect((await declare(['init', 'town.yaml', '--level', '镇', '--year', '2024'], { cwd: dir })).status).toBe(0);
    const text = readFileSync(path.join(dir, 'town.yaml'), 'utf8');
    expect((parse(text) as { level: string }).level).toBe('镇');
    expect(text).toContain('镇本级使用资金');
    expect(text).not.toContain('区本级使用资金');
  });

  it('in this repository, the modeline is a relative path to the package’s schema (editor completion works at once)', async () => {
    const run = await declare(['init', '--year', '2024'], { cwd: repoRoot });
    expect(run.status).toBe(0);
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(run.stdout.split('\n')[0]!);
    expect(m![1]).toBe('schema/declaration.schema.json');
  });

  it('elsewhere, the modeline never points into the installation: the schema copy at the repository root, and how to create it', async () => {
    const { dir, write } = tmp();
    write('.git/HEAD', 'ref: refs/heads/main\n'); // a repository of its own, the package outside it
    write('sub/dir/.keep', ''); // init does not create directories (a missing one is exit 2)
    const run = await declare(['init', 'dir/decl.yaml', '--year', '2024'], { cwd: path.join(dir, 'sub') });
    expect(run.status).toBe(0);
    const file = path.join(dir, 'sub', 'dir', 'decl.yaml');
    const first = readFileSync(file, 'utf8').split('\n')[0]!;
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(m![1]).toBe('../../schema/declaration.schema.json');
    expect(path.resolve(path.dirname(file), m![1]!)).toBe(path.join(dir, 'schema', 'declaration.schema.json'));
    expect(first).not.toContain(repoRoot);
    // the hint says how to create the copy; once it exists, no hint
    expect(run.stderr).toContain('npx declare schema >');
    write('schema/declaration.schema.json', '{}');
    const again = await declare(['init', 'dir/two.yaml', '--year', '2024'], { cwd: path.join(dir, 'sub') });
    expect(again.stderr).not.toContain('npx declare schema >');
  });

  it.each([
    ['a newline', '宣传部\nlevel: 省', false],
    ['a carriage return', '宣传部\r', false],
    ['an ESC', '宣传部\u001b[2J', false],
    ['colon and space', '宣传部: 科室', true],
    ['a hash', '宣传部 #1', true],
    ['quotes', `"宣传部" 'x'`, true],
    ['a leading dash', '- 宣传部', true],
    ['a leading question mark and brackets', '? [宣传部]', true],
  ])('--department with %s: %s', async (_name, department, ok) => {
    const { dir } = tmp();
    const run = await declare(['init', 'decl.yaml', '--year', '2024', '--department', department as string], { cwd: dir });
    if (!ok) {
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('--department');
      expect(run.stderr).toMatch(/控制字符/);
      expect(existsSync(path.join(dir, 'decl.yaml'))).toBe(false);
      return;
    }
    expect(run.status).toBe(0);
    const text = readFileSync(path.join(dir, 'decl.yaml'), 'utf8');
    expect((parse(text) as { department: string }).department).toBe(department);
    // structurally valid: the only errors are the fields left to fill
    const { report } = await validateJson(['decl.yaml'], { cwd: dir });
    const paths = report.files[0]!.diagnostics.filter((d) => d.severity === 'error').map((d) => d.path.join('.'));
    expect(new Set(paths)).toEqual(new Set(Object.keys(TO_FILL)));
  });

  it('refuses to overwrite an existing file (exit 2, the file unchanged), and says how', async () => {
    const { dir, write } = tmp();
    const file = write('decl.yaml', 'year: 2023\n# my work\n');
    const run = await declare(['init', 'decl.yaml', '--year', '2024'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('decl.yaml');
    expect(run.stderr).toContain('--force');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(file, 'utf8')).toBe('year: 2023\n# my work\n');
  });

  it('overwrites with --force', async () => {
    const { dir, write } = tmp();
    const file = write('decl.yaml', 'old\n');
    const run = await declare(['init', 'decl.yaml', '--year', '2024', '--force'], { cwd: dir });
    expect(run.status).toBe(0);
    expect((parse(readFileSync(file, 'utf8')) as { year: number }).year).toBe(2024);
  });

  it.each([
    [['--level', '州'], '--level'],
    [['--year', '1999'], '--year'],
  ])('rejects a bad option %j (exit 2) and writes nothing', async (args, mentions) => {
    const { dir } = tmp();
    const run = await declare(['init', 'decl.yaml', ...args], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(mentions);
    expect(existsSync(path.join(dir, 'decl.yaml'))).toBe(false);
  });
});

describe('declare init without FILE', () => {
  it('prints the template on stdout', async () => {
    const run = await declare(['init', '--year', '2026', '--department', '测试部门', '--level', '市']);
    expect(run.status).toBe(0);
    const data = parse(run.stdout) as Record<string, unknown>;
    expect([data.year, data.department, data.level]).toEqual([2026, '测试部门', '市']);
  });
});

describe('validating the untouched template', () => {
  it('exits 1 and lists an error for each field left to fill, and nothing else is an error', async () => {
    const { dir } = tmp();
    expect((await declare(['init', 'decl.yaml', '--year', '2024', '--department', '测试部门', '--level', '区'], { cwd: dir })).status).toBe(0);
    const { status, report } = await validateJson(['decl.yaml'], { cwd: dir });
    expect(status).toBe(1);
    const errors = report.files[0]!.diagnostics.filter((d) => d.severity === 'error');
    expect(Object.fromEntries(errors.map((d) => [d.path.join('.'), d.rule]))).toEqual(TO_FILL);
    expect(errors).toHaveLength(Object.keys(TO_FILL).length); // one per field, no duplicates
    // Each points into the template at the field itself.
    const lines = readFileSync(path.join(dir, 'decl.yaml'), 'utf8').split('\n');
    for (const d of errors) {
      const key = String(d.path.filter((p) => typeof p === 'string').at(-1));
      const at = lines[d.line - 1]!;
      expect(at, d.path.join('.')).toMatch(key === 'goals' || typeof d.path.at(-1) === 'number' ? /-/ : new RegExp(`\\b${key}:`));
    }
  });

  it('without --department, the department is one more field to fill', async () => {
    const { dir } = tmp();
    expect((await declare(['init', 'decl.yaml', '--year', '2024'], { cwd: dir })).status).toBe(0);
    const { status, report } = await validateJson(['decl.yaml'], { cwd: dir });
    expect(status).toBe(1);
    const paths = report.files[0]!.diagnostics.filter((d) => d.severity === 'error').map((d) => d.path.join('.'));
    expect(new Set(paths)).toEqual(new Set(['department', ...Object.keys(TO_FILL)]));
  });

  it('once filled in, validates clean', async () => {
    const { dir } = tmp();
    expect((await declare(['init', 'decl.yaml', '--year', '2024', '--department', '测试部门', '--level', '区'], { cwd: dir })).status).toBe(0);
    const file = path.join(dir, 'decl.yaml');
    const fill: [RegExp, string][] = [
      [/^(\s+basic:)\s+#/m, '$1 100.00 #'],
      [/^(\s+project:)\s+#/m, '$1 50.00 #'],
      [/^(\s+other:)\s+# 其他事业发展性支出/m, '$1 10.00 # 其他事业发展性支出'],
      [/^(\s+appropriation:)\s+#/m, '$1 160.00 #'],
      [/^(\s+own:)\s+#/m, '$1 160.00 #'],
      [/^(\s+funds:)\s+#/m, '$1 20.00 #'],
    ];
    let text = readFileSync(file, 'utf8');
    for (const [re, to] of fill) {
      expect(re.test(text), String(re)).toBe(true);
      text = text.replace(re, to);
    }
    const answers = ['完成全年宣传任务。', '宣传活动', '举办宣传活动。', '举办宣传活动不少于10场。', '宣传活动场次', '不少于10场', '不少于10场', '单场宣传活动成本', '不超过0.5万元/场', '不超过0.5万元/场', '群众知晓率', '知晓率不低于80%', '知晓率不低于80%'];
    let i = 0;
    text = text.replace(/""/g, () => JSON.stringify(answers[i++] ?? 'x'));
    expect(i).toBe(answers.length); // the template has exactly these blanks
    writeFileSync(file, text);
    const { status, report } = await validateJson(['decl.yaml'], { cwd: dir });
    expect(report.files[0]!.diagnostics.map((d) => d.rule)).toEqual([]);
    expect(status).toBe(0);
  });
});
