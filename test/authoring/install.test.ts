/**
 * declare installed the way its two CI clients install it (issue 10 items 17 and 18):
 *
 * - the GitHub Action's own "Install declare" step (action.yml, run as written) in a copy
 *   of this checkout: production dependencies only, no bundled Chromium, no development
 *   tree, and `validate` works from what it installed. npm runs offline from the cache
 *   (`npm ci` of this checkout filled it), so the test needs no network and stays quick;
 * - pre-commit as Debian ships it (`apt-get install pre-commit`): `pre-commit install-hooks`
 *   on a scratch repository whose .pre-commit-config.yaml points at a git snapshot of this
 *   worktree, then a bad declaration is refused at commit time and a good one committed.
 *   pre-commit's npm installs the hook's whole development tree (pre-commit 3.x runs
 *   `npm install --dev` in the hook repository), which takes minutes: the test allows
 *   for it. Skipped only when pre-commit is missing outside CI; on CI (CI=true) it runs.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cliEnv, runNode } from '../helpers/spawn.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const example = path.join(root, 'examples', 'huadu-propaganda-2023.yaml');
const scratch = mkdtempSync(path.join(tmpdir(), 'declare-install-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The files of this worktree as a clone would have them (tracked and new, not ignored). */
function snapshot(dest: string): void {
  mkdirSync(dest, { recursive: true });
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && f !== 'node_modules' && existsSync(path.join(root, f)));
  execFileSync('tar', ['-cf', path.join(scratch, 'snapshot.tar'), '--null', '-T', '-'], { cwd: root, input: files.join('\0') });
  execFileSync('tar', ['-xf', path.join(scratch, 'snapshot.tar'), '-C', dest]);
}

/** Run a command without a shell; resolves with its exit code and output. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, out: Buffer.concat(chunks).toString('utf8') }));
  });
}

interface Step {
  name?: string;
  run?: string;
}
const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as { runs: { steps: Step[] } };

describe('the GitHub Action installs only what validate needs', () => {
  it('its install step, run as written: production dependencies, no Chromium, and validate works', async () => {
    const step = action.runs.steps.find((s) => s.name === 'Install declare')!;
    const pkg = path.join(scratch, 'action');
    snapshot(pkg);
    const runnerTemp = path.join(scratch, 'runner-temp');
    mkdirSync(runnerTemp);
    const script = path.join(scratch, 'install.sh');
    writeFileSync(script, step.run!);
    const env = cliEnv({ GITHUB_ACTION_PATH: pkg, RUNNER_TEMP: runnerTemp, npm_config_offline: 'true', npm_config_update_notifier: 'false' });
    const install = await run('bash', ['-e', script], scratch, env, 120_000);
    expect(install.status, install.out).toBe(0);

    const modules = path.join(pkg, 'node_modules');
    expect(existsSync(path.join(modules, 'yaml'))).toBe(true); // a production dependency
    expect(existsSync(path.join(modules, '@sparticuz', 'chromium')), 'the bundled browser is not installed').toBe(false);
    for (const dev of ['typescript', 'vitest', 'esbuild', 'yaml-language-server']) expect(existsSync(path.join(modules, dev)), dev).toBe(false);
    expect(existsSync(path.join(pkg, 'dist', 'bundle', 'main.js'))).toBe(true);

    const ok = await runNode(path.join(pkg, 'bin', 'declare.js'), ['validate', example]);
    expect(ok.status, ok.stderr + ok.stdout).toBe(0);
    const broken = path.join(scratch, 'broken.yaml');
    writeFileSync(broken, 'department: [\n');
    const bad = await runNode(path.join(pkg, 'bin', 'declare.js'), ['validate', broken]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('Y001');
  }, 180_000);
});

const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const inCi = process.env.CI === 'true';

describe('pre-commit (as Debian ships it)', () => {
  it.skipIf(!hasPreCommit && !inCi)('install-hooks works, a bad declaration is refused, a good one committed', async () => {
    const hookRepo = path.join(scratch, 'hook-repo');
    snapshot(hookRepo);
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=declare test', '-c', 'user.email=test@declare.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();
    git(hookRepo, 'init', '-q');
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '-q', '-m', 'snapshot');
    const rev = git(hookRepo, 'rev-parse', 'HEAD');

    const project = path.join(scratch, 'project');
    mkdirSync(project);
    git(project, 'init', '-q');
    writeFileSync(
      path.join(project, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: declare-validate\n`,
    );
    // A private cache, so a hook environment of another checkout is never reused.
    const env = cliEnv({ PRE_COMMIT_HOME: path.join(scratch, 'pre-commit-home'), npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' });
    const install = await run('pre-commit', ['install-hooks'], project, env, 1_200_000);
    expect(install.status, install.out).toBe(0);
    expect((await run('pre-commit', ['install'], project, env, 60_000)).status).toBe(0);

    writeFileSync(path.join(project, 'bad.yaml'), 'department: [\n');
    git(project, 'add', '.pre-commit-config.yaml', 'bad.yaml');
    const commit = (msg: string) => run('git', ['-c', 'user.name=t', '-c', 'user.email=t@declare.invalid', 'commit', '-m', msg], project, env, 120_000);
    const refused = await commit('bad');
    expect(refused.status, refused.out).not.toBe(0);
    expect(refused.out).toContain('Y001');
    expect(() => git(project, 'rev-parse', '-q', '--verify', 'HEAD')).toThrow(); // nothing committed

    git(project, 'rm', '-q', '--cached', 'bad.yaml');
    writeFileSync(path.join(project, 'good.yaml'), readFileSync(example));
    git(project, 'add', 'good.yaml');
    const accepted = await commit('good');
    expect(accepted.status, accepted.out).toBe(0);
    expect(accepted.out).toMatch(/declare validate.*Passed/);
  }, 1_500_000);
});
