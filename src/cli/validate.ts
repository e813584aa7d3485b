import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { countBySeverity, type FileResult, type Lang } from '../diagnostic.js';
import { formatters, type OutputFormat, type ReportContext } from '../report/index.js';
import { escapeText } from '../report/escape.js';
import { JsonWriter } from '../report/json.js';
import { frameSource } from '../report/code-frame.js';
import { perfMessages } from '../messages/perf.js';
import { ResultCache } from './cache.js';
import { githubWrap } from '../report/github.js';
import type { Encoding } from '../load/load.js';
import { checkInputs, streamFiles } from './check-files.js';
import { expandInputs } from './files.js';
import { StylishWriter } from '../report/stylish.js';
import { RULES } from '../rules/index.js';
import { useColor } from './color.js';
import { validateMessages } from '../messages/cli.js';
import { refuseOverwritingInput } from './files.js';
import { AtomicWriter, removeTempsOnSignal, writeAtomic } from './io.js';
import type { CliIo } from './main.js';

/** Options of `declare validate` (cli.md). */
export interface ValidateOptions {
  format?: OutputFormat;
  output?: string;
  maxWarnings?: number;
  quiet?: boolean;
  stdinFilepath?: string;
  config?: string;
  color?: boolean;
  lang: Lang;
  /** the inputs' text encoding (--encoding, default utf-8) */
  encoding?: Encoding;
  verbose?: boolean;
  /** false with --no-inline-config: `# declare-disable-…` comments are ignored */
  inlineConfig?: boolean;
  /** --strict: no inline suppressions and no configuration but the one named with -c */
  strict?: boolean;
  /** --cache: reuse the results of unchanged files (issue 17) */
  cache?: boolean;
  /** --cache-location (default .declarecache in the working directory) */
  cacheLocation?: string;
}

export { checkFiles, checkInputs, type CheckSettings, type ReadFiles } from './check-files.js';

/** `declare validate`: returns the exit code. */
export async function runValidate(inputs: string[], opts: ValidateOptions, io: CliIo, version: string): Promise<number> {
  const lang = opts.lang;
  // The default report on stdout is written as the files are checked (issue 17); the other
  // formats are one document each, an --output file is written whole and atomically, and
  // under GitHub Actions the report is wrapped and annotated as a whole.
  const streamed = (opts.format ?? 'stylish') === 'stylish' && opts.output === undefined && io.env.GITHUB_ACTIONS !== 'true';
  const color = streamed && useColor(io.env, io.stdoutIsTTY, opts.color);
  // The streamed report's blocks are kept in the cache too, by what shapes them besides the result.
  const stylishKey = streamed ? { key: `stylish:${lang}:${color ? 'color' : 'plain'}${opts.quiet ? ':quiet' : ''}`, color } : undefined;
  const cache = opts.cache === true ? new ResultCache(path.resolve(io.cwd, opts.cacheLocation ?? '.declarecache'), version, stylishKey) : undefined;
  if (streamed) return streamValidate(inputs, opts, io, cache, color);
  if (opts.format === 'json') return streamJson(inputs, opts, io, cache);
  const { results: all, failures, read } = await checkInputs(inputs, opts, io, true, cache);
  await saveCache(cache, all.length, opts, io);
  if (opts.output !== undefined) await refuseOverwritingInput(path.resolve(io.cwd, opts.output), opts.output, read, io.cwd, lang);
  const totals = all.reduce(
    (acc, r) => {
      const c = countBySeverity(r.diagnostics);
      return { errors: acc.errors + c.errors, warnings: acc.warnings + c.warnings };
    },
    { errors: 0, warnings: 0 },
  );
  const results = opts.quiet
    ? all.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error' || d.suppression) }))
    : all;

  const format: OutputFormat = opts.format ?? 'stylish';
  const toFile = opts.output !== undefined;
  const ctx: ReportContext = {
    rules: RULES,
    lang,
    toolVersion: version,
    cwd: io.cwd,
    color: format === 'stylish' && !toFile && useColor(io.env, io.stdoutIsTTY, opts.color),
    ...(opts.quiet ? { hiddenWarnings: totals.warnings } : {}),
  };
  const report = formatters[format](format === 'github' ? forGithub(results, io) : results, ctx);
  // In GitHub Actions without --format: the readable report, plus annotations, which
  // GitHub reads from stdout only (so not into an --output file).
  const annotations = opts.format === undefined && io.env.GITHUB_ACTIONS === 'true' ? formatters.github(forGithub(results, io), ctx) : '';

  if (toFile) await writeAtomic(path.resolve(io.cwd, opts.output!), report, lang);
  // With annotations, the readable report is paused for the runner (random token per run),
  // so no text quoted from a declaration can act as a workflow command (issue 10 item 5).
  else io.stdout(format === 'stylish' && io.env.GITHUB_ACTIONS === 'true' && results.some((r) => r.diagnostics.length > 0) ? githubWrap(report, runToken()) : report);
  if (annotations) io.stdout(annotations);
  return exitCode(failures, totals, opts, io);
}

/** Write the --cache file (a cache that cannot be written is only a slower next run). */
async function saveCache(cache: ResultCache | undefined, files: number, opts: ValidateOptions, io: CliIo): Promise<void> {
  if (!cache) return;
  await cache.save().catch(() => undefined);
  if (opts.verbose) io.stderr(`declare: ${perfMessages(opts.lang).cacheStats({ hits: cache.hits, files, file: escapeText(cache.file) })}\n`);
}

