/**
 * `--format junit`: JUnit XML for CI dashboards (cli.md).
 *
 * - one `<testsuite>` per file (name = the file name as given);
 * - one `<testcase>` per rule checked on it (`FileResult.rulesChecked`, plus any rule that
 *   reported without being listed), classname = file, name = "ID title"; a file that is
 *   not valid YAML (Y001) was checked by Y001 alone, so it has that one testcase and no
 *   other (a rule that never ran is not reported as passed, nor as skipped: it was not
 *   due on that file);
 * - a rule with error diagnostics fails: one `<failure>` listing every error as
 *   `line:column message`; warnings never fail, they go to the testcase's `<system-out>`;
 *   so do suppressed diagnostics, marked as such (they never fail either);
 * - no timestamps or host names, so the same input gives the same bytes; `time` (which
 *   strict consumers and the Jenkins xUnit junit-10.xsd expect on suites) is always "0":
 *   checks take milliseconds and a measured duration would make the report differ run
 *   to run. `failures`, `errors` and `skipped` are always written (junit-10.xsd requires
 *   `failures` and `errors`; test/report/junit-schema.test.ts validates against it).
 *
 * Text is escaped for XML 1.0, and characters XML 1.0 forbids (most C0 controls, lone
 * surrogates, U+FFFE/U+FFFF) are replaced by U+FFFD: a control character in a YAML value
 * must not make the whole report unparsable.
 */
import type { Diagnostic, FileResult, Suppression } from '../diagnostic.js';
import { reportMessages } from '../messages/report.js';
import type { ReportContext } from './types.js';
import { xmlSafe } from './escape.js';

/** Characters outside XML 1.0's Char production (§2.2), lone surrogates included. */
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escape character data. CR is written as a reference so parsers do not normalise it away;
 * C1 and bidi controls as references too (escape.ts xmlSafe), so a printed report holds
 * nothing a terminal acts on.
 */
export function xmlText(s: string): string {
  return xmlSafe(
    s
      .replace(XML_FORBIDDEN, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\r/g, '&#13;'),
  );
}

/** Escape an attribute value (double-quoted); TAB/LF/CR as references so they survive normalisation. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

interface Case {
  /** rule ID */
  rule: string;
  /** error diagnostics of this rule in this file */
  errors: Diagnostic[];
  /** warning diagnostics of this rule in this file */
  warnings: Diagnostic[];
  /** suppressed diagnostics of this rule in this file: never a failure, listed in system-out */
  suppressed: Diagnostic[];
}

function casesOf(result: FileResult): Case[] {
  const byRule = new Map<string, Case>();
  const add = (rule: string): Case => {
    let c = byRule.get(rule);
    if (!c) byRule.set(rule, (c = { rule, errors: [], warnings: [], suppressed: [] }));
    return c;
  };
  // Y001 stops everything: nothing else ran on a file that could not be read as YAML.
  const unreadable = result.diagnostics.some((d) => d.rule === 'Y001');
  for (const rule of unreadable ? ['Y001'] : result.rulesChecked) add(rule);
  // A diagnostic from a rule missing in rulesChecked still gets a testcase (sorted after).
  const extra = [...new Set(result.diagnostics.map((d) => d.rule))].filter((r) => !byRule.has(r)).sort();
  for (const rule of extra) add(rule);
  for (const d of result.diagnostics) (d.suppression ? add(d.rule).suppressed : d.severity === 'error' ? add(d.rule).errors : add(d.rule).warnings).push(d);
  return [...byRule.values()];
}

export function formatJunit(results: readonly FileResult[], ctx: ReportContext): string {
  const titles = new Map(ctx.rules.map((r) => [r.id, r.title[ctx.lang]] as const));
  const m = reportMessages(ctx.lang);
  const severity = { error: m.error, warning: m.warning };
  const suppression = (s: Suppression, rule: string): string => m.suppression({ suppression: s, rule });
  const at = (d: Diagnostic): string => `${d.line}:${d.column} ${d.message}`;

  let tests = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const result of results) {
    const cases = casesOf(result);
    const failed = cases.filter((c) => c.errors.length > 0).length;
    tests += cases.length;
    failures += failed;
    const file = xmlAttr(result.file);
    const lines = [`  <testsuite name="${file}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0" time="0">`];
    for (const c of cases) {
      const title = titles.get(c.rule);
      const name = xmlAttr(title ? `${c.rule} ${title}` : c.rule);
      const open = `    <testcase classname="${file}" name="${name}" time="0"`;
      if (c.errors.length === 0 && c.warnings.length === 0 && c.suppressed.length === 0) {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      if (c.errors.length > 0) {
        const body = c.errors.map(at).join('\n');
        lines.push(`      <failure message="${xmlAttr(at(c.errors[0]!))}" type="${xmlAttr(c.rule)}">${xmlText(body)}</failure>`);
      }
      if (c.warnings.length > 0 || c.suppressed.length > 0) {
        const body = [
          ...c.warnings.map((d) => `${d.line}:${d.column} ${severity.warning} ${d.message}`),
          ...c.suppressed.map((d) => `${d.line}:${d.column} ${severity[d.severity]} ${suppression(d.suppression!, d.rule)} ${d.message}`),
        ].join('\n');
        lines.push(`      <system-out>${xmlText(body)}</system-out>`);
      }
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
    suites.push(lines.join('\n'));
  }

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="declare" tests="${tests}" failures="${failures}" errors="0" time="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
