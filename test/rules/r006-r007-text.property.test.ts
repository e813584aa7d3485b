/**
 * R006 and R007 read every text of a file; their scans are hand-written (issue 17) and
 * pinned here to the definitions they replace: R007's `/(\p{Script=Han})\1{5,}/u` (the first
 * run of one CJK character six or more times, and its length in characters) and R006's
 * normalise-then-look-up (a text is skipped by its first character only when no
 * placeholder can come of it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInvisible, repeatedHan } from '../../src/rules/r007-garbled.js';
import { PLACEHOLDERS, isPlaceholder } from '../../src/rules/r006-placeholder.js';

const REPEATED_CJK = /(\p{Script=Han})\1{5,}/u;
const referenceRepeat = (text: string) => {
  const m = REPEATED_CJK.exec(text);
  return m ? { char: m[1]!, count: [...m[0]].length } : undefined;
};

const referencePlaceholder = (text: string) =>
  PLACEHOLDERS.has(text.trim().replace(/[。．.，,；;！!]+$/u, '').replace(/^[xX×]{2,}$/, 'xxx').replace(/^(…|\.{3})+$/, '……').toLowerCase());

const runs = fc.array(fc.tuple(fc.constantFrom('大', '𠀀', 'a', '。', '\ud800', '😀', '〇', '々', '字', ' '), fc.integer({ min: 1, max: 9 })), { maxLength: 8 })
  .map((xs) => xs.map(([c, n]) => c.repeat(n)).join(''));
const words = fc.array(fc.constantFrom(...PLACEHOLDERS, ' ', '\u3000', '。', '.', 'X', 'x', '×', 'N', 'TBD', 'İ', 'Σ', '待', '定', '…', '!', '开展'), { maxLength: 5 }).map((xs) => xs.join(''));

describe('R007: the repeated CJK character', () => {
  it('is the regex\'s first match, with its length in characters', () => {
    fc.assert(fc.property(fc.oneof(runs, fc.string({ unit: 'binary', maxLength: 30 })), (s) => {
      expect(repeatedHan(s)).toEqual(referenceRepeat(s));
    }), { numRuns: 5000 });
    expect(repeatedHan('大大大大大')).toBeUndefined();
    expect(repeatedHan('好大大大大大大大')).toEqual({ char: '大', count: 7 });
    expect(repeatedHan('𠀀𠀀𠀀𠀀𠀀𠀀')).toEqual({ char: '𠀀', count: 6 });
    expect(repeatedHan('aaaaaaa大大大大大大')).toEqual({ char: '大', count: 6 });
  });
});

describe('R006: placeholder text', () => {
  it('is the normalised text found among the placeholders', () => {
    fc.assert(fc.property(fc.oneof(words, fc.string({ unit: 'grapheme', maxLength: 8 })), (s) => {
      expect(isPlaceholder(s)).toBe(referencePlaceholder(s));
    }), { numRuns: 5000 });
    for (const p of PLACEHOLDERS) expect(isPlaceholder(` ${p.toUpperCase()}。`)).toBe(referencePlaceholder(` ${p.toUpperCase()}。`));
    expect(isPlaceholder('XXXX。')).toBe(true);
    expect(isPlaceholder('开展宣讲')).toBe(false);
  });
});

describe('R007: the first invisible character', () => {
  const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

  it('is the regex\'s first match, for every UTF-16 unit alone and between others', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const s = `字${String.fromCharCode(c)}a`;
      const want = INVISIBLE.exec(s)?.[0];
      if (firstInvisible(s) !== want) expect([c, firstInvisible(s)]).toEqual([c, want]);
    }
  });

  it('property: the first match in any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
      expect(firstInvisible(s)).toBe(INVISIBLE.exec(s)?.[0]);
    }), { numRuns: 5000 });
  });
});
