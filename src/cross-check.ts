import { Decimal } from 'decimal.js';
import type { CheckOutput } from './check.js';
import { compareDiagnostics, type Diagnostic, type Lang } from './diagnostic.js';
import { evaluateSum, valueAt } from './forms/types.js';
import { load } from './load/load.js';
import { locate } from './load/locate.js';
import { formatAmount } from './model/amount.js';
import { messageOf } from './rules/index.js';

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
export function crossCheck(files: readonly CheckedOutput[], lang: Lang): CheckedOutput[] {
  const readable = files.map((f) => ({ f, d: f.output.declaration ?? f.output.partial, form: f.output.form }));
  const key = (d: unknown) => {
    const dept = valueAt(d, 'department');
    const year = valueAt(d, 'year');
    return typeof dept === 'string' && typeof year === 'number' ? `${dept}\u0000${year}` : undefined;
  };
  return readable.map(({ f, d, form }) => {
    const limitSum = form?.rollup?.limit;
    const k = key(d);
    if (!form || limitSum === undefined || k === undefined) return f;
    const limit = evaluateSum(form.sums[limitSum]!, d);
    if (!limit) return f;
    const children = readable.filter((o) => o.form && o.form.rollup && o.form.rollup.limit === undefined && key(o.d) === k);
    let total = new Decimal(0);
    const names: string[] = [];
    for (const c of children) {
      const v = valueAt(c.d, c.form!.rollup!.field);
      if (!(v instanceof Decimal)) continue;
      total = total.plus(v);
      names.push(c.f.file);
    }
    if (names.length === 0 || total.lte(limit)) return f;
    const finding = { rule: 'M008' as const, path: ['budget', 'expenditure', 'project'], args: { projects: names.join('、'), count: names.length, total: formatAmount(total), limit: formatAmount(limit), difference: formatAmount(total.minus(limit)) } };
    const source = f.output.result.source ?? '';
    const loaded = load(source);
    const range = locate(loaded.doc, loaded.positions, finding.path);
    const diag: Diagnostic = { rule: 'M008', severity: 'warning', message: messageOf(finding, lang), path: finding.path, args: finding.args, ...range };
    const result = { ...f.output.result, diagnostics: [...f.output.result.diagnostics, diag].sort(compareDiagnostics) };
    return { file: f.file, output: { ...f.output, result } };
  });
}
