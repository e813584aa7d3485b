/**
 * The V8 code cache of `declare validate` (src/cli/code-cache.ts, issue 17): no cache
 * directory, a corrupt cache file and a read-only directory all give the same output.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runNode } from '../helpers/spawn.js';

const EXAMPLE = path.resolve(import.meta.dirname, '..', '..', 'examples', 'huadu-propaganda-2023.yaml');
const run = (xdg: string) => runNode(BIN, ['validate', EXAMPLE], { env: { XDG_CACHE_HOME: xdg } });

describe('validate code cache', () => {
  it('works without a cache directory, writes one, and gives the same output from it', async () => {
    const xdg = path.join(mkdtempSync(path.join(tmpdir(), 'declare-cc-')), 'absent');
    const first = await run(xdg);
    const files = readdirSync(path.join(xdg, 'declare'));
    expect(files).toHaveLength(1);
    const second = await run(xdg);
    expect(second.stdout).toBe(first.stdout);
    expect(second.status).toBe(first.status);
    expect(first.stdout).toContain('M004');
  }, 30_000);

  it('a corrupt cache file: same output, the file is rewritten', async () => {
    const xdg = mkdtempSync(path.join(tmpdir(), 'declare-cc-'));
    const good = await run(xdg);
    const [name] = readdirSync(path.join(xdg, 'declare'));
    const file = path.join(xdg, 'declare', name!);
    writeFileSync(file, 'not a code cache');
    const again = await run(xdg);
    expect(again.stdout).toBe(good.stdout);
    expect(again.stderr).toBe(good.stderr);
    expect(readFileSync(file).length).toBeGreaterThan(1000);
  }, 30_000);

  it('a read-only cache directory (or a file in its place) still works', async () => {
    const xdg = mkdtempSync(path.join(tmpdir(), 'declare-cc-'));
    mkdirSync(path.join(xdg, 'declare'));
    chmodSync(path.join(xdg, 'declare'), 0o500);
    const r = await run(xdg);
    chmodSync(path.join(xdg, 'declare'), 0o700);
    expect(r.stdout).toContain('M004');
    expect(r.status).toBe(0);
    // root ignores the mode: a file where the directory belongs cannot be written by anyone
    const blocked = mkdtempSync(path.join(tmpdir(), 'declare-cc-'));
    writeFileSync(path.join(blocked, 'declare'), '');
    const b = await run(blocked);
    expect(b.stdout).toBe(r.stdout);
    expect(b.status).toBe(0);
    expect(b.stderr).toBe('');
  }, 30_000);
});
