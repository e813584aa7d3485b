/**
 * `declare render` (cli.md "declare render", issue 3): check each input, refuse files
 * with errors (unless --force, which marks every page 「未通过校验」), write HTML and/or
 * PDF beside each input or into --out. Many files share one browser; each output is
 * written completely or not at all; SIGINT/SIGTERM/SIGHUP and a closed stdout close the
 * browser and remove partial files. Output names never leave the output directory
 * (`outputName`). Handlebars and Puppeteer are loaded only here, and Puppeteer only for
 * --pdf. See docs/SECURITY.md "Output files and signals".
 */
import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { countBySeverity, type FileResult, type Lang } from '../diagnostic.js';
import type { PartialDeclaration } from '../model/declaration.js';
import type { Encoding } from '../load/load.js';
import type { PdfEngine } from '../render/browser.js';
import type { BrowserChoice } from '../render/find-browser.js';
import { renderStandaloneHtml, type Layout } from '../render/html.js';
import { readAndCheck } from './check-files.js';
import { DEFAULT_FORM } from '../forms/index.js';
import { makeDir } from '../render/make-dir.js';
import { withIndicatorsAsWritten } from '../render/view.js';
import { load } from '../load/load.js';
import { onOutputClosed, type StdStream } from './closed-output.js';
import { configFor } from './config.js';
import { escapeText } from '../report/escape.js';
import { CliError } from './errors.js';
import { renderCliMessages } from '../messages/cli.js';
import { STDIN, expandInputs } from './files.js';
import { readInput, removePendingTemps, removeStaleTemps, tempName, writeFileAtomic } from './io.js';
import { VERSION } from './version.js';
import type { FormDefinition } from '../forms/types.js';
import { sheetMessages } from '../messages/sheets.js';
import { GRID_BUILDERS, formOf, precisionOf, renderDocument } from '../sheets/documents.js';
import { renderLayoutMessages } from '../messages/render-layout.js';

/** Options of `declare render` (cli.md). */
export interface RenderOptions {
  /** files, directories, globs */
  inputs: string[];
  /** write .html (default when neither --html nor --pdf) */
  html?: boolean;
  /** write .pdf */
  pdf?: boolean;
  /** write .xlsx (cli.md "Spreadsheets and documents") */
  xlsx?: boolean;
  /** write .docx */
  docx?: boolean;
  /** output directory; default beside each input */
  out?: string | undefined;
  /** render files with errors, marked 「未通过校验」 */
  force?: boolean;
  /** browser executable (--chrome) */
  chrome?: string | undefined;
  /** message language */
  lang?: Lang | undefined;
  /** the inputs' text encoding (--encoding) */
  encoding?: Encoding | undefined;
  /** stack traces and browser details on failures */
  verbose?: boolean;
  /** documents printed at once; default min(cores, 4) */
  concurrency?: number | undefined;
  /** per-document timeout in ms; default 60 s */
  timeoutMs?: number | undefined;
  /** --strict: no inline suppressions, no configuration file (render has no -c) */
  strict?: boolean;
  /** false with --no-inline-config: `# declare-disable-…` comments are ignored */
  inlineConfig?: boolean;
  /** --combine OUT.pdf: one bound volume of all the inputs (src/render/combine.ts) */
  combine?: string | undefined;
}

/** What the command may touch of the outside world. */
export interface RenderIo {
  /** working directory */
  cwd: string;
  /** environment (DECLARE_CHROME, SOURCE_DATE_EPOCH, XDG_CACHE_HOME …) */
  env: NodeJS.ProcessEnv;
  /** standard output */
  stdout: (s: string) => void;
  /** standard error */
  stderr: (s: string) => void;
  /** whether stderr is a terminal (progress display) */
  isTTY: boolean;
  /** print the diagnostics of checked files (stylish) */
  printDiagnostics(results: FileResult[]): void;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** --timeout bounds in seconds: at least 1 s, at most a day (far inside the 2^31-1 ms timer range). */
export const TIMEOUT_RANGE_S = { min: 1, max: 86_400 } as const;
/** The last second a PDF date (D:YYYY…) can show: 9999-12-31T23:59:59Z. */
const MAX_EPOCH_S = 253_402_300_799;

/** The PDF dates: SOURCE_DATE_EPOCH (reproducible builds) or now. */
export function documentDate(env: NodeJS.ProcessEnv, lang: Lang, now: () => Date = () => new Date()): Date {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch === undefined || epoch === '') return now();
  // The reproducible-builds spec: a decimal integer of seconds, as `date +%s` prints;
  // a malformed value SHOULD end the build with an error. A PDF date has four year
  // digits, so a date after 9999 cannot be written: an error too, never a clamp (the
  // same input would silently get another date than asked for).
  const digits = /^\d+$/.test(epoch) ? epoch.replace(/^0+(?=\d)/, '') : undefined;
  if (digits === undefined || digits.length > 12 || Number(digits) > MAX_EPOCH_S) {
    throw new CliError(renderCliMessages(lang).badEpoch({ max: MAX_EPOCH_S, epoch }));
  }
  return new Date(Number(digits) * 1000);
}

