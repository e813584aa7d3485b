/**
 * R017 (a 定量 indicator whose value has no number) and R018 (a unit none of the values
 * uses) through the real binary: where they point, what they say in zh and en, and that
 * a configuration file turns them off. The fixtures' `# expect:` lines cover firing and
 * the near misses (test/rules/fixtures.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runNode } from '../helpers/spawn.js';

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'rules');
const r017 = path.join(fixtures, 'r017-quantitative-no-number.yaml');
const r018 = path.join(fixtures, 'r018-unit-unused.yaml');

interface JsonReport {
  files: { diagnostics: { rule: string; severity: string; message: string; line: number; path: (string | number)[] }[] }[];
}
const diagnostics = (stdout: string) => (JSON.parse(stdout) as JsonReport).files[0]!.diagnostics;

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'declare-r017-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('R017 and R018 through declare validate', () => {
  it('R017 warns at each value of a 定量 indicator without a number, in zh and en', async () => {
    const [zh, en] = await Promise.all([
      runNode(BIN, ['validate', r017, '--format', 'json']),
      runNode(BIN, ['validate', r017, '--format', 'json', '--lang', 'en']),
    ]);
    expect(zh.status).toBe(0);
    const d = diagnostics(zh.stdout);
    expect(d.map((x) => [x.rule, x.severity, x.line, x.path.join('.')])).toEqual([
      ['R017', 'warning', 35, 'indicators.效益指标.社会效益指标.0.period'],
      ['R017', 'warning', 36, 'indicators.效益指标.社会效益指标.0.annual'],
      ['R017', 'warning', 40, 'indicators.效益指标.社会效益指标.1.annual'],
    ]);
    expect(d[0]!.message).toContain('「覆盖面明显扩大」');
    expect(d[0]!.message).toContain('定性');
    expect(diagnostics(en.stdout)[0]!.message).toContain('is marked 定量 (quantitative)');
  });

  it('R018 warns at the unit and names the units the values use', async () => {
    const [zh, en] = await Promise.all([
      runNode(BIN, ['validate', r018, '--format', 'json']),
      runNode(BIN, ['validate', r018, '--format', 'json', '--lang', 'en']),
    ]);
    expect(zh.status).toBe(0);
    const d = diagnostics(zh.stdout);
    expect(d.map((x) => [x.rule, x.line, x.path.at(-1)])).toEqual([
      ['R018', 34, 'unit'],
      ['R018', 38, 'unit'],
      ['R018', 42, 'unit'],
      ['R018', 47, 'unit'],
      ['R018', 51, 'unit'],
    ]);
    // A 定性 indicator with unit % and the value 应保尽保 (a real form's row): no number, no other rule speaks.
    expect(d[3]!.message).toBe('「保证单位正常运转」的计量单位「%」在指标值中没有用到：请让计量单位与指标值的单位一致');
    expect(d[0]!.message).toContain('计量单位「%」');
    expect(d[0]!.message).toContain('指标值用的是 场');
    expect(d[2]!.message).toContain('指标值用的是 人次');
    expect(diagnostics(en.stdout)[1]!.message).toBe('unit "万元" of "宣传活动经费" is used by none of its values (the values use 元): make the unit and the values agree');
  });

  it('a configuration file turns them off or makes them errors', async () => {
    const off = path.join(work, 'off.yaml');
    const err = path.join(work, 'err.yaml');
    writeFileSync(off, 'rules:\n  R017: off\n  R018: off\n');
    writeFileSync(err, 'rules:\n  R018: error\n');
    const [a, b] = await Promise.all([
      runNode(BIN, ['validate', r017, r018, '--config', off]),
      runNode(BIN, ['validate', r018, '--config', err]),
    ]);
    expect(a.status).toBe(0);
    expect(a.stdout).not.toMatch(/R01[78]/);
    expect(b.status).toBe(1);
    expect(b.stdout).toContain('R018');
  });
});
