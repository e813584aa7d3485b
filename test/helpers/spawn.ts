import { spawn } from 'node:child_process';
import path from 'node:path';

/** The repository root (test/helpers/ is two levels below it). */
const root = path.resolve(import.meta.dirname, '..', '..');

/** The real executable the CLI tests run. */
export const BIN = path.join(root, 'bin', 'declare.js');

/**
 * The environment for a child run: the parent's, without the variables that change
 * declare's output (colour, language, CI annotations, browser choice, Node options),
 * plus `extra`.
 */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'GITHUB_WORKSPACE', 'DECLARE_LANG', 'DECLARE_CHROME', 'NODE_OPTIONS']) delete env[k];
  return { ...env, ...extra };
}

/** What one run gave. */
export interface CliRun {
  /** exit code (null if killed) */
  status: number | null;
  /** stdout, UTF-8 */
  stdout: string;
  /** stderr, UTF-8 */
  stderr: string;
}

/** Options of one run. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string | Uint8Array;
  timeoutMs?: number;
}

/**
 * Run `node <script> ...args` without a shell. Async, so independent runs can overlap;
 * killed after `timeoutMs` as a hang guard.
 */
export function runNode(script: string, args: readonly string[], opts: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: opts.cwd ?? root,
      env: cliEnv(opts.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 30_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => {
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => undefined); // the program may exit before reading stdin
    child.stdin.end(opts.input ?? '');
  });
}
