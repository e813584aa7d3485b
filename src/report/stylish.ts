/**
 * The default reporter, for people at a terminal (ESLint's "stylish" plus code frames):
 *
 *     examples/a.yaml
 *       12:5   错误  支出合计 … ≠ 收入合计 …  M001
 *         12 |   income: 900
 *            |   ^^^^^^
 *
 *     ✖ 1 个问题（1 个错误，0 个警告）
 *
 * Files without diagnostics are not listed. Suppressed diagnostics are not listed either
 * but never hidden: one line at the end counts them, by inline comment and by config. When no file has any diagnostic the output is
 * one line, `✔ N 个文件，没有发现问题` (never empty, so a run visibly happened).
 * Severity words and summaries follow `--lang`; messages are printed as given, only made
 * terminal-safe (escape.ts: control characters as visible escapes).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { countBySeverity, countSuppressed, type Diagnostic, type FileResult } from '../diagnostic.js';
import { SourceLines } from './code-frame.js';
import { reportMessages } from '../messages/report.js';
import type { ReportContext } from './types.js';
import { escapeText } from './escape.js';
import { displayWidth } from './width.js';

export function formatStylish(results: readonly FileResult[], ctx: ReportContext): string {
  // Level 1 (16 colours) is enough for red/yellow/dim and keeps output identical everywhere.
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const labels = reportMessages(ctx.lang);
  const severity = { error: labels.error, warning: labels.warning };
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;

  const suppressed = { total: 0, inline: 0, config: 0 };

  for (const result of results) {
    const s = countSuppressed(result.diagnostics);
    suppressed.total += s.total;
    suppressed.inline += s.inline;
    suppressed.config += s.config;
    // Suppressed diagnostics are counted in one line at the end, not listed.
    const shown = s.total === 0 ? result.diagnostics : result.diagnostics.filter((d) => !d.suppression);
    if (shown.length === 0) continue;
    const counts = countBySeverity(shown);
    errors += counts.errors;
    warnings += counts.warnings;
    if (out.length > 0) out.push('');
    out.push(c.underline(escapeText(result.file)));
    for (const line of fileBlock({ ...result, diagnostics: shown }, severity, c)) out.push(line); // no spread: a file may have 100,000 lines
  }
  const suppressedLine = suppressed.total > 0 ? `${c.yellow('!')} ${labels.suppressed(suppressed)}\n` : '';

  if (errors + warnings === 0) {
    const hidden = ctx.hiddenWarnings ?? 0;
    const clean = hidden > 0 ? labels.cleanQuiet({ files: results.length, hidden }) : suppressed.total > 0 ? labels.cleanSuppressed({ files: results.length }) : labels.clean({ files: results.length });
    return `${c.green('✔')} ${clean}\n${suppressedLine}`;
  }
  const paint = errors > 0 ? c.red.bold : c.yellow.bold;
  out.push('', paint(`✖ ${labels.problems({ errors, warnings })}`));
  return out.join('\n') + '\n' + suppressedLine;
}

function fileBlock(
  result: FileResult,
  severity: Record<Diagnostic['severity'], string>,
  c: ChalkInstance,
): string[] {
  const diags = result.diagnostics;
  // Loops, not Math.max(...array): a spread of 100,000 arguments overflows the stack.
  let posWidth = 0;
  let sevWidth = 0;
  let gutterWidth = 0;
  for (const d of diags) {
    posWidth = Math.max(posWidth, `${d.line}:${d.column}`.length);
    sevWidth = Math.max(sevWidth, displayWidth(severity[d.severity]));
    gutterWidth = Math.max(gutterWidth, String(d.line).length);
  }
  const messageIndent = ' '.repeat(2 + posWidth + 2 + sevWidth + 2);
  const source = result.source === undefined ? undefined : new SourceLines(result.source);
  const lines: string[] = [];

  for (const d of diags) {
    const tone = d.severity === 'error' ? c.red : c.yellow;
    const pos = `${d.line}:${d.column}`.padEnd(posWidth);
    const sev = tone(severity[d.severity]) + ' '.repeat(sevWidth - displayWidth(severity[d.severity]));
    // A message's own line breaks are kept, continuation lines indented; every other
    // control character is shown as its escape. Under GitHub Actions the CLI pauses
    // workflow commands around this report (githubWrap), so an indented `::…` is inert.
    const message = d.message.replace(/\r\n?/g, '\n').split('\n').map(escapeText).join('\n' + messageIndent);
    lines.push(`  ${c.dim(pos)}  ${sev}  ${message}  ${c.dim(d.rule)}`);

    const frame = source?.frame(d);
    if (!frame) continue;
    const gutter = (label: string): string => c.dim(`    ${label.padStart(gutterWidth)} |`);
    lines.push(frame.text === '' ? gutter(String(d.line)) : `${gutter(String(d.line))} ${frame.text}`);
    lines.push(`${gutter('')} ${' '.repeat(frame.caretStart)}${tone('^'.repeat(frame.caretWidth))}`);
  }
  return lines;
}
