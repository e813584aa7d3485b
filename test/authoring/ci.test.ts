/**
 * Issue 4 item 6: CI integration. GITHUB_ACTIONS=true without --format gives the stylish
 * report plus annotations; the composite action (action.yml) validates, annotates and
 * writes a job summary (scripts/gh-summary.mjs) and SARIF; the pre-commit hook; the
 * workflows documented in docs/ci.md. Everything through the real binary, and the
 * action's own shell script run as GitHub would run it (with a faked runner environment).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BASE, assertBuilt, cliEnv, declare, repoRoot, runNode, scratch, validateJson, type CliRun, type JsonReport } from './helpers.js';

const SUMMARY = path.join(repoRoot, 'scripts', 'gh-summary.mjs');
/** The examples that validate clean (huadu-propaganda-2023 keeps the seed's warnings). */
const EXAMPLES = ['examples/guangzhou-city-sports-2024.yaml', 'examples/huadu-shiling-town-2024.yaml'];
/** BASE with one M001 error (基本支出 one cent over) besides its two R003 warnings. */
const BROKEN = BASE.replace('basic: 2860.35', 'basic: 2860.36');

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

describe('GITHUB_ACTIONS=true', () => {
  it('without --format: the stylish report, then the github annotations, same exit code', async () => {
    const { dir } = tmp({ 'a.yaml': BASE, 'b.yaml': BROKEN });
    const [gh, stylish, annotations] = await Promise.all([
      declare(['validate', 'a.yaml', 'b.yaml'], { cwd: dir, env: { GITHUB_ACTIONS: 'true' } }),
      declare(['validate', 'a.yaml', 'b.yaml'], { cwd: dir }),
      declare(['validate', '--format', 'github', 'a.yaml', 'b.yaml'], { cwd: dir }),
    ]);
    // The readable report is paused for the runner with a random token (issue 10 item 5).
    const token = /^::stop-commands::([0-9a-f]{32})\n/.exec(gh.stdout)?.[1];
    expect(token).toBeDefined();
    expect(gh.stdout).toBe(`::stop-commands::${token}\n${stylish.stdout}::${token}::\n${annotations.stdout}`);
    expect(gh.status).toBe(1);
    const lines = gh.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('::warning file=a.yaml,line='))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('::error file=b.yaml,') && l.includes('title=M001::'))).toHaveLength(1);
    expect(gh.stdout).toContain('b.yaml\n'); // the stylish part is there too
    expect(gh.stdout).not.toMatch(/\x1b\[/); // no colour codes in the log
  });

  it('annotation paths are relative to GITHUB_WORKSPACE, where GitHub places them', async () => {
    const { dir } = tmp({ 'sub/b.yaml': BROKEN });
    const sub = path.join(dir, 'sub');
    const [inWorkspace, plain] = await Promise.all([
      declare(['validate', 'b.yaml'], { cwd: sub, env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir } }),
      declare(['validate', '--format', 'github', 'b.yaml'], { cwd: sub, env: { GITHUB_WORKSPACE: dir } }),
    ]);
    expect(inWorkspace.stdout).toContain('::error file=sub/b.yaml,');
    expect(plain.stdout).toContain('::error file=sub/b.yaml,');
    expect(inWorkspace.stdout).toMatch(/^b\.yaml$/m); // the stylish report keeps the user's path
  });

  it('with an explicit --format, only that format (no annotations mixed into JSON)', async () => {
    const { dir } = tmp({ 'b.yaml': BROKEN });
    const run = await declare(['validate', '--format', 'json', 'b.yaml'], { cwd: dir, env: { GITHUB_ACTIONS: 'true' } });
    expect(() => JSON.parse(run.stdout)).not.toThrow();
    expect(run.stdout).not.toContain('::error');
  });

  it('a clean run prints the clean summary and no annotations, exit 0', async () => {
    const run = await declare(['validate', ...EXAMPLES], { env: { GITHUB_ACTIONS: 'true' } });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('::');
  });

  /**
   * Regression (fixed in 00d8925): workflow commands only work on stdout, so with
   * --output FILE the stylish report goes to the file and the annotations to stdout.
   */
  it('with --output FILE, the report goes to the file and the annotations still to stdout', async () => {
    const { dir } = tmp({ 'b.yaml': BROKEN });
    const run = await declare(['validate', '--output', 'report.txt', 'b.yaml'], { cwd: dir, env: { GITHUB_ACTIONS: 'true' } });
    expect(run.stdout).toContain('::error file=b.yaml');
    expect(readFileSync(path.join(dir, 'report.txt'), 'utf8')).not.toContain('::error');
  });
});

