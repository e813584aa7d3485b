/**
 * `validate --cache` (issue 17) through the real binary: the second run reuses the first
 * run's results (the `--verbose` cache line counts them, and a result edited in the cache
 * file shows up), a changed file or configuration is checked again, and a corrupt,
 * foreign or tampered-with cache file is ignored, never trusted. A file is not read again
 * while its size, mtime and inode are those of its entry; a touched file is re-hashed and
 * still a hit; a file whose mtime was too close to when it was recorded is always re-hashed.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, runNodeSync } from '../helpers/spawn.js';
import { repoRoot } from './helpers.js';
import { readCacheFile, writeCacheFile, type PlainCache } from './cache-file.js';

const SEED = path.join(repoRoot, 'examples', 'huadu-propaganda-2023.yaml');
const OTHER = path.join(repoRoot, 'examples', 'guangzhou-city-sports-2024.yaml');
let dir: string;

beforeAll(() => {
  expect(existsSync(BIN)).toBe(true);
  dir = mkdtempSync(path.join(os.tmpdir(), 'declare-cache-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const validate = (...extra: string[]) => runNodeSync(BIN, ['validate', 'a.yaml', 'b.yaml', '--format', 'json', '--lang', 'en', '--cache', '--verbose', ...extra], { cwd: dir });
// The cache file (src/cli/cache.ts, format 3) as one object: test/validate/cache-file.ts.
const readCache = (file: string): PlainCache => readCacheFile(file);
const writeCache = (file: string, cache: PlainCache) => writeCacheFile(file, cache);
const hits = (stderr: string) => /cache: (\d+) of (\d+) files unchanged/.exec(stderr)?.slice(1, 3).map(Number);
/** the --verbose cache line in either language: [hits, files] */
const hitsIn = (stderr: string) => hits(stderr) ?? /缓存：(\d+) 个文件中 (\d+) 个未改动/.exec(stderr)?.slice(1, 3).map(Number).reverse();

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
    expect(readCache(path.join(dir, '.declarecache')).format).toBe('declare-cache-3');
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
    const cache = readCache(file);
    const entry = cache.entries[path.join(dir, 'a.yaml')]!;
    expect(entry.result.diagnostics.length).toBeGreaterThan(0);
    entry.result.diagnostics[0]!.message = 'FROM THE CACHE';
    writeCache(file, cache);
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
    const goodBytes = readFileSync(file);
    const good = () => readCache(file);
    const a = path.join(dir, 'a.yaml');
    const plainOutput = runNodeSync(BIN, ['validate', 'a.yaml', 'b.yaml', '--format', 'json', '--lang', 'en'], { cwd: dir }).stdout;
    // each: how to spoil the cache file, and how many files it leaves reusable (the index is
    // checked whole: any fault there and nothing is; a result is checked when it is used:
    // a fault there and that file is checked again)
    const cases: [string, () => void, number][] = [
      ['garbage', () => writeFileSync(file, 'garbage'), 0],
      ['truncated', () => writeFileSync(file, goodBytes.subarray(0, Math.floor(goodBytes.length / 2))), 0],
      ['an index only', () => writeFileSync(file, goodBytes.subarray(0, goodBytes.indexOf(0x0a, 20) + 1)), 0],
      ['a byte more', () => writeFileSync(file, Buffer.concat([goodBytes, Buffer.from('x')])), 0],
      ['foreign', () => writeCache(file, { ...good(), tool: '0'.repeat(64) }), 0],
      ['no hash', () => writeCacheFile(file, good(), { index: (i) => { delete ((i.entries as Record<string, Record<string, unknown>>)[a]!).hash; return i; } }), 0],
      ['a bad stat', () => { const c = good(); c.entries[a]!.stat = { size: '1', mtimeNs: 'x', ino: '1' }; writeCache(file, c); }, 0],
      ['bad totals', () => { const c = good(); c.entries[a]!.totals = { errors: -1, warnings: 0 }; writeCache(file, c); }, 0],
      ['a blob out of its section', () => writeCacheFile(file, good(), { index: (i) => { ((i.entries as Record<string, Record<string, unknown>>)[a]!).result = [0, 1e9]; return i; } }), 0],
      ['a section out of the file', () => writeCacheFile(file, good(), { index: (i) => { (i.sections as Record<string, unknown>).results = [0, 1e9]; return i; } }), 0],
      ['the older format', () => writeCacheFile(file, good(), { magic: 'declare-cache-2\n' }), 0],
      ['format 2 as it was (UTF-16LE JSON)', () => writeFileSync(file, Buffer.from(`\ufeff${JSON.stringify({ format: 'declare-cache-2', tool: good().tool, entries: {} })}\n`, 'utf16le')), 0],
      ['an index []', () => writeCacheFile(file, good(), { index: () => [] }), 0],
      ['an index null', () => writeCacheFile(file, good(), { index: () => null }), 0],
      ['an odd byte count', () => writeFileSync(file, goodBytes.subarray(0, 101)), 0],
      ['a tampered diagnostic', () => { const c = good(); c.entries[a]!.result.diagnostics.push({ rule: 'M001', severity: 'error', message: 'x', path: [], line: 'one', column: 1, endLine: 1, endColumn: 2 }); writeCache(file, c); }, 1],
      ['a result that is not JSON', () => writeCacheFile(file, good(), { index: (i) => { const e = (i.entries as Record<string, Record<string, unknown>>)[a]!; e.result = [(e.result as number[])[0], 3]; return i; } }), 1],
    ];
    for (const [what, spoil, reused] of cases) {
      spoil();
      const r = validate();
      expect(hits(r.stderr), what).toEqual([reused, 2]);
      expect(r.stdout, what).toBe(plainOutput);
      expect(readCache(file).format, what).toBe('declare-cache-3');
      expect(hits(validate().stderr), `${what}, then`).toEqual([2, 2]);
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
  const entry = () => readCache(path.join(sd, '.declarecache')).entries[file()]!;
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
    const entries = Object.values(readCache(path.join(cross, '.declarecache')).entries);
    expect(entries.flatMap((e) => e.result.diagnostics.map((d) => d.rule))).not.toContain('M008');
    expect(entries.map((e) => e.cross?.limit ?? e.cross?.amount).sort()).toEqual(['100', '50', '80']);
    // and the stylish block of the department form: not reused while M008 is added to it
    expect(stylish('--cache')).toBe(stylish());
    expect(Object.values(readCache(path.join(cross, '.declarecache')).entries).every((e) => Object.values(e.blocks).every((b) => !b.text.includes('M008')))).toBe(true);
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
    const cache = readCache(file);
    const entry = Object.values(cache.entries).find((e) => e.cross?.limit !== undefined)!;
    entry.cross!.limit = '1e9';
    writeCache(file, cache);
    const r = run('--cache');
    expect(hits(r.stderr)).toEqual([0, 3]);
    expect(m008(r.stdout)).toHaveLength(1);
  });
});

