import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageTexts, root, testBrowser } from './pdf-helpers.js';
import { runNode } from '../helpers/spawn.js';

/**
 * `declare render` through the real binary (bin/declare.js → dist/, built by pretest).
 * Every run gets its own TMPDIR, so that leftovers (browser profiles, temporary files)
 * can be seen.
 */
const bin = path.join(root, 'bin', 'declare.js'); // = BIN of test/helpers/spawn.ts
const example = path.join(root, 'examples', 'huadu-propaganda-2023.yaml');
const broken = path.join(root, 'test', 'fixtures', 'render', 'huadu-m001.yaml');
const choice = await testBrowser();

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let work: string;

async function run(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; onStart?: (child: ChildProcess) => void } = {}): Promise<Run> {
  // Never leave a hung child behind a timed-out test (timeoutMs).
  const r = await runNode(bin, args, {
    cwd: opts.cwd ?? work,
    env: { TMPDIR: path.join(work, 'tmp'), FORCE_COLOR: '0', NO_COLOR: '1', ...opts.env },
    stdin: 'ignore',
    timeoutMs: 50_000,
    onStart: opts.onStart,
  });
  return { code: r.status, signal: r.signal ?? null, stdout: r.stdout, stderr: r.stderr };
}

/** Files left in a directory tree whose name says they are temporary. */
function leftovers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => /\.tmp$|^declare-chrome-|^puppeteer_dev/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Live processes whose command line mentions `needle` (the per-test TMPDIR). */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const state = /^State:\s+(\w)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (cmd.includes(needle) && state !== 'Z') found.push(`${pid} ${cmd.replace(/\0/g, ' ').slice(0, 120)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'declare-render-cli-'));
  mkdirSync(path.join(work, 'tmp'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('declare render (no browser needed)', () => {
  it('refuses a file with errors: diagnostics, exit 1, nothing written', async () => {
    const out = path.join(work, 'refused');
    const r = await run(['render', broken, '--pdf', '--html', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('M001');
    expect(r.stderr).toContain('--force');
    expect(readdirSync(out)).toEqual([]);
  });

  it('--html needs no browser and writes beside the input by default', async () => {
    const dir = path.join(work, 'beside');
    mkdirSync(dir);
    copyFileSync(example, path.join(dir, 'x.yaml'));
    const r = await run(['render', 'beside/x.yaml'], { env: { DECLARE_CHROME: '/nonexistent/chrome', PUPPETEER_EXECUTABLE_PATH: '/nonexistent' } });
    expect(r.stderr).not.toContain('chrome');
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['x.html', 'x.yaml']);
    const html = readFileSync(path.join(dir, 'x.html'), 'utf8');
    expect(html).toMatch(/<td class="amount"[^>]*><p class="item"><span class="t">1,499\.73<\/span><\/p><\/td>/);
    // Self-contained: the fonts inside, as subset data: URLs, none fetched from anywhere.
    expect(html).toContain('src:url(data:font/woff;base64,');
    expect(html).not.toContain('declare.invalid');
  });

  it('names outputs after the input base name inside --out, even for ../../x.yaml', async () => {
    const deep = path.join(work, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    copyFileSync(example, path.join(work, 'x.yaml'));
    const r = await run(['render', '../../x.yaml', '--html', '--out', 'out'], { cwd: deep });
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(deep, 'out'))).toEqual(['x.html']);
  });

  it.each([
    ['under a regular file', () => path.join(work, 'plain.txt', 'sub')],
    ['in /proc', () => '/proc/declare-cannot-write-here'],
  ])('exits 2 naming an output directory that cannot be written (%s)', async (_, dir) => {
    writeFileSync(path.join(work, 'plain.txt'), 'x');
    const target = dir();
    const r = await run(['render', example, '--html', '--out', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(target);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
  });

  it('exits 2 with a how-to when the named browser does not exist', async () => {
    const r = await run(['render', example, '--pdf', '-o', path.join(work, 'nobrowser')], { env: { DECLARE_CHROME: '/nonexistent/chrome' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DECLARE_CHROME');
    expect(r.stderr).toContain('/nonexistent/chrome');
  });

  it('--force lays out even a file that is not YAML at all, marked and with exit 1', async () => {
    const dir = path.join(work, 'syntax');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'bad.yaml'), 'year: [2023\ndepartment: x\n');
    const r = await run(['render', 'syntax/bad.yaml', '--force', '--html']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Y001');
    const html = readFileSync(path.join(dir, 'bad.html'), 'utf8');
    expect(html).toContain('class="unchecked-mark"');
    expect(html).toContain('>部门名称<');
  });

  it('speaks English with --lang en', async () => {
    const r = await run(['render', broken, '--lang', 'en', '-o', path.join(work, 'en')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not rendered');
  });
});

describe.skipIf(choice === undefined)('declare render --pdf', () => {
  it('--force renders a file with errors, 「未通过校验」 on every page, exit 1', async () => {
    const out = path.join(work, 'forced');
    const r = await run(['render', broken, '--pdf', '--html', '--force', '-o', out]);
    expect(r.code).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['huadu-m001.html', 'huadu-m001.pdf']);
    const texts = await pageTexts(readFileSync(path.join(out, 'huadu-m001.pdf')));
    expect(texts.length).toBeGreaterThan(1);
    texts.forEach((t, i) => expect(t, `page ${i + 1}`).toContain('未通过校验'));
    expect(readFileSync(path.join(out, 'huadu-m001.html'), 'utf8')).toContain('class="unchecked-mark"');
    expect(leftovers(work)).toEqual([]);
  });

  it('renders a batch with one browser; SOURCE_DATE_EPOCH gives the same bytes run after run', async () => {
    const src = path.join(work, 'batch');
    mkdirSync(src);
    for (const n of ['a', 'b', 'c']) copyFileSync(example, path.join(src, `${n}.yaml`));
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    const r1 = await run(['render', src, '--pdf', '--concurrency', '2', '-o', path.join(work, 'batch-1')], { env });
    const r2 = await run(['render', path.join(src, 'b.yaml'), '--pdf', '-o', path.join(work, 'batch-2')], { env });
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    expect(readdirSync(path.join(work, 'batch-1')).sort()).toEqual(['a.pdf', 'b.pdf', 'c.pdf']);
    const a = readFileSync(path.join(work, 'batch-1', 'a.pdf'));
    const c = readFileSync(path.join(work, 'batch-1', 'c.pdf'));
    const b2 = readFileSync(path.join(work, 'batch-2', 'b.pdf'));
    expect(a.equals(c)).toBe(true);
    expect(a.equals(b2)).toBe(true);
    expect(a.toString('latin1')).toContain("/CreationDate (D:20231114221320+00'00')");
    expect(leftovers(work)).toEqual([]);
    expect(readdirSync(path.join(work, 'tmp'))).toEqual([]); // no profile, no Chromium temp file
  });

  it('SIGINT closes the browser and leaves no Chromium process and no partial file', async () => {
    const src = path.join(work, 'many');
    mkdirSync(src);
    for (let i = 0; i < 12; i++) copyFileSync(example, path.join(src, `f${String(i).padStart(2, '0')}.yaml`));
    const tmp = path.join(work, 'tmp-sigint');
    mkdirSync(tmp);
    const out = path.join(work, 'many-out');
    const r = await run(['render', src, '--pdf', '--concurrency', '2', '-o', out], {
      env: { TMPDIR: tmp },
      onStart: (child) => {
        // Interrupt once the first PDF is out: the browser is up and others are in flight.
        child.stdout!.once('data', () => child.kill('SIGINT'));
      },
    });
    expect(r.signal).toBe('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(processesMentioning(tmp)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
    expect(leftovers(out)).toEqual([]);
    expect(readdirSync(out).length).toBeLessThan(12);
    for (const f of readdirSync(out)) expect(readFileSync(path.join(out, f)).subarray(-6).toString()).toContain('%%EOF');
  });
});