describe('scripts/gh-summary.mjs on real JSON reports', () => {
  async function reportOf(files: Record<string, string>, args: string[]): Promise<{ dir: string; report: JsonReport; json: string }> {
    const { dir } = tmp(files);
    const run = await declare(['validate', '--format', 'json', '--output', 'report.json', ...args], { cwd: dir });
    expect([0, 1]).toContain(run.status);
    const json = path.join(dir, 'report.json');
    return { dir, json, report: JSON.parse(readFileSync(json, 'utf8')) as JsonReport };
  }

  it('a table of files with their errors and warnings, a total row, and the problems', async () => {
    const { json, report } = await reportOf({ 'a.yaml': BASE, 'b.yaml': BROKEN, 'c.yaml': BASE.replaceAll('按计划举办展会', '举办展会不少于2场') }, ['a.yaml', 'b.yaml', 'c.yaml']);
    const run = await runNode(SUMMARY, [json]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const md = run.stdout;
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows[0]).toBe('| 文件 | 错误 | 警告 |');
    for (const f of report.files) {
      expect(rows).toContain(`| ${f.errors > 0 ? '❌' : f.warnings > 0 ? '⚠️' : '✅'} \`${f.file}\` | ${f.errors} | ${f.warnings} |`);
    }
    expect(report.summary).toEqual({ files: 3, errors: 1, warnings: 4 });
    expect(rows).toContain('| **合计（3 个文件）** | **1** | **4** |');
    expect(md).toContain('❌ 1 个错误，4 个警告。');
    // one row per diagnostic in the collapsed details, with file, line:column, rule
    const problems = rows.filter((l) => /^\| `[abc]\.yaml` \| \d+:\d+ \|/.test(l));
    expect(problems).toHaveLength(5);
    const m001 = report.files[1]!.diagnostics.find((d) => d.rule === 'M001')!;
    expect(problems).toContain(`| \`b.yaml\` | ${m001.line}:${m001.column} | ❌ M001 | ${m001.message} |`);
    expect(md).toMatch(/<details>\n<summary>问题明细（5 个）<\/summary>/);
  });

  it('a clean run: a tick and the count, no problem list', async () => {
    const { dir } = tmp();
    const run0 = await declare(['validate', '--format', 'json', '--output', path.join(dir, 'r.json'), ...EXAMPLES]);
    expect(run0.status).toBe(0);
    const run = await runNode(SUMMARY, [path.join(dir, 'r.json'), '--lang', 'en']);
    expect(run.stdout).toContain('✅ 2 files checked, no problems.');
    expect(run.stdout).toContain('| **Total (2 files)** | **0** | **0** |');
    expect(run.stdout).not.toContain('<details>');
  });

  it('no report (declare exited 2): a note, exit 0, so the summary never masks the real failure', async () => {
    const { dir } = tmp();
    const run = await runNode(SUMMARY, [path.join(dir, 'missing.json')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('declare 没有生成报告');
  });

  it('keeps the table intact whatever the file names and messages hold', async () => {
    const { dir } = tmp();
    const json = path.join(dir, 'r.json');
    const report = {
      version: 1,
      files: [{ file: 'a|b`c<d>.yaml', errors: 1, warnings: 0, diagnostics: [{ rule: 'S001', severity: 'error', message: 'x|y *z* <b>\nnext', path: [], line: 1, column: 1, endLine: 1, endColumn: 2 }] }],
      summary: { files: 1, errors: 1, warnings: 0 },
    };
    writeFileSync(json, JSON.stringify(report));
    const md = (await runNode(SUMMARY, [json])).stdout;
    const row = md.split('\n').find((l) => l.includes('S001'))!;
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6); // 4 cells, no stray pipe
    expect(row).not.toContain('<b>');
    expect(md.split('\n').filter((l) => l.includes('a\\|b'))).toHaveLength(2);
  });
});

/** The action.yml, parsed. */
interface ActionStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as Action;

describe('action.yml', () => {
  it('is a composite action with the documented inputs and defaults', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.inputs.files!.required).toBe(true);
    expect(action.inputs['node-version']!.default).toBe('20');
    expect(action.inputs['working-directory']!.default).toBe('.');
    for (const name of ['max-warnings', 'sarif-file', 'config', 'lang', 'summary', 'strict']) expect(action.inputs, name).toHaveProperty(name);
    expect(action.inputs.strict!.default).toBe('false');
    for (const name of ['errors', 'warnings', 'sarif-file']) expect(action.outputs[name]!.value).toContain('steps.validate.outputs.');
  });

  it('sets up Node with actions/setup-node@v4, installs from its own checkout, runs bin/declare.js', () => {
    const steps = action.runs.steps;
    expect(steps[0]!.uses).toBe('actions/setup-node@v4');
    expect(steps[0]!.with!['node-version']).toBe('${{ inputs.node-version }}');
    // production dependencies only, no optional bundled Chromium (test/authoring/install.test.ts runs it)
    expect(steps.some((s) => s.run?.includes('cd "$GITHUB_ACTION_PATH"') && s.run.includes('npm ci --omit=dev --omit=optional --ignore-scripts'))).toBe(true);
    const validate = steps.find((s) => s.id === 'validate')!;
    expect(validate.shell).toBe('bash');
    expect(validate.run).toContain('$GITHUB_ACTION_PATH/bin/declare.js');
    expect(validate.run).toContain('scripts/gh-summary.mjs');
    expect(validate.run).toContain('$GITHUB_STEP_SUMMARY');
  });

  it('never interpolates inputs into the script (only through env: no expression injection)', () => {
    for (const s of action.runs.steps) if (s.run) expect(s.run, s.name).not.toContain('${{');
  });

  it('every file the action runs exists in the package checkout', () => {
    expect(existsSync(path.join(repoRoot, 'bin', 'declare.js'))).toBe(true);
    expect(existsSync(SUMMARY)).toBe(true);
    expect(existsSync(path.join(repoRoot, 'package-lock.json'))).toBe(true); // npm ci needs it
  });
});