/** --timeout in ms, checked: whole seconds within TIMEOUT_RANGE_S (exit 2 otherwise). */
export function checkedTimeoutMs(timeoutMs: number | undefined, lang: Lang): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  const seconds = timeoutMs / 1000;
  if (!Number.isInteger(seconds) || seconds < TIMEOUT_RANGE_S.min || seconds > TIMEOUT_RANGE_S.max) {
    throw new CliError(renderCliMessages(lang).badTimeout({ min: TIMEOUT_RANGE_S.min, max: TIMEOUT_RANGE_S.max, default: DEFAULT_TIMEOUT_MS / 1000, seconds }));
  }
  return timeoutMs;
}

/** NAME_MAX of Linux and macOS file systems, in bytes. */
const NAME_MAX = 255;
/** The longest extension we write. */
const LONGEST_EXT = '.html';
/** Control characters (C0, DEL, C1), bidirectional controls and path separators. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069/\\]/g;

/**
 * The output file's stem for an input, as one path component: the input's base name
 * without .yaml/.yml; control and bidirectional characters and path separators become
 * `_`; a stem whose name with the longest extension would exceed NAME_MAX bytes is cut at
 * a character boundary and gets 8 hex digits of its SHA-256, so that it stays unique.
 * The caller appends the extension to the stem (never path.join(dir, stem) + ext, which
 * turned the empty stem of `.yaml` into `<dir>.html` beside the directory); so the name
 * is never empty, `.` or `..`, and `.yaml` gives `.html`, `..yaml` gives `..html`.
 */
export function outputStem(input: string): string {
  const stem = path.basename(input).replace(/\.ya?ml$/i, '').replace(UNSAFE_IN_NAME, '_');
  const budget = NAME_MAX - Buffer.byteLength(LONGEST_EXT);
  if (Buffer.byteLength(stem) <= budget) return stem;
  const tag = `-${createHash('sha256').update(stem).digest('hex').slice(0, 8)}`;
  let cut = '';
  let bytes = 0;
  for (const ch of stem) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > budget - tag.length) break;
    cut += ch;
    bytes += n;
  }
  return cut + tag;
}

/** One input that will be rendered. */
interface Job {
  /** the input as the user named it */
  input: string;
  /** what to lay out */
  decl: PartialDeclaration;
  /** has error diagnostics (rendered under --force) */
  unchecked: boolean;
  /** the form's layout (an unknown `form` under --force: the default form's) */
  layout: Layout;
  /** the output path for an extension: one file name (stem + ext) in the output directory */
  target: (ext: OutputExt) => string;
  /** decimal places of amounts in a workbook or document (`precision: 4`) */
  precision: 2 | 4;
  /** the form the file's `form` key names (the default form without one) */
  form: FormDefinition;
}

/** The extensions render writes. */
type OutputExt = '.html' | '.pdf' | '.xlsx' | '.docx';

/** The browser of the running PDF batch, if any (killed on SIGINT/SIGTERM/SIGHUP). */
let activeEngine: PdfEngine | undefined;
/** Set when stdout or stderr was closed: the batch stops and render exits 2. */
let closedStream: StdStream | undefined;
/** The closing of each engine once begun (closing twice would not wait for the first). */
let engineClosing = new WeakMap<PdfEngine, Promise<void>>();

