/** Code frames: carets line up on a terminal (display cells, not code points). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_WIDTH, SourceLines, TAB_WIDTH, layoutLine } from '../../src/report/code-frame.js';
import { formatters } from '../../src/report/index.js';
import { displayWidth } from '../../src/report/width.js';
import type { FileResult } from '../../src/diagnostic.js';
import { context } from './fixture.js';

const cps = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0)!);

/** The text shown from display cell `cell` on (a cell boundary of `text`). */
function fromCell(text: string, cell: number): string {
  let w = 0;
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    if (w === cell) return chars.slice(i).join('');
    w += displayWidth(chars[i]!);
  }
  if (w === cell) return '';
  throw new Error(`cell ${cell} is inside a wide character of ${JSON.stringify(text)}`);
}

function frame(source: string, line: number, column: number, endLine: number, endColumn: number) {
  return new SourceLines(source).frame({ line, column, endLine, endColumn });
}

describe('caret alignment', () => {
  it('starts at 2 × (CJK before) + (ASCII before)', () => {
    // department: 广州市|花都区|委宣传部 → 12 ASCII + 3 CJK before the range.
    const f = frame('version: 1\ndepartment: 广州市花都区委宣传部\n', 2, 16, 2, 19)!;
    expect(f.caretStart).toBe(2 * 3 + 12);
    expect(f.caretWidth).toBe(2 * 3);
    expect(fromCell(f.text, f.caretStart).startsWith('花都区')).toBe(true);
  });

  it('fullwidth punctuation and digits are 2 cells, ambiguous ones 1', () => {
    const f = layoutLine(cps('（１２）“a”x'), 7, 8);
    expect(f.caretStart).toBe(4 * 2 + 3);
    expect(fromCell(f.text, f.caretStart)).toBe('x');
  });

  it('property: the caret starts under the first character of the range', () => {
    const ch = fc.constantFrom('a', ' ', '中', '文', 'ａ', '％', 'é', '😀', '-');
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 60 }), fc.nat(), fc.nat(5), (chars, a, len) => {
        const line = chars.join('');
        const start = chars.length === 0 ? 0 : a % (chars.length + 1);
        const end = Math.min(chars.length, start + len);
        const f = layoutLine(cps(line), start, end);
        const expectedStart = displayWidth(chars.slice(0, start).join(''));
        expect(f.caretStart).toBe(expectedStart);
        expect(f.caretWidth).toBe(Math.max(1, displayWidth(chars.slice(start, end).join(''))));
        expect(f.text).toBe(line);
      }),
    );
  });

  it('tabs expand to the next tab stop', () => {
    const f = layoutLine(cps('a\tb'), 2, 3);
    expect(f.text).toBe('a' + ' '.repeat(TAB_WIDTH - 1) + 'b');
    expect(f.caretStart).toBe(TAB_WIDTH);
    const g = layoutLine(cps('中\t\tx'), 3, 4);
    expect(g.caretStart).toBe(2 * TAB_WIDTH);
  });

  it('control characters are shown, not obeyed, and keep their cell', () => {
    const f = layoutLine(cps('a\u001b[31mb\u202Ec'), 7, 8);
    expect(f.text).not.toMatch(/[\u001b\u202E]/);
    // shown as visible escapes (escape.ts), the carets still under the range
    expect(f.text).toBe('a\\x1b[31mb\\u202ec');
    expect(fromCell(f.text, f.caretStart)).toBe('\\u202ec');
  });

  it('a range at the end of the line puts one caret after the last character', () => {
    const f = frame('name: 中文\n', 1, 9, 1, 9)!;
    expect(f.caretStart).toBe(6 + 4);
    expect(f.caretWidth).toBe(1);
  });

  it('a range over several lines is marked to the end of its first line', () => {
    const f = frame('budget:\n  income:   \n    a: 1\n', 2, 3, 3, 9)!;
    expect(f.text).toBe('  income:   ');
    expect([f.caretStart, f.caretWidth]).toEqual([2, 7]);
  });

  it('CRLF sources, lines past the end', () => {
    expect(frame('a: 1\r\nb: 中\r\n', 2, 4, 2, 5)).toMatchObject({ text: 'b: 中', caretStart: 3, caretWidth: 2 });
    expect(frame('a: 1\n', 9, 1, 9, 2)).toBeUndefined();
  });
});