/**
 * Run the action's validate step the way the runner does: `bash -e {0}` on the script,
 * the step's env with inputs filled in, GITHUB_ACTION_PATH at this checkout (already
 * installed and built), and the runner's files for outputs and the summary.
 */
function runActionStep(cwd: string, inputs: Record<string, string>): Promise<CliRun & { summary: string; outputs: Record<string, string> }> {
  const step = action.runs.steps.find((s) => s.id === 'validate')!;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.env ?? {})) {
    const m = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(v);
    if (!m) throw new Error(`unexpected env ${k}: ${v}`);
    env[k] = inputs[m[1]!] ?? action.inputs[m[1]!]!.default ?? '';
  }
  const summaryFile = path.join(cwd, '.summary.md');
  const outputFile = path.join(cwd, '.output');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  const scriptFile = path.join(cwd, '.step.sh');
  writeFileSync(scriptFile, step.run!);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', scriptFile], {
      cwd,
      env: { ...cliEnv(), ...env, GITHUB_ACTIONS: 'true', GITHUB_ACTION_PATH: repoRoot, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: cwd },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => {
      const outputs = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), summary: readFileSync(summaryFile, 'utf8'), outputs });
    });
  });
}

describe('the action’s validate step, run by bash as on a runner', () => {
  it('errors: fails with 1, annotates, summarises, sets outputs, writes SARIF', async () => {
    const { dir } = tmp({ 'declarations/a.yaml': BASE, 'declarations/sub/b.yaml': BROKEN });
    const run = await runActionStep(dir, { files: 'declarations/**/*.yaml', 'sarif-file': 'declare.sarif' });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('::error file=declarations/sub/b.yaml,');
    expect(run.stdout).toContain('::warning file=declarations/a.yaml,');
    expect(run.summary).toContain('| ❌ `declarations/sub/b.yaml` | 1 | 2 |');
    expect(run.summary).toContain('| **合计（2 个文件）** | **1** | **4** |');
    expect(run.outputs).toEqual({ 'sarif-file': 'declare.sarif', errors: '1', warnings: '4' });
    const sarif = JSON.parse(readFileSync(path.join(dir, 'declare.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toHaveLength(5);
    expect(existsSync(path.join(dir, 'declare.sarif'))).toBe(true);
  });

  it('warnings only: exit 0, unless max-warnings is exceeded', async () => {
    const { dir } = tmp({ 'a.yaml': BASE });
    const ok = await runActionStep(dir, { files: 'a.yaml' });
    expect(ok.status).toBe(0);
    expect(ok.summary).toContain('⚠️ 没有错误，2 个警告。');
    const strict = await runActionStep(dir, { files: 'a.yaml', 'max-warnings': '1' });
    expect(strict.status).toBe(1);
    expect(strict.stderr + strict.stdout).toContain('--max-warnings 1');
  });

  it('several inputs, one per line, and an English summary', async () => {
    const { dir } = tmp({ 'x/a.yaml': BASE, 'y/b.yaml': BASE });
    const run = await runActionStep(dir, { files: 'x/a.yaml\ny/b.yaml\n', lang: 'en' });
    expect(run.status).toBe(0);
    expect(run.summary).toContain('| **Total (2 files)** | **0** | **4** |');
    expect(run.stdout).toContain('4 problems (0 errors, 4 warnings)'); // the English stylish report
  });

  it('honours the config input', async () => {
    const { dir } = tmp({ 'a.yaml': BASE, 'strict.yaml': 'rules:\n  R003: error\n' });
    const run = await runActionStep(dir, { files: 'a.yaml', config: 'strict.yaml' });
    expect(run.status).toBe(1);
    expect(run.outputs).toMatchObject({ errors: '2', warnings: '0' });
  });

  it('strict: true ignores the files\' own suppressions (issue 10 item 2); false shows them as notices', async () => {
    const text = BASE.replace('indicators:\n', 'indicators:\n  # declare-disable-next-line R003 -- 由作者抑制\n').replace('      - name: 举办产业展会\n        period: 按计划举办展会\n', '      - name: 举办产业展会\n        period: 按计划举办展会  # declare-disable-line R003 -- 由作者抑制\n');
    const { dir } = tmp({ 'a.yaml': text, 'declare.config.yaml': 'rules:\n  R003: error\n  R009: off\n' });
    const lax = await runActionStep(dir, { files: 'a.yaml' });
    expect(lax.stdout).toMatch(/^::notice file=a\.yaml,.*title=R003::已抑制/m);
    const strict = await runActionStep(dir, { files: 'a.yaml', strict: 'true' });
    // the configuration beside the file is ignored too: R003 is a warning again, not suppressed
    expect(strict.outputs).toMatchObject({ errors: '0', warnings: '2' });
    expect(strict.stdout).not.toContain('::notice');
    const bad = await runActionStep(dir, { files: 'a.yaml', strict: 'yes' });
    expect(bad.status).toBe(2);
  });

  it('declare cannot run (no such file): exit 2, and the summary says there is no report', async () => {
    const { dir } = tmp();
    const run = await runActionStep(dir, { files: 'nope/*.yaml' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('nope/*.yaml');
    expect(run.summary).toContain('declare 没有生成报告');
  });

  it('summary: false writes no summary', async () => {
    const { dir } = tmp({ 'a.yaml': BASE });
    const run = await runActionStep(dir, { files: 'a.yaml', summary: 'false' });
    expect(run.status).toBe(0);
    expect(run.summary).toBe('');
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    entry: string;
    language: string;
    files: string;
    exclude: string;
    pass_filenames: boolean;
  }[];
  const hook = hooks.find((h) => h.id === 'declare-validate')!;
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  /** pre-commit matches `files` and `exclude` with Python's re.search on the path. */
  const selected = (p: string) => new RegExp(hook.files).test(p) && !new RegExp(hook.exclude).test(p);

  it('declares declare-validate: declare-form validate, language node, filenames passed', () => {
    expect(hook).toMatchObject({ entry: 'declare-form validate', language: 'node', pass_filenames: true });
    expect(pkg.bin['declare-form']).toBe('bin/declare.js'); // the name no shell shadows
  });

  it('selects YAML declarations and leaves out the configuration and CI files', () => {
    for (const p of ['a.yaml', 'declarations/2024/区委宣传部.yml', 'examples/huadu-propaganda-2023.yaml']) expect(selected(p), p).toBe(true);
    for (const p of ['declare.config.yaml', 'declarations/declare.config.yml', '.github/workflows/ci.yml', '.pre-commit-config.yaml', '.gitlab-ci.yml', 'action.yml', 'README.md', 'a.json']) expect(selected(p), p).toBe(false);
  });

  it('runs as pre-commit would: entry + the selected staged files', async () => {
    const staged = [...EXAMPLES, 'README.md', 'package.json'];
    const [, command] = hook.entry.split(' ');
    const run = await declare([command!, ...staged.filter(selected)]);
    expect(run.status).toBe(0);
  });
});

describe('docs/ci.md', () => {
  const md = readFileSync(path.join(repoRoot, 'docs', 'ci.md'), 'utf8');
  const yamlBlocks = [...md.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('every YAML block parses', () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(4);
    for (const b of yamlBlocks) expect(() => parse(b), b.slice(0, 40)).not.toThrow();
  });

  it('has a GitHub workflow with the action, SARIF upload to code scanning and security-events permission', () => {
    const wf = yamlBlocks.map((b) => parse(b) as Record<string, unknown>).find((y) => JSON.stringify(y).includes('upload-sarif'))!;
    const text = JSON.stringify(wf);
    expect(text).toContain('github/codeql-action/upload-sarif@v3');
    expect(text).toContain('"security-events":"write"');
    expect(text).toContain('"sarif-file":"declare.sarif"');
    expect(text).toContain('"sarif_file":"declare.sarif"');
  });

  it('has a GitLab job with a JUnit report artifact that the commands produce', () => {
    const job = yamlBlocks.map((b) => parse(b) as Record<string, { script?: string[]; artifacts?: { when?: string; reports?: { junit?: string } } }>).find((y) => y.declare?.artifacts)!.declare!;
    expect(job.artifacts!.reports!.junit).toBe('declare-junit.xml');
    expect(job.artifacts!.when).toBe('always');
    expect(job.script!.join('\n')).toContain('--format junit --output declare-junit.xml');
  });

  it('the documented JUnit command works as written (exit 1 tolerated, the file written)', async () => {
    const { dir } = tmp({ 'declarations/a.yaml': BROKEN });
    const run = await declare(['validate', '--format', 'junit', '--output', 'declare-junit.xml', 'declarations/**/*.yaml'], { cwd: dir });
    expect(run.status).toBe(1);
    const xml = readFileSync(path.join(dir, 'declare-junit.xml'), 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain('M001');
  });

  it('the summary the action writes agrees with validate --format json', async () => {
    const { dir } = tmp({ 'a.yaml': BROKEN });
    const { report } = await validateJson(['a.yaml'], { cwd: dir });
    const run = await runActionStep(dir, { files: 'a.yaml' });
    expect(run.outputs).toMatchObject({ errors: String(report.summary.errors), warnings: String(report.summary.warnings) });
  });
});
