/** `--format json`: exactly the shape of cli.md, version 1, 2-space indent, final newline. */
import { countBySeverity, type DataPath, type FileResult, type Severity } from '../diagnostic.js';
import type { ReportContext } from './types.js';

/** One diagnostic in the JSON report (keys in this order). */
export interface JsonDiagnostic {
  /** rule ID */
  rule: string;
  /** effective severity */
  severity: Severity;
  /** the sentence, in the requested language */
  message: string;
  /** data path: keys and 0-based indices */
  path: DataPath;
  /** 1-based line */
  line: number;
  /** 1-based column in code points */
  column: number;
  /** 1-based end line */
  endLine: number;
  /** 1-based column just after the range, in code points */
  endColumn: number;
  /** only on the line that stands for left-out diagnostics of this rule: how many */
  omitted?: number;
}

/** The whole JSON report. */
export interface JsonReport {
  /** format version of this JSON, bumped on incompatible change */
  version: 1;
  /** one entry per file checked, in input order (sorted) */
  files: {
    /** the file name as given */
    file: string;
    /** error-severity diagnostics in this file */
    errors: number;
    /** warning-severity diagnostics in this file */
    warnings: number;
    /** sorted by line, column, rule */
    diagnostics: JsonDiagnostic[];
  }[];
  /** totals over all files */
  summary: { files: number; errors: number; warnings: number };
}

export function toJsonReport(results: readonly FileResult[]): JsonReport {
  let errors = 0;
  let warnings = 0;
  const files = results.map((r) => {
    const counts = countBySeverity(r.diagnostics);
    errors += counts.errors;
    warnings += counts.warnings;
    return {
      file: r.file,
      errors: counts.errors,
      warnings: counts.warnings,
      // Built key by key: the order is part of the format, and extra fields stay out.
      diagnostics: r.diagnostics.map(
        (d): JsonDiagnostic => ({
          rule: d.rule,
          severity: d.severity,
          message: d.message,
          path: [...d.path],
          line: d.line,
          column: d.column,
          endLine: d.endLine,
          endColumn: d.endColumn,
          ...(d.omitted !== undefined ? { omitted: d.omitted } : {}),
        }),
      ),
    };
  });
  return { version: 1, files, summary: { files: results.length, errors, warnings } };
}

export function formatJson(results: readonly FileResult[], _ctx: ReportContext): string {
  return JSON.stringify(toJsonReport(results), null, 2) + '\n';
}
