import path from 'node:path';
import type { Lang } from '../diagnostic.js';
import type { Encoding } from '../load/load.js';
import { refuseOverwritingInput } from './files.js';
import { formatSummarySet, summarizeByForm, summaryRow, type SummaryFormat } from '../review/summary.js';
import { writeAtomic } from './io.js';
import type { CliIo } from './main.js';
import { checkInputs } from './validate.js';

/** Options of `declare summary` (docs/review.md). */
export interface SummaryOptions {
  /** table (default), csv, json, markdown */
  format?: SummaryFormat;
  /** write to this file (atomically) instead of stdout */
  output?: string;
  /** header and message language */
  lang: Lang;
  /** configuration file (severities decide what counts as an error) */
  config?: string;
  /** the inputs' text encoding (--encoding) */
  encoding?: Encoding;
  /** false with --no-inline-config: `# declare-disable-…` comments are ignored */
  inlineConfig?: boolean;
  /** --strict: no inline suppressions and no configuration but the one named with -c */
  strict?: boolean;
}

/**
 * `declare summary`: exit 0 when every file is free of errors, 1 when some file has an
 * error (its row is shown, it is left out of the totals), 2 when an input could not be
 * read or the output not written (the summary of the readable files is still printed).
 */
export async function runSummary(inputs: string[], opts: SummaryOptions, io: CliIo): Promise<number> {
  const lang = opts.lang;
  const settings = { lang, config: opts.config, encoding: opts.encoding, strict: opts.strict === true, inlineConfig: opts.inlineConfig !== false };
  const { checked, failures, read } = await checkInputs(inputs, settings, io);
  const output = opts.output === undefined ? undefined : path.resolve(io.cwd, opts.output);
  if (output !== undefined) await refuseOverwritingInput(output, opts.output!, read, io.cwd, lang);
  // One summary per form present (a mixed set: each with its own columns, then a line per department).
  const set = summarizeByForm(checked.map((c) => summaryRow(c.file, c.output)));
  const text = formatSummarySet(set, opts.format ?? 'table', lang);
  if (output !== undefined) await writeAtomic(output, text, lang);
  else io.stdout(text);
  for (const f of failures) io.stderr(`declare: ${f}\n`);
  if (failures.length > 0) return 2;
  return set.groups.some((g) => g.excluded.length > 0) ? 1 : 0;
}
