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
