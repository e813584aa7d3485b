/**
 * `--format github`: GitHub Actions workflow commands, one line per diagnostic, which
 * GitHub turns into annotations on the changed file:
 *
 *     ::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=M001::message
 *
 * Escaping follows the Actions runner (`ActionCommand` in actions/toolkit): in the message
 * `%` → %25, CR → %0D, LF → %0A; in property values also `:` → %3A and `,` → %2C.
 * Other control characters (ESC, C1, bidi controls, U+2028/2029) are first shown as
 * visible escapes (escape.ts), so a hostile file name or YAML value cannot colour, reorder
 * or split the log line. No diagnostics: empty output (no annotation).
 *
 * `githubWrap` makes the human report that precedes the annotations inert: between
 * `::stop-commands::TOKEN` and `::TOKEN::` the runner processes no workflow command, so
 * nothing quoted from a declaration can become one (docs/SECURITY.md "What the tool
 * prints"). The token is random per run (the caller draws it), so the file cannot end
 * the pause early.
 */
import type { FileResult } from '../diagnostic.js';
import { escapeText } from './escape.js';
import { reportMessages } from '../messages/report.js';
import type { ReportContext } from './types.js';

/** Escape workflow-command data (the part after `::`). */
export function escapeData(s: string): string {
  // Newlines keep GitHub's own escape (%0A); every other control is made visible.
  return s.replace(/[^\r\n]+/g, escapeText).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
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
      const text = d.suppression ? `${reportMessages(ctx.lang).suppression({ suppression: d.suppression, rule: d.rule })} ${d.message}` : d.message;
      out += `::${d.suppression ? 'notice' : d.severity} ${props}::${escapeData(text)}\n`;
    }
  }
  return out;
}

/**
 * The human report, paused for the runner: no line of `report` is read as a workflow
 * command. `token` must be unguessable (crypto-random, per run) and is not `pause-logging`.
 */
export function githubWrap(report: string, token: string): string {
  if (report === '') return '';
  const body = report.endsWith('\n') ? report : `${report}\n`;
  return `::stop-commands::${token}\n${body}::${token}::\n`;
}
