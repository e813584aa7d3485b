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
import { escapeText, isSafeText } from './escape.js';
import { displayWidth } from './width.js';

/** What one file's block adds to the summary. */
export interface BlockCounts {
  /** errors shown */
  errors: number;
  /** warnings shown */
  warnings: number;
  /** suppressed by an inline comment (counted in the last line, not shown) */
  inline: number;
  /** suppressed by a configuration file */
  config: number;
}

/** One file's block of the report and its counts (StylishWriter.block). */
export interface StylishBlock {
  /** the block's lines, each ended by a line break; empty for a file with nothing to show */
  text: string;
  /** what it adds to the summary */
  counts: BlockCounts;
}

export function formatStylish(results: readonly FileResult[], ctx: ReportContext): string {
  const w = new StylishWriter(ctx);
  let out = '';
  for (const result of results) out += w.file(result);
  return out + w.end(results.length, ctx.hiddenWarnings);
}

/**
 * The stylish report a file at a time (validate streams it, issue 17): `file()` gives a
 * file's block (empty for a file with nothing to show), `end()` the summary lines; their
 * concatenation is formatStylish's report, byte for byte.
 */
export class StylishWriter {
  private readonly c: ChalkInstance;
  private readonly labels: ReturnType<typeof reportMessages>;
  private readonly severity: Record<Diagnostic['severity'], string>;
  private errors = 0;
  private warnings = 0;
  private blocks = 0;
  private readonly suppressed = { total: 0, inline: 0, config: 0 };

  constructor(ctx: Pick<ReportContext, 'lang' | 'color'>) {
    // Level 1 (16 colours) is enough for red/yellow/dim and keeps output identical everywhere.
    this.c = new Chalk({ level: ctx.color ? 1 : 0 });
    this.labels = reportMessages(ctx.lang);
    this.severity = { error: this.labels.error, warning: this.labels.warning };
  }

  /** One file's block, its own lines ended by a line break (after a blank line from the one before). */
  file(result: FileResult): string {
    const b = this.block(result);
    return this.add(b.counts, b.text !== '') + b.text;
  }

  /**
   * One file's block without the blank line that separates it from the one before, and
   * what it adds to the summary; nothing is counted until add() (validate --cache keeps
   * the block, and prints it again with add() when the file's result is the same).
   */
  block(result: FileResult): StylishBlock {
    const s = countSuppressed(result.diagnostics);
    // Suppressed diagnostics are counted in one line at the end, not listed.
    const shown = s.total === 0 ? result.diagnostics : result.diagnostics.filter((d) => !d.suppression);
    const counts = { errors: 0, warnings: 0, inline: s.inline, config: s.config };
    if (shown.length === 0) return { text: '', counts };
    const c = countBySeverity(shown);
    counts.errors = c.errors;
    counts.warnings = c.warnings;
    const lines = fileBlock({ ...result, diagnostics: shown }, this.severity, this.c);
    let text = this.c.underline(escapeText(result.file)) + '\n';
    for (const line of lines) text += line + '\n'; // no spread or join of a huge array: a file may have 100,000 lines
    return { text, counts };
  }

  /** Count a block into the summary; what to print before it: a blank line after an earlier block, else nothing. */
  add(counts: BlockCounts, printed: boolean): string {
    this.suppressed.total += counts.inline + counts.config;
    this.suppressed.inline += counts.inline;
    this.suppressed.config += counts.config;
    if (!printed) return '';
    this.errors += counts.errors;
    this.warnings += counts.warnings;
    return this.blocks++ > 0 ? '\n' : '';
  }

  /** The summary: the problem count (or the clean line for `files` files) and the suppressed count. */
  end(files: number, hiddenWarnings?: number): string {
    const { c, labels, suppressed } = this;
    const suppressedLine = suppressed.total > 0 ? `${c.yellow('!')} ${labels.suppressed(suppressed)}\n` : '';
    if (this.errors + this.warnings === 0) {
      const hidden = hiddenWarnings ?? 0;
      const clean = hidden > 0 ? labels.cleanQuiet({ files, hidden }) : suppressed.total > 0 ? labels.cleanSuppressed({ files }) : labels.clean({ files });
      return `${c.green('✔')} ${clean}\n${suppressedLine}`;
    }
    const paint = this.errors > 0 ? c.red.bold : c.yellow.bold;
    return `\n${paint(`✖ ${labels.problems({ errors: this.errors, warnings: this.warnings })}`)}\n${suppressedLine}`;
  }
}

function fileBlock(
  result: FileResult,
  severity: Record<Diagnostic['severity'], string>,
  c: ChalkInstance,
): string[] {
  const diags = result.diagnostics;
  // Loops, not Math.max(...array): a spread of 100,000 arguments overflows the stack.
  let posWidth = 0;
  let gutterWidth = 0;
  for (const d of diags) {
    posWidth = Math.max(posWidth, `${d.line}:${d.column}`.length);
    gutterWidth = Math.max(gutterWidth, String(d.line).length);
  }
  // The two severity words, measured and painted once (issue 17), padded to the wider shown.
  const widths = { error: displayWidth(severity.error), warning: displayWidth(severity.warning) };
  let sevWidth = 0;
  for (const d of diags) if (widths[d.severity] > sevWidth) sevWidth = widths[d.severity];
  const sevText = {
    error: c.red(severity.error) + ' '.repeat(Math.max(0, sevWidth - widths.error)),
    warning: c.yellow(severity.warning) + ' '.repeat(Math.max(0, sevWidth - widths.warning)),
  };
  const messageIndent = ' '.repeat(2 + posWidth + 2 + sevWidth + 2);
  const source = result.source === undefined ? undefined : new SourceLines(result.source);
  const lines: string[] = [];
  const gutter = (label: string): string => c.dim(`    ${label.padStart(gutterWidth)} |`);
  const blankGutter = gutter('');

  for (const d of diags) {
    const tone = d.severity === 'error' ? c.red : c.yellow;
    const pos = `${d.line}:${d.column}`.padEnd(posWidth);
    // A message's own line breaks are kept, continuation lines indented; every other
    // control character is shown as its escape. Under GitHub Actions the CLI pauses
    // workflow commands around this report (githubWrap), so an indented `::…` is inert.
    // A message with none of them (the usual case) is printed as it is.
    const message = isSafeText(d.message) ? d.message : d.message.replace(/\r\n?/g, '\n').split('\n').map(escapeText).join('\n' + messageIndent);
    lines.push(`  ${c.dim(pos)}  ${sevText[d.severity]}  ${message}  ${c.dim(d.rule)}`);

    const frame = source?.frame(d);
    if (!frame) continue;
    const lineGutter = gutter(String(d.line));
    lines.push(frame.text === '' ? lineGutter : `${lineGutter} ${frame.text}`);
    lines.push(`${blankGutter} ${' '.repeat(frame.caretStart)}${tone('^'.repeat(frame.caretWidth))}`);
  }
  return lines;
}
