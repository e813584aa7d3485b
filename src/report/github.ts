/**
 * `--format github`: GitHub Actions workflow commands, one line per diagnostic, which
 * GitHub turns into annotations on the changed file:
 *
 *     ::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=M001::message
 *
 * Escaping follows the Actions runner (`ActionCommand` in actions/toolkit): in the message
 * `%` → %25, CR → %0D, LF → %0A; in property values also `:` → %3A and `,` → %2C.
 * No diagnostics: empty output (no annotation).
 */
import type { FileResult } from '../diagnostic.js';
import { LABELS } from './labels.js';
import type { ReportContext } from './types.js';

/** Escape workflow-command data (the part after `::`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a workflow-command property value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(results: readonly FileResult[], ctx: ReportContext): string {
  let out = '';
  for (const r of results) {
    for (const d of r.diagnostics) {
      const props = [
        `file=${escapeProperty(r.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(d.rule)}`,
      ].join(',');
      // A suppressed diagnostic is a notice: visible on the diff, never failing the check.
      const text = d.suppression ? `${LABELS[ctx.lang].suppression(d.suppression, d.rule)} ${d.message}` : d.message;
      out += `::${d.suppression ? 'notice' : d.severity} ${props}::${escapeData(text)}\n`;
    }
  }
  return out;
}
