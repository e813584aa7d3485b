/**
 * A browser planted by another user (issue 10.1) and the first-use progress lines
 * (issue 10.22), through the real binary. HOME cannot be written (it is under /proc), so
 * `render --pdf` takes the bundled Chromium from $TMPDIR/declare-cache-<uid>, where a
 * fake "chromium" is planted: a shell script that would leave a file behind if it ever
 * ran. Whatever is wrong with the plant (another owner, mode 0777, content changed after
 * its manifest was written), it must never run, and a PDF must still be produced from a
 * freshly extracted copy. Each case extracts 200 MB, so the cases are few and serial.
 */
import { chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledPackage, bundledSupported, recordManifest, verifyBundled } from '../../src/render/bundled-chromium.js';
import { BIN, runNode } from '../helpers/spawn.js';

const pkg = bundledSupported() ? bundledPackage() : undefined;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
/** Another uid to give planted files to (nobody). */
const OTHER = 65534;
const root = path.resolve(import.meta.dirname, '..', '..');
const example = path.join(root, 'examples', readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.yaml')).sort()[0]!);

let work = '';
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'declare-planted-'));
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A fresh case directory: TMPDIR, an output directory and the file the plant would write. */
function scene(name: string): { tmp: string; out: string; ran: string } {
  const dir = path.join(work, name);
  mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  return { tmp: path.join(dir, 'tmp'), out: path.join(dir, 'out'), ran: path.join(dir, 'PLANTED-BROWSER-RAN') };
}