function closeEngine(engine: PdfEngine): Promise<void> {
  let closing = engineClosing.get(engine);
  if (!closing) {
    closing = engine.close();
    engineClosing.set(engine, closing);
  }
  return closing;
}

/**
 * A browser started while the inputs are still being read and checked (issue 17: the
 * first PDF from a cold process), taken by the first PDF step that needs one. Finding
 * the browser and starting it fail quietly here; the step that takes it reports the
 * failure as it would have. What finding it says (the bundled Chromium's extraction) is
 * held until then, so that it does not run into the diagnostics.
 */
interface EarlyBrowser {
  /** the browser found, the engine and its start (undefined: started; else the error) */
  ready: Promise<{ choice: BrowserChoice; engine: PdfEngine; started: Promise<unknown> } | { error: unknown }>;
  /** say what was held, and say the rest at once from now on */
  release(): void;
}

/** The browser of startEarly while no PDF step has taken it. */
let earlyBrowser: EarlyBrowser | undefined;

/**
 * The browser for a PDF step: the one started early if it is still there (after its
 * held messages), else a new one; a failure to find or start it throws as before.
 */
async function takeBrowser(opts: RenderOptions, io: RenderIo, lang: Lang, timeoutMs: number): Promise<{ choice: BrowserChoice; engine: PdfEngine; started: Promise<unknown> }> {
  const early = earlyBrowser;
  earlyBrowser = undefined;
  if (early) {
    early.release();
    const got = await early.ready;
    if ('error' in got) throw got.error;
    return got;
  }
  const { findBrowser } = await import('../render/find-browser.js');
  const choice = await findBrowser({ chrome: opts.chrome, env: io.env, cwd: io.cwd, lang, report: io.stderr, tty: io.isTTY });
  const { PdfEngine } = await import('../render/browser.js');
  const engine: PdfEngine = new PdfEngine(choice, { timeoutMs, lang }, io.env);
  activeEngine = engine;
  return { choice, engine, started: engine.start().then(() => undefined, (error: unknown) => error ?? new Error('the browser did not start')) };
}

/** Close the early browser when no step took it (nothing to print, or the batch stopped). */
async function dropEarlyBrowser(): Promise<void> {
  const early = earlyBrowser;
  earlyBrowser = undefined;
  if (!early) return;
  const got = await early.ready;
  if ('engine' in got) {
    await closeEngine(got.engine);
    if (activeEngine === got.engine) activeEngine = undefined;
  }
}

function startEarly(opts: RenderOptions, io: RenderIo, lang: Lang, timeoutMs: number): EarlyBrowser {
  const held: string[] = [];
  let live = false;
  const report = (text: string): void => {
    if (live) io.stderr(text);
    else held.push(text);
  };
  const ready = (async () => {
    try {
      const { findBrowser } = await import('../render/find-browser.js');
      const choice = await findBrowser({ chrome: opts.chrome, env: io.env, cwd: io.cwd, lang, report, tty: io.isTTY });
      const { PdfEngine } = await import('../render/browser.js');
      if (closedStream !== undefined) return { error: new Error('output closed') };
      const engine: PdfEngine = new PdfEngine(choice, { timeoutMs, lang }, io.env);
      activeEngine = engine;
      const started: Promise<unknown> = engine.start().then(() => undefined, (error: unknown) => error ?? new Error('the browser did not start'));
      return { choice, engine, started };
    } catch (error) {
      return { error };
    }
  })();
  return {
    ready,
    release: () => {
      live = true;
      for (const text of held.splice(0)) io.stderr(text);
    },
  };
}

function errorCode(error: unknown): string {
  return (error as { code?: string }).code ?? (error as Error).message;
}

/** Create --out (and parents); a path that cannot be a directory is exit 2, naming it. */
async function prepareOutDir(out: string, shown: string, lang: Lang): Promise<void> {
  try {
    await makeDir(out);
    if (!statSync(out).isDirectory()) throw Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR' });
    // Root passes every permission check: prove the directory takes files.
    const probe = tempName(out);
    await writeFile(probe, '', { flag: 'wx' });
    await rm(probe, { force: true });
  } catch (error) {
    throw new CliError(renderCliMessages(lang).outDir({ shown, code: errorCode(error) }),
    { cause: error });
  }
}

