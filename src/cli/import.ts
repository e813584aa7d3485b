/**
 * `declare import FILE.xlsx|.xls|.csv [-o OUT.yaml] [--force]` (cli.md "Spreadsheets and
 * documents"): read a filled-in form from a spreadsheet, write the declaration as
 * canonical YAML with each value's source cell in a comment, then validate what was
 * written. Exit code: validate's (1 also when a cell could not be read); 2 when the file
 * cannot be read at all (not a workbook, password-protected, too large, a zip bomb, not
 * the form), or the output exists (without --force) or cannot be written.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { check } from '../check.js';
import { countBySeverity, type Lang } from '../diagnostic.js';
import { FORMS } from '../forms/index.js';
import { MAX_FILE_BYTES } from '../load/load.js';
import { sheetMessages } from '../messages/sheets.js';
import { reportMessages } from '../messages/report.js';
import { escapeText } from '../report/escape.js';
import type { ImportProblem } from '../sheets/import.js';
import type { ReadProblem } from '../sheets/read.js';
import { configFor } from './config.js';
import { formOption } from './form-option.js';
import { CliError } from './errors.js';
import { readInput, writeAtomic } from './io.js';
import type { CliIo } from './main.js';
import { makePrinter } from './validate.js';
import { VERSION } from './version.js';

/** Options of `declare import`. */
export interface ImportOptions {
  /** the YAML file to write; default beside the input with `.yaml` */
  output?: string | undefined;
  /** overwrite an existing output */
  force?: boolean;
  /** message language */
  lang: Lang;
  /** false with --no-color */
  color?: boolean;
  /** `--form <id>`: read the sheet as this form (default: the form whose title or labels the sheet shows) */
  form?: string | undefined;
}

const MB = (n: number): string => `${(n / 1024 / 1024).toFixed(n >= 1024 * 1024 ? 0 : 1)} MB`;

/** The message of a file that cannot be read at all. */
function readProblemMessage(problem: ReadProblem, file: string, lang: Lang): string {
  const m = sheetMessages(lang);
  switch (problem.kind) {
    case 'encrypted':
      return m.encrypted({ file });
    case 'unknown-type':
      return m.unknownType({ file });
    case 'unreadable':
      return m.unreadable({ file, detail: problem.detail });
    case 'zip': {
      const z = problem.problem;
      switch (z.kind) {
        case 'entry-too-large':
          return m.zipTooLarge({ file, entry: z.name, size: MB(z.size), limit: MB(z.limit) });
        case 'total-too-large':
          return m.zipTooLarge({ file, entry: m.wholeArchive, size: MB(z.size), limit: MB(z.limit) });
        case 'too-many-entries':
          return m.zipTooMany({ file, count: z.count, limit: z.limit });
        case 'encrypted':
          return m.encrypted({ file });
        case 'method':
          return m.zipCorrupt({ file, detail: `${z.name}: compression method ${z.method}` });
        case 'zip64':
          return m.zipCorrupt({ file, detail: 'ZIP64' });
        case 'not-zip':
          return m.zipCorrupt({ file, detail: 'no ZIP end record' });
        case 'corrupt':
          return m.zipCorrupt({ file, detail: z.detail });
      }
    }
  }
}

/** One problem's sentence. */
export function problemMessage(p: ImportProblem, lang: Lang): string {
  const m = sheetMessages(lang);
  switch (p.code) {
    case 'formula':
      return m.formula(p);
    case 'formulaNoValue':
      return m.formulaNoValue(p);
    case 'date':
      return m.date(p);
    case 'notAmount':
      return m.notAmount(p);
    case 'notYears':
      return m.notYears(p);
    case 'errorCell':
      return m.errorCell(p);
    case 'labelMissing':
      return m.labelMissing(p);
    case 'truncated':
      return m.truncated(p);
  }
}

/** `declare import`: returns the exit code. */
export async function runImport(file: string, opts: ImportOptions, io: CliIo): Promise<number> {
  const lang = opts.lang;
  const m = sheetMessages(lang);
  const abs = path.resolve(io.cwd, file);
  const shown = escapeText(file);
  const outName = opts.output ?? file.replace(/\.(xlsx|xls|csv|tsv|txt)$/i, '') + '.yaml';
  const out = path.resolve(io.cwd, outName);
  if (out === abs) throw new CliError(m.exists({ file: escapeText(outName) }));
  if (!opts.force && (await access(out).then(() => true, () => false))) throw new CliError(m.exists({ file: escapeText(outName) }));

  let bytes: Uint8Array;
  try {
    bytes = await readInput(abs, lang);
  } catch (err) {
    if (err instanceof CliError) throw new CliError(err.message.split(abs).join(file), { cause: err });
    throw err;
  }
  if (bytes.length > MAX_FILE_BYTES) throw new CliError(m.tooLarge({ file: shown, limit: MB(MAX_FILE_BYTES) }));

  const { readWorkbook } = await import('../sheets/read.js');
  const read = await readWorkbook(bytes, file);
  if (!read.ok) throw new CliError(readProblemMessage(read.problem, shown, lang));

  const { importWorkbook } = await import('../sheets/import.js');
  const forms = opts.form === undefined ? Object.values(FORMS) : [formOption(opts.form, lang)];
  const base = path.basename(file);
  const result = importWorkbook(read.sheets, forms, '');
  if (result === undefined) throw new CliError(m.notForm({ file: shown, titles: forms.map((f) => `「${f.title}」`).join('、') }));
  const yaml = `# ${m.header({ file: base, sheet: result.sheet })}\n${result.yaml}`;

  await writeAtomic(out, yaml, lang);
  const rel = path.relative(io.cwd, out);
  io.stdout(`${escapeText(rel === '' || rel.startsWith('..') ? out : rel)}\n`);

  for (const p of result.problems) {
    const word = reportMessages(lang)[p.severity];
    io.stderr(`${shown}: ${word}: ${escapeText(problemMessage(p, lang))}\n`);
  }
  // Checked as `declare validate OUT` would check it: with the configuration found upwards.
  const config = await configFor(out, io.cwd, undefined, lang, new Map(), false);
  const checked = check(yaml, outName, { lang, severities: config.severities, ruleOptions: config.ruleOptions, configFile: config.file ?? '' });
  if (checked.result.diagnostics.length > 0) makePrinter(io, lang, VERSION, opts.color)([checked.result]);
  const { errors } = countBySeverity(checked.result.diagnostics);
  const unreadable = result.problems.some((p) => p.severity === 'error');
  return errors > 0 || unreadable ? 1 : 0;
}
