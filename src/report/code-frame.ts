/**
 * Code frames for the stylish reporter: the diagnostic's first source line and a caret
 * line whose `^` sit under the exact range on a terminal.
 *
 * Positions are code points (cli.md); the frame converts them to display cells (CJK = 2,
 * see width.ts), expands tabs to stops of TAB_WIDTH, and shows control characters as
 * visible escapes (`\x1b`, escape.ts). A line wider than MAX_WIDTH cells is cut to a window around the
 * range, marked with "..." (ASCII: "…" is ambiguous-width and would shift the carets in a
 * CJK terminal). Only the window is ever measured, so a 1 MB single-line file costs one
 * pass to split it into code points per line that has a diagnostic, not one per diagnostic.
 */
import type { Range } from '../diagnostic.js';
import { escapeChar, isUnsafeCodePoint } from './escape.js';
import { glyphOf, type Glyph } from './width.js';

/** A code point as shown in a frame: unsafe ones as their visible escape (escape.ts). */
function shown(cp: number): Glyph {
  if (isUnsafeCodePoint(cp)) {
    const text = escapeChar(String.fromCodePoint(cp));
    return { text, width: text.length };
  }
  return glyphOf(cp);
}

/** Display cells one source line may take in a frame before it is cut. */
export const MAX_WIDTH = 100;
/** Cells of context kept before the range when a line is cut. */
const LEAD = 24;
/** Tab stops, counted from the start of the shown text. */
export const TAB_WIDTH = 4;
const ELLIPSIS = '...';

/** One line of source as displayed, with the caret span in display cells. */
export interface FrameLine {
  /** the (possibly cut) source text, terminal-safe */
  text: string;
  /** display cell where the carets start */
  caretStart: number;
  /** number of carets, at least 1 */
  caretWidth: number;
}

/**
 * shown()'s answer for each BMP code point, filled as met: 0 not asked yet, 1 + w for a
 * character printed as itself in w cells (0–2), PLAIN_NOT for one printed otherwise (an
 * escape, a stand-in, nothing). A table look-up per character instead of glyphOf's range
 * searches and regular expressions for every character of every frame (issue 17: code
 * frames were a tenth of validate's time for a corpus with 12,000 warnings).
 */
const PLAIN = new Uint8Array(0x10000);
const PLAIN_NOT = 4;

/** The cells of code point `cp` when shown() prints it as itself, else -1. */
function plainWidth(cp: number): number {
  if (cp > 0xffff) return -1;
  let k = PLAIN[cp]!;
  if (k === 0) {
    const g = shown(cp);
    PLAIN[cp] = k = g.text === String.fromCharCode(cp) ? 1 + g.width : PLAIN_NOT;
  }
  return k === PLAIN_NOT ? -1 : k - 1;
}

function planWidth(cp: number): number {
  if (cp === 9) return TAB_WIDTH;
  const w = plainWidth(cp);
  return w >= 0 ? w : shown(cp).width;
}

/**
 * Lay out one line given as code points, for a range [start, end) in 0-based code point
 * offsets (clamped by the caller to 0 ≤ start ≤ end ≤ cps.length).
 */
export function layoutLine(cps: readonly number[], start: number, end: number): FrameLine {
  return layoutPrefix(cps, start, end, true)!;
}

/**
 * layoutLine for a line of which `cps` may be only the first code points (`complete`
 * false): the same frame, or undefined when it depends on what follows the prefix (the
 * prefix fits in MAX_WIDTH, or the window reaches its end), so that the caller converts
 * the whole line. The caller makes the prefix reach past `end` by at least MAX_WIDTH + 1
 * code points, so start and end are inside it.
 */
function layoutPrefix(cps: readonly number[], start: number, end: number, complete: boolean): FrameLine | undefined {
  const len = cps.length;
  let s = 0;
  let e = len;
  let fits = true;
  let total = 0;
  for (let i = 0; i < len; i++) {
    total += planWidth(cps[i]!);
    if (total > MAX_WIDTH) {
      fits = false;
      break;
    }
  }
  if (fits && !complete) return undefined;
  if (!fits) {
    const budget = MAX_WIDTH - 2 * ELLIPSIS.length;
    s = start;
    let used = 0;
    while (s > 0 && used + planWidth(cps[s - 1]!) <= LEAD) used += planWidth(cps[--s]!);
    e = start;
    while (e < len && used + planWidth(cps[e]!) <= budget) used += planWidth(cps[e++]!);
    if (e === len && !complete) return undefined;
    // The range is near the end of the line: spend what is left on more context before it.
    if (e === len) while (s > 0 && used + planWidth(cps[s - 1]!) <= budget) used += planWidth(cps[--s]!);
  }

  let text = s > 0 ? ELLIPSIS : '';
  let col = text.length;
  let caretStart = -1;
  let caretEnd = -1;
  const clippedEnd = Math.min(end, e);
  /** start of the run of characters printed as themselves, not yet added to `text` */
  let run = s;
  for (let i = s; i <= e; i++) {
    if (i === start) caretStart = col;
    if (i === clippedEnd) caretEnd = col;
    if (i === e) break;
    const cp = cps[i]!;
    const plain = plainWidth(cp);
    if (plain >= 0) {
      col += plain;
      continue;
    }
    if (i > run) text += plainText(cps, run, i);
    run = i + 1;
    if (cp === 9) {
      const w = TAB_WIDTH - (col % TAB_WIDTH);
      text += ' '.repeat(w);
      col += w;
    } else {
      const g = shown(cp);
      text += g.text;
      col += g.width;
    }
  }
  if (e > run) text += plainText(cps, run, e);
  if (e < len) text += ELLIPSIS;
  return { text, caretStart, caretWidth: Math.max(1, caretEnd - caretStart) };
}

