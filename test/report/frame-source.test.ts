/**
 * frameSource (src/report/code-frame.ts, issue 17): what validate keeps of each file's
 * text, the lines its code frames show. The stylish report made from it is the report
 * made from the whole text, on every fixture that has diagnostics.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { frameSource } from '../../src/report/code-frame.js';
import { formatters } from '../../src/report/index.js';
import { RULES } from '../../src/rules/index.js';

const dir = path.resolve(import.meta.dirname, '..', 'fixtures', 'rules');

describe('frameSource', () => {
  it('keeps exactly what the code frames show', () => {
    let framed = 0;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      const result = check(readFileSync(path.join(dir, name)), name, { lang: 'en' }).result;
      const compact = { ...result, source: frameSource(result.source ?? '', result.diagnostics) };
      const ctx = { rules: RULES, lang: 'en' as const, toolVersion: '0', color: false };
      expect(formatters.stylish([compact], ctx), name).toBe(formatters.stylish([result], ctx));
      if (result.diagnostics.length > 0) {
        framed++;
        expect(compact.source!.length, name).toBeLessThan(result.source!.length);
      }
    }
    expect(framed).toBeGreaterThan(20);
  });

  it('empties every other line and keeps the line numbers', () => {
    const range = { line: 3, column: 1, endLine: 3, endColumn: 2 };
    expect(frameSource('a\r\nb\nc: 1\nd\n', [range])).toBe('\n\nc: 1');
    expect(frameSource('a\nb\n', [])).toBe('');
  });
});

describe('frameSource splits lines as /\\r?\\n/ does', () => {
  it('property: the same lines as the regex split, for any mix of CR and LF', async () => {
    const fc = (await import('fast-check')).default;
    const reference = (source: string, lines: number[]) => {
      if (lines.length === 0) return '';
      const last = Math.max(...lines);
      const all = source.split(/\r?\n/, last);
      const out = new Array<string>(all.length).fill('');
      for (const l of lines) if (l >= 1 && l <= all.length) out[l - 1] = all[l - 1]!;
      return out.join('\n');
    };
    const text = fc.array(fc.constantFrom('a', '中', '\r', '\n', '\r\n', ' ', '😀'), { maxLength: 40 }).map((xs) => xs.join(''));
    fc.assert(fc.property(text, fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 5 }), (source, lines) => {
      const ranges = lines.map((line) => ({ line, column: 1, endLine: line, endColumn: 2 }));
      expect(frameSource(source, ranges)).toBe(reference(source, lines));
    }), { numRuns: 3000 });
  });
});
