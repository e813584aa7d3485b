/**
 * `declare validate --watch FILES/DIRS` (issue 16): the report again on every save.
 *
 * - A file is watched through its directory, so an editor that saves by writing a new
 *   file and renaming it over the old one (vim, JetBrains, "safe write") is still seen;
 *   a directory (or a glob's base directory) recursively. Only `.yaml` / `.yml` files
 *   and declare.config.yaml count.
 * - Saves within DEBOUNCE_MS are one check; a save during a check queues one more.
 * - Every check clears the screen (on a terminal) and prints the whole report; a check
 *   that cannot run (a file deleted meanwhile, an invalid configuration) prints why and
 *   the watch goes on.
 * - Ctrl-C (SIGINT) or SIGTERM closes the watchers and exits 0.
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { lspMessages } from '../messages/lsp.js';
import { CONFIG_NAMES } from './config.js';
import { CliError } from './errors.js';
import { STDIN, expandInputs } from './files.js';
import type { CliIo } from './main.js';
import { runValidate, type ValidateOptions } from './validate.js';

/** Quiet time after a change before checking (editors write a file in several steps). */
export const DEBOUNCE_MS = 100;

/** Which directories to watch, and which file names in them matter. */
interface Target {
  dir: string;
  recursive: boolean;
  /** file base names that count; undefined: every YAML file */
  names?: Set<string>;
}

async function targetsOf(inputs: readonly string[], cwd: string): Promise<Target[]> {
  const targets: Target[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    const st = await stat(abs).catch(() => undefined);
    if (st?.isDirectory()) targets.push({ dir: abs, recursive: true });
    else if (st || !isDynamicPattern(input)) targets.push({ dir: path.dirname(abs), recursive: false, names: new Set([path.basename(abs), ...CONFIG_NAMES]) });
    else {
      // a glob: its static prefix, recursively
      const base = input.split(/[\\/]/).findIndex((seg) => isDynamicPattern(seg));
      const prefix = input.split(/[\\/]/).slice(0, Math.max(0, base)).join('/');
      targets.push({ dir: path.resolve(cwd, prefix || '.'), recursive: true });
    }
  }
  return targets;
}

/** Run `validate` now and after every save until interrupted; returns 0. */
export async function runWatch(inputs: string[], opts: ValidateOptions, io: CliIo, version: string): Promise<number> {
  const m = lspMessages(opts.lang);
  if (inputs.includes(STDIN)) throw new CliError(m.watchStdin);
  const targets = await targetsOf(inputs, io.cwd);
  const watchers: FSWatcher[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = false;

  const once = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      // a terminal is cleared, so the report on screen is always the current one
      if (io.stdoutIsTTY) io.stdout('\x1b[2J\x1b[3J\x1b[H');
      let files = 0;
      try {
        files = (await expandInputs(inputs, io.cwd, opts.lang)).length;
        await runValidate(inputs, opts, io, version);
      } catch (err) {
        if (!(err instanceof CliError)) throw err;
        io.stderr(`declare: ${m.watchFailed({ message: err.message })}`);
      }
      if (!stopped) io.stderr(m.watching({ files }));
    } finally {
      running = false;
    }
    if (again && !stopped) {
      again = false;
      await once();
    }
  };

  const changed = (target: Target, name: string | null): void => {
    if (stopped) return;
    const base = name ? path.basename(name) : '';
    if (name !== null && target.names && !target.names.has(base)) return;
    if (name !== null && !target.names && !/\.ya?ml$/i.test(base)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void once().catch((err: unknown) => io.stderr(`declare: ${err instanceof Error ? err.message : String(err)}\n`));
    }, DEBOUNCE_MS);
  };

  for (const t of targets) {
    try {
      const w = watch(t.dir, { recursive: t.recursive, persistent: true }, (_event, name) => changed(t, name === null ? null : String(name)));
      w.on('error', () => undefined); // a watched directory removed: the next check says what is missing
      watchers.push(w);
    } catch (err) {
      throw new CliError(`${t.dir}: ${(err as { code?: string }).code ?? String(err)}`, { cause: err });
    }
  }

  await once();
  return new Promise<number>((resolve) => {
    const stop = () => {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stderr(m.watchStopped);
      resolve(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