/** `declare render`: returns the exit code (0 ok, 1 a file has errors, 2 a tool failure). */
export async function renderCommand(opts: RenderOptions, io: RenderIo): Promise<number> {
  const lang: Lang = opts.lang ?? 'zh';
  const wantPdf = opts.pdf === true;
  // --combine writes the volume only, unless --html/--pdf ask for the files too.
  const wantHtml = opts.html === true || (!wantPdf && opts.xlsx !== true && opts.docx !== true && opts.combine === undefined);
  const version = VERSION;
  const date = documentDate(io.env, lang);
  const timeoutMs = checkedTimeoutMs(opts.timeoutMs, lang);

  closedStream = undefined;
  engineClosing = new WeakMap();
  const stopSignals = onSignals();
  // stdout closed (`render … | head -1`): the list of written files cannot be given in
  // full, so this is a failure (exit 2). Stop starting documents, close the browser (the
  // documents in flight fail with it and are not reported), keep what is complete.
  const stopClosed = onOutputClosed((stream) => {
    if (closedStream !== undefined) return;
    closedStream = stream;
    // Kill at once (a polite close waits for the pages in flight), then remove the profile.
    activeEngine?.kill();
    if (activeEngine) void closeEngine(activeEngine);
  });
  const guarded: RenderIo = {
    ...io,
    stdout: (s) => {
      if (closedStream === undefined) io.stdout(s);
    },
    stderr: (s) => {
      if (closedStream !== 'stderr') io.stderr(s);
    },
  };
  try {
    const code = await run({ ...opts, timeoutMs }, guarded, lang, wantHtml, wantPdf, version, date);
    if (closedStream === undefined) return code;
    guarded.stderr(renderCliMessages(lang).outputClosed);
    return 2;
  } finally {
    await dropEarlyBrowser();
    stopClosed();
    stopSignals();
  }
}

