/**
 * The build bundles puppeteer-core into the render chunks (scripts/bundle.mjs
 * puppeteerLean; issue 17, the first PDF from a cold process) without the parts of
 * @puppeteer/browsers that a PDF never reaches. Checks the built dist/bundle (npm run
 * build); skipped when there is none.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = path.join(import.meta.dirname, '..', '..', 'dist', 'bundle');
const chunks = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => ({ f, text: readFileSync(path.join(dir, f), 'utf8') })) : [];

describe.skipIf(chunks.length === 0)('the render bundle', () => {
  it('carries puppeteer-core itself and never loads it from node_modules', () => {
    expect(chunks.some((c) => c.text.includes('Target.setAutoAttach'))).toBe(true);
    const importers = chunks.filter((c) => /from\s*["']puppeteer-core["']|import\(\s*["']puppeteer-core["']\s*\)/.test(c.text)).map((c) => c.f);
    expect(importers).toEqual([]);
  });

  it("leaves out @puppeteer/browsers' downloader (proxy agents, QuickJS, yargs)", () => {
    const heavy = chunks.filter((c) => /proxy-agent|quickjs-emscripten|yargs-parser/.test(c.text)).map((c) => c.f);
    expect(heavy).toEqual([]);
  });
});
