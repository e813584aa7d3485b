/**
 * forms.md "Amount precision" and "Who filed it" through the real binary: validate,
 * render (HTML), summary and diff on four-decimal forms and the filer line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../review/helpers.js';
import { scratchDir } from '../helpers/scratch.js';

const FOUR = 'test/fixtures/fields/precision-4-filer.yaml';
const TWO = 'test/fixtures/fields/precision-2.yaml';
const scratch = () => scratchDir('declare-fields-');

/** Validate one text as a file; the diagnostics as `RULE line`. */
function validate(text: string): { code: number; found: string[] } {
  const dir = scratch();
  const file = path.join(dir, 'x.yaml');
  writeFileSync(file, text);
  const r = run(['validate', '--format', 'json', file]);
  const json = JSON.parse(r.stdout) as { files: { diagnostics: { rule: string; line: number }[] }[] };
  return { code: r.code, found: json.files[0]!.diagnostics.map((d) => `${d.rule} ${d.line}`) };
}

describe('precision: 4', () => {
  const four = readFileSync(FOUR, 'utf8');

  it('takes 724.2318 + 243.96 = 968.1918 exactly: no S002, no M001, no M002', () => {
    expect(validate(four)).toEqual({ code: 0, found: [] });
  });

  it('without it, four decimals are S002 (precision 2 is the default)', () => {
    const r = validate(four.replace(/^precision: 4\n/m, ''));
    expect(r.code).toBe(1);
    expect(r.found.every((f) => f.startsWith('S002 '))).toBe(true);
    expect(r.found).toContain('S002 12');
  });

  it('five decimals are S002 even with it, and the message says four', () => {
    const dir = scratch();
    const file = path.join(dir, 'x.yaml');
    writeFileSync(file, four.replace('basic: 724.2318', 'basic: 724.23181'));
    const r = run(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('S002');
    expect(r.stdout).toContain('最多四位小数');
  });

  it('a sum off by 0.0001 is M001, and the message shows four decimals', () => {
    const dir = scratch();
    const file = path.join(dir, 'x.yaml');
    writeFileSync(file, four.replace('appropriation: 968.1918', 'appropriation: 968.1917').replace('own: 968.1918', 'own: 968.1917'));
    const r = run(['validate', '--lang', 'en', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('M001');
    expect(r.stdout).toContain('total expenditure 968.1918 ≠ total income 968.1917, a difference of 0.0001');
  });

  it('precision other than 2 or 4 is S001', () => {
    const r = validate(four.replace(/^precision: 4$/m, 'precision: 3'));
    expect(r.found, JSON.stringify(r)).toContain('S001 10');
  });

  it('render prints every amount with four decimals', () => {
    const out = scratch();
    const r = run(['render', '-o', out, FOUR]);
    expect(r.code).toBe(0);
    const html = readFileSync(path.join(out, 'precision-4-filer.html'), 'utf8');
    for (const a of ['724.2318', '243.9600', '968.1918', '200.1234']) expect(html).toContain(`>${a}<`);
    expect(html).not.toMatch(/>[0-9,]+\.[0-9]{2}</);
  });

  it('summary shows the precision (JSON field and a column) and totals with four decimals', () => {
    const json = JSON.parse(run(['summary', '--format', 'json', FOUR, TWO]).stdout) as {
      rows: { precision: number; amounts: Record<string, string>; filer: unknown }[];
      totals: { precision: number; amounts: Record<string, string> };
    };
    // rows in file-name order: precision-2.yaml, precision-4-filer.yaml
    expect(json.rows.map((r) => r.precision)).toEqual([2, 4]);
    expect(json.rows[1]!.amounts.total).toBe('968.1918');
    expect(json.rows[0]!.amounts.total).toBe('968.19');
    expect(json.totals).toMatchObject({ precision: 4, amounts: { total: '1936.3818' } });
    const table = run(['summary', FOUR, TWO]).stdout.split('\n');
    expect(table[0]).toMatch(/级次 +小数位 +支出合计/);
    expect(table[2]).toMatch(/区 +2 +968\.19 /); // each row with its own precision
    expect(table[3]).toMatch(/区 +4 +968\.1918 /);
    // Files without four decimals: no precision column, as before.
    expect(run(['summary', TWO]).stdout).not.toContain('小数位');
  });

  it('diff shows both precisions and the changes in four decimals', () => {
    const r = run(['diff', TWO, FOUR]);
    expect(r.code).toBe(1); // like diff(1): 1 when they differ
    expect(r.stdout).toContain('金额小数位数：2 → 4');
    expect(r.stdout).toMatch(/基本支出 +724\.2300 → 724\.2318 \(\+0\.0018\)/);
    const json = JSON.parse(run(['diff', '--format', 'json', TWO, FOUR]).stdout) as { precision: unknown; amounts: { field: string; delta: string }[] };
    expect(json.precision).toEqual({ old: 2, new: 4 });
    expect(json.amounts.find((a) => a.field === 'budget.expenditure.basic')?.delta).toBe('0.0018');
  });

  it('fmt keeps four decimals (and writes them all with four)', () => {
    const dir = scratch();
    const file = path.join(dir, 'x.yaml');
    writeFileSync(file, four);
    expect(run(['fmt', file]).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('basic: 724.2318\n');
    expect(text).toContain('project: 243.9600\n');
    expect(validate(text)).toEqual({ code: 0, found: [] });
  });
});

describe('filer', () => {
  it('is printed as one line between the title block and the table', () => {
    const out = scratch();
    expect(run(['render', '-o', out, FOUR]).code).toBe(0);
    const html = readFileSync(path.join(out, 'precision-4-filer.html'), 'utf8');
    const line = /<span class="filer">(.*?)<\/span>/.exec(html)?.[1]?.replace(/<[^>]+>/g, ' ').replace(/[ \u3000]+/g, ' ').trim();
    expect(line).toBe('填报单位（盖章）：广州市花都区新华街道办事处 填报人：张三 联系电话：020-12345678 填报日期：2023-01-15');
    expect(html.indexOf('class="year"')).toBeLessThan(html.indexOf('class="filer"'));
    expect(html.indexOf('class="filer"')).toBeLessThan(html.indexOf('<table'));
  });

  it('is absent from the page when the file has none', () => {
    const out = scratch();
    expect(run(['render', '-o', out, TWO]).code).toBe(0);
    expect(readFileSync(path.join(out, 'precision-2.html'), 'utf8')).not.toContain('class="filer"');
  });

  it('is in summary JSON (null when absent)', () => {
    const json = JSON.parse(run(['summary', '--format', 'json', FOUR, TWO]).stdout) as { rows: { filer: unknown }[] };
    expect(json.rows[1]!.filer).toEqual({ unit: '广州市花都区新华街道办事处', person: '张三', phone: '020-12345678', date: '2023-01-15' });
    expect(json.rows[0]!.filer).toBeNull();
  });

  it('date must be a real date: 2023-02-30 and 2023/01/15 are S001, 2024-02-29 is fine', () => {
    const four = readFileSync(FOUR, 'utf8');
    expect(validate(four.replace('2023-01-15', '2023-02-30')).found).toEqual(['S001 9']);
    expect(validate(four.replace('2023-01-15', '2023/01/15')).found).toEqual(['S001 9']);
    expect(validate(four.replace('2023-01-15', '2024-02-29')).found).toEqual([]);
    expect(validate(four.replace('2023-01-15', '2023-02-29')).found).toEqual(['S001 9']);
  });

  it('every field is optional; an unknown one is S001 with a hint', () => {
    const four = readFileSync(FOUR, 'utf8');
    expect(validate(four.replace(/  person: 张三\n  phone: 020-12345678\n/, '')).found).toEqual([]);
    expect(validate(four.replace('  person: 张三', '  persn: 张三')).found).toEqual(['S001 7']);
  });
});
