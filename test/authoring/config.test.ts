/**
 * Issue 4 item 4: declare.config.yaml, found from each checked file's directory upwards
 * (or --config FILE): per-rule severity (off / warning / error; Y and S rules stay
 * errors), the R004 satisfaction threshold, per-path overrides by glob. A bad
 * configuration is exit 2 with its own file:line:column message. Through the real binary.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BASE, assertBuilt, declare, lineOf, ruleLines, scratch, validateJson } from './helpers.js';

const R003 = [`R003 ${lineOf(BASE, 'period: 按计划')}`, `R003 ${lineOf(BASE, 'annual: 按计划')}`];
const R004 = [`R004 ${lineOf(BASE, 'period: 满意度达到88%')}`, `R004 ${lineOf(BASE, 'annual: 满意度达到88%')}`];

let dirs: { cleanup: () => void }[] = [];
function tmp(files: Record<string, string>) {
  const s = scratch(files);
  dirs.push(s);
  return s;
}
afterEach(() => {
  for (const d of dirs) d.cleanup();
  dirs = [];
});

beforeAll(assertBuilt);

describe('without configuration', () => {
  it('BASE gives the default severities: R003 twice as warnings, no R004 at 88% (threshold 85)', async () => {
    const { dir } = tmp({ 'd.yaml': BASE });
    const { status, report } = await validateJson(['d.yaml'], { cwd: dir });
    expect(ruleLines(report)).toEqual(R003);
    expect(report.files[0]!.diagnostics.map((d) => d.severity)).toEqual(['warning', 'warning']);
    expect(status).toBe(0);
  });
});

describe('severities', () => {
  it('off removes a rule', async () => {
    const { dir } = tmp({ 'declare.config.yaml': 'rules:\n  R003: off\n', 'd.yaml': BASE });
    const { status, report } = await validateJson(['d.yaml'], { cwd: dir });
    expect(report.files[0]!.diagnostics).toEqual([]);
    expect(status).toBe(0);
  });

  it('error makes a warning an error (and the exit code 1)', async () => {
    const { dir } = tmp({ 'declare.config.yaml': 'rules:\n  R003: error\n', 'd.yaml': BASE });
    const { status, report } = await validateJson(['d.yaml'], { cwd: dir });
    expect(ruleLines(report)).toEqual(R003);
    expect(report.files[0]!.diagnostics.map((d) => d.severity)).toEqual(['error', 'error']);
    expect(report.summary).toEqual({ files: 1, errors: 2, warnings: 0 });
    expect(status).toBe(1);
  });

  it('warning makes an error a warning (R001: no 效益指标)', async () => {
    const noBenefit = BASE.replace(/  效益指标:\n(?: {4}.*\n)+/, '');
    expect(noBenefit).not.toContain('效益指标:\n    社会');
    const { dir } = tmp({ 'd.yaml': noBenefit, 'cfg/declare.config.yaml': 'rules:\n  R001: warning\n  R003: off\n', 'cfg/d.yaml': noBenefit });
    const plain = await validateJson(['d.yaml'], { cwd: dir });
    expect(plain.report.files[0]!.diagnostics.filter((d) => d.rule === 'R001').map((d) => d.severity)).toEqual(['error']);
    expect(plain.status).toBe(1);
    const configured = await validateJson(['cfg/d.yaml'], { cwd: dir });
    expect(configured.report.files[0]!.diagnostics.map((d) => `${d.rule} ${d.severity}`)).toEqual(['R001 warning']);
    expect(configured.status).toBe(0);
  });

  it('rule IDs are case-insensitive', async () => {
    const { dir } = tmp({ 'declare.config.yaml': 'rules:\n  r003: off\n', 'd.yaml': BASE });
    expect((await validateJson(['d.yaml'], { cwd: dir })).report.files[0]!.diagnostics).toEqual([]);
  });

  it('the warning turns into an exit 1 through --max-warnings only as configured', async () => {
    const { dir } = tmp({ 'declare.config.yaml': 'rules:\n  R003: off\n', 'd.yaml': BASE });
    expect((await declare(['validate', '--max-warnings', '0', 'd.yaml'], { cwd: dir })).status).toBe(0);
    expect((await declare(['validate', '--max-warnings', '0', '--config', '/dev/null', 'd.yaml'], { cwd: dir })).status).toBe(1);
  });
});

describe('discovery', () => {
  it('is found from the checked file’s directory upwards, whatever the cwd', async () => {
    const { dir } = tmp({ 'org/declare.config.yaml': 'rules:\n  R003: off\n', 'org/dept/2024/d.yaml': BASE, 'other/d.yaml': BASE });
    // from the top
    const a = await validateJson(['org/dept/2024/d.yaml', 'other/d.yaml'], { cwd: dir });
    expect(a.report.files.map((f) => [f.file, f.diagnostics.length])).toEqual([
      ['org/dept/2024/d.yaml', 0],
      ['other/d.yaml', 2],
    ]);
    // from a sibling directory with a relative path that climbs
    const b = await validateJson(['../org/dept/2024/d.yaml'], { cwd: `${dir}/other` });
    expect(b.report.files[0]!.diagnostics).toEqual([]);
  });

  it('the nearest configuration wins (a deeper one replaces, not merges with, the outer one)', async () => {
    const { dir } = tmp({
      'declare.config.yaml': 'rules:\n  R003: off\n',
      'dept/declare.config.yaml': 'options:\n  satisfactionThreshold: 90\n',
      'dept/d.yaml': BASE,
      'd.yaml': BASE,
    });
    const { report } = await validateJson(['d.yaml', 'dept/d.yaml'], { cwd: dir });
    expect(ruleLines(report, 0)).toEqual([]);
    expect(ruleLines(report, 1)).toEqual([...R003, ...R004]);
  });

  it('declare.config.yml is found too', async () => {
    const { dir } = tmp({ 'declare.config.yml': 'rules:\n  R003: off\n', 'd.yaml': BASE });
    expect((await validateJson(['d.yaml'], { cwd: dir })).report.files[0]!.diagnostics).toEqual([]);
  });

  it('--config FILE replaces the search', async () => {
    const { dir } = tmp({ 'declare.config.yaml': 'rules:\n  R003: off\n', 'strict.yaml': 'rules:\n  R003: error\n', 'd.yaml': BASE });
    const { status, report } = await validateJson(['--config', 'strict.yaml', 'd.yaml'], { cwd: dir });
    expect(report.files[0]!.diagnostics.map((d) => `${d.rule} ${d.severity}`)).toEqual(['R003 error', 'R003 error']);
    expect(status).toBe(1);
  });

  it('a missing --config file is exit 2 that names it', async () => {
    const { dir } = tmp({ 'd.yaml': BASE });
    const run = await declare(['validate', '--config', 'nope.yaml', 'd.yaml'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('nope.yaml');
    expect(run.stdout).toBe('');
  });

  it('stdin is configured from --stdin-filepath', async () => {
    const { dir } = tmp({ 'dept/declare.config.yaml': 'rules:\n  R003: off\n' });
    const { report } = await validateJson(['--stdin-filepath', 'dept/d.yaml', '-'], { cwd: dir, input: BASE });
    expect(report.files[0]!.file).toBe('dept/d.yaml');
    expect(report.files[0]!.diagnostics).toEqual([]);
  });

  /**
   * Regression (fixed in 00d8925): a directory's declare.config.yaml — the natural place
   * for it — is configuration, not a declaration, and is left out of directory expansion.
   */
  it('validating a directory does not check its declare.config.yaml as a declaration', async () => {
    const { dir } = tmp({ 'declarations/declare.config.yaml': 'rules:\n  R003: off\n', 'declarations/d.yaml': BASE });
    const { status, report } = await validateJson(['declarations'], { cwd: dir });
    expect(report.files.map((f) => f.file)).toEqual(['declarations/d.yaml']);
    expect(status).toBe(0);
  });
});