/** A fake browser copy at `dir`: a chromium script that records that it ran, and a lib. */
function plant(dir: string, ran: string): void {
  mkdirSync(path.join(dir, 'lib'), { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  writeFileSync(path.join(dir, 'chromium'), `#!/bin/sh\necho "$@" >> '${ran}'\nexit 1\n`, { mode: 0o755 });
  writeFileSync(path.join(dir, 'lib', 'libnss3.so'), 'not a library\n', { mode: 0o644 });
  writeFileSync(path.join(dir, 'fonts.conf'), '<fontconfig/>\n', { mode: 0o644 });
}

function chownTree(dir: string, uid: number): void {
  chownSync(dir, uid, uid);
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) chownSync(path.join(e.parentPath, e.name), uid, uid);
}

/** `declare render <example> --pdf` with HOME unwritable and TMPDIR = `tmp`. */
function render(s: { tmp: string; out: string }) {
  return runNode(BIN, ['render', example, '--pdf', '-o', s.out], {
    env: { HOME: '/proc/declare-no-home', XDG_CACHE_HOME: '/proc/declare-no-home/.cache', TMPDIR: s.tmp, SOURCE_DATE_EPOCH: '1700000000' },
    timeoutMs: 180_000,
  });
}

const pdfName = `${path.basename(example, '.yaml')}.pdf`;

/** The run produced the PDF, said so on stdout only, and extracted with a start and a finish line. */
function expectFreshExtraction(run: { status: number | null; stdout: string; stderr: string }, s: { out: string }): void {
  expect(run.stderr).toMatch(/首次使用：正在解压内置的 Chromium（约 200 MB）到 .*…\n/);
  expect(run.stderr).toMatch(/内置的 Chromium 已解压（用时 \d+ 秒）/);
  expect(run.status, run.stderr).toBe(0);
  // Progress is for stderr only: stdout is the written path and nothing else.
  expect(run.stdout).toBe(`${path.join(s.out, pdfName)}\n`);
  expect(readFileSync(path.join(s.out, pdfName)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
}

describe.skipIf(pkg === undefined)('the bundled Chromium is never taken from a directory we did not make', () => {
  const version = pkg?.version ?? '';

  it.skipIf(!isRoot)('another user owns $TMPDIR/declare-cache-<uid>: not run, not removed; a private copy is extracted and reused', async () => {
    const s = scene('foreign-root');
    const planted = path.join(s.tmp, `declare-cache-${process.getuid!()}`);
    const copy = path.join(planted, `chromium-${version}`);
    plant(copy, s.ran);
    await recordManifest(copy, version);
    chownTree(planted, OTHER);
    chmodSync(planted, 0o700);
    const before = readdirSync(planted, { recursive: true }).sort();

    const first = await render(s);
    expect(existsSync(s.ran), 'the planted browser ran').toBe(false);
    expectFreshExtraction(first, s);
    // Someone else's directory is neither used nor touched.
    expect(readdirSync(planted, { recursive: true }).sort()).toEqual(before);
    expect(lstatSync(path.join(copy, 'chromium')).uid).toBe(OTHER);
    const own = readdirSync(s.tmp).filter((n) => n.startsWith(`declare-cache-${process.getuid!()}-`));
    expect(own).toHaveLength(1);
    expect(lstatSync(path.join(s.tmp, own[0]!)).mode & 0o777).toBe(0o700);

    // The next run finds its own private copy, verifies it and extracts nothing.
    rmSync(s.out, { recursive: true });
    const second = await render(s);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/解压/);
    expect(existsSync(s.ran)).toBe(false);
  });

  it('a copy of mode 0777 whose manifest matches is not run; it is replaced by a fresh extraction', async () => {
    const s = scene('mode-0777');
    const cacheRoot = path.join(s.tmp, `declare-cache-${process.getuid!()}`);
    mkdirSync(cacheRoot, { mode: 0o700 });
    const copy = path.join(cacheRoot, `chromium-${version}`);
    plant(copy, s.ran);
    await recordManifest(copy, version);
    chmodSync(copy, 0o777);
    chmodSync(path.join(copy, 'chromium'), 0o777);
    const run = await render(s);
    expect(existsSync(s.ran), 'the planted browser ran').toBe(false);
    expectFreshExtraction(run, s);
    expect(lstatSync(path.join(copy, 'chromium')).size).toBeGreaterThan(1_000_000);
    expect(lstatSync(copy).mode & 0o777).toBe(0o700);
  });

  it('a copy whose executable was changed after its manifest was written is not run; it is replaced', async () => {
    const s = scene('tampered');
    const cacheRoot = path.join(s.tmp, `declare-cache-${process.getuid!()}`);
    mkdirSync(cacheRoot, { mode: 0o700 });
    const copy = path.join(cacheRoot, `chromium-${version}`);
    // The manifest is written for a harmless script, then the script is replaced by one
    // of the same size: only the digest can tell.
    const harmless = `#!/bin/sh\necho "$@" >> '${s.ran.replace(/./g, '_')}'\nexit 1\n`;
    plant(copy, s.ran);
    const evil = readFileSync(path.join(copy, 'chromium'), 'utf8');
    expect(harmless.length).toBe(evil.length);
    writeFileSync(path.join(copy, 'chromium'), harmless);
    await recordManifest(copy, version);
    writeFileSync(path.join(copy, 'chromium'), evil);
    const run = await render(s);
    expect(existsSync(s.ran), 'the planted browser ran').toBe(false);
    expectFreshExtraction(run, s);
    expect(lstatSync(path.join(copy, 'chromium')).size).toBeGreaterThan(1_000_000);
  });
});

describe('verifyBundled', () => {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const fresh = async (name: string): Promise<string> => {
    const dir = path.join(work, 'verify', name);
    plant(dir, path.join(work, 'never'));
    await recordManifest(dir, '1.0.0');
    return dir;
  };

  it('takes a copy that is ours, private and matches its manifest, also after it was copied', async () => {
    const dir = await fresh('good');
    expect((await verifyBundled(dir, '1.0.0', uid)).ok?.executablePath).toBe(path.join(dir, 'chromium'));
    expect((await verifyBundled(dir, '2.0.0', uid)).reason).toMatch(/another format or version/);
    // A copy has new inodes: every file is hashed again, matches, and is taken.
    const copy = path.join(work, 'verify', 'copied');
    mkdirSync(path.join(copy, 'lib'), { recursive: true, mode: 0o700 });
    chmodSync(copy, 0o700);
    for (const f of ['chromium', 'fonts.conf', 'lib/libnss3.so', '.declare-complete']) copyFileSync(path.join(dir, f), path.join(copy, f));
    chmodSync(path.join(copy, 'chromium'), 0o755);
    expect((await verifyBundled(copy, '1.0.0', uid)).ok).toBeDefined();
  });

  it('refuses a tree with a file that is not ours, not private, unlisted, changed or a link', async () => {
    const cases: [string, (dir: string) => void, RegExp, boolean][] = [
      ['group-writable', (d) => chmodSync(path.join(d, 'lib', 'libnss3.so'), 0o664), /lib\/libnss3.so is mode 0664/, false],
      ['readable-dir', (d) => chmodSync(d, 0o755), /is mode 0755/, false],
      ['unlisted', (d) => writeFileSync(path.join(d, 'lib', 'libextra.so'), 'x', { mode: 0o644 }), /libextra.so is not in the manifest/, false],
      ['changed', (d) => writeFileSync(path.join(d, 'fonts.conf'), '<fontconfig/>\n'.replace('f', 'F')), /fonts.conf does not match its SHA-256/, false],
      ['link', (d) => { rmSync(path.join(d, 'lib', 'libnss3.so')); symlinkSync('/etc/passwd', path.join(d, 'lib', 'libnss3.so')); }, /neither a file nor a directory/, false],
      ['no-marker', (d) => rmSync(path.join(d, '.declare-complete')), /no complete marker/, false],
    ];
    if (isRoot) cases.push(['foreign', (d) => chownSync(path.join(d, 'chromium'), OTHER, OTHER), /chromium is owned by uid 65534/, true]);
    for (const [name, spoil, reason, foreign] of cases) {
      const dir = await fresh(name);
      spoil(dir);
      const verdict = await verifyBundled(dir, '1.0.0', uid);
      expect(verdict.ok, name).toBeUndefined();
      expect(verdict.reason, name).toMatch(reason);
      expect(verdict.ok === undefined && verdict.foreign, name).toBe(foreign);
    }
  });
});