/**
 * `declare validate` with the stylish report on stdout, streamed (issue 17): each file's
 * block is written as soon as the file is checked (check-files.ts streamFiles says when a
 * department form waits for the cross-check), and nothing of it is kept but its counts,
 * so memory stays flat however many files. The bytes are those of the whole report.
 */
async function streamValidate(inputs: string[], opts: ValidateOptions, io: CliIo, cache: ResultCache | undefined, color: boolean): Promise<number> {
  const files = await expandInputs(inputs, io.cwd, opts.lang);
  const writer = new StylishWriter({ lang: opts.lang, color });
  const totals = { errors: 0, warnings: 0 };
  let count = 0;
  const { failures } = await streamFiles(files, opts, io, (r) => {
    count++;
    // --cache: a result exactly as cached prints its stored block (the same bytes, no code frames built)
    const stored = cache?.storedBlock(r);
    if (stored !== undefined) {
      totals.errors += stored.totals.errors;
      totals.warnings += stored.totals.warnings;
      const sep = writer.add(stored.counts, stored.bytes.length > 0);
      if (stored.bytes.length > 0) writeBytes(io, sep === '' ? stored.bytes.subarray(1) : stored.bytes);
      return;
    }
    const c = countBySeverity(r.diagnostics);
    totals.errors += c.errors;
    totals.warnings += c.warnings;
    const block = writer.block(opts.quiet ? { ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error' || d.suppression) } : r);
    cache?.keepBlock(r, block.text, block.counts);
    const sep = writer.add(block.counts, block.text !== '');
    if (block.text !== '') io.stdout(sep + block.text);
  }, cache);
  await saveCache(cache, count, opts, io);
  io.stdout(writer.end(count, opts.quiet ? totals.warnings : undefined));
  return exitCode(failures, totals, opts, io);
}

/**
 * `declare validate --format json`, streamed like the stylish report (issue 17): the
 * document's opening, each file's entry as soon as the file is checked (in report order),
 * then the summary; the bytes are those of the whole report (json.ts JsonWriter), so a
 * 10,000-file report (80 MB) is never held whole. To stdout, or with --output into a
 * temporary file put in place when complete (never over an input: checked before).
 */
async function streamJson(inputs: string[], opts: ValidateOptions, io: CliIo, cache: ResultCache | undefined): Promise<number> {
  const files = await expandInputs(inputs, io.cwd, opts.lang);
  const target = opts.output === undefined ? undefined : path.resolve(io.cwd, opts.output);
  const out = target === undefined ? undefined : await AtomicWriter.open(target, opts.lang);
  const put = out ? (text: string) => out.write(text) : (text: string) => io.stdout(text);
  const unlisten = out ? removeTempsOnSignal() : undefined;
  try {
    const writer = new JsonWriter();
    const totals = { errors: 0, warnings: 0 };
    let count = 0;
    put(writer.start());
    const { failures, read } = await streamFiles(files, opts, io, (r) => {
      count++;
      const c = countBySeverity(r.diagnostics);
      totals.errors += c.errors;
      totals.warnings += c.warnings;
      put(writer.file(opts.quiet ? { ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error' || d.suppression) } : r));
    }, cache);
    await saveCache(cache, count, opts, io);
    put(writer.end());
    if (out) {
      await refuseOverwritingInput(target!, opts.output!, read, io.cwd, opts.lang);
      await out.commit();
    }
    return exitCode(failures, totals, opts, io);
  } catch (err) {
    await out?.abort();
    throw err;
  } finally {
    unlisten?.();
  }
}

/** UTF-8 text, as bytes when stdout takes them (so stored blocks are never decoded). */
function writeBytes(io: CliIo, bytes: Uint8Array): void {
  if (io.stdoutBytes) io.stdoutBytes(bytes);
  else io.stdout(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

function exitCode(failures: string[], totals: { errors: number; warnings: number }, opts: ValidateOptions, io: CliIo): number {
  for (const f of failures) io.stderr(`declare: ${f}\n`);
  if (failures.length > 0) return 2;
  if (totals.errors > 0) return 1;
  if (opts.maxWarnings !== undefined && totals.warnings > opts.maxWarnings) {
    io.stderr(validateMessages(opts.lang).tooManyWarnings({ warnings: totals.warnings, max: opts.maxWarnings }));
    return 1;
  }
  return 0;
}

/**
 * GitHub places annotations by paths relative to the repository root
 * (GITHUB_WORKSPACE), which differs from the cwd when a workflow sets working-directory.
 */
function forGithub(results: FileResult[], io: CliIo): FileResult[] {
  const root = io.env.GITHUB_WORKSPACE;
  if (!root) return results;
  return results.map((r) => {
    if (r.file.startsWith('<')) return r;
    const rel = path.relative(root, path.resolve(io.cwd, r.file));
    return rel.startsWith('..') || path.isAbsolute(rel) ? r : { ...r, file: rel.split(path.sep).join('/') };
  });
}

/** An unguessable token for `::stop-commands::` (per report, crypto-random). */
export function runToken(): string {
  return randomBytes(16).toString('hex');
}

/** Print diagnostics the stylish way on stderr (render's refusals). */
export function makePrinter(io: CliIo, lang: Lang, version: string, color?: boolean): (results: FileResult[]) => void {
  return (results) => {
    const ctx: ReportContext = { rules: RULES, lang, toolVersion: version, color: useColor(io.env, io.stderrIsTTY, color) };
    const report = formatters.stylish(results, ctx);
    io.stderr(io.env.GITHUB_ACTIONS === 'true' ? githubWrap(report, runToken()) : report);
  };
}
