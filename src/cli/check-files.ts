import path from 'node:path';
import { check, type CheckOutput } from '../check.js';
import { crossCheck, crossFacts } from '../cross-check.js';
import type { FileResult, Lang } from '../diagnostic.js';
import type { Encoding } from '../load/load.js';
import { escapeText } from '../report/escape.js';
import { configFor } from './config.js';
import { CliError } from './errors.js';
import { STDIN, expandInputs } from './files.js';
import { readInput, readStream } from './io.js';
import type { CliIo } from './main.js';
import { frameSource } from '../report/code-frame.js';
import type { ResultCache } from './cache.js';

/** The options that decide how files are read and checked (validate's, summary's, render's). */
export interface CheckSettings {
  stdinFilepath?: string;
  config?: string;
  lang: Lang;
  inlineConfig?: boolean;
  strict?: boolean;
  /** the inputs' text encoding (--encoding, default utf-8) */
  encoding?: Encoding;
}

/** What was read to check the inputs (for refusing an -o that would overwrite one of them). */
export interface ReadFiles {
  /** inputs, absolute (stdin under --stdin-filepath included) */
  inputs: string[];
  /** configuration files read, absolute */
  configs: string[];
}

/** Check every input; tool failures (unreadable files) are reported and give exit 2 at the end. */
export async function checkInputs(
  inputs: readonly string[],
  opts: CheckSettings,
  io: CliIo,
  resultsOnly = false,
  cache?: ResultCache,
): Promise<{ results: FileResult[]; failures: string[]; checked: { file: string; output: ReturnType<typeof check> }[]; read: ReadFiles }> {
  const files = await expandInputs(inputs, io.cwd, opts.lang);
  const { checked, failures, read } = await checkFiles(files, opts, io, resultsOnly, cache);
  return { results: checked.map((c) => c.output.result), failures, checked, read };
}

/** Read, configure and check listed files (expanded already), sorted by file name. */
export async function checkFiles(
  files: readonly string[],
  opts: CheckSettings,
  io: Pick<CliIo, 'cwd' | 'stdin'>,
  resultsOnly = false,
  cache?: ResultCache,
): Promise<{ failures: string[]; checked: { file: string; output: ReturnType<typeof check> }[]; read: ReadFiles }> {
  const failures: string[] = [];
  const checked: { file: string; output: ReturnType<typeof check> }[] = [];
  const configs = new Map<string, unknown>();
  const inputs: string[] = [];
  for await (const item of readAndCheck(files, opts, io, configs, { resultsOnly, ...(cache ? { cache } : {}) })) {
    if (item.input !== undefined) inputs.push(item.input);
    if (!item.ok) failures.push(item.error.message.replace(escapeText(item.abs), escapeText(item.file)));
    else checked.push({ file: item.name, output: item.output });
  }
  checked.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  // Checks across the files of the run (a department form and its project forms), after each alone.
  const crossed = crossCheck(checked, opts.lang);
  checked.splice(0, checked.length, ...crossed);
  const read = { inputs, configs: [...configs.keys()].filter((k) => k.startsWith('file:')).map((k) => k.slice(5)) };
  return { failures, checked, read };
}

/** One input, read and checked, or why it could not be read. */
export type CheckedFile =
  | { ok: true; file: string; name: string; abs: string; input?: string; bytes: Uint8Array; output: CheckOutput }
  | { ok: false; file: string; abs: string; input?: string; error: CliError };

/**
 * The one read-and-check loop of every command that checks files (validate, summary,
 * render): read each file (stdin as `-`, named by --stdin-filepath), find its
 * configuration (severities, rule options; none but -c under --strict), check it with
 * the inline-suppression setting and the encoding, and yield it; a file that cannot be
 * read is yielded with its CliError (the caller reports it, exit 2 at the end).
 */
export async function* readAndCheck(
  files: readonly string[],
  opts: CheckSettings,
  io: Pick<CliIo, 'cwd'> & Partial<Pick<CliIo, 'stdin'>>,
  configs: Map<string, unknown> = new Map(),
  keep: {
    /** keep only each file's result (diagnostics copied, source cut to the lines its code
     * frames show), so that memory stays flat over thousands of files (validate, issue 17) */
    resultsOnly?: boolean;
    /** --cache: reuse the result of unchanged bytes checked the same way (with resultsOnly) */
    cache?: ResultCache;
  } = {},
): AsyncGenerator<CheckedFile> {
  const lang = opts.lang;
  const strict = opts.strict === true;
  for (const file of files) {
    const name = file === STDIN ? (opts.stdinFilepath ?? '<stdin>') : file;
    const abs = path.resolve(io.cwd, file === STDIN ? name : file);
    const input = file !== STDIN || opts.stdinFilepath !== undefined ? path.resolve(io.cwd, name) : undefined;
    let bytes: Uint8Array;
    try {
      // A command without standard input (render) refuses `-` before it gets here.
      bytes = file === STDIN && io.stdin ? await readStream(io.stdin, name, lang) : await readInput(abs, lang);
    } catch (err) {
      if (err instanceof CliError) {
        yield { ok: false, file, abs: path.resolve(io.cwd, file), ...(input === undefined ? {} : { input }), error: err };
        continue;
      }
      throw err;
    }
    const config = await configFor(abs, io.cwd, opts.config, lang, configs, strict);
    const settings = {
      lang,
      severities: config.severities,
      ruleOptions: config.ruleOptions,
      configFile: config.file ?? '',
      inlineConfig: !strict && opts.inlineConfig !== false,
      encoding: opts.encoding ?? 'utf-8',
    } as const;
    const { cache, resultsOnly = false } = keep;
    const cacheKey = cache && resultsOnly ? cache.key(bytes, { ...settings, name }) : undefined;
    const cached = cacheKey === undefined ? undefined : cache!.get(path.resolve(io.cwd, name), cacheKey);
    if (cached) {
      // the cross-check's facts come with the cached result: a cached file still takes part in M008
      const facts = cache!.crossFacts(path.resolve(io.cwd, name));
      yield { ok: true, file, name, abs, ...(input === undefined ? {} : { input }), bytes, output: { result: cached, partial: {}, ...(facts ? { crossFacts: facts } : {}) } };
      continue;
    }
    const full = check(bytes, name, settings);
    // what the run-wide cross-check (M008) needs of the file, with its configured severity
    const facts = crossFacts(full, settings);
    const output: CheckOutput = resultsOnly
      ? { result: { ...full.result, diagnostics: structuredClone(full.result.diagnostics), source: frameSource(full.result.source ?? '', facts?.range ? [...full.result.diagnostics, facts.range] : full.result.diagnostics) }, partial: {}, ...(facts ? { crossFacts: facts } : {}) }
      : { ...full, ...(facts ? { crossFacts: facts } : {}) };
    if (cacheKey !== undefined) cache!.set(path.resolve(io.cwd, name), cacheKey, output.result, facts);
    yield { ok: true, file, name, abs, ...(input === undefined ? {} : { input }), bytes, output };
  }
}