async function run(opts: RenderOptions, io: RenderIo, lang: Lang, wantHtml: boolean, wantPdf: boolean, version: string, date: Date): Promise<number> {
  if (opts.inputs.length === 0) {
    throw new CliError(renderCliMessages(lang).noInputs);
  }
  const files = await expandInputs(opts.inputs, io.cwd, lang);
  if (files.includes(STDIN)) {
    throw new CliError(renderCliMessages(lang).noStdin);
  }

  if (opts.combine !== undefined && !/\.pdf$/i.test(opts.combine)) {
    throw new CliError(renderLayoutMessages(lang).combineNotPdf({ file: opts.combine }));
  }
  const outDir = opts.out === undefined ? undefined : path.resolve(io.cwd, opts.out);
  if (outDir !== undefined) {
    await prepareOutDir(outDir, opts.out!, lang);
    // A batch killed by SIGKILL could not remove its temporary files: clear those of dead processes.
    await removeStaleTemps(outDir);
  }

  // The browser starts while the files are checked (it is most of a first PDF's time).
  if ((wantPdf || opts.combine !== undefined) && closedStream === undefined) earlyBrowser = startEarly(opts, io, lang, checkedTimeoutMs(opts.timeoutMs, lang));

  // Check every file first: diagnostics are printed before anything is rendered. A file
  // that cannot be read, or whose output would collide with another's, is a failure
  // (exit 2 at the end); the others are rendered all the same.
  const jobs: Job[] = [];
  const results: FileResult[] = [];
  const failures: string[] = [];
  const problems: string[] = [];
  let refused = 0;
  const leftOut: string[] = [];
  let withErrors = 0;
  const configs = new Map<string, unknown>();
  const inputsAt = new Set(files.map((f) => collisionKey(path.resolve(io.cwd, f))));
  const taken = new Map<string, string>();
  const settings = { lang, strict: opts.strict === true, inlineConfig: opts.inlineConfig !== false, encoding: opts.encoding ?? 'utf-8' } as const;
  for await (const item of readAndCheck(files, settings, io, configs)) {
    const { file, abs } = item;
    if (!item.ok) {
      // Named as the user typed it (readInput names the absolute path it opened).
      failures.push(file);
      problems.push(item.error.message.split(abs).join(file));
      continue;
    }
    const { output } = item;
    // every file is read: render passes readAndCheck no --cache, the only way to skip reading one
    const bytes = item.bytes!;
    const { errors } = countBySeverity(output.result.diagnostics);
    if (output.result.diagnostics.length > 0) results.push(output.result);
    if (errors > 0) withErrors++;
    if (errors > 0 && opts.force !== true) {
      refused++;
      leftOut.push(file);
      continue;
    }
    const dir = outDir ?? path.dirname(abs);
    const stem = outputStem(file);
    // The extension goes on the name, and the name into the directory: one component.
    const target = (ext: OutputExt): string => path.join(dir, `${stem}${ext}`);
    const shownBase = path.join(path.relative(io.cwd, dir), `${stem}.*`);
    const outputs = [...(wantHtml ? ['.html' as const] : []), ...(wantPdf ? ['.pdf' as const] : []), ...documentExts(opts)].map((ext) => collisionKey(target(ext)));
    const other = outputs.map((o) => taken.get(o)).find((o) => o !== undefined);
    const clobbered = outputs.some((o) => inputsAt.has(o));
    if (other !== undefined || clobbered) {
      // Refuse this one (the later in sorted order), render the rest: never overwrite.
      failures.push(file);
      problems.push(other !== undefined
        ? renderCliMessages(lang).sameOutput({ other, file, shown: shownBase })
        : renderCliMessages(lang).outputIsInput({ file, shown: shownBase }));
      continue;
    }
    for (const o of outputs) taken.set(o, file);
    // --force: rows under a misspelt 一级/二级 key are laid out under the key as written
    // (marked), instead of vanishing with the key (the schema keeps only known keys).
    const partial = errors > 0 ? withIndicatorsAsWritten(output.partial, load(bytes).value) : output.partial;
    const tree = documentExts(opts).length > 0 ? load(bytes, { encoding: opts.encoding ?? 'utf-8' }).value : undefined;
    const form = output.form ?? DEFAULT_FORM;
    jobs.push({ input: file, decl: output.declaration ?? partial, unchecked: errors > 0, target, layout: form.render, precision: precisionOf(tree), form });
  }
  if (results.length > 0) io.printDiagnostics(results);
  for (const p of problems) io.stderr(`declare: ${p}\n`);
  if (refused > 0 && opts.combine !== undefined) {
    io.stderr(`declare: ${renderLayoutMessages(lang).leftOut({ names: leftOut.map((f) => escapeText(f)) })}\n`);
  } else if (refused > 0) {
    io.stderr(renderCliMessages(lang).refused({ count: refused }));
  }

  const written: string[] = [];
  const show = (p: string): string => {
    const rel = path.relative(io.cwd, p);
    // Printed paths come from file names, which may hold control characters (escape.ts).
    return escapeText(rel === '' || rel.startsWith('..') ? p : rel);
  };
  const report = (file: string, error: unknown): void => {
    const reason = error instanceof CliError ? error.message : (error as Error).message;
    failures.push(file);
    io.stderr(renderCliMessages(lang).cannotRender({ file: escapeText(file), reason: escapeText(reason) }));
    if (opts.verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  };

  if (opts.combine !== undefined && closedStream === undefined) {
    if (jobs.length === 0) {
      io.stderr(`declare: ${renderLayoutMessages(lang).nothingToCombine}\n`);
    } else {
      await renderCombined(path.resolve(io.cwd, opts.combine), jobs, { opts, io, lang, version, date, written, report, show, wantHtml: false });
    }
  }

  // With --pdf the HTML is written beside the PDF, as the paged document it was printed
  // from (renderPdfs); alone it is the form on one sheet, the browser breaking the pages.
  if (wantHtml && !wantPdf) {
    for (const job of jobs) {
      if (closedStream !== undefined) break;
      const target = job.target('.html');
      try {
        await writeFileAtomic(target, await renderStandaloneHtml(job.decl, { version, unchecked: job.unchecked, layout: job.layout }));
        written.push(target);
        io.stdout(`${show(target)}\n`);
      } catch (error) {
        report(show(target), writeFailure(error, show(target), lang));
      }
    }
  }

  for (const ext of documentExts(opts)) {
    for (const job of jobs) {
      if (closedStream !== undefined) break;
      const target = job.target(ext);
      try {
        if (GRID_BUILDERS[job.form.id] === undefined) throw new CliError(sheetMessages(lang).noLayout({ form: job.form.id }));
        const bytes = await renderDocument(ext === '.xlsx' ? 'xlsx' : 'docx', job.form, job.decl, { version, date, unchecked: job.unchecked, precision: job.precision });
        await writeFileAtomic(target, bytes);
        written.push(target);
        io.stdout(`${show(target)}\n`);
      } catch (error) {
        report(show(target), (error as { code?: string }).code === undefined ? error : writeFailure(error, show(target), lang));
      }
    }
  }

  if (wantPdf && jobs.length > 0 && closedStream === undefined) {
    await renderPdfs(jobs, { opts, io, lang, version, date, written, report, show, wantHtml });
  }

  if (failures.length > 0) return 2;
  return withErrors > 0 ? 1 : 0;
}

/**
 * The same file for a case-insensitive or Unicode-normalising file system (macOS, Windows):
 * outputs that differ only so are a collision too. Directories are resolved through
 * symbolic links, so an output reached by another path to an input's directory is found.
 */
function collisionKey(file: string): string {
  let dir = path.dirname(file);
  try {
    dir = realpathSync(dir);
  } catch {
    // not there (yet): compare as written
  }
  return path.join(dir, path.basename(file)).normalize('NFC').toLowerCase();
}

/** The workbook and document extensions asked for (--xlsx, --docx). */
function documentExts(opts: RenderOptions): ('.xlsx' | '.docx')[] {
  return [...(opts.xlsx === true ? ['.xlsx' as const] : []), ...(opts.docx === true ? ['.docx' as const] : [])];
}

function writeFailure(error: unknown, shown: string, lang: Lang): Error {
  return new CliError(renderCliMessages(lang).cannotWrite({ shown, code: errorCode(error) }), { cause: error });
}

interface PdfContext {
  opts: RenderOptions;
  io: RenderIo;
  lang: Lang;
  version: string;
  date: Date;
  written: string[];
  report: (file: string, error: unknown) => void;
  show: (p: string) => string;
  /** write the paged HTML beside each PDF (--html --pdf) */
  wantHtml: boolean;
}

/**
 * Print the PDFs with one browser and a bounded number of documents at once. A browser
 * that crashes or hangs is restarted and the documents it took down are tried once
 * more; every failure is reported, and the exit code says so at the end.
 */
async function renderPdfs(jobs: Job[], ctx: PdfContext): Promise<void> {
  const { opts, io, lang } = ctx;
  const timeoutMs = checkedTimeoutMs(opts.timeoutMs, lang);
  // Lazy: Puppeteer is loaded only when a PDF is asked for.
  const { choice, engine, started } = await takeBrowser(opts, io, lang, timeoutMs);
  const { RenderFailure } = await import('../render/browser.js');
  const { printForm } = await import('../render/pdf.js');
  if (closedStream !== undefined) {
    await closeEngine(engine);
    return;
  }
  if (opts.verbose) io.stderr(`declare: ${choice.executablePath} (${choice.source})\n`);
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? Math.min(os.availableParallelism?.() ?? os.cpus().length, 4), 16));
  let next = 0;
  let done = 0;
  const progress = (file: string): void => {
    if (io.isTTY) io.stderr(`\r\x1b[K[${done}/${jobs.length}] ${escapeText(file)}`);
  };
  const worker = async (): Promise<void> => {
    for (let i = next++; i < jobs.length && closedStream === undefined; i = next++) {
      const job = jobs[i]!;
      const target = job.target('.pdf');
      progress(ctx.show(target));
      let pdf: Uint8Array | undefined;
      let html: string | undefined;
      for (let attempt = 1; attempt <= 2 && pdf === undefined; attempt++) {
        try {
          const form = await printForm(engine, job.decl, { version: ctx.version, unchecked: job.unchecked, date: ctx.date, layout: job.layout, timeoutMs });
          if (ctx.wantHtml) html = await renderStandaloneHtml(job.decl, { version: ctx.version, unchecked: job.unchecked, layout: job.layout, plan: form.plan });
          pdf = form.pdf;
        } catch (error) {
          // Output closed: the browser was closed on purpose; nothing to report or retry.
          if (closedStream !== undefined) break;
          // A crash may have been another document's fault: try once more on a new browser.
          if (error instanceof RenderFailure && error.kind === 'crash' && attempt === 1) continue;
          const reason = error instanceof RenderFailure && error.kind === 'timeout'
            ? new Error(renderCliMessages(lang).timedOut({ seconds: Math.round(timeoutMs / 1000) }), { cause: error })
            : error;
          ctx.report(job.input, reason);
          break;
        }
      }
      if (html !== undefined && closedStream === undefined) {
        const htmlTarget = job.target('.html');
        try {
          await writeFileAtomic(htmlTarget, html);
          ctx.written.push(htmlTarget);
          if (io.isTTY) io.stderr('\r\x1b[K');
          io.stdout(`${ctx.show(htmlTarget)}\n`);
        } catch (error) {
          ctx.report(ctx.show(htmlTarget), writeFailure(error, ctx.show(htmlTarget), lang));
        }
      }
      if (pdf !== undefined && closedStream === undefined) {
        try {
          await writeFileAtomic(target, pdf);
          ctx.written.push(target);
          if (io.isTTY) io.stderr('\r\x1b[K');
          io.stdout(`${ctx.show(target)}\n`);
        } catch (error) {
          ctx.report(ctx.show(target), writeFailure(error, ctx.show(target), lang));
        }
      }
      done++;
    }
  };
  try {
    const error = await started;
    if (error !== undefined) {
      if (closedStream !== undefined) return;
      throw new CliError(renderCliMessages(lang).browserDidNotStart({ browser: choice.executablePath, reason: (error as Error).message }), { cause: error });
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  } finally {
    if (io.isTTY) io.stderr('\r\x1b[K');
    await closeEngine(engine);
    activeEngine = undefined;
  }
}

