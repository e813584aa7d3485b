/**
 * `declare render` (cli.md "declare render", issue 3): check each input, refuse files
 * with errors (unless --force, which marks every page 「未通过校验」), write HTML and/or
 * PDF beside each input or into --out. Many files share one browser; each output is
 * written completely or not at all; SIGINT/SIGTERM close the browser and remove partial
 * files. Handlebars and Puppeteer are loaded only here, and Puppeteer only for --pdf.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../check.js';
import { countBySeverity, type FileResult, type Lang } from '../diagnostic.js';
import type { PartialDeclaration } from '../model/declaration.js';
import type { PdfEngine } from '../render/browser.js';
import { renderHtml } from '../render/html.js';
import { makeDir } from '../render/make-dir.js';
import { configFor } from './config.js';
import { CliError } from './errors.js';
import { STDIN, expandInputs } from './files.js';
import { readInput } from './io.js';

/** Options of `declare render` (cli.md). */
export interface RenderOptions {
  /** files, directories, globs */
  inputs: string[];
  /** write .html (default when neither --html nor --pdf) */
  html?: boolean;
  /** write .pdf */
  pdf?: boolean;
  /** output directory; default beside each input */
  out?: string | undefined;
  /** render files with errors, marked 「未通过校验」 */
  force?: boolean;
  /** browser executable (--chrome) */
  chrome?: string | undefined;
  /** message language */
  lang?: Lang | undefined;
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

/** package.json's version: Creator of the PDF, generator of the HTML. */
export function packageVersion(): string {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** The PDF dates: SOURCE_DATE_EPOCH (reproducible builds) or now. */
export function documentDate(env: NodeJS.ProcessEnv, lang: Lang, now: () => Date = () => new Date()): Date {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch === undefined || epoch === '') return now();
  if (!/^\d{1,12}$/.test(epoch)) {
    throw new CliError(lang === 'zh'
      ? `SOURCE_DATE_EPOCH 应为整数秒（Unix 时间），而不是 ${JSON.stringify(epoch)}`
      : `SOURCE_DATE_EPOCH must be whole seconds since the Unix epoch, not ${JSON.stringify(epoch)}`);
  }
  return new Date(Number(epoch) * 1000);
}

/** One input that will be rendered. */
interface Job {
  /** the input as the user named it */
  input: string;
  /** what to lay out */
  decl: PartialDeclaration;
  /** has error diagnostics (rendered under --force) */
  unchecked: boolean;
  /** output path without extension */
  base: string;
}

/** Temporary files being written right now (removed on SIGINT/SIGTERM). */
const pending = new Set<string>();
/** The browser of the running PDF batch, if any (killed on SIGINT/SIGTERM). */
let activeEngine: PdfEngine | undefined;

async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  pending.add(tmp);
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => {});
    throw error;
  } finally {
    pending.delete(tmp);
  }
}