describe('the R004 satisfaction threshold', () => {
  it.each([
    [90, R004],
    [88, []],
    [85, []],
  ])('satisfactionThreshold %i on an 88%% target', async (threshold, expected) => {
    const { dir } = tmp({ 'declare.config.yaml': `rules:\n  R003: off\noptions:\n  satisfactionThreshold: ${threshold}\n`, 'd.yaml': BASE });
    const { report } = await validateJson(['d.yaml'], { cwd: dir });
    expect(ruleLines(report)).toEqual(expected);
    if (expected.length > 0) expect(report.files[0]!.diagnostics[0]!.message).toContain(`${threshold}%`);
  });

  it('lowering it below the default silences R004 on an 80% target', async () => {
    const at80 = BASE.replaceAll('满意度达到88%', '满意度达到80%');
    const { dir } = tmp({ 'a/d.yaml': at80, 'b/d.yaml': at80, 'b/declare.config.yaml': 'options:\n  satisfactionThreshold: 75\n' });
    const { report } = await validateJson(['a/d.yaml', 'b/d.yaml'], { cwd: dir });
    expect(report.files[0]!.diagnostics.filter((d) => d.rule === 'R004')).toHaveLength(2);
    expect(report.files[1]!.diagnostics.filter((d) => d.rule === 'R004')).toHaveLength(0);
  });
});

