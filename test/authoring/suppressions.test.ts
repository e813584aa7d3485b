/**
 * Issue 4 item 5: inline suppressions `# declare-disable-next-line R003 -- 理由` and
 * `# declare-disable-line R003 -- 理由`. The reason is required (S004 otherwise, and
 * nothing is suppressed); a suppression that matches nothing is R009 (a warning that
 * configuration can turn off); Y and S rules cannot be suppressed. Through the binary.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BASE, assertBuilt, declare, lineOf, replaceOnce, ruleLines, scratch, validateJson, type JsonReport } from './helpers.js';

const PERIOD = '        period: 按计划举办展会\n';
const ANNUAL = '        annual: 按计划举办展会\n';

let dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs) d.cleanup();
  dirs = [];
});

/** Validate `text` as d.yaml (with an optional configuration beside it). */
async function check(text: string, config?: string): Promise<{ status: number | null; report: JsonReport; text: string }> {
  const s = scratch(config === undefined ? { 'd.yaml': text } : { 'd.yaml': text, 'declare.config.yaml': config });
  dirs.push(s);
  const { status, report } = await validateJson(['d.yaml'], { cwd: s.dir });
  return { status, report, text };
}

beforeAll(assertBuilt);

describe('suppressing', () => {
  it('declare-disable-next-line suppresses the rule on the next line only', async () => {
    const text = replaceOnce(BASE, PERIOD, `        # declare-disable-next-line R003 -- 上级文件未规定数量\n${PERIOD}`);
    const { status, report } = await check(text);
    expect(ruleLines(report)).toEqual([`R003 ${lineOf(text, 'annual: 按计划')}`]);
    expect(status).toBe(0);
  });

  it('declare-disable-line suppresses the rule on its own line', async () => {
    const text = replaceOnce(BASE, ANNUAL, '        annual: 按计划举办展会  # declare-disable-line R003 -- 同上级文件口径\n');
    const { report } = await check(text);
    expect(ruleLines(report)).toEqual([`R003 ${lineOf(text, 'period: 按计划')}`]);
  });

  it('both together leave a clean file', async () => {
    let text = replaceOnce(BASE, PERIOD, `        # declare-disable-next-line R003 -- 上级文件未规定数量\n${PERIOD}`);
    text = replaceOnce(text, ANNUAL, '        annual: 按计划举办展会  # declare-disable-line R003 -- 同上\n');
    const { status, report } = await check(text);
    expect(report.files[0]!.diagnostics).toEqual([]);
    expect(status).toBe(0);
  });

  it('suppresses an error-severity rule too (R001), turning the exit code to 0', async () => {
    const noBenefit = BASE.replace(/  效益指标:\n(?: {4}.*\n)+/, '');
    const text = replaceOnce(noBenefit, 'indicators:\n', 'indicators:  # declare-disable-line R001, R003 -- 本部门无效益指标（示例）\n');
    const before = await check(noBenefit);
    expect(before.report.files[0]!.diagnostics.map((d) => d.rule)).toContain('R001');
    expect(before.status).toBe(1);
    const { status, report } = await check(text);
    // R001 suppressed; R003 is not on that line, so the R003 in the list is unused
    expect(ruleLines(report)).toEqual([`R009 ${lineOf(text, 'indicators:')}`, `R003 ${lineOf(text, 'period: 按计划')}`, `R003 ${lineOf(text, 'annual: 按计划')}`].sort(byLine));
    expect(report.files[0]!.diagnostics.find((d) => d.rule === 'R009')!.message).toContain('R003');
    expect(status).toBe(0);
  });

  it('a list of rules and lower-case IDs work; only the unused one is reported', async () => {
    const text = replaceOnce(BASE, PERIOD, `        # declare-disable-next-line r003, R006 -- 理由\n${PERIOD}`);
    const { report } = await check(text);
    const r009 = report.files[0]!.diagnostics.filter((d) => d.rule === 'R009');
    expect(r009).toHaveLength(1);
    expect(r009[0]!.message).toContain('R006');
    expect(r009[0]!.message).not.toContain('R003');
    expect(ruleLines(report)).toEqual([`R009 ${lineOf(text, 'declare-disable')}`, `R003 ${lineOf(text, 'annual: 按计划')}`]);
  });
});