function msg(lang: Lang, zh: string, en: string): string {
  return lang === 'zh' ? zh : en;
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
    const probe = path.join(out, `.declare-probe.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(probe, '', { flag: 'wx' });
    await rm(probe, { force: true });
  } catch (error) {
    throw new CliError(msg(lang,
      `无法写入输出目录 ${shown}（${errorCode(error)}）：请检查路径是否是可写的目录，或换一个 --out。`,
      `cannot write to the output directory ${shown} (${errorCode(error)}): check that it is a writable directory, or pick another --out.`),
    { cause: error });
  }
}

/** `declare render`: returns the exit code (0 ok, 1 a file has errors, 2 a tool failure). */
export async function renderCommand(opts: RenderOptions, io: RenderIo): Promise<number> {
  const lang: Lang = opts.lang ?? 'zh';
  const wantPdf = opts.pdf === true;
  const wantHtml = opts.html === true || !wantPdf;
  const version = packageVersion();
  const date = documentDate(io.env, lang);

  const stopSignals = onSignals();
  try {
    return await run(opts, io, lang, wantHtml, wantPdf, version, date);
  } finally {
    stopSignals();
  }
}

async function run(opts: RenderOptions, io: RenderIo, lang: Lang, wantHtml: boolean, wantPdf: boolean, version: string, date: Date): Promise<number> {
  if (opts.inputs.length === 0) {
    throw new CliError(msg(lang, '请指定要生成的文件，例如 declare render examples/x.yaml --pdf', 'name the files to render, e.g. declare render examples/x.yaml --pdf'));
  }
  const files = await expandInputs(opts.inputs, io.cwd, lang);
  if (files.includes(STDIN)) {
    throw new CliError(msg(lang, 'render 不读标准输入：请给出文件路径（输出文件按输入文件命名）。', 'render does not read standard input: give a file path (outputs are named after the input).'));
  }

  const outDir = opts.out === undefined ? undefined : path.resolve(io.cwd, opts.out);
  if (outDir !== undefined) await prepareOutDir(outDir, opts.out!, lang);

  // Check every file first: diagnostics are printed before anything is rendered.
  const jobs: Job[] = [];
  const results: FileResult[] = [];
  let refused = 0;
  let withErrors = 0;
  const configs = new Map<string, unknown>();
  const taken = new Map<string, string>();
  for (const file of files) {
    const abs = path.resolve(io.cwd, file);
    const bytes = await readInput(abs, lang);
    const config = await configFor(abs, io.cwd, undefined, lang, configs, opts.strict === true);
    const output = check(bytes, file, {
      lang,
      severities: config.severities,
      ruleOptions: config.ruleOptions,
      configFile: config.file ?? '',
      inlineConfig: opts.strict !== true && opts.inlineConfig !== false,
    });
    const { errors } = countBySeverity(output.result.diagnostics);
    if (output.result.diagnostics.length > 0) results.push(output.result);
    if (errors > 0) withErrors++;
    if (errors > 0 && opts.force !== true) {
      refused++;
      continue;
    }
    const stem = path.basename(file).replace(/\.ya?ml$/i, '');
    const base = path.join(outDir ?? path.dirname(abs), stem);
    const other = taken.get(base);
    if (other !== undefined) {
      throw new CliError(msg(lang,
        `${other} 和 ${file} 会写到同一个输出文件 ${path.relative(io.cwd, base) || base}.*：请分开运行，或用不同的 --out。`,
        `${other} and ${file} would write the same output ${path.relative(io.cwd, base) || base}.*; render them separately or with different --out directories.`));
    }
    taken.set(base, file);
    jobs.push({ input: file, decl: output.declaration ?? output.partial, unchecked: errors > 0, base });
  }
  if (results.length > 0) io.printDiagnostics(results);
  if (refused > 0) {
    io.stderr(msg(lang,
      `declare: ${refused} 个文件有错误，未生成（用 --force 可强制生成，每页将标注「未通过校验」）\n`,
      `declare: ${refused} file(s) with errors not rendered (--force renders them, marked 「未通过校验」 on every page)\n`));
  }

  const failures: string[] = [];
  const written: string[] = [];
  const show = (p: string): string => {
    const rel = path.relative(io.cwd, p);
    return rel === '' || rel.startsWith('..') ? p : rel;
  };
  const report = (file: string, error: unknown): void => {
    const reason = error instanceof CliError ? error.message : (error as Error).message;
    failures.push(file);
    io.stderr(msg(lang, `declare: 无法生成 ${file}：${reason}\n`, `declare: cannot render ${file}: ${reason}\n`));
    if (opts.verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  };

  if (wantHtml) {
    for (const job of jobs) {
      const target = `${job.base}.html`;
      try {
        await writeAtomic(target, renderHtml(job.decl, { version, unchecked: job.unchecked }));
        written.push(target);
        io.stdout(`${show(target)}\n`);
      } catch (error) {
        report(show(target), writeFailure(error, show(target), lang));
      }
    }
  }

  if (wantPdf && jobs.length > 0) {
    await renderPdfs(jobs, { opts, io, lang, version, date, written, report, show });
  }

  if (failures.length > 0) return 2;
  return withErrors > 0 ? 1 : 0;
}

function writeFailure(error: unknown, shown: string, lang: Lang): Error {
  return new CliError(msg(lang,
    `无法写入 ${shown}（${errorCode(error)}）：请检查目录是否存在、是否可写`,
    `cannot write ${shown} (${errorCode(error)}): check that the directory exists and is writable`), { cause: error });
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
}

/**
 * Print the PDFs with one browser and a bounded number of documents at once. A browser
 * that crashes or hangs is restarted and the documents it took down are tried once
 * more; every failure is reported, and the exit code says so at the end.
 */
async function renderPdfs(jobs: Job[], ctx: PdfContext): Promise<void> {
  const { opts, io, lang } = ctx;
  // Lazy: Puppeteer is loaded only when a PDF is asked for.
  const { findBrowser } = await import('../render/find-browser.js');
  const choice = await findBrowser({ chrome: opts.chrome, env: io.env, cwd: io.cwd, lang });
  const { PdfEngine, RenderFailure } = await import('../render/browser.js');
  const { renderPdf } = await import('../render/pdf.js');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const engine: PdfEngine = new PdfEngine(choice, { timeoutMs }, io.env);
  if (opts.verbose) io.stderr(`declare: ${choice.executablePath} (${choice.source})\n`);

  activeEngine = engine;
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? Math.min(os.availableParallelism?.() ?? os.cpus().length, 4), 16));
  let next = 0;
  let done = 0;
  const progress = (file: string): void => {
    if (io.isTTY) io.stderr(`\r\x1b[K[${done}/${jobs.length}] ${file}`);
  };
  const worker = async (): Promise<void> => {
    for (let i = next++; i < jobs.length; i = next++) {
      const job = jobs[i]!;
      const target = `${job.base}.pdf`;
      progress(ctx.show(target));
      let pdf: Uint8Array | undefined;
      for (let attempt = 1; attempt <= 2 && pdf === undefined; attempt++) {
        try {
          pdf = await renderPdf(engine, job.decl, { version: ctx.version, unchecked: job.unchecked, date: ctx.date });
        } catch (error) {
          // A crash may have been another document's fault: try once more on a new browser.
          if (error instanceof RenderFailure && error.kind === 'crash' && attempt === 1) continue;
          const reason = error instanceof RenderFailure && error.kind === 'timeout'
            ? new Error(msg(lang, `超过 ${Math.round(timeoutMs / 1000)} 秒仍未完成（可用 --timeout 调整）`, `not done after ${Math.round(timeoutMs / 1000)} s (see --timeout)`), { cause: error })
            : error;
          ctx.report(job.input, reason);
          break;
        }
      }
      if (pdf !== undefined) {
        try {
          await writeAtomic(target, pdf);
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
    try {
      await engine.start();
    } catch (error) {
      throw new CliError(msg(lang,
        `浏览器 ${choice.executablePath} 无法启动：${(error as Error).message}\n可用 --chrome 指定其他浏览器。`,
        `the browser ${choice.executablePath} did not start: ${(error as Error).message}\nPick another one with --chrome.`), { cause: error });
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  } finally {
    if (io.isTTY) io.stderr('\r\x1b[K');
    await engine.close();
    activeEngine = undefined;
  }
}

/**
 * SIGINT/SIGTERM during a PDF batch: kill the browser (its whole process group), remove
 * its profile and every half-written output, then die of the same signal so that the
 * shell sees the interruption.
 */
function onSignals(): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    activeEngine?.killNow();
    for (const tmp of pending) {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // nothing more to do
      }
    }
    pending.clear();
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