describe('long lines', () => {
  it('a 1 MB line is cut to a window around the range, carets still aligned', () => {
    const line = 'x'.repeat(500_000) + '错误' + '中'.repeat(250_000);
    const t0 = performance.now();
    const f = layoutLine(cps(line), 500_000, 500_002);
    // a loose hang guard (the quadratic walk this replaced took minutes), not a performance assertion
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(displayWidth(f.text)).toBeLessThanOrEqual(MAX_WIDTH);
    expect(f.text.startsWith('...')).toBe(true);
    expect(f.text.endsWith('...')).toBe(true);
    expect(fromCell(f.text, f.caretStart).startsWith('错误')).toBe(true);
    expect(f.caretWidth).toBe(4);
  });

  it('near the end of a long line the window fills with context before it', () => {
    const line = '中'.repeat(1000) + 'end';
    const f = layoutLine(cps(line), 1000, 1003);
    expect(f.text.startsWith('...')).toBe(true);
    expect(f.text.endsWith('end')).toBe(true);
    expect(displayWidth(f.text)).toBeGreaterThan(MAX_WIDTH - 8);
    expect(fromCell(f.text, f.caretStart)).toBe('end');
  });

  it('a line that fits is never cut', () => {
    const line = '中'.repeat(MAX_WIDTH / 2);
    expect(layoutLine(cps(line), 0, 1).text).toBe(line);
    expect(layoutLine(cps(line + 'x'), 0, 1).text).toContain('...');
  });

  it('stylish stays fast with many diagnostics on one huge line', () => {
    const line = 'a'.repeat(1_000_000);
    const result: FileResult = {
      file: 'big.yaml',
      source: line,
      rulesChecked: ['R007'],
      diagnostics: Array.from({ length: 200 }, (_, i) => ({
        rule: 'R007',
        severity: 'warning' as const,
        message: 'm',
        path: [],
        line: 1,
        column: 1 + i * 5000,
        endLine: 1,
        endColumn: 2 + i * 5000,
      })),
    };
    const t0 = performance.now();
    const out = formatters.stylish([result], context());
    // a loose hang guard (a frame per diagnostic over the whole line took minutes), not a performance assertion
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(out.length).toBeLessThan(200 * 400);
  });
});

describe('per-character table (issue 17)', () => {
  it('every BMP code point shows as glyphOf or its escape says, alone and between others', async () => {
    const { glyphOf } = await import('../../src/report/width.js');
    const { escapeChar, isUnsafeCodePoint } = await import('../../src/report/escape.js');
    // Asked twice: the first answer fills the table, the second reads it.
    for (const pass of [1, 2]) {
      for (let cp = 0; cp <= 0xffff; cp++) {
        if (cp === 9) continue;
        const ch = String.fromCharCode(cp);
        const g = isUnsafeCodePoint(cp) ? { text: escapeChar(ch), width: escapeChar(ch).length } : glyphOf(cp);
        const f = layoutLine([0x61, cp, 0x62], 1, 2);
        if (f.text !== `a${g.text}b` || f.caretStart !== 1 || f.caretWidth !== Math.max(1, g.width)) {
          throw new Error(`pass ${pass}, U+${cp.toString(16)}: ${JSON.stringify(f)} vs ${JSON.stringify(g)}`);
        }
      }
    }
  });
});

describe('frames of long lines from a prefix of the line (issue 17)', () => {
  it('property: SourceLines.frame is layoutLine over the whole line', () => {
    // Zero-width characters make a prefix of code points shorter than MAX_WIDTH cells.
    const ch = fc.constantFrom('a', ' ', '中', '\u0301', '\u200b', '\t', '😀', '\u202e', '\u0007');
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 600 }), fc.nat(), fc.nat(40), fc.constantFrom(1, 3), (chars, a, len, lineNo) => {
        const line = chars.join('');
        const text = lineNo === 1 ? `${line}\nz: 3` : `x: 1\n\n${line}\ny: 2`;
        const target = lineNo;
        const start = chars.length === 0 ? 0 : a % (chars.length + 1);
        const end = Math.min(chars.length, start + len);
        const lines = new SourceLines(text);
        const f = lines.frame({ line: target, column: start + 1, endLine: target, endColumn: end + 1 });
        expect(f).toEqual(layoutLine(cps(line), start, end));
      }),
      { numRuns: 500 },
    );
  });

  it('two ranges on one long line, the second far along it', () => {
    const line = '中'.repeat(150) + '\u200b'.repeat(300) + 'abc' + 'x'.repeat(200);
    const lines = new SourceLines(`${line}\n`);
    const near = lines.frame({ line: 1, column: 3, endLine: 1, endColumn: 5 });
    const far = lines.frame({ line: 1, column: 452, endLine: 1, endColumn: 455 });
    expect(near).toEqual(layoutLine(cps(line), 2, 4));
    expect(far).toEqual(layoutLine(cps(line), 451, 454));
    expect(far!.text).toContain('abc');
  });
});
