import type { Range } from '../diagnostic.js';

/**
 * Offsets (UTF-16 indices into the text) → 1-based line and column, where columns count
 * code points so a CJK character (or an astral one) is one column (cli.md).
 */
export class Positions {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  /** 1-based line and code-point column of an offset. */
  at(offset: number): { line: number; column: number } {
    const off = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= off) lo = mid;
      else hi = mid - 1;
    }
    const start = this.lineStarts[lo] ?? 0;
    return { line: lo + 1, column: codePoints(this.text, start, off) + 1 };
  }

  /** A range from two offsets; an empty range is widened to one character. */
  range(start: number, end: number): Range {
    const a = this.at(start);
    let b = this.at(Math.max(start, end));
    if (b.line === a.line && b.column <= a.column) b = { line: a.line, column: a.column + 1 };
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** Number of lines. */
  get lineCount(): number {
    return this.lineStarts.length;
  }
}

function codePoints(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // a high surrogate followed by a low one is a single code point
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
