/**
 * `validate --cache` (issue 17) through the real binary: the second run reuses the first
 * run's results (the `--verbose` cache line counts them, and a result edited in the cache
 * file shows up), a changed file or configuration is checked again, and a corrupt,
 * foreign or tampered-with cache file is ignored, never trusted. A file is not read again
 * while its size, mtime and inode are those of its entry; a touched file is re-hashed and
 * still a hit; a file whose mtime was too close to when it was recorded is always re-hashed.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runNodeSync } from '../helpers/spawn.js';
import { repoRoot } from './helpers.js';

const SEED = path.join(repoRoot, 'examples', 'huadu-propaganda-2023.yaml');
const OTHER = path.join(repoRoot, 'examples', 'guangzhou-city-sports-2024.yaml');
let dir: string;

beforeAll(() => {
  expect(existsSync(BIN)).toBe(true);
  dir = mkdtempSync(path.join(os.tmpdir(), 'declare-cache-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const validate = (...extra: string[]) => runNodeSync(BIN, ['validate', 'a.yaml', 'b.yaml', '--format', 'json', '--lang', 'en', '--cache', '--verbose', ...extra], { cwd: dir });
// The cache file is JSON in UTF-16LE with a byte-order mark (src/cli/cache.ts).
const readCache = (file: string) => {
  const buf = readFileSync(file);
  expect([buf[0], buf[1]]).toEqual([0xff, 0xfe]);
  return buf.toString('utf16le', 2);
};
const writeCache = (file: string, text: string) => writeFileSync(file, Buffer.from(`\ufeff${text}`, 'utf16le'));
const hits = (stderr: string) => /cache: (\d+) of (\d+) files unchanged/.exec(stderr)?.slice(1, 3).map(Number);

describe('validate --cache', () => {
  let uncached: ReturnType<typeof validate>;

  it('first run: nothing to reuse; writes .declarecache', () => {
    copyFileSync(SEED, path.join(dir, 'a.yaml'));
    copyFileSync(OTHER, path.join(dir, 'b.yaml'));
    uncached = runNodeSync(BIN, ['validate', 'a.yaml', 'b.yaml', '--format', 'json', '--lang', 'en', '--verbose'], { cwd: dir });
    expect(existsSync(path.join(dir, '.declarecache'))).toBe(false); // no --cache: no cache file, no cache line
    expect(uncached.stderr).not.toContain('cache');
    const r = validate();
    expect(hits(r.stderr)).toEqual([0, 2]);
    expect(r.stdout).toBe(uncached.stdout);
    expect(r.status).toBe(uncached.status);
    expect(JSON.parse(readCache(path.join(dir, '.declarecache'))).format).toBe('declare-cache-2');
  });

  it('second run: both results reused, the same report and exit code', () => {
    const r = validate();
    expect(hits(r.stderr)).toEqual([2, 2]);
    expect(r.stdout).toBe(uncached.stdout);
    expect(r.status).toBe(uncached.status);
  });

  it('the reused result is the cached one (an edited message in the cache shows)', () => {
    const file = path.join(dir, '.declarecache');
    const saved = readFileSync(file);
    const cache = JSON.parse(readCache(file));
    const entry = cache.entries[path.join(dir, 'a.yaml')];
    expect(entry.result.diagnostics.length).toBeGreaterThan(0);
    entry.result.diagnostics[0].message = 'FROM THE CACHE';
    writeCache(file, JSON.stringify(cache));
    const r = validate();
    expect(hits(r.stderr)).toEqual([2, 2]);
    expect(r.stdout).toContain('FROM THE CACHE');
    writeFileSync(file, saved);
  });

  it('a changed file is checked again, the other reused', () => {
    writeFileSync(path.join(dir, 'a.yaml'), `${readFileSync(SEED, 'utf8')}\n# 改动\n`);
    const r = validate();
    expect(hits(r.stderr)).toEqual([1, 2]);
    expect(validate().stderr).toContain('cache: 2 of 2');
  });

  it('a changed configuration invalidates (and its effect shows)', () => {
    const before = validate();
    expect(hits(before.stderr)).toEqual([2, 2]);
    writeFileSync(path.join(dir, 'declare.config.yaml'), 'rules:\n  R003: off\n  R002: off\n  M004: off\n');
    const r = validate();
    expect(hits(r.stderr)).toEqual([0, 2]);
    expect(r.stdout).not.toBe(before.stdout);
    expect(r.stdout).toBe(runNodeSync(BIN, ['validate', 'a.yaml', 'b.yaml', '--format', 'json', '--lang', 'en'], { cwd: dir }).stdout);
    rmSync(path.join(dir, 'declare.config.yaml'));
  });

  it('another language or --no-inline-config is another key', () => {
    validate();
    expect(runNodeSync(BIN, ['validate', 'a.yaml', 'b.yaml', '--cache', '--verbose', '--lang', 'zh'], { cwd: dir }).stderr).toContain('缓存：2 个文件中 0 个未改动');
    expect(runNodeSync(BIN, ['validate', 'a.yaml', 'b.yaml', '--cache', '--verbose', '--lang', 'zh'], { cwd: dir }).stderr).toContain('缓存：2 个文件中 2 个未改动');
    expect(hits(validate('--no-inline-config').stderr)).toEqual([0, 2]);
  });

  it('a corrupt, truncated, foreign or tampered cache is ignored and rewritten', () => {
    const file = path.join(dir, '.declarecache');
    validate();
    const good = readCache(file);
    const tampered = JSON.parse(good);
    tampered.entries[path.join(dir, 'a.yaml')].result.diagnostics.push({ rule: 'M001', severity: 'error', message: 'x', path: [], line: 'one', column: 1, endLine: 1, endColumn: 2 });
    const foreign = { ...JSON.parse(good), tool: '0'.repeat(64) };
    const noStat = JSON.parse(good);
    delete noStat.entries[path.join(dir, 'a.yaml')].hash;
    const badStat = JSON.parse(good);
    badStat.entries[path.join(dir, 'a.yaml')].stat = { size: '1', mtimeNs: 'x', ino: '1' };
    const older = { ...JSON.parse(good), format: 'declare-cache-1' };
    const bad = ['garbage', good.slice(0, good.length / 2), JSON.stringify(foreign), JSON.stringify(tampered), JSON.stringify(noStat), JSON.stringify(badStat), JSON.stringify(older), '[]', 'null'];
    const raw = [Buffer.from(good, 'utf8'), readFileSync(file).subarray(0, 101)]; // the right JSON in UTF-8 (no mark); an odd byte count
    for (const write of [...bad.map((b) => () => writeCache(file, b)), ...raw.map((b) => () => writeFileSync(file, b))]) {
      write();
      const r = validate();
      expect(hits(r.stderr), readFileSync(file).subarray(0, 40).toString('hex')).toEqual([0, 2]);
      expect(r.stdout).toBe(runNodeSync(BIN, ['validate', 'a.yaml', 'b.yaml', '--format', 'json', '--lang', 'en'], { cwd: dir }).stdout);
      expect(JSON.parse(readCache(file)).format).toBe('declare-cache-2');
    }
  });

  it('--cache-location names the file', () => {
    const r = validate('--cache-location', 'sub-cache.json');
    expect(hits(r.stderr)).toEqual([0, 2]);
    expect(existsSync(path.join(dir, 'sub-cache.json'))).toBe(true);
    expect(hits(validate('--cache-location', 'sub-cache.json').stderr)).toEqual([2, 2]);
  });
});

describe('validate --cache: stat first, hash when the stat differs', () => {
  let sd: string;
  beforeAll(() => {
    sd = mkdtempSync(path.join(os.tmpdir(), 'declare-cache-stat-'));
  });
  afterAll(() => rmSync(sd, { recursive: true, force: true }));
  const file = () => path.join(sd, 'a.yaml');
  const run = (...extra: string[]) => runNodeSync(BIN, ['validate', 'a.yaml', '--format', 'json', '--lang', 'en', ...extra], { cwd: sd });
  const cached = () => run('--cache', '--verbose');
  const entry = () => JSON.parse(readCache(path.join(sd, '.declarecache'))).entries[file()] as { hash: string; stat?: { size: string; mtimeNs: string; ino: string } };
  /** set the file's mtime to a whole second (exact in nanoseconds) */
  const setMtime = (sec: number) => utimesSync(file(), sec, sec);
  const now = () => Math.floor(Date.now() / 1000);
  // one amount's last digit: the same size, and the sums no longer hold (the report changes)
  const edited = () => readFileSync(SEED, 'utf8').replace(/^( {4}project: 1354\.8)7/m, '$18');

  it('an old file: its stat is kept, and an unchanged stat is trusted without reading the file', () => {
    copyFileSync(SEED, file());
    const old = now() - 3600;
    setMtime(old);
    const plain = run();
    const first = cached();
    expect(hits(first.stderr)).toEqual([0, 1]);
    expect(first.stdout).toBe(plain.stdout);
    const st = statSync(file(), { bigint: true });
    expect(entry().stat).toEqual({ size: st.size.toString(), mtimeNs: st.mtimeNs.toString(), ino: st.ino.toString() });
    // the bytes change but size, mtime and inode do not: the stat is trusted, the file not read
    // (ESLint's metadata strategy has the same blind spot; the racy rule below keeps it to
    // edits that also put the mtime back)
    const text = edited();
    expect(text.length).toBe(readFileSync(SEED, 'utf8').length);
    writeFileSync(file(), text);
    setMtime(old);
    expect(statSync(file(), { bigint: true }).mtimeNs.toString()).toBe(entry().stat!.mtimeNs);
    const r = cached();
    expect(hits(r.stderr)).toEqual([1, 1]);
    expect(r.stdout).toBe(plain.stdout);
    expect(r.stdout).not.toBe(run().stdout); // the file as it is now reports otherwise
    copyFileSync(SEED, file());
  });

  it('a touched but unchanged file is still a hit, with the same output, and takes the new stat', () => {
    copyFileSync(SEED, file());
    setMtime(now() - 7200);
    const plain = run();
    cached();
    const before = entry();
    setMtime(now() - 5000); // touched: another mtime, the same bytes
    const r = cached();
    expect(hits(r.stderr)).toEqual([1, 1]);
    expect(r.stdout).toBe(plain.stdout);
    expect(entry().hash).toBe(before.hash);
    expect(entry().stat!.mtimeNs).not.toBe(before.stat!.mtimeNs);
    expect(entry().stat!.mtimeNs).toBe(statSync(file(), { bigint: true }).mtimeNs.toString());
  });

  it('an edited file of the same size is a miss', () => {
    copyFileSync(SEED, file());
    setMtime(now() - 7200);
    const before = run();
    cached();
    writeFileSync(file(), edited());
    setMtime(now() - 5000);
    const r = cached();
    expect(hits(r.stderr)).toEqual([0, 1]);
    expect(r.stdout).not.toBe(before.stdout);
    expect(r.stdout).toBe(run().stdout);
    expect(hits(cached().stderr)).toEqual([1, 1]);
  });

  it('a file whose mtime is not older than 1 s at the stat keeps no stat: an edit in the same tick is re-hashed', () => {
    copyFileSync(SEED, file());
    // an mtime ahead of the stat (as one within the same second of it is): not to be trusted
    const tick = now() + 60;
    setMtime(tick);
    const before = run();
    expect(hits(cached().stderr)).toEqual([0, 1]);
    expect(entry().stat).toBeUndefined();
    expect(entry().hash).toMatch(/^[0-9a-f]{64}$/);
    // the same size and the same mtime: only the hash can tell
    writeFileSync(file(), edited());
    setMtime(tick);
    const r = cached();
    expect(hits(r.stderr)).toEqual([0, 1]);
    expect(r.stdout).not.toBe(before.stdout);
    expect(r.stdout).toBe(run().stdout);
  });

  it('the racy entry gets its stat once the file is old enough (and is then a stat hit)', () => {
    copyFileSync(SEED, file());
    setMtime(now() + 60);
    cached();
    expect(entry().stat).toBeUndefined();
    setMtime(now() - 60); // now old: hashed, a hit, and its stat is kept
    expect(hits(cached().stderr)).toEqual([1, 1]);
    expect(entry().stat).toBeDefined();
  });
});