/**
 * `--combine OUT.pdf`: every job in one bound volume (src/render/combine.ts), printed by
 * one browser; written completely or not at all.
 */
async function renderCombined(target: string, jobs: Job[], ctx: PdfContext): Promise<void> {
  const { opts, io, lang } = ctx;
  // The volume's directory is made like --out's (and must take files) before any work.
  await prepareOutDir(path.dirname(target), ctx.show(path.dirname(target)), lang);
  const timeoutMs = checkedTimeoutMs(opts.timeoutMs, lang);
  const { engine } = await takeBrowser(opts, io, lang, timeoutMs);
  const { printVolume } = await import('../render/combine.js');
  if (closedStream !== undefined) {
    await closeEngine(engine);
    return;
  }
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? Math.min(os.availableParallelism?.() ?? os.cpus().length, 4), 16));
  try {
    const volume = await printVolume(engine, jobs.map((j) => ({ decl: j.decl, unchecked: j.unchecked, layout: j.layout })), { version: ctx.version, date: ctx.date, timeoutMs, concurrency });
    if (closedStream !== undefined) return;
    try {
      await writeFileAtomic(target, volume.pdf);
    } catch (error) {
      ctx.report(ctx.show(target), writeFailure(error, ctx.show(target), lang));
      return;
    }
    ctx.written.push(target);
    io.stdout(`${renderLayoutMessages(lang).combined({ file: ctx.show(target), forms: jobs.length, pages: volume.pages })}\n`);
  } catch (error) {
    if (closedStream !== undefined) return;
    ctx.report(ctx.show(target), new CliError(renderLayoutMessages(lang).cannotCombine({ reason: (error as Error).message }), { cause: error }));
  } finally {
    await closeEngine(engine);
    activeEngine = undefined;
  }
}

/** The signals that end a render cleanly (SIGHUP: the terminal went away). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * SIGINT/SIGTERM/SIGHUP during a batch: kill the browser (its whole process group),
 * remove its profile and every half-written output, then die of the same signal so that
 * the shell sees the interruption (exit status 128 + the signal's number).
 */
function onSignals(): () => void {
  const stop = (): void => {
    for (const s of STOP_SIGNALS) process.off(s, handler);
  };
  const handler = (signal: NodeJS.Signals): void => {
    activeEngine?.killNow();
    removePendingTemps();
    stop();
    process.kill(process.pid, signal);
  };
  for (const s of STOP_SIGNALS) process.on(s, handler);
  return stop;
}
