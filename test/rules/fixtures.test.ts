import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';

/**
 * One harness for every rule fixture (STYLE.md habit 9): a fixture marks each expected
 * diagnostic with `# expect: ID[, ID]` on its line, or `# expect-at: LINE ID[, ID]` in a
 * header; the diagnostics must be exactly those, by line and rule.
 */
const dir = path.join(import.meta.dirname, '..', 'fixtures', 'rules');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

export function expectations(text: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const at = /#\s*expect-at:\s*(\d+)\s+([A-Z0-9,\s]+)$/.exec(line);
    if (at) {
      for (const id of at[2]!.split(/[,\s]+/).filter(Boolean)) out.push(`${at[1]} ${id}`);
      return;
    }
    const m = /#\s*expect:\s*([A-Z0-9,\s]+)$/.exec(line);
    if (m) for (const id of m[1]!.split(/[,\s]+/).filter(Boolean)) out.push(`${i + 1} ${id}`);
  });
  return out.sort();
}

describe('rule fixtures', () => {
  it('has fixtures', () => {
    expect(files.length).toBeGreaterThan(20);
  });
  for (const file of files) {
    it(file, () => {
      const bytes = readFileSync(path.join(dir, file));
      const { result } = check(bytes, file);
      // Suppressed diagnostics are reported as such (issue 10), not expected as problems.
      const got = result.diagnostics.filter((d) => !d.suppression).map((d) => `${d.line} ${d.rule}`).sort();
      expect(got).toEqual(expectations(bytes.toString('utf8')));
    });
  }
});
