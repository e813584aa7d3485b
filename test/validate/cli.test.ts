/**
 * The real executable, end to end (cli.md): `node bin/declare.js`, spawned without a
 * shell, in a clean environment. Each test spawns once or twice; independent tests run
 * concurrently. Needs `npm run build` (npm test runs it via pretest).
 */
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { assertBuilt, repoRoot, runCli, type CliRun } from './helpers.js';

const HUADU = 'examples/huadu-propaganda-2023.yaml';
const M001_FIXTURE = 'test/fixtures/rules/m001-off-by-one-cent.yaml';
const Y001_FIXTURE = 'test/fixtures/validate/y001-tab-indentation.yaml';
const EXAMPLES = readdirSync(path.join(repoRoot, 'examples')).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `examples/${f}`);
const VERSION = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const ANSI = /\u001b\[/;
const STACK = /^\s{4}at /m;

let tmp = '';
beforeAll(() => {
  assertBuilt();
  tmp = mkdtempSync(path.join(tmpdir(), 'declare-cli-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A tool failure: exit 2, a `declare:`/commander message, no stack trace, no report. */
function expectToolFailure(r: CliRun, mention: string | RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toMatch(typeof mention === 'string' ? new RegExp(escape(mention)) : mention);
  expect(r.stderr).not.toMatch(STACK);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface JsonReport {
  version: number;
  files: { file: string; errors: number; warnings: number; diagnostics: { rule: string; severity: string; message: string; path: (string | number)[]; line: number; column: number; endLine: number; endColumn: number }[] }[];
  summary: { files: number; errors: number; warnings: number };
}

/** Parse a --format json report and check it has exactly the shape of cli.md. */
function jsonReport(stdout: string): JsonReport {
  const r = JSON.parse(stdout) as JsonReport;
  expect(Object.keys(r)).toEqual(['version', 'files', 'summary']);
  expect(r.version).toBe(1);
  for (const f of r.files) {
    expect(Object.keys(f)).toEqual(['file', 'errors', 'warnings', 'diagnostics']);
    for (const d of f.diagnostics) {
      // `args` (issue 11): the message's arguments as data, a plain object.
      expect(Object.keys(d)).toEqual(['rule', 'severity', 'message', 'path', 'args', 'line', 'column', 'endLine', 'endColumn']);
      expect(Object.getPrototypeOf((d as unknown as { args: object }).args)).toBe(Object.prototype);
      expect(d.rule).toMatch(/^[YSMR]\d{3}$/);
      expect(['error', 'warning']).toContain(d.severity);
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
    }
    expect(f.errors).toBe(f.diagnostics.filter((d) => d.severity === 'error').length);
    expect(f.warnings).toBe(f.diagnostics.filter((d) => d.severity === 'warning').length);
  }
  expect(Object.keys(r.summary)).toEqual(['files', 'errors', 'warnings']);
  expect(r.summary.files).toBe(r.files.length);
  expect(r.summary.errors).toBe(r.files.reduce((n, f) => n + f.errors, 0));
  expect(r.summary.warnings).toBe(r.files.reduce((n, f) => n + f.warnings, 0));
  return r;
}

describe.concurrent('exit codes', () => {
  it('1 on a fixture with an error (M001), reported at its line', async () => {
    const r = await runCli(['validate', M001_FIXTURE]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(M001_FIXTURE);
    expect(r.stdout).toMatch(/12:3\s+错误\s+支出合计 3,797.07 与收入合计 3,797.06 不相等，相差 0.01/);
    expect(r.stdout).toContain('M001');
  });

  it('1 on a file that is not valid YAML (Y001), with Y001 alone', async () => {
    const r = await runCli(['validate', Y001_FIXTURE, '--format', 'json']);
    expect(r.status).toBe(1);
    const rep = jsonReport(r.stdout);
    expect(rep.files[0]!.diagnostics.map((d) => `${d.line} ${d.rule}`)).toEqual(['5 Y001']);
  });

  it('2 on a missing file, naming it', async () => {
    expectToolFailure(await runCli(['validate', 'no/such/declaration.yaml']), 'no/such/declaration.yaml');
  });

  it('2 on a missing file even beside a valid one, and the message says which', async () => {
    const r = await runCli(['validate', HUADU, 'missing.yaml']);
    expectToolFailure(r, 'missing.yaml');
  });

  it('2 on a quoted glob that matches nothing', async () => {
    expectToolFailure(await runCli(['validate', 'examples/*.yml']), 'examples/*.yml');
  });

  it('2 on an unknown option', async () => {
    expectToolFailure(await runCli(['validate', HUADU, '--bogus']), '--bogus');
  });

  it('2 on an unknown --format and on a bad --max-warnings', async () => {
    const [f, w] = await Promise.all([runCli(['validate', HUADU, '--format', 'xml']), runCli(['validate', HUADU, '--max-warnings', 'many'])]);
    expectToolFailure(f, 'xml');
    expectToolFailure(w, '--max-warnings');
  });

  it('2 on an unwritable --output (a path under a regular file), naming it; stack trace only with --verbose', async () => {
    const file = path.join(tmp, 'plain-file');
    writeFileSync(file, 'x');
    const out = path.join(file, 'x.json');
    const [plain, verbose] = await Promise.all([
      runCli(['validate', HUADU, '--format', 'json', '--output', out]),
      runCli(['validate', HUADU, '--format', 'json', '--output', out, '--verbose']),
    ]);
    expectToolFailure(plain, out);
    expect(plain.stdout).toBe('');
    expect(verbose.status).toBe(2);
    expect(verbose.stderr).toContain(out);
    expect(verbose.stderr).toMatch(STACK);
  });

  it('--output writes the report to the file and nothing to stdout', async () => {
    const out = path.join(tmp, 'report.json');
    const r = await runCli(['validate', M001_FIXTURE, '--format', 'json', '--output', out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const rep = jsonReport(readFileSync(out, 'utf8'));
    expect(rep.files[0]!.diagnostics.map((d) => d.rule)).toEqual(['M001']);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]); // no temporary file left behind
  });

  it('1 with Y001 (too large) for an 11 MB file and 11 MB on stdin, without reading it all', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 'a');
    const file = path.join(tmp, 'big.yaml');
    writeFileSync(file, big);
    const [onDisk, piped] = await Promise.all([
      runCli(['validate', file, '--format', 'json']),
      runCli(['validate', '-', '--format', 'json'], { input: big }),
    ]);
    for (const r of [onDisk, piped]) {
      expect(r.status, r.stderr).toBe(1);
      expect(jsonReport(r.stdout).files[0]!.diagnostics.map((d) => `${d.line} ${d.rule}`)).toEqual(['1 Y001']);
    }
  });

  it('--max-warnings: 1 with 7 on the Huadu example (8 warnings), 0 with 8', async () => {
    const [zero, three] = await Promise.all([
      runCli(['validate', HUADU, '--max-warnings', '7']),
      runCli(['validate', HUADU, '--max-warnings', '8']),
    ]);
    expect(zero.status).toBe(1);
    expect(zero.stderr).toContain('8');
    expect(zero.stderr).not.toMatch(STACK);
    expect(three.status, three.stderr).toBe(0);
  });
});

describe.concurrent('inputs', () => {
  it('--quiet hides warnings', async () => {
    const [loud, quiet] = await Promise.all([runCli(['validate', HUADU]), runCli(['validate', HUADU, '--quiet'])]);
    expect(loud.stdout).toContain('M004');
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).not.toMatch(/M004|R002|R010|R015|  警告  /);
    // and it does not claim "no problems": it says warnings were hidden
    expect(quiet.stdout).toBe('✔ 1 个文件，没有错误（8 个警告因 --quiet 未显示）\n');
  });

  it('stdin via - is named <stdin>, or --stdin-filepath', async () => {
    const input = readFileSync(path.join(repoRoot, M001_FIXTURE));
    const [bare, named] = await Promise.all([
      runCli(['validate', '-', '--format', 'json'], { input }),
      runCli(['validate', '-', '--stdin-filepath', 'dept/申报表.yaml', '--format', 'json'], { input }),
    ]);
    expect(bare.status).toBe(1);
    expect(jsonReport(bare.stdout).files.map((f) => f.file)).toEqual(['<stdin>']);
    expect(named.status).toBe(1);
    const rep = jsonReport(named.stdout);
    expect(rep.files.map((f) => f.file)).toEqual(['dept/申报表.yaml']);
    expect(rep.files[0]!.diagnostics.map((d) => `${d.line} ${d.rule}`)).toEqual(['12 M001']);
  });

  // Also the "exit 0 on every example" check: one run over examples/ (the report says which file).
  it('a directory and a quoted glob give every example, sorted, the same report, and exit 0', async () => {
    const [dir, glob] = await Promise.all([
      runCli(['validate', 'examples', '--format', 'json']),
      runCli(['validate', 'examples/*.yaml', '--format', 'json']),
    ]);
    expect(dir.status, dir.stdout + dir.stderr).toBe(0);
    expect(dir.stderr).toBe('');
    expect(glob.status, glob.stderr).toBe(0);
    expect(jsonReport(dir.stdout).files.map((f) => f.file)).toEqual(EXAMPLES);
    expect(glob.stdout).toBe(dir.stdout);
  });

  it('a directory named x.yaml is a tool failure naming it', async () => {
    const dir = path.join(tmp, 'x.yaml');
    mkdirSync(dir);
    expectToolFailure(await runCli(['validate', dir]), 'x.yaml');
  });

  it('a symlink loop is a tool failure naming the file', async () => {
    const dir = mkdtempSync(path.join(tmp, 'loop-'));
    symlinkSync(path.join(dir, 'b.yaml'), path.join(dir, 'a.yaml'));
    symlinkSync(path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml'));
    expectToolFailure(await runCli(['validate', path.join(dir, 'a.yaml')]), 'a.yaml');
  });

  // BUG: the loop is reported as 「找不到文件 …」 ("file not found, check the path"):
  // files.ts stats the input, and a failed stat (ELOOP) falls through to "not found", so
  // io.ts's ELOOP message (「符号链接形成了循环」) is never reached. cli.md: "The message
  // says what and how to fix it".
  it('a symlink loop is reported as a loop, not as a missing file', async () => {
    const dir = mkdtempSync(path.join(tmp, 'loop-'));
    symlinkSync(path.join(dir, 'b.yaml'), path.join(dir, 'a.yaml'));
    symlinkSync(path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml'));
    const r = await runCli(['validate', path.join(dir, 'a.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/符号链接|循环/);
  });
});

describe.concurrent('formats', () => {
  const inputs = [HUADU, M001_FIXTURE];

  it('json has the shape and summary of cli.md; two runs are byte-identical', async () => {
    const [a, b] = await Promise.all([runCli(['validate', ...inputs, '--format', 'json']), runCli(['validate', ...[...inputs].reverse(), '--format', 'json'])]);
    expect(a.status).toBe(1);
    expect(b.stdout).toBe(a.stdout);
    const rep = jsonReport(a.stdout);
    expect(rep.files.map((f) => f.file)).toEqual([HUADU, M001_FIXTURE]);
    expect(rep.summary).toEqual({ files: 2, errors: 1, warnings: 8 });
    const huadu = rep.files[0]!;
    expect(huadu.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule} ${JSON.stringify(d.path)}`)).toEqual([
      '41:5 M004 ["tasks",0,"funds"]',
      '43:15 R015 ["tasks",0,"expected"]',
      '45:5 M004 ["tasks",1,"funds"]',
      '47:15 R015 ["tasks",1,"expected"]',
      '51:15 R015 ["tasks",2,"expected"]',
      '55:15 R015 ["tasks",3,"expected"]',
      '60:1 R002 ["indicators"]',
      '60:1 R010 ["indicators"]',
    ]);
  });

  it('sarif is SARIF 2.1.0 JSON with every rule and one result per diagnostic', async () => {
    const r = await runCli(['validate', ...inputs, '--format', 'sarif']);
    expect(r.status).toBe(1);
    const s = JSON.parse(r.stdout) as {
      version: string;
      runs: { tool: { driver: { name: string; version: string; rules: { id: string; help: { text: string } }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
    };
    expect(s.version).toBe('2.1.0');
    expect(s.runs).toHaveLength(1);
    const run = s.runs[0]!;
    expect(run.tool.driver.name).toBe('declare');
    expect(run.tool.driver.version).toBe(VERSION);
    expect(run.tool.driver.rules.map((x) => x.id)).toEqual(RULES.map((x) => x.id));
    for (const rule of run.tool.driver.rules) expect(rule.help.text.length).toBeGreaterThan(0);
    expect(run.results.map((x) => `${x.ruleId} ${x.level} ${x.locations[0]!.physicalLocation.region.startLine}`)).toEqual([
      'M004 warning 41',
      'R015 warning 43',
      'M004 warning 45',
      'R015 warning 47',
      'R015 warning 51',
      'R015 warning 55',
      'R002 warning 60',
      'R010 warning 60',
      'M001 error 12',
    ]);
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toContain('huadu-propaganda-2023.yaml');
  });

  it('junit is well-formed XML: one testsuite per file, the M001 error is a failure', async () => {
    const r = await runCli(['validate', ...inputs, '--format', 'junit']);
    expect(r.status).toBe(1);
    const suites: string[] = [];
    const failures: string[] = [];
    const parser = new SaxesParser();
    let err: Error | undefined;
    parser.on('error', (e) => {
      err ??= e;
    });
    parser.on('opentag', (t) => {
      if (t.name === 'testsuite') suites.push(String(t.attributes.name));
      if (t.name === 'failure') failures.push(String(t.attributes.type));
    });
    parser.write(r.stdout).close();
    expect(err).toBeUndefined();
    expect(r.stdout.startsWith('<?xml')).toBe(true);
    expect(suites).toEqual([HUADU, M001_FIXTURE]);
    expect(failures).toContain('M001');
  });

  it('github gives one workflow command per diagnostic', async () => {
    const r = await runCli(['validate', ...inputs, '--format', 'github']);
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(9);
    for (const l of lines) expect(l).toMatch(/^::(error|warning) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[YSMR]\d{3}::\S/);
    expect(lines.filter((l) => l.startsWith('::warning file=examples/huadu-propaganda-2023.yaml,line='))).toHaveLength(8);
    expect(lines.filter((l) => l.startsWith(`::error file=${M001_FIXTURE},line=12,col=3,`))).toHaveLength(1);
    expect(r.stdout).not.toMatch(/\r|%(?![0-9A-F]{2})/); // % and newlines escaped
  });

  it('FORCE_COLOR=1 gives ANSI colours; NO_COLOR=1 and --no-color none', async () => {
    const [force, none, both, flag] = await Promise.all([
      runCli(['validate', HUADU], { env: { FORCE_COLOR: '1' } }),
      runCli(['validate', HUADU], { env: { NO_COLOR: '1' } }),
      runCli(['validate', HUADU], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }),
      runCli(['validate', HUADU, '--no-color'], { env: { FORCE_COLOR: '1' } }),
    ]);
    expect(force.stdout).toMatch(ANSI);
    expect(none.stdout).not.toMatch(ANSI);
    expect(both.stdout).not.toMatch(ANSI);
    expect(flag.stdout).not.toMatch(ANSI);
    // colour changes nothing else
    expect(force.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe(none.stdout);
  });

  it('--lang en gives English messages', async () => {
    const r = await runCli(['validate', M001_FIXTURE, '--lang', 'en']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('total expenditure 3,797.07 ≠ total income 3,797.06, a difference of 0.01');
    expect(r.stdout).not.toContain('支出合计 3,797.07');
  });
});

describe.concurrent('other commands', () => {
  it('declare rules lists every rule ID', async () => {
    const r = await runCli(['rules']);
    expect(r.status).toBe(0);
    const listed = [...r.stdout.matchAll(/^([YSMR]\d{3})\s/gm)].map((m) => m[1]);
    expect(listed).toEqual(RULES.map((x) => x.id));
    expect(listed.length).toBeGreaterThanOrEqual(16);
  });

  it('declare rules M001 shows its documentation; an unknown ID is exit 2', async () => {
    const [m, bad] = await Promise.all([runCli(['rules', 'M001']), runCli(['rules', 'X999'])]);
    const rule = RULES.find((x) => x.id === 'M001')!;
    expect(m.status).toBe(0);
    expect(m.stdout).toContain('M001');
    expect(m.stdout).toContain(rule.title.zh);
    expect(m.stdout).toContain(rule.docs.what.zh);
    expect(m.stdout).toContain(rule.docs.why.zh);
    expect(m.stdout).toContain('appropriation: 3797.05'); // the failing snippet
    expect(m.stdout).toContain('appropriation: 3797.06'); // the fixed one
    expectToolFailure(bad, 'X999');
  });

  it('--version prints package.json\'s version', async () => {
    const r = await runCli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });
});
