import type { FileResult, Lang } from '../diagnostic.js';
import type { RuleInfo } from '../rules/rule.js';

/** Every `--format` value, in the order `--help` lists them (cli.md). */
export const OUTPUT_FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github'] as const;

/** A `--format` value. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What a reporter needs besides the results; the CLI builds it (reporters read no environment). */
export interface ReportContext {
  /** every rule of the catalogue (SARIF lists them all; junit and stylish look titles up here) */
  rules: readonly RuleInfo[];
  /** language of labels, summaries and rule documentation (`--lang`) */
  lang: Lang;
  /** the tool's version, injected so output is deterministic (SARIF `tool.driver.version`) */
  toolVersion: string;
  /** emit ANSI colours (stylish only); decided by the CLI from NO_COLOR / FORCE_COLOR / TTY */
  color: boolean;
  /** warnings left out by --quiet (stylish mentions them so "no problems" is not claimed) */
  hiddenWarnings?: number;
  /** the working directory, absolute (SARIF makes file locations relative to it, `%SRCROOT%`) */
  cwd?: string;
}

/** A reporter: a pure function from sorted results to the complete output text. */
export type Formatter = (results: readonly FileResult[], ctx: ReportContext) => string;
