import { Decimal } from 'decimal.js';
import type { CheckOutput } from './check.js';
import { compareDiagnostics, type Diagnostic, type Lang, type Severity } from './diagnostic.js';
import { evaluateSum, valueAt } from './forms/types.js';
import { load } from './load/load.js';
import { locate } from './load/locate.js';
import { formatAmount } from './model/amount.js';
import { RULE_TABLE, messageOf } from './rules/index.js';

/** One checked file of a run. */
export interface CheckedOutput {
  file: string;
  output: CheckOutput;
}

/**
 * The checks across the files of one run, after each was checked alone (issue 13): a
 * department form (a form whose `rollup` has a `limit`) and the files of the other forms
 * with the same department name and year: their rollup amounts (the projects' annual
 * funds) should not exceed the limit sum (项目支出 + 事业发展性支出): M008, on the
 * department form. Pure: returns the outputs with the diagnostics added, in the same order.
 */
/** What the cross-check needs of one file (kept when a run drops the declarations: validate). */
export interface CrossFacts {
  form: string;
  key: string;
  /** the rollup amount */
  amount?: Decimal;
  /** the limit sum (a parent form's) and where to report */
  limit?: Decimal;
  range?: ReturnType<typeof locate>;
  /** the limit file's configured severity of M008 (its configuration; `off`: reported as suppressed) */
  severity?: Severity | 'off';
  /** the configuration file that severity comes from, as shown to the user */
  configFile?: string;
  /**
   * the limit file's inline comment that covers M008 (`# declare-disable-next-line M008 -- 理由`
   * above the 项目支出 line, or `declare-disable-line` on it), when inline configuration is honoured
   */
  inline?: { reason: string; line: number; column: number };
}

/** How the limit file is configured (check's severities and configuration file). */
export interface CrossSettings {
  severities?: Partial<Record<string, Severity | 'off'>>;
  configFile?: string;
}

const LIMIT_PATH = ['budget', 'expenditure', 'project'];

/** The cross-check's facts of one checked file, or undefined when it takes no part. */
export function crossFacts(output: CheckOutput, settings: CrossSettings = {}): CrossFacts | undefined {
  const form = output.form;
  if (!form?.rollup) return undefined;
  const d = output.declaration ?? output.partial;
  const dept = valueAt(d, 'department');
  const year = valueAt(d, 'year');
  if (typeof dept !== 'string' || typeof year !== 'number') return undefined;
  const facts: CrossFacts = { form: form.id, key: `${dept}\u0000${year}` };
  const v = valueAt(d, form.rollup.field);
  if (v instanceof Decimal) facts.amount = v;
  if (form.rollup.limit !== undefined) {
    const limit = evaluateSum(form.sums[form.rollup.limit]!, d);
    if (!limit) return undefined;
    facts.limit = limit;
    if (output.locate) facts.range = output.locate(LIMIT_PATH);
    else {
      const loaded = load(output.result.source ?? '');
      facts.range = locate(loaded.tree, loaded.positions, LIMIT_PATH);
    }
    // check() keeps the comments only when inline configuration is honoured (not --strict, --no-inline-config)
    const line = facts.range?.line ?? 1;
    const comment = output.suppressions?.find((x) => x.target === line && x.reason !== '' && x.rules.includes('M008'));
    if (comment) facts.inline = { reason: comment.reason, line: comment.line, column: comment.column };
    const severity = settings.severities?.M008;
    if (severity !== undefined) facts.severity = severity;
    if (settings.configFile) facts.configFile = settings.configFile;
  }
  return facts;
}

/**
 * The checks across the files of one run, after each was checked alone (issue 13): a
 * department form (a form whose `rollup` has a `limit`) and the files of the other forms
 * with the same department name and year: their rollup amounts (the projects' annual
 * funds) should not exceed the limit sum (项目支出 + 事业发展性支出): M008, on the
 * department form. Pure: returns the outputs with the diagnostics added, in the same order.
 */
export function crossCheck(files: readonly CheckedOutput[], lang: Lang): CheckedOutput[] {
  const facts = files.map((f) => f.output.crossFacts ?? crossFacts(f.output));
  return files.map((f, i) => {
    const own = facts[i];
    if (!own || own.limit === undefined) return f;
    let total = new Decimal(0);
    const names: string[] = [];
    files.forEach((g, j) => {
      const x = facts[j];
      if (!x || x.limit !== undefined || x.key !== own.key || x.amount === undefined) return;
      total = total.plus(x.amount);
      names.push(g.file);
    });
    if (names.length === 0 || total.lte(own.limit)) return f;
    const finding = { rule: 'M008' as const, path: LIMIT_PATH, args: { projects: names.join('、'), count: names.length, total: formatAmount(total), limit: formatAmount(own.limit), difference: formatAmount(total.minus(own.limit)) } };
    const range = own.range ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
    // the department file's configuration decides the severity; `off` silences, it does not hide (check.ts)
    const severity: Severity = own.severity === undefined || own.severity === 'off' ? RULE_TABLE.M008.severity : own.severity;
    const diag: Diagnostic = { rule: 'M008', severity, message: messageOf(finding, lang), path: finding.path, args: finding.args, ...range };
    if (own.severity === 'off') diag.suppression = { kind: 'config', file: own.configFile ?? '' };
    // an inline comment wins over the configuration, as in check.ts's applySuppressions
    if (own.inline) diag.suppression = { kind: 'inline', ...own.inline };
    const result = { ...f.output.result, diagnostics: [...f.output.result.diagnostics, diag].sort(compareDiagnostics) };
    return { file: f.file, output: { ...f.output, result } };
  });
}