describe('S004: malformed suppressions are errors and suppress nothing', () => {
  it('a missing reason: S004 on the comment, and the diagnostic is NOT suppressed', async () => {
    const text = replaceOnce(BASE, PERIOD, `        # declare-disable-next-line R003\n${PERIOD}`);
    const { status, report } = await check(text);
    const comment = lineOf(text, 'declare-disable');
    expect(ruleLines(report)).toEqual([`S004 ${comment}`, `R003 ${comment + 1}`, `R003 ${comment + 2}`]);
    const s004 = report.files[0]!.diagnostics[0]!;
    expect(s004.severity).toBe('error');
    expect(s004.message).toContain('理由');
    expect(s004.column).toBe(9); // the `#`
    expect(status).toBe(1);
  });

  it('an empty reason after -- is a missing reason', async () => {
    const text = replaceOnce(BASE, ANNUAL, '        annual: 按计划举办展会  # declare-disable-line R003 --   \n');
    const { report } = await check(text);
    // sorted by line, then column: the value (R003) comes before the comment (S004)
    expect(ruleLines(report)).toEqual([`R003 ${lineOf(text, 'period: 按计划')}`, `R003 ${lineOf(text, 'annual: 按计划')}`, `S004 ${lineOf(text, 'annual: 按计划')}`]);
  });

  it('an unknown rule', async () => {
    const text = replaceOnce(BASE, PERIOD, `        # declare-disable-next-line R999 -- 理由\n${PERIOD}`);
    const { report } = await check(text);
    const s004 = report.files[0]!.diagnostics.find((d) => d.rule === 'S004')!;
    expect(s004.line).toBe(lineOf(text, 'R999'));
    expect(s004.message).toContain('R999');
  });

  it('no rule at all', async () => {
    const text = replaceOnce(BASE, PERIOD, `        # declare-disable-next-line -- 理由\n${PERIOD}`);
    const { report } = await check(text);
    expect(report.files[0]!.diagnostics.filter((d) => d.rule === 'S004').map((d) => d.line)).toEqual([lineOf(text, 'declare-disable')]);
  });

  it('suppressing S001 is refused (S004) and the S001 stays', async () => {
    const text = replaceOnce(BASE, 'level: 镇\n', 'level: 镇\n# declare-disable-next-line S001 -- 暂时保留\nremark: 旧字段\n');
    const { status, report } = await check(text);
    expect(ruleLines(report).filter((l) => !l.startsWith('R003'))).toEqual([`S004 ${lineOf(text, 'declare-disable')}`, `S001 ${lineOf(text, 'remark:')}`]);
    expect(report.files[0]!.diagnostics[0]!.message).toContain('S001');
    expect(status).toBe(1);
  });

  it('declare-disable-line S002 on a bad amount is refused and the S002 stays', async () => {
    const text = replaceOnce(BASE, '    basic: 2860.35\n', '    basic: 2860.355  # declare-disable-line S002 -- 四舍五入前的数\n');
    const { report } = await check(text);
    const line = lineOf(text, 'basic:');
    expect(ruleLines(report).filter((l) => l.endsWith(` ${line}`)).sort()).toEqual([`S002 ${line}`, `S004 ${line}`]);
  });

  it('Y001 cannot be suppressed: a broken file reports Y001 alone', async () => {
    const text = replaceOnce(BASE, 'level: 镇\n', 'level: 镇\n# declare-disable-next-line Y001 -- 重复\nlevel: 区\n');
    const { status, report } = await check(text);
    expect(ruleLines(report)).toEqual([`Y001 ${lineOf(text, 'level: 区')}`]);
    expect(status).toBe(1);
  });
});

