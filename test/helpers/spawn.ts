import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The repository root (test/helpers/ is two levels below it). */
const root = path.resolve(import.meta.dirname, '..', '..');

/** The real executable the CLI tests run. */
export const BIN = path.join(root, 'bin', 'declare.js');

/**
 * The environment for a child run: the parent's, without the variables that change
 * declare's output (colour, language, CI annotations, browser choice, Node options),
 * plus `extra` (an `undefined` value removes the variable).
 */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'GITHUB_WORKSPACE', 'DECLARE_LANG', 'DECLARE_CHROME', 'NODE_OPTIONS']) delete env[k];
  Object.assign(env, extra);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

/** What one run gave. */
export interface CliRun {
  /** exit code (null if killed) */
  status: number | null;
  /** the signal that ended it, if any */
  signal?: NodeJS.Signals | null;
  /** stdout, UTF-8 */
  stdout: string;
  /** stderr, UTF-8 */
  stderr: string;
  /** runNode: wall time from spawn to exit, ms */
  ms?: number;
  /** runNode: killed by the hang guard (timeoutMs) */
  killed?: boolean;
  /** runNode with `rssProbe`: peak RSS of the process in MB (undefined when it died of a signal) */
  rssMb?: number;
}

/** Options of one run. */
export interface RunOptions {
  cwd?: string;
  /** added to cliEnv(); `undefined` removes a variable */
  env?: Record<string, string | undefined>;
  /** standard input (closed empty otherwise); ignored when `stdin: 'ignore'` */
  input?: string | Uint8Array;
  /** `'ignore'`: no stdin pipe at all */
  stdin?: 'pipe' | 'ignore';
  /** a file descriptor for stdout instead of a pipe (stdout is then '') */
  stdoutFd?: number;
  /** node options before the script (e.g. `--import` preloads) */
  nodeArgs?: readonly string[];
  /** hang guard: SIGKILL after this long (default 30 s) */
  timeoutMs?: number;
  /** called once the child is spawned (signals, reading stdout as it comes) */
  onStart?: (child: ChildProcess) => void;
  /** a preload that writes the peak RSS (KB) to $DECLARE_TEST_RSS_FILE at exit (test/hostile/rss-probe.mjs): runNode then reports `rssMb` */
  rssProbe?: string;
}

/**
 * Run `node [nodeArgs] <script> ...args` without a shell. Async, so independent runs can
 * overlap; killed after `timeoutMs` as a hang guard.
 */
export function runNode(script: string, args: readonly string[], opts: RunOptions = {}): Promise<CliRun> {
  const probeDir = opts.rssProbe === undefined ? undefined : mkdtempSync(path.join(os.tmpdir(), 'declare-rss-'));
  const rssFile = probeDir === undefined ? undefined : path.join(probeDir, 'rss');
  const preload = opts.rssProbe === undefined ? [] : ['--import', opts.rssProbe];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...preload, ...(opts.nodeArgs ?? []), script, ...args], {
      cwd: opts.cwd ?? root,
      env: cliEnv(rssFile === undefined ? opts.env : { ...opts.env, DECLARE_TEST_RSS_FILE: rssFile }),
      stdio: [opts.stdin ?? 'pipe', opts.stdoutFd ?? 'pipe', 'pipe'],
    });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 30_000);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      const run: CliRun = { status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms, killed };
      if (probeDir !== undefined) {
        try {
          run.rssMb = Math.round(Number(readFileSync(rssFile!, 'utf8')) / 1024);
        } catch {
          run.rssMb = undefined;
        }
        rmSync(probeDir, { recursive: true, force: true });
      }
      resolve(run);
    });
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // the program may exit before reading stdin
      child.stdin.end(opts.input ?? '');
    }
    opts.onStart?.(child);
  });
}

/** runNode, synchronously (for tests that run one command at a time). */
export function runNodeSync(script: string, args: readonly string[], opts: Omit<RunOptions, 'onStart' | 'stdoutFd'> = {}): CliRun {
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), script, ...args], {
    cwd: opts.cwd ?? root,
    env: cliEnv(opts.env),
    input: opts.stdin === 'ignore' ? undefined : (opts.input ?? ''),
    stdio: [opts.stdin ?? 'pipe', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 30_000,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error && (r.error as { code?: string }).code !== 'ETIMEDOUT') throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
