/**
 * Golden output of every format on one fixture set (fixture.ts). After an intended change:
 * `UPDATE_GOLDEN=1 npx vitest run test/report` and review the diff of test/fixtures/report/.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatters, type OutputFormat, type ReportContext } from '../../src/report/index.js';
import { RESULTS, context } from './fixture.js';
import { expectGolden } from '../helpers/golden.js';

function golden(name: string, actual: string): void {
  expectGolden(fileURLToPath(new URL(`../fixtures/report/${name}`, import.meta.url)), actual);
}

const CASES: [string, OutputFormat, Partial<ReportContext>][] = [
  ['golden.stylish.txt', 'stylish', {}],
  ['golden.stylish.en.txt', 'stylish', { lang: 'en' }],
  ['golden.stylish.color.txt', 'stylish', { color: true }],
  ['golden.json', 'json', {}],
  ['golden.sarif', 'sarif', {}],
  ['golden.sarif.en', 'sarif', { lang: 'en' }],
  ['golden.junit.xml', 'junit', {}],
  ['golden.github.txt', 'github', {}],
];

describe('golden output', () => {
  for (const [name, format, ctx] of CASES) {
    it(`${format} ${JSON.stringify(ctx)} → ${name}`, () => {
      const out = formatters[format](RESULTS, context(ctx));
      golden(name, out);
      // Same input, same bytes.
      expect(formatters[format](RESULTS, context(ctx))).toBe(out);
    });
  }
});
