/**
 * Shared by the hostile-input corpus (test/hostile) and the rendering faults
 * (test/faults): run the real binary with its wall time and peak memory measured, and
 * record every case's outcome for docs/RELIABILITY.md (scripts/reliability-table.mjs
 * turns the records into the table, so the table is what the suite saw, not typed).
 */
import type { ChildProcess } from 'node:child_process';
import { BIN, cliEnv as baseCliEnv, runNode } from '../helpers/spawn.js';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The repository root (this file is test/hostile/harness.ts). */
export const root = path.resolve(import.meta.dirname, '..', '..');
/** The executable users run. */
export { BIN };
/** Preload that reports the process's own peak RSS at exit (no /usr/bin/time needed). */
const RSS_PROBE = path.join(import.meta.dirname, 'rss-probe.mjs');

/**
 * Where the suites leave their records (one JSON file per suite). Under node_modules so
 * that no .gitignore entry is needed; scripts/reliability-table.mjs reads them.
 */
export const RESULTS_DIR = path.join(root, 'node_modules', '.cache', 'declare-reliability');

/** Hang guard for one hostile input: generous, not a performance assertion. */
export const TIME_LIMIT_MS = 10_000;
/** Peak resident memory allowed to the declare process for one hostile input. */
export const RSS_LIMIT_MB = 500;

/** What one run of the binary gave. */
export interface MeasuredRun {
  /** exit code, null when killed by a signal */
  status: number | null;
  /** the signal that ended it, if any */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** wall time from spawn to exit, ms */
  ms: number;
  /** peak RSS of the declare process in MB (undefined when it died of a signal) */
  rssMb: number | undefined;
  /** killed by the harness's own hang guard */
  killed: boolean;
}

/** The environment of a run: the caller's minus what changes the output, plus `extra`. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return baseCliEnv({ NO_COLOR: '1', ...extra });
}

/** Options of `runMeasured`. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** bytes for standard input (closed empty otherwise) */
  input?: string | Uint8Array;
  /** extra `--import` preloads (fault injection) */
  imports?: string[];
  /** kill the child after this long (the hang guard of the harness itself) */
  killAfterMs?: number;
  /** called once the child is spawned */
  onStart?: (child: ChildProcess) => void;
}

/**
 * Run `node bin/declare.js …args`, measuring wall time and the peak RSS of the process:
 * test/helpers/spawn.ts runNode (the one way tests run the CLI) with the RSS probe.
 */
export async function runMeasured(args: readonly string[], opts: RunOptions = {}): Promise<MeasuredRun> {
  const run = await runNode(BIN, args, {
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    env: { NO_COLOR: '1', ...opts.env },
    input: opts.input ?? '',
    nodeArgs: (opts.imports ?? []).flatMap((m) => ['--import', m]),
    timeoutMs: opts.killAfterMs ?? 60_000,
    rssProbe: RSS_PROBE,
    ...(opts.onStart ? { onStart: opts.onStart } : {}),
  });
  return { status: run.status, signal: run.signal ?? null, stdout: run.stdout, stderr: run.stderr, ms: run.ms!, rssMb: run.rssMb, killed: run.killed === true };
}

/** One row of docs/RELIABILITY.md. */
export interface CaseRecord {
  /** stable case ID (the table's first column; the doc test compares the sets) */
  id: string;
  /** the input or fault, in words */
  input: string;
  /** the command line, shortened */
  command: string;
  /** exit code (or `SIGINT` … when the process died of a signal) */
  exit: string;
  /** rule IDs reported, or the first line of the tool failure */
  outcome: string;
  /** wall time, ms */
  ms: number;
  /** peak RSS of the declare process, MB (undefined: not measurable, e.g. killed) */
  rssMb: number | undefined;
  /** the limit or guarantee that applies */
  limit: string;
  /** did every expectation of the case hold */
  ok: boolean;
  /** the expectations that did not hold, in words */
  problems?: string[];
  /** a known product bug this case shows (the test is marked it.fails) */
  bug?: string | undefined;
}

/** Collects the records of one suite and writes them when the suite ends. */
export class Recorder {
  private readonly records = new Map<string, CaseRecord>();
  constructor(private readonly suite: string) {}

  add(record: CaseRecord): void {
    this.records.set(record.id, record);
  }

  /** Write `<RESULTS_DIR>/<suite>.json` (only when every case of the suite ran). */
  flush(expectedIds: readonly string[]): void {
    const missing = expectedIds.filter((id) => !this.records.has(id));
    if (missing.length > 0) return; // a filtered run (-t): keep the last complete record
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${this.suite}.json`);
    const records = expectedIds.map((id) => this.records.get(id)!);
    writeFileSync(file, `${JSON.stringify({ suite: this.suite, node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.availableParallelism(), records }, null, 2)}\n`);
  }
}

/** The first line of a tool failure (exit 2), without the `declare: ` prefix. */
export function firstLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.replace(/^declare: /, '').slice(0, 100);
}

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `declare-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Fail early, with the fix, when the CLI has not been built (`npm test` builds it). */
export function assertBuilt(): void {
  if (!existsSync(path.join(root, 'dist', 'bundle', 'main.js'))) {
    throw new Error('dist/bundle/main.js is missing: run `npm run build` first (npm test does it via pretest)');
  }
}
