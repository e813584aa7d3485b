/**
 * Reporters: pure `(results, ctx) => string` functions, one per `--format` (cli.md).
 * Results arrive sorted (files, then line/column/rule); reporters decorate, never reword.
 */
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';
import type { Formatter, OutputFormat } from './types.js';

export { OUTPUT_FORMATS, type Formatter, type OutputFormat, type ReportContext } from './types.js';
export { ruleHelpMarkdown, ruleHelpText } from './rule-help.js';
export { toJsonReport, type JsonReport, type JsonDiagnostic } from './json.js';
export { toSarifLog, fileUri, artifactLocation, directoryUri, INFORMATION_URI, SARIF_SCHEMA_URI } from './sarif.js';
export { displayWidth } from './width.js';

/** The reporter of each format; a format without one is a type error. */
export const formatters: Record<OutputFormat, Formatter> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
};
