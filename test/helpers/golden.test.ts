import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectGolden } from './golden.js';

/** Golden tests never write their own golden file unless UPDATE_GOLDEN=1 says so. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'declare-golden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('expectGolden', () => {
  it('fails on a missing golden, says how to create it, and writes nothing', () => {
    const file = path.join(dir, 'sub', 'missing.txt');
    expect(() => expectGolden(file, 'x', false)).toThrow(/missing golden file .*UPDATE_GOLDEN=1/);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it('writes the golden only when asked, then compares', () => {
    const file = path.join(dir, 'sub', 'written.txt');
    expectGolden(file, 'abc\n', true);
    expect(readFileSync(file, 'utf8')).toBe('abc\n');
    expectGolden(file, 'abc\n', false);
    expect(() => expectGolden(file, 'abd\n', false)).toThrow();
  });
});
