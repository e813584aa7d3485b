import path from 'node:path';
import { check } from '../check.js';
import { countBySeverity, type FileResult, type Lang } from '../diagnostic.js';
import { formatters, type OutputFormat, type ReportContext } from '../report/index.js';
import { RULES } from '../rules/index.js';
import { useColor } from './color.js';
import { CliError } from './errors.js';
import { STDIN, expandInputs } from './files.js';
import { readInput, readStream, writeAtomic } from './io.js';
import type { CliIo } from './main.js';
import { configFor } from './config.js';

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
  verbose?: boolean;
}

/** Check every input; tool failures (unreadable files) are reported and give exit 2 at the end. */
export async function checkInputs(
  inputs: readonly string[],
  opts: Pick<ValidateOptions, 'stdinFilepath' | 'config' | 'lang'>,
  io: CliIo,
): Promise<{ results: FileResult[]; failures: string[]; checked: { file: string; output: ReturnType<typeof check> }[] }> {
  const files = await expandInputs(inputs, io.cwd, opts.lang);
  const { checked, failures } = await checkFiles(files, opts, io);
  return { results: checked.map((c) => c.output.result), failures, checked };
}

/** Read, configure and check listed files (expanded already), sorted by file name. */
export async function checkFiles(
  files: readonly string[],
  opts: Pick<ValidateOptions, 'stdinFilepath' | 'config' | 'lang'>,
  io: Pick<CliIo, 'cwd' | 'stdin'>,
): Promise<{ failures: string[]; checked: { file: string; output: ReturnType<typeof check> }[] }> {
  const lang = opts.lang;
  const failures: string[] = [];
  const checked: { file: string; output: ReturnType<typeof check> }[] = [];
  const configs = new Map<string, unknown>();
  for (const file of files) {
    const name = file === STDIN ? (opts.stdinFilepath ?? '<stdin>') : file;
    let bytes: Uint8Array;
    try {
      bytes = file === STDIN ? await readStream(io.stdin, name, lang) : await readInput(path.resolve(io.cwd, file), lang);
    } catch (err) {
      if (err instanceof CliError) {
        failures.push(err.message.replace(path.resolve(io.cwd, file), file));
        continue;
      }
      throw err;
    }
    const config = await configFor(file === STDIN ? path.resolve(io.cwd, name) : path.resolve(io.cwd, file), io.cwd, opts.config, lang, configs);
    const output = check(bytes, name, { lang, severities: config.severities, ruleOptions: config.ruleOptions });
    checked.push({ file: name, output });
  }
  checked.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { failures, checked };
}

/** `declare validate`: returns the exit code. */
export async function runValidate(inputs: string[], opts: ValidateOptions, io: CliIo, version: string): Promise<number> {
  const lang = opts.lang;
  const { results: all, failures } = await checkInputs(inputs, opts, io);
  const totals = all.reduce(
    (acc, r) => {
      const c = countBySeverity(r.diagnostics);
      return { errors: acc.errors + c.errors, warnings: acc.warnings + c.warnings };
    },
    { errors: 0, warnings: 0 },
  );
  const results = opts.quiet
    ? all.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') }))
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
  else io.stdout(report);
  if (annotations) io.stdout(annotations);

  for (const f of failures) io.stderr(`declare: ${f}\n`);
  if (failures.length > 0) return 2;
  if (totals.errors > 0) return 1;
  if (opts.maxWarnings !== undefined && totals.warnings > opts.maxWarnings) {
    io.stderr(lang === 'zh'
      ? `declare: 警告 ${totals.warnings} 个，超过 --max-warnings ${opts.maxWarnings}\n`
      : `declare: ${totals.warnings} warnings exceed --max-warnings ${opts.maxWarnings}\n`);
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

/** Print diagnostics the stylish way on stderr (render's refusals). */
export function makePrinter(io: CliIo, lang: Lang, version: string): (results: FileResult[]) => void {
  return (results) => {
    const ctx: ReportContext = { rules: RULES, lang, toolVersion: version, color: useColor(io.env, io.stderrIsTTY) };
    io.stderr(formatters.stylish(results, ctx));
  };
}