describe('validate --cache and the department/project cross-check (M008)', () => {
  // The Huadu department with its 项目支出 + 事业发展性支出 cut to 100.00, and its two projects (130.00 a year).
  const PROJECTS = ['huadu-project-congress-2023.yaml', 'huadu-project-heritage-2023.yaml'];
  let cross: string;
  beforeAll(() => {
    cross = mkdtempSync(path.join(os.tmpdir(), 'declare-cache-cross-'));
    const dept = readFileSync(SEED, 'utf8').replace(/^( {4}project: )1354\.87/m, '$10.00').replace(/^( {4}other: )942\.46/m, '$1100.00');
    writeFileSync(path.join(cross, 'dept.yaml'), dept);
    for (const p of PROJECTS) copyFileSync(path.join(repoRoot, 'examples', p), path.join(cross, p));
  });
  afterAll(() => rmSync(cross, { recursive: true, force: true }));
  const run = (...extra: string[]) => runNodeSync(BIN, ['validate', '.', '--format', 'json', '--lang', 'en', '--verbose', ...extra], { cwd: cross });
  const m008 = (stdout: string) => (JSON.parse(stdout) as { files: { file: string; diagnostics: { rule: string }[] }[] }).files.flatMap((f) => f.diagnostics.filter((d) => d.rule === 'M008').map((d) => ({ file: f.file, ...d })));

  it('a second, cached run reports the same M008 as an uncached one', () => {
    const uncached = run();
    expect(m008(uncached.stdout)).toHaveLength(1);
    const first = run('--cache');
    expect(hits(first.stderr)).toEqual([0, 3]);
    expect(first.stdout).toBe(uncached.stdout);
    const second = run('--cache');
    expect(hits(second.stderr)).toEqual([3, 3]);
    expect(m008(second.stdout)).toEqual(m008(uncached.stdout));
    expect(second.stdout).toBe(uncached.stdout);
    expect(second.status).toBe(uncached.status);
    // the stylish report too: its code frame of M008 shows the 项目支出 line from the cached source
    const stylish = (...extra: string[]) => runNodeSync(BIN, ['validate', '.', '--lang', 'en', ...extra], { cwd: cross, env: { NO_COLOR: '1' } }).stdout;
    expect(stylish('--cache')).toBe(stylish());
    expect(stylish()).toMatch(/M008\n +\d+ \|  +project: 0\.00/);
    // what the cross-check needs is in the cache, not M008 itself (it depends on the other files)
    const entries = Object.values(JSON.parse(readCache(path.join(cross, '.declarecache'))).entries) as { result: { diagnostics: { rule: string }[] }; cross?: { limit?: string; amount?: string } }[];
    expect(entries.flatMap((e) => e.result.diagnostics.map((d) => d.rule))).not.toContain('M008');
    expect(entries.map((e) => e.cross?.limit ?? e.cross?.amount).sort()).toEqual(['100', '50', '80']);
  });

  it('a cached department form with a changed project: M008 follows the project', () => {
    const file = path.join(cross, PROJECTS[1]!);
    const saved = readFileSync(file, 'utf8');
    // the heritage project's year funds 50.00 → 10.00: 90.00 in all, within 100.00
    writeFileSync(file, saved.replace('    total: 50.00\n    appropriation: 45.00\n    other: 5.00\n', '    total: 10.00\n    appropriation: 10.00\n    other: 0.00\n'));
    const r = run('--cache');
    expect(hits(r.stderr)).toEqual([2, 3]);
    expect(m008(r.stdout)).toEqual([]);
    expect(r.stdout).toBe(run().stdout);
    writeFileSync(file, saved);
    expect(m008(run('--cache').stdout)).toHaveLength(1);
  });

  it('a cache entry with tampered cross-check facts is ignored as a whole', () => {
    run('--cache');
    const file = path.join(cross, '.declarecache');
    const cache = JSON.parse(readCache(file));
    const entry = Object.values(cache.entries as Record<string, { cross?: { limit?: string } }>).find((e) => e.cross?.limit !== undefined)!;
    entry.cross!.limit = '1e9';
    writeCache(file, JSON.stringify(cache));
    const r = run('--cache');
    expect(hits(r.stderr)).toEqual([0, 3]);
    expect(m008(r.stdout)).toHaveLength(1);
  });
});
