/**
 * Issue 4 item 5: inline suppressions `# declare-disable-next-line R003 -- 理由` and
 * `# declare-disable-line R003 -- 理由`. The reason is required (S004 otherwise, and
 * nothing is suppressed); a suppression that matches nothing is R009 (a warning that
 * configuration can turn off); Y and S rules cannot be suppressed. Through the binary.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BASE, assertBuilt, declare, lineOf, replaceOnce, repoRoot, ruleLines, scratch, validateJson, type JsonReport } from './helpers.js';

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

/**
 * Issue 10 item 2: the file's author must not be able to switch off the budget checks,
 * and whatever they do suppress stays visible to the reviewer (docs/SECURITY.md "Who may
 * silence a check"). Every promise through the binary.
 */
describe('who may silence a check', () => {
  /** BASE with 支出合计 one cent above 收入合计 (M001 at `income:`), and `comment` above it. */
  const offByOneCent = (comment = ''): string =>
    replaceOnce(replaceOnce(BASE, '    basic: 2860.35\n', '    basic: 2860.36\n'), '  income:\n', `${comment}  income:\n`);
  const NO_BENEFIT = BASE.replace(/  效益指标:\n(?: {4}.*\n)+/, '');
  const R001_SUPPRESSED = replaceOnce(NO_BENEFIT, 'indicators:\n', 'indicators:  # declare-disable-line R001 -- 本部门无效益指标（示例）\n');

  function dir(files: Record<string, string>): string {
    const s = scratch(files);
    dirs.push(s);
    return s.dir;
  }

  it('an inline suppression of M001 is refused (S004) and the M001 stays an error (exit 1)', async () => {
    const text = offByOneCent('  # declare-disable-next-line M001 -- 差一分钱，无所谓\n');
    const { status, report } = await check(text);
    expect(ruleLines(report).filter((l) => !l.startsWith('R003'))).toEqual([`S004 ${lineOf(text, 'declare-disable')}`, `M001 ${lineOf(text, 'income:')}`]);
    expect(report.files[0]!.diagnostics[0]!.message).toContain('M001');
    expect(report.files[0]).not.toHaveProperty('suppressedDiagnostics');
    expect(status).toBe(1);
  });

  it('an inline suppression of M002 is refused the same way', async () => {
    const text = replaceOnce(BASE, '    own: 5002.20\n', '    # declare-disable-next-line M002 -- 口径不同\n    own: 5002.21\n');
    const { status, report } = await check(text);
    expect(report.files[0]!.diagnostics.map((d) => d.rule).filter((r) => r !== 'R003').sort()).toEqual(['M002', 'S004']);
    expect(status).toBe(1);
  });

  it('a declare.config.yaml beside the file that turns M001 off or lowers M002 is a configuration error (exit 2) naming file and key', async () => {
    for (const [config, key] of [['rules:\n  M001: off\n', 'M001'], ['rules:\n  m002: warning\n', 'm002'], ['overrides:\n  - files: ["*.yaml"]\n    rules: { M001: off }\n', 'M001']] as const) {
      const cwd = dir({ 'd.yaml': offByOneCent(), 'declare.config.yaml': config });
      const r = await declare(['validate', 'd.yaml'], { cwd });
      expect(r.status, config).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^declare: declare\\.config\\.yaml:\\d+:\\d+: 配置错误：${key.toUpperCase()} 是算术规则.*${key}`));
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });

  it('an inline suppression stays in the JSON report: suppressed: true, the reason and the comment line', async () => {
    const { status, report } = await check(R001_SUPPRESSED);
    expect(status).toBe(0);
    const file = report.files[0] as unknown as { errors: number; suppressed: number; suppressedDiagnostics: Record<string, unknown>[] };
    expect(file.errors).toBe(0);
    expect(file.suppressed).toBe(1);
    expect(file.suppressedDiagnostics).toHaveLength(1);
    expect(file.suppressedDiagnostics[0]).toMatchObject({
      rule: 'R001',
      severity: 'error',
      suppressed: true,
      suppression: { kind: 'inline', reason: '本部门无效益指标（示例）', line: lineOf(R001_SUPPRESSED, 'indicators:') },
    });
    expect((report.summary as unknown as { suppressed: number }).suppressed).toBe(1);
  });

  it('a rule turned off by configuration still reports, as suppressed by that file', async () => {
    const cwd = dir({ 'sub/d.yaml': BASE, 'declare.config.yaml': 'rules:\n  R003: off\n' });
    const { status, report } = await validateJson(['sub/d.yaml'], { cwd });
    expect(status).toBe(0);
    expect(report.files[0]!.diagnostics).toEqual([]);
    const suppressed = (report.files[0] as unknown as { suppressedDiagnostics: { rule: string; suppression: unknown }[] }).suppressedDiagnostics;
    expect(suppressed.map((d) => [d.rule, d.suppression])).toEqual([
      ['R003', { kind: 'config', file: 'declare.config.yaml' }],
      ['R003', { kind: 'config', file: 'declare.config.yaml' }],
    ]);
  });

  it('stylish says how many problems were suppressed, and by what', async () => {
    const cwd = dir({ 'd.yaml': R001_SUPPRESSED, 'declare.config.yaml': 'rules:\n  R003: off\n' });
    const r = await declare(['validate', 'd.yaml'], { cwd });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('✔ 1 个文件，除已抑制的问题外没有发现问题\n! 另有 3 个问题已被抑制（行内注释 1 个，配置文件 2 个）：--strict 不接受抑制，--format json 列出理由\n');
    const en = await declare(['validate', '--lang', 'en', 'd.yaml'], { cwd });
    expect(en.stdout).toContain('3 more problems suppressed (1 by inline comments, 2 by configuration)');
  });

  it('SARIF keeps a suppressed result with suppressions (inSource / external), valid against the OASIS schema', async () => {
    const cwd = dir({ 'd.yaml': R001_SUPPRESSED, 'declare.config.yaml': 'rules:\n  R003: off\n' });
    const r = await declare(['validate', '--format', 'sarif', 'd.yaml'], { cwd });
    expect(r.status).toBe(0);
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; level: string; suppressions?: { kind: string; justification: string }[] }[] }[] };
    const results = log.runs[0]!.results;
    expect(results.map((x) => [x.ruleId, x.level, x.suppressions?.map((s) => s.kind)])).toEqual([
      ['R001', 'error', ['inSource']],
      ['R003', 'warning', ['external']],
      ['R003', 'warning', ['external']],
    ]);
    expect(results[0]!.suppressions![0]!.justification).toBe('本部门无效益指标（示例）');
    expect(results[1]!.suppressions![0]!.justification).toContain('declare.config.yaml');
    const { Ajv } = await import('ajv');
    const formats = (await import('ajv-formats')).default;
    const ajv = new Ajv({ strict: false, allErrors: true });
    formats.default(ajv);
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/schemas/sarif-schema-2.1.0.json'), 'utf8')) as object;
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  });

  it('JUnit does not fail a suppressed error, and lists it as suppressed; GitHub mode makes it a notice', async () => {
    const cwd = dir({ 'd.yaml': R001_SUPPRESSED });
    const junit = await declare(['validate', '--format', 'junit', 'd.yaml'], { cwd });
    expect(junit.status).toBe(0);
    expect(junit.stdout).toContain('failures="0"');
    expect(junit.stdout).toMatch(/<testcase classname="d.yaml" name="R001 [^"]*" time="0">\s*<system-out>\d+:\d+ 错误 已抑制（第 \d+ 行注释：本部门无效益指标（示例））/);
    const gh = await declare(['validate', '--format', 'github', 'd.yaml'], { cwd });
    expect(gh.stdout).toMatch(/^::notice file=d\.yaml,line=\d+,.*title=R001::已抑制（第 \d+ 行注释/m);
    expect(gh.stdout).not.toMatch(/^::error/m);
  });

  it('--no-inline-config ignores the comments; --strict also ignores the configuration found beside the file', async () => {
    const cwd = dir({ 'd.yaml': R001_SUPPRESSED, 'declare.config.yaml': 'rules:\n  R003: off\n  R001: off\n' });
    const normal = await validateJson(['d.yaml'], { cwd });
    expect(normal.status).toBe(0);
    const noInline = await validateJson(['--no-inline-config', 'd.yaml'], { cwd });
    // the comment no longer counts, but the configuration still turns R001 off
    expect(noInline.report.files[0]!.diagnostics.map((d) => d.rule)).toEqual([]);
    expect((noInline.report.files[0] as unknown as { suppressedDiagnostics: { suppression: { kind: string } }[] }).suppressedDiagnostics.map((d) => d.suppression.kind)).toEqual(['config', 'config', 'config']);
    const strict = await validateJson(['--strict', 'd.yaml'], { cwd });
    expect(strict.status).toBe(1);
    expect(strict.report.files[0]!.diagnostics.map((d) => d.rule)).toEqual(['R001', 'R003', 'R003']);
    expect(strict.report.files[0]).not.toHaveProperty('suppressedDiagnostics');
    // a bad configuration beside the file cannot stop a strict run either
    const bad = dir({ 'd.yaml': offByOneCent(), 'declare.config.yaml': 'rules:\n  M001: off\n' });
    expect((await declare(['validate', '--strict', 'd.yaml'], { cwd: bad })).status).toBe(1);
  });

  it('--strict keeps the configuration named with -c', async () => {
    const cwd = dir({ 'd.yaml': BASE, 'declare.config.yaml': 'rules:\n  R004: error\n', 'review.yaml': 'rules:\n  R003: error\n' });
    const r = await validateJson(['--strict', '-c', 'review.yaml', 'd.yaml'], { cwd });
    expect(r.report.files[0]!.diagnostics.map((d) => `${d.rule} ${d.severity}`)).toEqual(['R003 error', 'R003 error']);
    expect(r.status).toBe(1);
  });

  it('summary has a 已抑制 column, and --strict there too', async () => {
    const cwd = dir({ 'd.yaml': R001_SUPPRESSED });
    const r = await declare(['summary', '-f', 'json', 'd.yaml'], { cwd });
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout) as { rows: { errors: number; suppressed: number; included: boolean }[]; totals: { suppressed: number } };
    expect(data.rows[0]).toMatchObject({ errors: 0, suppressed: 1, included: true });
    expect(data.totals.suppressed).toBe(1);
    const table = await declare(['summary', 'd.yaml'], { cwd });
    expect(table.stdout.split('\n')[0]).toMatch(/错误 +警告 +已抑制$/);
    const strict = JSON.parse((await declare(['summary', '-f', 'json', '--strict', 'd.yaml'], { cwd })).stdout) as typeof data;
    expect(strict.rows[0]).toMatchObject({ errors: 1, suppressed: 0, included: false });
  });

  it('render: a form whose sums are wrong always carries 「未通过校验」, whatever the file says', async () => {
    const cwd = dir({ 'd.yaml': offByOneCent('  # declare-disable-next-line M001 -- 差一分钱\n') });
    const refused = await declare(['render', '--html', '--out', 'out', 'd.yaml'], { cwd });
    expect(refused.status).toBe(1);
    expect(existsSync(path.join(cwd, 'out', 'd.html'))).toBe(false);
    const forced = await declare(['render', '--html', '--force', '--out', 'out', 'd.yaml'], { cwd });
    expect(forced.status).toBe(1);
    expect(readFileSync(path.join(cwd, 'out', 'd.html'), 'utf8')).toContain('未通过校验');
  });

  it('render --strict: a suppressed R001 is an error again, so the page is marked', async () => {
    const cwd = dir({ 'd.yaml': R001_SUPPRESSED });
    const normal = await declare(['render', '--html', '--out', 'a', 'd.yaml'], { cwd });
    expect(normal.status).toBe(0);
    expect(normal.stderr).toContain('另有 1 个问题已被抑制');
    expect(readFileSync(path.join(cwd, 'a', 'd.html'), 'utf8')).not.toContain('未通过校验');
    const strict = await declare(['render', '--html', '--strict', '--force', '--out', 'b', 'd.yaml'], { cwd });
    expect(strict.status).toBe(1);
    expect(readFileSync(path.join(cwd, 'b', 'd.html'), 'utf8')).toContain('未通过校验');
  });
});
