/**
 * `declare validate --watch` through the binary (issue 16): an edit gives a new report, a
 * syntax error does not end the watch, a save by rename (how vim and "safe write" editors
 * save) is seen, a directory is watched for its files, and SIGINT exits 0.
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { BASE, BIN, assertBuilt, replaceOnce, runNode, scratch } from '../authoring/helpers.js';

/** The watcher's output as it comes, and a way to wait for the n-th finished check. */
function watchRun(args: string[], cwd: string) {
  let child: ChildProcess | undefined;
  let stdout = '';
  let stderr = '';
  const done = runNode(BIN, ['validate', '--watch', '--no-color', ...args], {
    cwd,
    timeoutMs: 60_000,
    onStart: (c) => {
      child = c;
      c.stdout!.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
      c.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    },
  });
  /** Resolves once stderr holds `n` "watching" lines (one per finished check). */
  const checks = (n: number, timeoutMs = 15_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const t0 = Date.now();
      const poll = () => {
        if ((stderr.match(/正在监视/g) ?? []).length >= n) resolve();
        else if (Date.now() - t0 > timeoutMs) reject(new Error(`only ${(stderr.match(/正在监视/g) ?? []).length} checks of ${n}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        else setTimeout(poll, 20);
      };
      poll();
    });
  return { done, checks, out: () => stdout, err: () => stderr, child: () => child! };
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

it('prints a new report on each save, survives a syntax error and a rename-save, and exits 0 on SIGINT', async () => {
  assertBuilt();
  const dir = scratch({ 'a.yaml': BASE });
  cleanup.push(dir.cleanup);
  const w = watchRun(['a.yaml'], dir.dir);
  await w.checks(1);
  expect(w.out()).toContain('R003');
  expect(w.out()).not.toContain('M001');

  // an arithmetic error
  let cut = w.out().length;
  writeFileSync(path.join(dir.dir, 'a.yaml'), replaceOnce(BASE, 'basic: 2860.35', 'basic: 2860.36'));
  await w.checks(2);
  expect(w.out().slice(cut)).toContain('M001');

  // a syntax error: reported, and the watch goes on
  cut = w.out().length;
  writeFileSync(path.join(dir.dir, 'a.yaml'), `${BASE}\n  bad: [\n`);
  await w.checks(3);
  expect(w.out().slice(cut)).toContain('Y001');
  expect(w.child().exitCode).toBeNull();

  // saved by writing another file and renaming it over this one
  cut = w.out().length;
  writeFileSync(path.join(dir.dir, '.a.yaml.swp'), BASE);
  renameSync(path.join(dir.dir, '.a.yaml.swp'), path.join(dir.dir, 'a.yaml'));
  await w.checks(4);
  expect(w.out().slice(cut)).not.toContain('Y001');
  expect(w.out().slice(cut)).toContain('R003');

  // a file that is not watched changes: no new check
  writeFileSync(path.join(dir.dir, 'notes.txt'), 'x');
  await new Promise((r) => setTimeout(r, 400));
  expect((w.err().match(/正在监视/g) ?? []).length).toBe(4);

  w.child().kill('SIGINT');
  const run = await w.done;
  expect(run.status).toBe(0);
  expect(run.stderr).toContain('已停止监视');
}, 90_000);

it('watches a directory: a new file in it is checked at the next save', async () => {
  assertBuilt();
  const dir = scratch({ 'forms/a.yaml': BASE });
  cleanup.push(dir.cleanup);
  const w = watchRun(['forms'], dir.dir);
  await w.checks(1);
  expect(w.err()).toContain('正在监视 1 个文件');
  writeFileSync(path.join(dir.dir, 'forms', 'b.yaml'), replaceOnce(BASE, 'year: 2024', 'year: 1999'));
  await w.checks(2);
  expect(w.err()).toContain('正在监视 2 个文件');
  expect(w.out()).toMatch(/b\.yaml[\s\S]*S001/);
  w.child().kill('SIGINT');
  expect((await w.done).status).toBe(0);
}, 90_000);

it('refuses to watch stdin', async () => {
  assertBuilt();
  const run = await runNode(BIN, ['validate', '--watch', '-']);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('不能监视标准输入');
});