describe('R009: unused suppressions', () => {
  it('a suppression on a line without that problem is a warning at the comment', async () => {
    const text = replaceOnce(BASE, '    basic: 2860.35\n', '    basic: 2860.35  # declare-disable-line R003 -- 旧注释\n');
    const { status, report } = await check(text);
    const line = lineOf(text, 'basic:');
    const r009 = report.files[0]!.diagnostics.find((d) => d.rule === 'R009')!;
    expect([r009.line, r009.severity]).toEqual([line, 'warning']);
    expect(r009.column).toBe(text.split('\n')[line - 1]!.indexOf('#') + 1);
    expect(status).toBe(0);
  });

  it('a next-line suppression whose problem was fixed', async () => {
    const fixed = BASE.replaceAll('按计划举办展会', '举办展会不少于2场');
    const text = replaceOnce(fixed, '        period: 举办展会不少于2场\n', '        # declare-disable-next-line R003 -- 当时没有数量\n        period: 举办展会不少于2场\n');
    const { report } = await check(text);
    expect(ruleLines(report)).toEqual([`R009 ${lineOf(text, 'declare-disable')}`]);
  });

  it('can be configured off', async () => {
    const text = replaceOnce(BASE, '    basic: 2860.35\n', '    basic: 2860.35  # declare-disable-line R003 -- 旧注释\n');
    const { report } = await check(text, 'rules:\n  R009: off\n');
    expect(report.files[0]!.diagnostics.map((d) => d.rule)).toEqual(['R003', 'R003']);
  });

  it('can be made an error (exit 1) by configuration', async () => {
    const text = replaceOnce(BASE, '    basic: 2860.35\n', '    basic: 2860.35  # declare-disable-line R003 -- 旧注释\n');
    const { status, report } = await check(text, 'rules:\n  R009: error\n  R003: off\n');
    expect(report.files[0]!.diagnostics.map((d) => `${d.rule} ${d.severity}`)).toEqual(['R009 error']);
    expect(status).toBe(1);
  });

  it('--max-warnings counts it', async () => {
    const s = scratch({ 'd.yaml': replaceOnce(BASE.replaceAll('按计划举办展会', '不少于2场'), '    basic: 2860.35\n', '    basic: 2860.35  # declare-disable-line R003 -- 旧注释\n') });
    dirs.push(s);
    expect((await declare(['validate', 'd.yaml'], { cwd: s.dir })).status).toBe(0);
    expect((await declare(['validate', '--max-warnings', '0', 'd.yaml'], { cwd: s.dir })).status).toBe(1);
  });
});

describe('only comments are suppressions', () => {
  /**
   * Regression (fixed in 00d8925): the same words inside a quoted value are part of the
   * value, not a comment; they must neither suppress a real diagnostic on that line (here
   * R007 on the garbled text itself) nor be reported as an unused suppression.
   */
  it('text inside a quoted value does not suppress anything', async () => {
    const garbled = '    content: "举办展会啊啊啊啊啊啊 # declare-disable-line R007 -- 引用"\n';
    const text = replaceOnce(BASE, '    content: 举办皮具产业展会，支持企业开展设计创新和品牌建设。\n', garbled);
    const { report } = await check(text);
    expect(report.files[0]!.diagnostics.filter((d) => d.rule === 'R007').map((d) => d.line)).toEqual([lineOf(text, 'content:')]);
  });

  it('text inside a quoted value is not reported as an unused suppression', async () => {
    const text = replaceOnce(BASE, '    content: 举办皮具产业展会，支持企业开展设计创新和品牌建设。\n', '    content: "说明文字 # declare-disable-line R003 -- 引用"\n');
    const { report } = await check(text);
    expect(report.files[0]!.diagnostics.filter((d) => d.rule === 'R009')).toEqual([]);
  });
});

function byLine(a: string, b: string): number {
  return Number(a.split(' ')[1]) - Number(b.split(' ')[1]);
}
