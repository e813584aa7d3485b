/**
 * R015 compares a task's two texts by their letters and character bigrams
 * (src/rules/r015-expected-repeats-content.ts). Both are computed by hand-written loops
 * (issue 17: a Unicode-property replace and array spreads were 4% of validate's CPU);
 * these properties pin them to the definitions they replace: the regex replace and the
 * bigrams of `[...s]` (code points, a lone surrogate counted as one).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { R015, letters, similarity } from '../../src/rules/r015-expected-repeats-content.js';
import { DEFAULT_RULE_OPTIONS } from '../../src/rules/rule.js';
import type { PartialDeclaration } from '../../src/model/declaration.js';

const reference = {
  letters: (text: string) => text.replace(/[\p{P}\p{S}\p{Z}\s]/gu, ''),
  similarity(a: string, b: string): number {
    const bigrams = (s: string) => {
      const chars = [...s];
      const out = new Map<string, number>();
      for (let i = 0; i + 1 < chars.length; i++) out.set(chars[i]! + chars[i + 1]!, (out.get(chars[i]! + chars[i + 1]!) ?? 0) + 1);
      return out;
    };
    const x = bigrams(a);
    const y = bigrams(b);
    let total = 0;
    let shared = 0;
    for (const n of x.values()) total += n;
    for (const [k, n] of y) {
      total += n;
      shared += Math.min(n, x.get(k) ?? 0);
    }
    return total === 0 ? (a === b ? 1 : 0) : (2 * shared) / total;
  },
};

/** Texts of the kinds a declaration has, plus any UTF-16 (lone surrogates included). */
const pieces = ['开展', '宣讲', '活动', '，', '。', '、', '（', '）', ' ', '\u3000', '\u00a0', '\t', '\n', '50', '场', '%', '￥', '+', '😀', '𠀀', '\ud800', '\udc00', 'a', '—', '…'];
const text = fc.oneof(
  fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((xs) => xs.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

describe('R015: letters and similarity', () => {
  it('letters() is the replace of spaces, punctuation and symbols', () => {
    fc.assert(fc.property(text, (s) => {
      expect(letters(s)).toBe(reference.letters(s));
    }), { numRuns: 3000 });
  });

  it('every code point alone and between letters', () => {
    for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x30000 ? 1 : 97) {
      const s = `字${String.fromCodePoint(cp)}字`;
      if (letters(s) !== reference.letters(s)) expect(letters(s)).toBe(reference.letters(s));
    }
  });

  it('similarity() is the Dice coefficient of the code-point bigrams', () => {
    fc.assert(fc.property(text, text, (a, b) => {
      expect(similarity(a, b)).toBe(reference.similarity(a, b));
    }), { numRuns: 3000 });
    expect(similarity('😀😀a', '😀😀a')).toBe(1);
    expect(similarity('ab', 'cd')).toBe(0);
  });

  it('the rule flags what the definitions say, a pasted copy included', () => {
    /** R015 as first written: letters compared, then length and bigrams. */
    const expectedFinding = (content: string, expected: string) => {
      const a = reference.letters(content);
      const b = reference.letters(expected);
      if (a === '' || b === '') return [];
      if (a === b) return ['identical'];
      const [short, long] = a.length <= b.length ? [a, b] : [b, a];
      return [...short].length / [...long].length >= 0.9 && reference.similarity(a, b) >= 0.9 ? ['nearly'] : [];
    };
    const pair = fc.oneof(fc.tuple(text, text), text.map((t) => [t, t] as [string, string]), text.map((t) => [t, `${t}。`] as [string, string]));
    fc.assert(fc.property(pair, ([content, expected]) => {
      const decl = { tasks: [{ name: '任务', content, expected }] } as unknown as PartialDeclaration;
      const found = R015.check({ decl, complete: new Set(), schemaFindings: [], options: DEFAULT_RULE_OPTIONS });
      expect(found.map((f) => f.args.same)).toEqual(expectedFinding(content, expected));
    }), { numRuns: 3000 });
  });
});