describe('validate --cache: the same output as without it, every format, language and colour', () => {
  let md: string;
  const cacheFile = () => path.join(md, 'cache.bin');
  const files = ['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml', 'e.yaml'];
  beforeAll(() => {
    md = mkdtempSync(path.join(os.tmpdir(), 'declare-cache-same-'));
    copyFileSync(SEED, path.join(md, 'a.yaml'));
    copyFileSync(OTHER, path.join(md, 'b.yaml'));
    // suppressed by inline comments (counted in the summary, not shown)
    copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'rules', 'r009-suppression-used.yaml'), path.join(md, 'c.yaml'));
    // quoted in messages and code frames: a bidi override and an ESC (shown as escapes)
    writeFileSync(path.join(md, 'd.yaml'), readFileSync(SEED, 'utf8').replace('  - name: 加强思想道德建设', '  - name: "加强\u202e思想\\e[2J道德建设').replace(/^(  - name: "加强.*)$/m, '$1"'));
    writeFileSync(path.join(md, 'e.yaml'), 'year: [\n');
    // suppressed by the configuration (R010 off)
    writeFileSync(path.join(md, 'declare.config.yaml'), 'rules:\n  R010: off\n');
    const old = Math.floor(Date.now() / 1000) - 3600;
    for (const f of files) utimesSync(path.join(md, f), old, old);
  });
  afterAll(() => rmSync(md, { recursive: true, force: true }));
  const run = (args: string[], color: boolean) => runNodeSync(BIN, ['validate', ...files, ...args], { cwd: md, env: color ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' } });

  const combos: [string, 'zh' | 'en', boolean][] = [];
  for (const format of ['stylish', 'json', 'sarif', 'junit', 'github', 'stylish --quiet']) for (const lang of ['zh', 'en'] as const) for (const color of [false, true]) combos.push([format, lang, color]);
  it.each(combos)('--format %s --lang %s, colour %s: the first and the second cached run print what an uncached one does', (format, lang, color) => {
    const args = ['--format', ...format.split(' '), '--lang', lang];
    const plain = run(args, color);
    expect(plain.stdout.length).toBeGreaterThan(0);
    if (format.startsWith('stylish')) expect(plain.stdout.includes('\x1b[')).toBe(color);
    for (const pass of ['fill', 'reuse']) {
      const r = run([...args, '--cache', '--cache-location', cacheFile()], color);
      expect(r.stdout, pass).toBe(plain.stdout);
      expect(r.stderr, pass).toBe(plain.stderr);
      expect(r.status, pass).toBe(plain.status);
    }
    expect(hitsIn(run([...args, '--cache', '--cache-location', cacheFile(), '--verbose'], color).stderr)).toEqual([5, 5]);
  });

  it('each file keeps a block for each way the streamed report was printed since it was checked', () => {
    // the language is part of the settings (another key): the blocks since the last --lang en run that checked it
    expect(Object.keys(readCache(cacheFile()).entries[path.join(md, 'a.yaml')]!.blocks).sort()).toEqual(['stylish:en:color:quiet', 'stylish:en:plain:quiet']);
  });

  it('a stored block is printed as stored; one that is not safe to print is built again', () => {
    const args = ['--lang', 'en', '--cache', '--cache-location', cacheFile(), '--verbose'];
    const plain = run(['--lang', 'en'], false);
    run(args, false);
    const saved = readFileSync(cacheFile());
    const a = path.join(md, 'a.yaml');
    const key = 'stylish:en:plain';
    const setBlock = (text: string) => {
      const c = readCache(cacheFile());
      c.entries[a]!.blocks[key]!.text = text;
      writeCache(cacheFile(), c);
    };
    // an edited block shows: the stored bytes are what is printed
    setBlock('\nFROM THE CACHE\n');
    const edited = run(args, false);
    expect(edited.stdout).toContain('FROM THE CACHE');
    expect(hits(edited.stderr)).toEqual([5, 5]);
    // not safe: an ESC (no colour here), a bidi override, a C1 control, no separator, no final line break, not UTF-8
    for (const bad of ['\n\x1b]0;title\x07\n', '\n\u202e\n', '\n\u009b2J\n', 'a.yaml\n', '\na.yaml']) {
      writeFileSync(cacheFile(), saved);
      setBlock(bad);
      const r = run(args, false);
      expect(r.stdout, JSON.stringify(bad)).toBe(plain.stdout);
      expect(hits(r.stderr)).toEqual([5, 5]);
      // and the block built again is stored in its place
      expect(readCache(cacheFile()).entries[a]!.blocks[key]!.text.startsWith('\na.yaml\n')).toBe(true);
      expect(run(args, false).stdout).toBe(plain.stdout);
    }
    // with colour: only the report's own colour codes pass
    const colorArgs = ['--lang', 'en', '--cache', '--cache-location', cacheFile()];
    const coloured = run(['--lang', 'en'], true);
    run(colorArgs, true);
    const cc = readCache(cacheFile());
    const blk = cc.entries[a]!.blocks['stylish:en:color']!;
    expect(blk.text).toContain('\x1b[2m');
    blk.text = blk.text.replace('\x1b[2m', '\x1b[2J');
    writeCache(cacheFile(), cc);
    expect(run(colorArgs, true).stdout).toBe(coloured.stdout);
  });

  it('stdout as a file (written directly) gets the same bytes', () => {
    const args = ['validate', ...files, '--lang', 'zh', '--cache', '--cache-location', cacheFile()];
    const out = path.join(md, 'out.txt');
    const toFile = (extra: string[]) => {
      const fd = openSync(out, 'w');
      try {
        spawnSync(process.execPath, [BIN, ...extra], { cwd: md, env: cliEnv({ NO_COLOR: '1' }), stdio: ['ignore', fd, 'pipe'] });
      } finally {
        closeSync(fd);
      }
      return readFileSync(out, 'utf8');
    };
    const plain = toFile(args.filter((a) => a !== '--cache'));
    toFile(args);
    expect(toFile(args)).toBe(plain);
  });
});
