/**
 * The strict schema parses a valid file without zod (src/model/schema.ts `fastParse`,
 * issue 17). That shortcut must never change a result: for every YAML file of the
 * examples and the test fixtures, and for hand-made variants, `safeParse` gives exactly
 * what the zod schema's own safeParse gives (success, the value with its keys in order,
 * undefined values and amounts included, or the same issues).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/load/load.js';
import { chooseForm } from '../../src/forms/index.js';
import { precisionOf, strictSchemaOf } from '../../src/model/schema.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

/** A value as text that keeps what toEqual may not: key order, undefined values, Decimal. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x === undefined) return '\u0000undefined';
    if (Decimal.isDecimal(x)) return `\u0000decimal ${(x as Decimal).toString()}`;
    return x;
  });
}

/** The shortcut's safeParse against zod's, on one loaded tree. */
function compare(value: unknown) {
  const choice = chooseForm(value);
  if (!choice.ok) return undefined;
  const strict = strictSchemaOf(choice.form, precisionOf(value));
  const mine = strict.safeParse(value);
  const zods = strict.zod().safeParse(value);
  expect(mine.success).toBe(zods.success);
  if (mine.success && zods.success) expect(canonical(mine.data)).toBe(canonical(zods.data));
  else expect(canonical(mine.error?.issues)).toBe(canonical(zods.error?.issues));
  return mine.success;
}

const files = [...yamlFiles(path.join(ROOT, 'examples')), ...yamlFiles(path.join(ROOT, 'test'))].sort();

describe('strict schema without zod for a valid file', () => {
  it('gives zod\'s result for every example and fixture', () => {
    let valid = 0;
    let invalid = 0;
    for (const file of files) {
      const loaded = load(readFileSync(file));
      if (loaded.problem || loaded.value === undefined) continue;
      const ok = compare(loaded.value);
      if (ok === true) valid++;
      else if (ok === false) invalid++;
    }
    // both paths are exercised, many times
    expect(valid).toBeGreaterThan(20);
    expect(invalid).toBeGreaterThan(20);
  });

  it('gives zod\'s result for variants of a valid file: absent, null, unknown and empty keys', () => {
    const base = readFileSync(path.join(ROOT, 'examples', 'huadu-propaganda-2023.yaml'), 'utf8');
    expect(compare(load(base).value)).toBe(true);
    const variants = [
      base.replace(/^other_tasks:.*$/m, 'other_tasks:'), // a list key with nothing after it
      base.replace(/^precision:.*$/m, ''), // an absent optional key
      `${base}\nextra_key: 1\n`, // an unknown key
      base.replace(/^(\s+)funds: .*$/m, '$1funds:'), // a blank task amount
      base.replace(/^(\s+)funds: .*$/m, '$1funds: 12.345678'), // an amount with too many decimals
      base.replace(/^  产出指标:$/m, '  产出指标: {}\n  x产出指标:'), // an empty 一级指标
      base.replace(/^version: .*$/m, 'version:'), // a null version
      base.replace(/^year: .*$/m, 'year: 1999'), // a leaf's own issue
    ];
    const results = variants.map((text) => compare(load(text).value));
    expect(results).toContain(true);
    expect(results).toContain(false);
  });
});
