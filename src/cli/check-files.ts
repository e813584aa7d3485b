import path from 'node:path';
import { check, formOf, type CheckOutput } from '../check.js';
import { crossCheck, crossFacts, type CheckedOutput } from '../cross-check.js';
import type { FileResult, Lang } from '../diagnostic.js';
import type { Encoding } from '../load/load.js';
import { escapeText } from '../report/escape.js';
import { configFor } from './config.js';
import { CliError } from './errors.js';
import { STDIN, expandInputs } from './files.js';
import { readInput, readStream, type ReadBuffer } from './io.js';
import type { CliIo } from './main.js';
import { frameSource } from '../report/code-frame.js';
import type { ResultCache, TakenStat } from './cache.js';
import { FORMS } from '../forms/index.js';

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

/** The name a listed file is reported (and sorted) under: stdin's is --stdin-filepath's. */
const nameOf = (file: string, opts: CheckSettings): string => (file === STDIN ? (opts.stdinFilepath ?? '<stdin>') : file);

/**
 * The file list in report order (by reported name), each with its place in the list as
 * given: the results are produced in this order, so they need no sorting afterwards
 * (issue 17), and read failures are still reported in the order the files were given.
 */
function inReportOrder(files: readonly string[], opts: CheckSettings): { file: string; given: number }[] {
  const named = files.map((file, given) => ({ file, given, name: nameOf(file, opts) }));
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.given - b.given));
  return named.map(({ file, given }) => ({ file, given }));
}

/** Read, configure and check listed files (expanded already), sorted by file name. */
export async function checkFiles(
  files: readonly string[],
  opts: CheckSettings,
  io: Pick<CliIo, 'cwd' | 'stdin'>,
  resultsOnly = false,
  cache?: ResultCache,
): Promise<{ failures: string[]; checked: { file: string; output: ReturnType<typeof check> }[]; read: ReadFiles }> {
  const failures: { given: number; message: string }[] = [];
  const checked: { file: string; output: ReturnType<typeof check> }[] = [];
  const configs = new Map<string, unknown>();
  const inputs: string[] = [];
  const order = inReportOrder(files, opts);
  let i = 0;
  for await (const item of readAndCheck(order.map((o) => o.file), opts, io, configs, { resultsOnly, ...(cache ? { cache } : {}) })) {
    const given = order[i++]!.given;
    if (item.input !== undefined) inputs.push(item.input);
    if (!item.ok) failures.push({ given, message: failureMessage(item) });
    else checked.push({ file: item.name, output: item.output });
  }
  // Checks across the files of the run (a department form and its project forms), after each alone.
  const crossed = crossCheck(checked, opts.lang);
  checked.splice(0, checked.length, ...crossed);
  return { failures: byGivenOrder(failures), checked, read: readFiles(inputs, configs) };
}

const failureMessage = (item: Extract<CheckedFile, { ok: false }>): string => item.error.message.replace(escapeText(item.abs), escapeText(item.file));
const byGivenOrder = (failures: { given: number; message: string }[]): string[] => failures.sort((a, b) => a.given - b.given).map((f) => f.message);
const readFiles = (inputs: string[], configs: Map<string, unknown>): ReadFiles => ({
  inputs,
  configs: [...configs.keys()].filter((k) => k.startsWith('file:')).map((k) => k.slice(5)),
});

/** The names of the forms whose files add to another form's limit in the cross-check (项目支出). */
const CONTRIBUTING_IDS = Object.values(FORMS).filter((f) => f.rollup !== undefined && f.rollup.limit === undefined).map((f) => Buffer.from(f.id, 'utf8'));
const BACKSLASH = 0x5c;

/**
 * Whether a file may be of a form that adds to a department form's limit (the cross-check,
 * M008), known before it is checked. Such a file names the form (`form: 项目支出`), so a
 * UTF-8 file whose bytes contain neither the name nor a backslash (a double-quoted escape
 * could spell it) is not one; any other file is loaded and its form chosen as check()
 * does (check.ts formOf). Standard input, or a file that cannot be read here: maybe.
 * Under --cache, a file whose stat is its entry's and whose entry has cross-check facts is
 * known without reading it (the form follows from the bytes alone).
 */
