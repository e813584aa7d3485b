/**
 * Issue 17: `validate`'s default report is streamed (src/cli/validate.ts streamValidate,
 * src/cli/check-files.ts streamFiles): every file's block is written as soon as the file is
 * checked, and the bytes are those of the whole report, which `-o FILE` still writes in one
 * piece (formatStylish over all results). Both through the real binary, on the fixture
 * corpus, the examples and the shared corpus, in both languages, with --quiet and colour,
 * and on department/project sets where the cross-check (M008) makes a department form wait.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runNodeSync } from '../helpers/spawn.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const ex = (f: string) => path.join(root, 'examples', f);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'declare-stream-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The streamed report (stdout) and the whole one (-o) of the same run: same bytes, same exit, same stderr. */
function expectSameReport(args: string[], env: Record<string, string> = {}): string {
  const streamed = runNodeSync(BIN, ['validate', ...args], { env, timeoutMs: 120_000 });
  const out = path.join(tmp, `whole-${Math.random().toString(36).slice(2)}.txt`);
  const whole = runNodeSync(BIN, ['validate', ...args, '-o', out], { env, timeoutMs: 120_000 });
  expect(whole.status, whole.stderr).toBe(streamed.status);
  expect(streamed.stdout).toBe(readFileSync(out, 'utf8'));
  expect(streamed.stderr).toBe(whole.stderr);
  return streamed.stdout;
}

const CORPUS = [path.join(root, 'test', 'fixtures'), path.join(root, 'examples'), '/work/shared/corpus'].filter((d) => existsSync(d));

describe('validate: the streamed report is the whole report, byte for byte', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`the fixture corpus, the examples and the shared corpus (--lang ${lang}), also --quiet`, () => {
      const report = expectSameReport(['--lang', lang, ...CORPUS]);
      expect(report).toMatch(/M00\d/); // it has diagnostics to stream
      expectSameReport(['--lang', lang, '--quiet', ...CORPUS]);
    });
  }

  it('with colour (FORCE_COLOR): the plain report with escapes', () => {
    // -o never colours: the colour run's text without its escapes is the plain run's.
    const dir = path.join(root, 'test', 'fixtures');
    const colour = runNodeSync(BIN, ['validate', dir], { env: { FORCE_COLOR: '1' } }).stdout;
    const plain = runNodeSync(BIN, ['validate', dir]).stdout;
    expect(colour).toContain('\u001b[');
    expect(colour.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('a clean run and a run without files to show: the one summary line', () => {
    const dir = path.join(tmp, 'clean');
    mkdirSync(dir);
    copyFileSync(ex('huadu-project-congress-2023.yaml'), path.join(dir, 'p.yaml'));
    const out = expectSameReport([dir]);
    expect(out.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

/**
 * A department form (dept.yaml) whose projects exceed its limit, and around it files that
 * sort before, between and after: the department form is held until the projects are
 * checked, and the files after it wait with it.
 */
function crossSet(name: string, deptText: (t: string) => string): string {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'z-projects'), { recursive: true });
  const dept = readFileSync(ex('huadu-propaganda-2023.yaml'), 'utf8').replace(/^( {4}project: )1354\.87/m, '$10.00').replace(/^( {4}other: )942\.46/m, '$1100.00');
  writeFileSync(path.join(dir, 'b-dept.yaml'), deptText(dept));
  copyFileSync(ex('huadu-project-congress-2023.yaml'), path.join(dir, 'z-projects', 'congress.yaml'));
  copyFileSync(ex('huadu-project-heritage-2023.yaml'), path.join(dir, 'z-projects', 'heritage.yaml'));
  // unrelated department forms before and after (another department: never paired)
  const other = dept.replace('department: 中国共产党广州市花都区委员会宣传部', 'department: 广州市花都区文化馆');
  writeFileSync(path.join(dir, 'a-other.yaml'), other);
  writeFileSync(path.join(dir, 'c-other.yaml'), other);
  return dir;
}

describe('validate: streaming and the cross-check (M008)', () => {
  it('a department form waits for its projects: M008 in the streamed report as in the whole one', () => {
    const dir = crossSet('cross', (t) => t);
    const out = expectSameReport([dir]);
    const block = out.split('\n\n').find((b) => b.includes('b-dept.yaml'))!;
    expect(block).toContain('M008');
    expect(block).toContain('congress.yaml');
    expect(out.indexOf('a-other.yaml')).toBeLessThan(out.indexOf('b-dept.yaml'));
    expect(out.indexOf('b-dept.yaml')).toBeLessThan(out.indexOf('c-other.yaml'));
  });

  it('a project form named through a double-quoted escape is still seen as one (the byte scan does not miss it)', () => {
    const dir = crossSet('escaped', (t) => t);
    for (const p of ['congress.yaml', 'heritage.yaml']) {
      const f = path.join(dir, 'z-projects', p);
      const text = readFileSync(f, 'utf8');
      expect(text).toMatch(/^form: 项目支出$/m);
      writeFileSync(f, text.replace(/^form: 项目支出$/m, 'form: "\\u9879\\u76EE\\u652F\\u51FA"'));
    }
    const out = expectSameReport([dir]);
    expect(out.split('\n\n').find((b) => b.includes('b-dept.yaml'))).toContain('M008');
  });

  it('--cache: the streamed report of a second run is the first one', () => {
    const dir = path.join(tmp, 'cached');
    mkdirSync(dir);
    for (const f of ['huadu-propaganda-2023.yaml', 'huadu-shiling-town-2024.yaml', 'huadu-project-congress-2023.yaml']) copyFileSync(ex(f), path.join(dir, f));
    const cacheFile = path.join(tmp, 'stream-cache');
    const first = runNodeSync(BIN, ['validate', '--cache', '--cache-location', cacheFile, dir]);
    const second = runNodeSync(BIN, ['validate', '--cache', '--cache-location', cacheFile, dir]);
    expect(second.status).toBe(first.status);
    expect(second.stdout).toBe(first.stdout);
  });
});

describe('validate: streaming and --cache with the cross-check', () => {
  it('a second, cached run streams the same report, M008 included (the cached facts take part)', () => {
    const dir = crossSet('cached-cross', (t) => t);
    const cacheFile = path.join(tmp, 'stream-cache-cross');
    const first = runNodeSync(BIN, ['validate', '--cache', '--cache-location', cacheFile, dir]);
    const second = runNodeSync(BIN, ['validate', '--cache', '--cache-location', cacheFile, dir]);
    expect(first.stdout).toContain('M008');
    expect(second.stdout).toBe(first.stdout);
  });
});

describe('validate: results are written as files are checked', () => {
  it('a run that fails part-way (a broken configuration) has already written the files checked before it', () => {
    const dir = path.join(tmp, 'partway');
    mkdirSync(path.join(dir, 'z'), { recursive: true });
    writeFileSync(path.join(dir, 'a.yaml'), readFileSync(ex('huadu-propaganda-2023.yaml'), 'utf8').replace(/^( {4}project: )1354\.87/m, '$11354.88'));
    copyFileSync(ex('huadu-propaganda-2023.yaml'), path.join(dir, 'z', 'b.yaml'));
    writeFileSync(path.join(dir, 'z', 'declare.config.yaml'), 'rules: [not, a, mapping\n');
    const r = runNodeSync(BIN, ['validate', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('declare.config.yaml');
    // a.yaml's block (checked first) is out; b.yaml (under the broken configuration) is not
    expect(r.stdout).toContain('a.yaml');
    expect(r.stdout).toContain('M001');
    expect(r.stdout).not.toContain('b.yaml');
  });
});
