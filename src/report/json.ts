/**
 * `--format json`: exactly the shape of cli.md, version 1, 2-space indent, final newline.
 *
 * Suppressed diagnostics (issue 10 item 2) are never dropped: they are listed per file in
 * `suppressedDiagnostics`, each with `suppressed: true` and what suppressed it, and
 * counted in `suppressed`. They are kept out of `diagnostics`, `errors` and `warnings`
 * so that a version-1 consumer that counts those sees what the exit code says; the new
 * fields are present only when something was suppressed, so other reports keep their bytes.
 */
import { countBySeverity, countSuppressed, type DataPath, type Diagnostic, type FileResult, type Severity, type Suppression } from '../diagnostic.js';
import type { ReportContext } from './types.js';
import { jsonSafe } from './escape.js';

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
  /**
   * the message's arguments as data (issue 11), per rule (src/rules/<id>-*.ts `<ID>Args`),
   * e.g. S001 `{ kind: "unknown-key", key, suggestion }`; absent on an `omitted` line
   */
  args?: Record<string, string | number>;
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

/** What suppressed a diagnostic, in the JSON report: the diagnostic's own `Suppression`, field for field. */
export type JsonSuppression = Suppression;

/** A suppressed diagnostic: the usual fields, then `suppressed: true` and the suppression. */
export interface JsonSuppressedDiagnostic extends JsonDiagnostic {
  /** always true (so a consumer merging both lists can tell them apart) */
  suppressed: true;
  /** what suppressed it */
  suppression: JsonSuppression;
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
    /** suppressed diagnostics in this file (not counted in errors or warnings); absent when none */
    suppressed?: number;
    /** sorted by line, column, rule; suppressed ones are not here */
    diagnostics: JsonDiagnostic[];
    /** the suppressed diagnostics, sorted the same way; absent when none */
    suppressedDiagnostics?: JsonSuppressedDiagnostic[];
  }[];
  /** totals over all files; `suppressed` is absent when nothing was suppressed */
  summary: { files: number; errors: number; warnings: number; suppressed?: number };
}

function jsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  // Built key by key: the order is part of the format, and extra fields stay out.
  return {
    rule: d.rule,
    severity: d.severity,
    message: d.message,
    path: [...d.path],
    ...(d.args !== undefined ? { args: jsonArgs(d.args) } : {}),
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    ...(d.omitted !== undefined ? { omitted: d.omitted } : {}),
  };
}

/** The args in their rule's key order, without absent keys. */
function jsonArgs(args: NonNullable<Diagnostic['args']>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(args)) if (v !== undefined) out[k] = v;
  return out;
}

function jsonSuppression(d: Diagnostic): JsonSuppression {
  const s = d.suppression!;
  return s.kind === 'inline'
    ? { kind: 'inline', reason: s.reason, line: s.line, column: s.column }
    : { kind: 'config', file: s.file };
}

type JsonFile = JsonReport['files'][number];

/** One file's entry of the report, and what it adds to the totals. */
function jsonFile(r: FileResult): { entry: JsonFile; errors: number; warnings: number; suppressed: number } {
  const counts = countBySeverity(r.diagnostics);
  const s = countSuppressed(r.diagnostics).total;
  const entry: JsonFile =
    s === 0
      ? { file: r.file, errors: counts.errors, warnings: counts.warnings, diagnostics: r.diagnostics.map(jsonDiagnostic) }
      : {
          file: r.file,
          errors: counts.errors,
          warnings: counts.warnings,
          suppressed: s,
          diagnostics: r.diagnostics.filter((d) => !d.suppression).map(jsonDiagnostic),
          suppressedDiagnostics: r.diagnostics.filter((d) => d.suppression).map(
            (d): JsonSuppressedDiagnostic => ({ ...jsonDiagnostic(d), suppressed: true, suppression: jsonSuppression(d) }),
          ),
        };
  return { entry, errors: counts.errors, warnings: counts.warnings, suppressed: s };
}

export function toJsonReport(results: readonly FileResult[]): JsonReport {
  let errors = 0;
  let warnings = 0;
  let suppressed = 0;
  const files = results.map((r) => {
    const f = jsonFile(r);
    errors += f.errors;
    warnings += f.warnings;
    suppressed += f.suppressed;
    return f.entry;
  });
  const summary: JsonReport['summary'] = { files: results.length, errors, warnings };
  if (suppressed > 0) summary.suppressed = suppressed;
  return { version: 1, files, summary };
}

/** `JSON.stringify(value, null, 2)` as it stands `depth` levels deep in a larger document. */
function nested(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', '\n' + '  '.repeat(depth));
}

/**
 * The JSON report in pieces (issue 17): `start()`, then `file(r)` per file as it is
 * checked, then `end()`; the pieces joined are byte for byte
 * `JSON.stringify(toJsonReport(results), null, 2)` escaped and with its final newline, so
 * a long run's report is written as it goes and never held whole (10,000 files: 80 MB of
 * JSON, which as one string, escaped and encoded took about 1 GB).
 */
export class JsonWriter {
  private files = 0;
  private errors = 0;
  private warnings = 0;
  private suppressed = 0;

  start(): string {
    return '{\n  "version": 1,\n  "files": [';
  }

  file(r: FileResult): string {
    const f = jsonFile(r);
    this.errors += f.errors;
    this.warnings += f.warnings;
    this.suppressed += f.suppressed;
    return (this.files++ === 0 ? '\n    ' : ',\n    ') + jsonSafe(nested(f.entry, 2));
  }

  end(): string {
    const summary: JsonReport['summary'] = { files: this.files, errors: this.errors, warnings: this.warnings };
    if (this.suppressed > 0) summary.suppressed = this.suppressed;
    return `${this.files === 0 ? ']' : '\n  ]'},\n  "summary": ${nested(summary, 1)}\n}\n`;
  }
}

/** The report's pieces for results already in hand (the writer's, so the two cannot differ). */
export function* jsonPieces(results: readonly FileResult[]): Generator<string> {
  const w = new JsonWriter();
  yield w.start();
  for (const r of results) yield w.file(r);
  yield w.end();
}

export function formatJson(results: readonly FileResult[], _ctx: ReportContext): string {
  return [...jsonPieces(results)].join('');
}
