/** Diagnostics: the data every reporter formats (cli.md "--format json"). */

export type Severity = 'error' | 'warning';
export type Lang = 'zh' | 'en';

/** A data path: mapping keys and 0-based list indices. */
export type DataPath = (string | number)[];

/** A 1-based position range; columns count code points, end column is exclusive. */
export interface Range {
  /** first line, 1-based */
  line: number;
  /** first column, 1-based, in characters (code points) */
  column: number;
  /** last line, 1-based */
  endLine: number;
  /** column just after the last character, 1-based */
  endColumn: number;
}

/** One problem found in one file, ready for a reporter. */
export interface Diagnostic extends Range {
  /** rule ID, e.g. "M001" */
  rule: string;
  /** effective severity */
  severity: Severity;
  /** the sentence, in the requested language */
  message: string;
  /** data path of the node it is about */
  path: DataPath;
  /**
   * the finding's message arguments, as data (each rule's `<ID>Args` type in
   * src/rules/; e.g. S001/S003 `suggestion`, the "did you mean" key): for editors and fixes.
   * Absent on the line that stands for left-out diagnostics.
   */
  args?: Readonly<Record<string, string | number | undefined>>;
  /**
   * Set on the one line that stands for the diagnostics of this rule left out of the
   * report (check.ts MAX_PER_RULE): how many. Counted in the totals instead of the line.
   */
  omitted?: number;
  /**
   * present when a suppression covers it: it is still reported (JSON, SARIF, stylish and
   * summary show it) but does not count as an error or warning (docs/SECURITY.md
   * "Who may silence a check")
   */
  suppression?: Suppression;
}

/** What silenced a diagnostic. */
export type Suppression =
  | {
      /** an inline `# declare-disable-…` comment in the file */
      kind: 'inline';
      /** the reason written after `--` */
      reason: string;
      /** 1-based line of the comment */
      line: number;
      /** 1-based column of the comment's `#` */
      column: number;
    }
  | {
      /** a configuration file set the rule to `off` */
      kind: 'config';
      /** the configuration file, as shown to the user (relative to the cwd) */
      file: string;
    };

/** The result of checking one file. */
export interface FileResult {
  /** the file name as given by the user (or --stdin-filepath) */
  file: string;
  /** sorted by line, column, rule */
  diagnostics: Diagnostic[];
  /** the file's source lines (for code frames); absent for unreadable files */
  source?: string;
  /** rule IDs that were checked on this file (for junit); all rules normally */
  rulesChecked: string[];
}

/** Sort in place: line, column, rule ID (cli.md: deterministic output). */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** Errors and warnings that count (suppressed diagnostics are left out; see countSuppressed). */
export function countBySeverity(diags: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diags) {
    if (d.suppression) continue;
    const n = d.omitted ?? 1;
    if (d.severity === 'error') errors += n;
    else warnings += n;
  }
  return { errors, warnings };
}

/** Suppressed diagnostics, by what suppressed them. */
export function countSuppressed(diags: readonly Diagnostic[]): { total: number; inline: number; config: number } {
  let inline = 0;
  let config = 0;
  for (const d of diags) {
    const n = d.omitted ?? 1;
    if (d.suppression?.kind === 'inline') inline += n;
    else if (d.suppression?.kind === 'config') config += n;
  }
  return { total: inline + config, inline, config };
}
