import type { Lang } from '../diagnostic.js';
import type { Encoding } from '../load/load.js';
import { summarize, summaryFormatters, summaryRow, type SummaryFormat } from '../review/summary.js';
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
}

/**
 * `declare summary`: exit 0 when every file is free of errors, 1 when some file has an
 * error (its row is shown, it is left out of the totals), 2 when an input could not be
 * read or the output not written (the summary of the readable files is still printed).
 */
export async function runSummary(inputs: string[], opts: SummaryOptions, io: CliIo): Promise<number> {
  const lang = opts.lang;
  const { checked, failures } = await checkInputs(inputs, { lang, config: opts.config, encoding: opts.encoding }, io);
  const summary = summarize(checked.map((c) => summaryRow(c.file, c.output)));
  const text = summaryFormatters[opts.format ?? 'table'](summary, lang);
  if (opts.output !== undefined) await writeAtomic(opts.output.startsWith('/') ? opts.output : `${io.cwd}/${opts.output}`, text, lang);
  else io.stdout(text);
  for (const f of failures) io.stderr(`declare: ${f}\n`);
  if (failures.length > 0) return 2;
  return summary.excluded.length > 0 ? 1 : 0;
}
