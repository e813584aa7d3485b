import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runNode } from '../helpers/spawn.js';
import { root, testBrowser } from './pdf-helpers.js';

/**
 * `render --pdf` starts the browser while it checks the inputs (src/cli/render.ts
 * startEarly). When no file is left to print, that browser is closed again: no profile,
 * no process, and nothing said about a browser the user never needed.
 */
const choice = await testBrowser();
const withErrors = path.join(root, 'test', 'fixtures', 'rules', 'm001-off-by-one-cent.yaml');
const work = mkdtempSync(path.join(os.tmpdir(), 'declare-early-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(choice === undefined)('the browser started early', () => {
  it('is closed, its profile removed, when every file is refused', async () => {
    const tmp = mkdtempSync(path.join(work, 'tmp-'));
    const out = path.join(work, 'out-refused');
    const run = await runNode(BIN, ['render', withErrors, '--pdf', '--lang', 'en', '-o', out], { env: { TMPDIR: tmp }, timeoutMs: 90_000 });
    expect(run.status).toBe(1);
    expect(readdirSync(tmp).filter((n) => n.startsWith('declare-chrome-'))).toEqual([]);
    expect(readdirSync(out)).toEqual([]);
    expect(run.stderr).not.toMatch(/browser|Chromium/i);
  });

  it('a --chrome that cannot run is not reported when no PDF is to be printed', async () => {
    const run = await runNode(BIN, ['render', withErrors, '--pdf', '--lang', 'en', '--chrome', path.join(work, 'no-such-browser'), '-o', path.join(work, 'out-bad')], { timeoutMs: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).not.toContain('no-such-browser');
  });

  it('a --chrome that cannot run is still reported when a PDF is to be printed', async () => {
    const ok = path.join(root, 'examples', 'huadu-propaganda-2023.yaml');
    const run = await runNode(BIN, ['render', ok, '--pdf', '--lang', 'en', '--chrome', path.join(work, 'no-such-browser'), '-o', path.join(work, 'out-bad2')], { timeoutMs: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no-such-browser');
  });
});
