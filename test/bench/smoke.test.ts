import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runNodeSync } from '../helpers/spawn.js';

/**
 * The bench (issue 6) still runs: the generator makes valid, deterministic files, and
 * `npm run bench` on a tiny input (validate only, no browser) prints its table. No
 * timing is asserted: the figures live in bench/RESULTS.md.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'declare-bench-smoke-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function node(args: string[], env: Record<string, string> = {}) {
  const [script, ...rest] = args;
  return runNodeSync(script!, rest, { cwd: root, env, timeoutMs: 120_000 });
}

describe('bench', () => {
  it('generates the same valid declarations every time, seed-sized to 10×', () => {
    const a = path.join(work, 'a');
    const b = path.join(work, 'b');
    expect(node(['bench/generate.mjs', a, '20']).status).toBe(0);
    expect(node(['bench/generate.mjs', b, '20']).status).toBe(0);
    const names = readdirSync(a).sort();
    expect(names).toHaveLength(20);
    for (const n of names) expect(readFileSync(path.join(b, n), 'utf8')).toBe(readFileSync(path.join(a, n), 'utf8'));
    const big = path.join(work, 'big');
    expect(node(['bench/generate.mjs', big, '1', '--scale', '10']).status).toBe(0);
    const text = readFileSync(path.join(big, 'decl-0000.yaml'), 'utf8');
    expect(text.match(/^ {6}- name:/gm)?.length).toBeGreaterThanOrEqual(60);
    // 0 errors (warnings are fine): exit code 0.
    const checked = node(['bin/declare.js', 'validate', a, big, '--format', 'json']);
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
  });

  it('runs the validate comparison on a tiny input and writes the table', () => {
    const out = path.join(work, 'RESULTS.md');
    const res = node(['bench/run.mjs'], {
      BENCH_ONLY: 'validate',
      BENCH_RUNS: '1',
      BENCH_COLD_RUNS: '1',
      BENCH_VALIDATE_N: '3',
      BENCH_SPECTRAL_N: '0',
      BENCH_OUT: out,
    });
    expect(res.status, res.stderr).toBe(0);
    const written = readFileSync(out, 'utf8');
    expect(written).toContain('| Measurement | Median | Min–max | Ratio | Before (issue 17) | Target |');
    expect(written).toContain('`declare validate` 1 file, cold start');
    expect(written).toContain('ajv-cli');
    expect(res.stdout).toContain('Node v');
  });

  it('runs the validate curve on tiny counts and draws its SVG (issue 17)', () => {
    const out = path.join(work, 'RESULTS-curve.md');
    const svg = path.join(work, 'curve.svg');
    const res = node(['bench/run.mjs'], {
      BENCH_ONLY: 'curve',
      BENCH_RUNS: '1',
      BENCH_CURVE: '1,3',
      BENCH_OUT: out,
      BENCH_SVG: svg,
    });
    expect(res.status, res.stderr).toBe(0);
    const written = readFileSync(out, 'utf8');
    expect(written).toContain('curve: `declare validate` 3 files');
    expect(written).toContain('per-file cost, 3 files ÷ 1 files');
    expect(written).toContain('peak RSS, 3 files ÷ 1 files');
    const drawn = readFileSync(svg, 'utf8');
    expect(drawn).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(drawn.match(/<circle /g)?.length).toBeGreaterThanOrEqual(6); // wall, CPU, RSS at 2 counts (+ ajv-cli)
  });

  it('runs the cache and lsp sections on tiny counts and fills their rows of issue 17\'s table', () => {
    const out = path.join(work, 'RESULTS-cache-lsp.md');
    const res = node(['bench/run.mjs'], { BENCH_ONLY: 'cache,lsp', BENCH_RUNS: '1', BENCH_CACHE_N: '3', BENCH_LSP_N: '3', BENCH_OUT: out });
    expect(res.status, res.stderr).toBe(0);
    const written = readFileSync(out, 'utf8');
    expect(written).toContain("| Issue 17's row | before (the issue's figure) | now (this run) | target | |");
    expect(written).toContain('`declare validate --cache`, 3 unchanged files');
    expect(written).toMatch(/\| re-validating 1,000 unchanged files \(`--cache`\) ÷ one cold file \| the full cost again \| [0-9.]+× wall/);
    expect(written).toMatch(/\| LSP: diagnostics after a keystroke on Huadu, in-process median \| \(no LSP yet\) \| [0-9.]+ ms/);
    expect(written).toContain('over stdio: didChange → publishDiagnostics');
  });
});
