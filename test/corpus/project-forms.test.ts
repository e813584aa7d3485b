/**
 * The corpus's project forms (form: 项目支出) through the real binary: the four-decimal
 * amounts of 宁乡市坝塘镇 (forms.md "Amount precision" on the project form), the synonym
 * label, and the indicator attributes on a project form (forms.md "More about an indicator").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, scratch } from '../review/helpers.js';

const NINGXIANG = 'test/fixtures/corpus/ningxiang-batang-project-2021.yaml';
const EZHOU = 'test/fixtures/corpus/ezhou-jiguan-project-2022.yaml';

interface Json { files: { diagnostics: { rule: string; line: number; severity: string; path: (string | number)[] }[] }[] }

function validate(file: string): { code: number; found: string[] } {
  const r = run(['validate', '--format', 'json', file]);
  const json = JSON.parse(r.stdout) as Json;
  return { code: r.code, found: json.files[0]!.diagnostics.map((d) => `${d.rule} ${d.path.join('.')}`) };
}

function withText(text: string): string {
  const file = path.join(scratch(), 'x.yaml');
  writeFileSync(file, text);
  return file;
}

describe('宁乡市坝塘镇 as a project form', () => {
  const text = readFileSync(NINGXIANG, 'utf8');

  it('precision: 4 takes 6923.3552 + 3683.3970 = 10606.7522 exactly: warnings only, no S002, no M005', () => {
    const r = validate(NINGXIANG);
    expect(r.code).toBe(0);
    expect(r.found.filter((f) => /^[SM]/.test(f))).toEqual([]);
    expect(r.found).toContain('R013 indicators.满意度指标.社会公众或服务对象满意度指标.0.name');
  });

  it('without precision: 4, the same amounts are S002 (two decimals is the default on the project form too)', () => {
    const r = validate(withText(text.replace(/^precision: 4 .*\n/m, '')));
    expect(r.code).toBe(1);
    expect(r.found.filter((f) => f.startsWith('S002'))).toEqual([
      'S002 funds.period.total', 'S002 funds.period.appropriation', 'S002 funds.period.other',
      'S002 funds.annual.total', 'S002 funds.annual.appropriation', 'S002 funds.annual.other',
    ]);
  });

  it('an annual amount 0.0001 over the period amount is M006, read to the fourth decimal', () => {
    const r = validate(withText(text.replace('annual: { total: 10606.7522, appropriation: 6923.3552, other: 3683.3970 }', 'annual: { total: 10606.7523, appropriation: 6923.3553, other: 3683.3970 }')));
    expect(r.found).toContain('M006 funds.annual.total');
  });

  it('render prints the project funds with four decimals', () => {
    const out = scratch();
    const r = run(['render', '-o', out, NINGXIANG]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(path.join(out, 'ningxiang-batang-project-2021.html'), 'utf8');
    for (const a of ['10,606.7522', '6,923.3552', '3,683.3970']) expect(html).toContain(a);
    expect(html).not.toContain('10,606.75<');
  });
});

describe('鄂州 滨湖大楼 as a project form', () => {
  it('its 绩效标准 cells are the indicators’ `note`: accepted on the project form', () => {
    expect(validate(EZHOU).found.filter((f) => f.startsWith('S'))).toEqual([]);
  });

  it('type and unit on a project form are judged (R017, R018) as on the department form', () => {
    const text = readFileSync(EZHOU, 'utf8').replace('        note: 反映大楼保卫巡检情况\n', '        note: 反映大楼保卫巡检情况\n        unit: "%"\n');
    expect(validate(withText(text)).found).toContain('R018 indicators.产出指标.数量指标.1.unit');
  });
});