async function mayContribute(file: string, opts: CheckSettings, io: Pick<CliIo, 'cwd'>, scratch: ReadBuffer, cache?: ResultCache): Promise<boolean> {
  if (file === STDIN) return true;
  if (cache !== undefined) {
    const abs = path.resolve(io.cwd, file);
    const facts = cache.peekFacts(abs, cache.stat(abs));
    if (facts !== undefined) return facts.limit === undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readInput(path.resolve(io.cwd, file), opts.lang, scratch);
  } catch {
    return true;
  }
  const encoding = opts.encoding ?? 'utf-8';
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === 'utf-8' && !buf.includes(BACKSLASH) && !CONTRIBUTING_IDS.some((id) => buf.includes(id))) return false;
  const form = formOf(bytes, encoding);
  return form?.rollup !== undefined && form.rollup.limit === undefined;
}

/**
 * validate's streaming check (issue 17): each file's result is handed to `emit` as soon as
 * it is checked, in report order (the file list is sorted, not the results), so that the
 * report is written while the run goes on and nothing of a file stays in memory once it
 * is written. The cross-check is the exception it waits for: a department form's result
 * (which may get an M008) is held until every file that may add to its limit
 * (mayContribute) has been checked, and the results after it wait with it (the order is
 * the report's). A run of department forms alone therefore streams throughout. The
 * results are exactly checkFiles's (the test over the fixture corpus compares them).
 */
