import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, parseCsv, repoRoot, run, scratch } from './helpers.js';

const EXAMPLES = ['examples/guangzhou-city-sports-2024.yaml', 'examples/huadu-propaganda-2023.yaml', 'examples/huadu-shiling-town-2024.yaml'];
const BROKEN = 'test/fixtures/rules/m001-off-by-one-cent.yaml';
const NOT_YAML = 'test/fixtures/rules/y001-duplicate-key.yaml';

describe('declare summary', () => {
  it('prints a CJK-aligned table with exact totals (exit 0)', () => {
    const r = run(['summary', ...EXAMPLES]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^文件 +部门 +年度 +级次 +支出合计 +基本支出 +项目支出 +事业发展性支出 +财政拨款 +本级 +转移支付 +任务数 +任务资金 +产出指标 +成本指标 +效益指标 +满意度指标 +错误 +警告 +已抑制$/);
    expect(lines).toHaveLength(7); // header, rule, 3 rows, rule, totals
    const total = lines[6]!;
    expect(total).toMatch(/^合计（3 份） +29,111\.19 +10,645\.50 +13,064\.62 +5,401\.07 +27,861\.19 +26,271\.19 +2,840\.00 +12 +11,265\.90 +14 +1 +6 +3 +0 +8 +0$/);
    // Every row ends at the same display column (CJK characters count two cells).
    const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef“”]/.test(ch) ? (/[“”]/.test(ch) ? 1 : 2) : 1), 0);
    const widths = new Set([lines[2], lines[3], lines[4], lines[6]].map((l) => width(l!)));
    expect(widths.size).toBe(1);
  });

  it('lists files with errors, leaves them out of the totals and says so (exit 1)', () => {
    const r = run(['summary', 'examples/huadu-propaganda-2023.yaml', BROKEN, NOT_YAML]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${BROKEN} ✗`);
    expect(r.stdout).toContain(`${NOT_YAML} ✗`);
    expect(r.stdout).toMatch(/合计（1 份） +3,797\.06 +1,499\.73/);
    expect(r.stdout).toContain(`✗ 有错误的 2 份申报表未计入合计：${BROKEN}、${NOT_YAML}`);
  });

  it('gives a row with what is known for a file with structure errors', () => {
    const r = run(['summary', '-f', 'json', 'test/fixtures/rules/s002-exponent.yaml', NOT_YAML]);
    expect(r.code).toBe(1);
    const data = JSON.parse(r.stdout);
    const [s002, y001] = data.rows;
    expect(s002.department).toBe('中国共产党广州市花都区委员会宣传部');
    expect(s002.amounts.basic).toBeNull(); // the invalid amount
    expect(s002.amounts.total).toBeNull(); // needs basic
    expect(s002.amounts.project).toBe('1354.87');
    expect(s002.included).toBe(false);
    expect(y001).toMatchObject({ department: null, year: null, indicators: null, tasks: null, errors: 1, included: false });
    expect(data.excluded).toEqual(['test/fixtures/rules/s002-exponent.yaml', NOT_YAML]);
    expect(data.totals.files).toBe(0);
    expect(data.totals.amounts.total).toBe('0.00');
  });

  it('json: amounts are exact decimal strings, never floats', () => {
    // 0.10 + 0.20 is 0.30000000000000004 in floating point; the totals must say 0.30.
    const dir = scratch();
    const base = readFileSync(path.join(repoRoot, 'test/fixtures/rules/valid-minimal.yaml'), 'utf8');
    const cents = (basic: string, total: string) =>
      base.replace(/basic: [0-9.]+/, `basic: ${basic}`).replace(/project: [0-9.]+/, 'project: 0')
        .replace(/special: [0-9.]+/, 'special: 0').replace(/(development:[\s\S]*?other:) [0-9.]+/, '$1 0')
        .replace(/appropriation: [0-9.]+/, `appropriation: ${total}`).replace(/(income:[\s\S]*?other:) [0-9.]+/, '$1 0')
        .replace(/own: [0-9.]+/, `own: ${total}`).replace(/transfer: [0-9.]+/, 'transfer: 0').replace(/funds: [0-9.]+/, 'funds: 0');
    writeFileSync(path.join(dir, 'a.yaml'), cents('0.1', '0.10'));
    writeFileSync(path.join(dir, 'b.yaml'), cents('"0.20"', '0.2'));
    const r = run(['summary', '-f', 'json', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.rows.map((x: { amounts: { basic: string } }) => x.amounts.basic)).toEqual(['0.10', '0.20']);
    expect(data.totals.amounts.basic).toBe('0.30');
    expect(data.totals.amounts.total).toBe('0.30');
    expect(r.stdout).not.toMatch(/: [0-9]+\.[0-9]+[,\n]/); // no JSON numbers with decimals anywhere
  });

  it('csv: UTF-8 BOM, CRLF, RFC 4180 quoting, plain amounts, formula guard', () => {
    const r = run(['summary', '-f', 'csv', 'examples/huadu-propaganda-2023.yaml', 'test/fixtures/review/csv-tricky.yaml', BROKEN]);
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('\uFEFF')).toBe(true);
    expect(r.stdout.endsWith('\r\n')).toBe(true);
    expect(r.stdout.replace(/\r\n/g, '')).not.toContain('\n');
    const rows = parseCsv(r.stdout.slice(1));
    expect(rows[0]).toEqual(['文件', '部门', '年度', '级次', '支出合计', '基本支出', '项目支出', '事业发展性支出', '财政拨款', '本级', '转移支付', '任务数', '任务资金', '产出指标', '成本指标', '效益指标', '满意度指标', '错误', '警告', '已抑制', '计入合计']);
    expect(rows.every((row) => row.length === 21)).toBe(true);
    expect(rows[1]!.slice(0, 7)).toEqual(['examples/huadu-propaganda-2023.yaml', '中国共产党广州市花都区委员会宣传部', '2023', '区', '3797.06', '1499.73', '1354.87']);
    expect(rows[1]![20]).toBe('是');
    expect(rows[2]![1]).toBe(`'=HYPERLINK("x"), 部门 "甲"`);
    expect(rows[3]![20]).toBe('否');
    expect(rows[4]![0]).toBe('合计（2 份）');
    expect(rows[4]![4]).toBe('7594.12');
  });

  it('markdown: a GitHub table with right-aligned numbers and a note', () => {
    const r = run(['summary', '-f', 'markdown', '--lang', 'en', ...EXAMPLES, BROKEN]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('| File | Department | Year | Level | Total | Basic | Project | Development | Appropriation | Own level | Transfers | Tasks | Task funds | Output | Cost | Benefit | Satisfaction | Errors | Warnings | Suppressed |');
    expect(lines[1]).toBe('|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    expect(lines[6]).toMatch(/^\| \*\*Total \(3 files\)\*\* \|  \|  \|  \| \*\*29,111\.19\*\* \|/);
    expect(lines.at(-1)).toBe(`✗ 1 declaration(s) with errors left out of the totals: ${BROKEN}`);
  });

  it('markdown escapes | in user text', () => {
    const dir = scratch();
    copyFileSync(path.join(fixtures, 'csv-tricky.yaml'), path.join(dir, 'x.yaml'));
    const text = readFileSync(path.join(dir, 'x.yaml'), 'utf8').replace(/^department: .*$/m, 'department: 甲|乙');
    writeFileSync(path.join(dir, 'x.yaml'), text);
    const r = run(['summary', '-f', 'markdown', dir]);
    expect(r.stdout).toContain('| 甲\\|乙 |');
  });

  it('--output writes the file atomically; nothing on stdout', () => {
    const dir = scratch();
    const out = path.join(dir, 'summary.csv');
    const r = run(['summary', '-f', 'csv', '-o', out, ...EXAMPLES]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8').startsWith('\uFEFF文件,')).toBe(true);
  });

  it('exit 2 for an input that does not exist', () => {
    const r = run(['summary', 'examples', 'nope.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yaml');
  });

  it('reads the same files the same way every time (deterministic)', () => {
    // examples/ also holds project forms: a mixed set, the same output whatever the order
    const all = [...EXAMPLES, 'examples/huadu-project-congress-2023.yaml', 'examples/huadu-project-heritage-2023.yaml'];
    const a = run(['summary', ...all.slice().reverse()]);
    const b = run(['summary', 'examples/*.yaml']);
    expect(a.stdout).toBe(b.stdout);
  });
});