describe('overrides', () => {
  const CONFIG = `rules:
  R003: error
overrides:
  - files: ["legacy/**/*.yaml"]
    rules: { R003: off }
    options: { satisfactionThreshold: 90 }
  - files: "**/draft-*.yaml"
    rules:
      R003: warning
`;

  it('apply by glob relative to the configuration’s directory, later ones on top of earlier ones', async () => {
    const { dir } = tmp({
      'repo/declare.config.yaml': CONFIG,
      'repo/current/d.yaml': BASE,
      'repo/legacy/2019/d.yaml': BASE,
      'repo/current/draft-1.yaml': BASE,
      'repo/legacy/draft-2.yaml': BASE,
    });
    const run = await validateJson(['repo/current/d.yaml', 'repo/current/draft-1.yaml', 'repo/legacy/2019/d.yaml', 'repo/legacy/draft-2.yaml'], { cwd: dir });
    const byFile = Object.fromEntries(run.report.files.map((f) => [f.file, f.diagnostics.map((d) => `${d.rule} ${d.severity}`)]));
    expect(byFile).toEqual({
      'repo/current/d.yaml': ['R003 error', 'R003 error'],
      'repo/current/draft-1.yaml': ['R003 warning', 'R003 warning'],
      'repo/legacy/2019/d.yaml': ['R004 warning', 'R004 warning'],
      'repo/legacy/draft-2.yaml': ['R003 warning', 'R003 warning', 'R004 warning', 'R004 warning'],
    });
    expect(run.status).toBe(1);
  });

  it('globs match from the configuration’s directory even when run from elsewhere', async () => {
    const { dir } = tmp({ 'repo/declare.config.yaml': CONFIG, 'repo/legacy/2019/d.yaml': BASE });
    const { report } = await validateJson(['d.yaml'], { cwd: `${dir}/repo/legacy/2019` });
    expect(ruleLines(report)).toEqual(R004);
  });
});

describe('Y and S rules stay errors', () => {
  it.each(['Y001', 'S001', 'S002', 'S003', 'S004'])('%s: off is refused with exit 2 at file:line:col', async (id) => {
    const { dir } = tmp({ 'declare.config.yaml': `rules:\n  R003: off\n  ${id}: off\n`, 'd.yaml': BASE });
    const run = await declare(['validate', 'd.yaml'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^declare: declare\\.config\\.yaml:3:9: .*${id}`));
  });

  it('warning is refused too, also inside an override', async () => {
    const { dir } = tmp({ 'declare.config.yaml': 'overrides:\n  - files: ["*.yaml"]\n    rules:\n      S002: warning\n', 'd.yaml': BASE });
    const run = await declare(['validate', 'd.yaml'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/declare\.config\.yaml:4:13: .*S002/);
  });

  it('error (what they are anyway) is accepted', async () => {
    const { dir } = tmp({ 'declare.config.yaml': 'rules:\n  S001: error\n  R003: off\n', 'd.yaml': BASE });
    expect((await declare(['validate', 'd.yaml'], { cwd: dir })).status).toBe(0);
  });
});

describe('bad configuration: exit 2 with file:line:col', () => {
  const cases: [string, string, RegExp][] = [
    ['YAML syntax', 'rules:\n  R003: [off\n', /^declare: declare\.config\.yaml:3:1: .*YAML/],
    ['duplicate key', 'rules:\n  R003: off\n  R003: warning\n', /^declare: declare\.config\.yaml:3:3: /],
    ['tab indentation', 'rules:\n\tR003: off\n', /^declare: declare\.config\.yaml:2:1: /],
    ['unknown rule', 'rules:\n  R003: off\n  R999: off\n', /^declare: declare\.config\.yaml:3:3: .*R999/],
    ['bad severity', 'rules:\n  R003: fatal\n', /^declare: declare\.config\.yaml:2:9: .*R003.*off.*warning.*error/],
    ['unknown top-level key', 'rules:\n  R003: off\nruels: {}\n', /^declare: declare\.config\.yaml:3:1: .*ruels/],
    ['threshold out of range', 'options:\n  satisfactionThreshold: 101\n', /^declare: declare\.config\.yaml:2:26: .*satisfactionThreshold/],
    ['threshold not a number', 'options:\n  satisfactionThreshold: 九十\n', /^declare: declare\.config\.yaml:2:26: .*satisfactionThreshold/],
    ['unknown option', 'options:\n  threshold: 90\n', /^declare: declare\.config\.yaml:2:3: .*threshold/],
    ['override without files', 'overrides:\n  - rules: { R003: off }\n', /^declare: declare\.config\.yaml:2:5: .*files/],
    ['override files not globs', 'overrides:\n  - files: 3\n    rules: { R003: off }\n', /^declare: declare\.config\.yaml:2:12: .*files/],
    ['overrides not a list', 'overrides:\n  files: ["*.yaml"]\n', /^declare: declare\.config\.yaml:2:3: .*overrides/],
    ['top level not a mapping', '- R003\n', /^declare: declare\.config\.yaml:1:1: /],
  ];

  it.each(cases)('%s', async (_name, config, message) => {
    const { dir } = tmp({ 'declare.config.yaml': config, 'd.yaml': BASE });
    const run = await declare(['validate', 'd.yaml'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe(''); // no report: the run could not be configured
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('names the configuration by its path from the cwd, in English with --lang en', async () => {
    const { dir } = tmp({ 'conf/strict.yaml': 'rules:\n  R999: off\n', 'd.yaml': BASE });
    const run = await declare(['validate', '--lang', 'en', '--config', 'conf/strict.yaml', 'd.yaml'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('declare: conf/strict.yaml:2:3: configuration error: no rule R999\n');
  });

  it('an empty configuration file is fine', async () => {
    const { dir } = tmp({ 'declare.config.yaml': '# nothing yet\n', 'd.yaml': BASE });
    expect((await declare(['validate', 'd.yaml'], { cwd: dir })).status).toBe(0);
  });
});
