/**
 * escape.ts isTerminalSafe: the bytes validate --cache prints from a stored block. It must
 * refuse exactly what escapeText escapes (UNSAFE) but the line feed, code point by code
 * point, plus anything that is not UTF-8; an ESC only as one of the report's colour codes,
 * and only when the block has colour.
 */
import { describe, expect, it } from 'vitest';
import { escapeText, isTerminalSafe } from '../../src/report/escape.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('isTerminalSafe', () => {
  it('agrees with escapeText on every code point, alone and between other text', () => {
    const disagree: string[] = [];
    // the safe code points a thousand at a time (each then sits between others), the unsafe ones one by one
    let chunk: string[] = [];
    const flush = () => {
      if (chunk.length === 0) return;
      const s = chunk.join('');
      if (!isTerminalSafe(bytes(s), false) || !isTerminalSafe(bytes(s), true)) {
        for (const ch of chunk) if (!isTerminalSafe(bytes(`好${ch}a`), false)) disagree.push(`safe ${ch.codePointAt(0)!.toString(16)}`);
      }
      chunk = [];
    };
    let unsafe = 0;
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue; // not encodable in UTF-8 (below)
      if (cp === 0x0a || cp === 0x1b) continue; // the line feed and ESC: below
      const ch = String.fromCodePoint(cp);
      if (escapeText(ch) === ch) {
        chunk.push(ch);
        if (chunk.length === 1000) flush();
        continue;
      }
      unsafe++;
      for (const s of [ch, `好${ch}a`, `a${ch}“`]) if (isTerminalSafe(bytes(s), false) || isTerminalSafe(bytes(s), true)) disagree.push(`unsafe ${cp.toString(16)}`);
    }
    flush();
    expect(disagree).toEqual([]);
    expect(unsafe).toBeGreaterThan(60); // C0, DEL, C1, the bidi controls, U+2028/2029
  });

  it('takes line feeds; refuses what is not UTF-8 (lone surrogates, cut characters, overlong forms)', () => {
    expect(isTerminalSafe(bytes('a\nb\n'), false)).toBe(true);
    expect(isTerminalSafe(bytes(''), false)).toBe(true);
    for (const raw of [[0xed, 0xa0, 0x80], [0xe5, 0xa5], [0xa5, 0xbd], [0xc0, 0x8a], [0xc1, 0x9b], [0xff], [0x9b]]) {
      expect(isTerminalSafe(Buffer.from([0x61, ...raw, 0x0a]), true), raw.join(',')).toBe(false);
    }
  });

  it('an ESC: never without colour; with colour only the report\'s own SGR codes', () => {
    for (const code of ['1', '2', '4', '22', '24', '31', '32', '33', '39']) {
      expect(isTerminalSafe(bytes(`a\x1b[${code}mb\x1b[39m\n`), true), code).toBe(true);
      expect(isTerminalSafe(bytes(`a\x1b[${code}mb\n`), false), code).toBe(false);
    }
    for (const seq of ['\x1b[8m', '\x1b[2J', '\x1b[31;1m', '\x1b]0;title\x07', '\x1b]8;;http://x\x1b\\', '\x1b[3', '\x1b[', '\x1b', '\x1bc', '\x1b[1000m', '\x1b[38;5;1m']) {
      expect(isTerminalSafe(bytes(`a${seq}b\n`), true), JSON.stringify(seq)).toBe(false);
      expect(isTerminalSafe(bytes(`a${seq}`), true), JSON.stringify(seq)).toBe(false);
    }
  });
});