/** Code points per String.fromCharCode call (a line of zero-width characters fits unbounded). */
const CHUNK = 4096;

/** The BMP code points cps[from, to) as a string (one string per run, not one per character). */
function plainText(cps: readonly number[], from: number, to: number): string {
  let out = '';
  for (let a = from; a < to; a += CHUNK) out += String.fromCharCode.apply(null, cps.slice(a, Math.min(to, a + CHUNK)));
  return out;
}

/** The lines of one file's source, split on demand and cached per line as code points. */
export class SourceLines {
  private lines: string[] | undefined;
  /** code points of a line: all of them, or (in `prefixes`) its first ones */
  private readonly cache = new Map<number, number[]>();
  private readonly prefixes = new Map<number, number[]>();

  constructor(private readonly source: string) {}

  /** The text of 1-based line `n`, or undefined past the end of the file. */
  private line(n: number): string | undefined {
    // LF and CRLF end lines (as the YAML parser counts them); a lone CR shows as `\r`.
    this.lines ??= splitLines(this.source, Infinity);
    return n < 1 ? undefined : this.lines[n - 1];
  }

  /** Code points of 1-based line `n`, or undefined past the end of the file. */
  codePoints(n: number): number[] | undefined {
    const hit = this.cache.get(n);
    if (hit) return hit;
    const line = this.line(n);
    if (line === undefined) return undefined;
    const cps = toCodePoints(line, Infinity);
    this.cache.set(n, cps);
    return cps;
  }

  /**
   * The first `count` code points of line `n` (fewer when the line is shorter; then all
   * of them, and `complete`). A frame needs only those around its range: most of a long
   * line is never looked at (issue 17: converting whole lines was 5% of validate's time).
   */
  private prefix(n: number, count: number): { cps: number[]; complete: boolean } | undefined {
    const all = this.cache.get(n);
    if (all) return { cps: all, complete: true };
    const line = this.line(n);
    if (line === undefined) return undefined;
    // Every code point takes one or two UTF-16 units: a line this short is complete.
    if (line.length <= count) return { cps: this.codePoints(n)!, complete: true };
    const cps = this.prefixes.get(n);
    if (cps !== undefined && cps.length >= count) return { cps, complete: false };
    // A second range further along the same line: the whole line, once (ranges all along
    // a huge line would otherwise convert a longer prefix each time).
    if (cps !== undefined) return { cps: this.codePoints(n)!, complete: true };
    const first = toCodePoints(line, count);
    this.prefixes.set(n, first);
    return { cps: first, complete: false };
  }

  /**
   * The frame line for a range: its first line, carets from its start column to its end
   * column, or to the last non-blank character when the range goes on to later lines.
   */
  frame(range: Range): FrameLine | undefined {
    if (range.endLine === range.line && range.column >= 1 && range.endColumn >= range.column) {
      // A range on one line: the prefix up to MAX_WIDTH + 1 code points past its end
      // decides the frame, unless layoutPrefix says it does not (then the whole line).
      const p = this.prefix(range.line, range.endColumn + MAX_WIDTH + 1);
      if (!p) return undefined;
      const start = clamp(range.column - 1, 0, p.cps.length);
      const end = clamp(range.endColumn - 1, start, p.cps.length);
      const f = layoutPrefix(p.cps, start, end, p.complete);
      if (f) return f;
    }
    const cps = this.codePoints(range.line);
    if (!cps) return undefined;
    const start = clamp(range.column - 1, 0, cps.length);
    let end: number;
    if (range.endLine === range.line) {
      end = clamp(range.endColumn - 1, start, cps.length);
    } else {
      end = cps.length;
      while (end > start && (cps[end - 1] === 32 || cps[end - 1] === 9)) end--;
    }
    return layoutLine(cps, start, end);
  }
}

/** The code points of `line`, at most `count` of them. */
function toCodePoints(line: string, count: number): number[] {
  // an index loop: about 5x faster than Array.from(line, …) over 12,000 frames (issue 17, --cache)
  const cps: number[] = [];
  for (let i = 0; i < line.length && cps.length < count; i++) {
    const cp = line.codePointAt(i)!;
    cps.push(cp);
    if (cp > 0xffff) i++;
  }
  return cps;
}

function clamp(n: number, lo: number, hi: number): number {
  return n < lo ? lo : n > hi ? hi : n;
}

/**
 * The part of a file's source that its code frames show: the lines diagnostics start on,
 * at their line numbers, every other line emptied (SourceLines reads nothing else). A
 * batch keeps this instead of every file's whole text, so memory stays flat over
 * thousands of files (issue 17).
 */
export function frameSource(source: string, diagnostics: readonly Range[]): string {
  if (diagnostics.length === 0) return '';
  let last = 0;
  for (const d of diagnostics) if (d.line > last) last = d.line;
  const all = splitLines(source, last);
  const out: string[] = new Array<string>(all.length).fill('');
  for (const d of diagnostics) if (d.line >= 1 && d.line <= all.length) out[d.line - 1] = all[d.line - 1]!;
  return out.join('\n');
}

/**
 * `s.split(/\r?\n/, limit)` by indexOf (issue 17: the regex split of every reported
 * file's source, twice, showed in validate's profile).
 */
function splitLines(s: string, limit: number): string[] {
  const out: string[] = [];
  let from = 0;
  while (out.length < limit) {
    const nl = s.indexOf('\n', from);
    if (nl < 0) {
      out.push(s.slice(from));
      break;
    }
    out.push(s.slice(from, nl > from && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
    from = nl + 1;
  }
  return out;
}