export async function streamFiles(
  files: readonly string[],
  opts: CheckSettings,
  io: Pick<CliIo, 'cwd' | 'stdin'>,
  emit: (result: FileResult) => void,
  cache?: ResultCache,
): Promise<{ failures: string[]; read: ReadFiles }> {
  const order = inReportOrder(files, opts);
  const maybe: boolean[] = [];
  const scratch: ReadBuffer = {};
  for (const o of order) maybe.push(await mayContribute(o.file, opts, io, scratch, cache));
  let unchecked = maybe.filter(Boolean).length;
  // with no file that may add to a limit, the cross-check reads no result: the cache may leave them unparsed
  if (unchecked === 0) cache?.noContributors();
  const failures: { given: number; message: string }[] = [];
  const configs = new Map<string, unknown>();
  const inputs: string[] = [];
  /** what may add to a held result's limit: the contributing files seen so far, in order */
  const contributors: CheckedOutput[] = [];
  /** checked, not yet emitted (a held department form and those after it) */
  const pending: CheckedOutput[] = [];
  const flush = (): void => {
    while (pending.length > 0) {
      const head = pending[0]!;
      const holds = head.output.crossFacts?.limit !== undefined;
      if (holds && unchecked > 0) return;
      pending.shift();
      emit(holds ? crossCheck([head, ...contributors], opts.lang)[0]!.output.result : head.output.result);
    }
  };
  let i = 0;
  for await (const item of readAndCheck(order.map((o) => o.file), opts, io, configs, { resultsOnly: true, ...(cache ? { cache } : {}) })) {
    const at = i++;
    if (maybe[at]) unchecked--;
    if (item.input !== undefined) inputs.push(item.input);
    if (!item.ok) failures.push({ given: order[at]!.given, message: failureMessage(item) });
    else {
      const facts = item.output.crossFacts;
      if (facts !== undefined && facts.limit === undefined) {
        contributors.push({ file: item.name, output: { result: { file: item.name, diagnostics: [], rulesChecked: [] }, partial: {}, crossFacts: facts } });
      }
      pending.push({ file: item.name, output: item.output });
    }
    flush();
    // Let the event loop run: a report written to a pipe that is not read as fast is queued
    // by Node until its writes complete, which needs the loop (else it all waits to the end).
    // Every YIELD_EVERY files: a turn of the loop costs about as much as a cached file (issue 17, --cache).
    if (i % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  unchecked = 0;
  flush();
  return { failures: byGivenOrder(failures), read: readFiles(inputs, configs) };
}

/** How many files streamFiles checks between two turns of the event loop. */
const YIELD_EVERY = 16;

/** One input, read and checked, or why it could not be read. */
export type CheckedFile =
  /** bytes: absent under resultsOnly (read into a reused buffer) and when --cache trusted the file's stat and did not read it */
  | { ok: true; file: string; name: string; abs: string; input?: string; bytes?: Uint8Array; output: CheckOutput }
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
  const scratch: ReadBuffer = {};
  for (const file of files) {
    const name = file === STDIN ? (opts.stdinFilepath ?? '<stdin>') : file;
    const abs = path.resolve(io.cwd, file === STDIN ? name : file);
    const input = file !== STDIN || opts.stdinFilepath !== undefined ? path.resolve(io.cwd, name) : undefined;
    const { cache, resultsOnly = false } = keep;
    const useCache = cache !== undefined && resultsOnly;
    const key = path.resolve(io.cwd, name);
    // --cache: the stat before the bytes are read (so that what is kept is never newer than them)
    const stat: TakenStat | undefined = useCache && file !== STDIN ? cache.stat(abs) : undefined;
    if (useCache && cache.unchanged(key, stat)) {
      // the same size, mtime and inode: the bytes are not read (a file gone since is read below and reported)
      const config = await configFor(abs, io.cwd, opts.config, lang, configs, strict);
      const cached = cache.getByStat(key, stat, cache.settingsKey(settingsOf(config, opts, strict), name));
      if (cached) {
        const facts = cache.crossFacts(key);
        yield { ok: true, file, name, abs, ...(input === undefined ? {} : { input }), output: { result: cached, partial: {}, ...(facts ? { crossFacts: facts } : {}) } };
        continue;
      }
    }
    let bytes: Uint8Array;
    try {
      // A command without standard input (render) refuses `-` before it gets here.
      // Under resultsOnly the bytes are done with before the next file is read (the text is
      // decoded from them, the cache hashes them), so one buffer serves every file (io.ts).
      bytes = file === STDIN && io.stdin ? await readStream(io.stdin, name, lang) : await readInput(abs, lang, resultsOnly ? scratch : undefined);
    } catch (err) {
      if (err instanceof CliError) {
        yield { ok: false, file, abs: path.resolve(io.cwd, file), ...(input === undefined ? {} : { input }), error: err };
        continue;
      }
      throw err;
    }
    const config = await configFor(abs, io.cwd, opts.config, lang, configs, strict);
    const settings = settingsOf(config, opts, strict);
    const settingsKey = useCache ? cache.settingsKey(settings, name) : undefined;
    const cached = settingsKey === undefined ? undefined : cache!.get(key, bytes, settingsKey, stat);
    if (cached) {
      // the cross-check's facts come with the cached result: a cached file still takes part in M008
      const facts = cache!.crossFacts(key);
      yield { ok: true, file, name, abs, ...(input === undefined ? {} : { input }), ...(resultsOnly ? {} : { bytes }), output: { result: cached, partial: {}, ...(facts ? { crossFacts: facts } : {}) } };
      continue;
    }
    const full = check(bytes, name, settings);
    // what the run-wide cross-check (M008) needs of the file, with its configured severity
    const facts = crossFacts(full, settings);
    const output: CheckOutput = resultsOnly
      ? { result: { ...full.result, diagnostics: structuredClone(full.result.diagnostics), source: frameSource(full.result.source ?? '', facts?.range ? [...full.result.diagnostics, facts.range] : full.result.diagnostics) }, partial: {}, ...(facts ? { crossFacts: facts } : {}) }
      : { ...full, ...(facts ? { crossFacts: facts } : {}) };
    if (settingsKey !== undefined) cache!.set(key, bytes, settingsKey, stat, output.result, facts);
    yield { ok: true, file, name, abs, ...(input === undefined ? {} : { input }), ...(resultsOnly ? {} : { bytes }), output };
  }
}

/** How a file is checked: its configuration's severities and options and the run's settings. */
export function settingsOf(config: Awaited<ReturnType<typeof configFor>>, opts: CheckSettings, strict: boolean) {
  return {
    lang: opts.lang,
    severities: config.severities,
    ruleOptions: config.ruleOptions,
    configFile: config.file ?? '',
    inlineConfig: !strict && opts.inlineConfig !== false,
    encoding: opts.encoding ?? 'utf-8',
  } as const;
}
