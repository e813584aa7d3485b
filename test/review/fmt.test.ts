import { chmodSync, cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Lexer } from 'yaml';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { meaningOf } from '../../src/review/model.js';
import { fixtures, repoRoot, run, scratch } from './helpers.js';

/** Every comment of a YAML text, as written (a multiset, sorted). */
export function comments(text: string): string[] {
  return [...new Lexer().lex(text)].filter((t) => t.startsWith('#')).map((t) => t.trimEnd()).sort();
}

/** The corpus: every example, every rule fixture, every review fixture. */
const CORPUS: { name: string; from: string }[] = [
  ...readdirSync(path.join(repoRoot, 'examples')).map((f) => ({ name: `examples--${f}`, from: path.join(repoRoot, 'examples', f) })),
  ...readdirSync(path.join(repoRoot, 'test/fixtures/rules')).filter((f) => f.endsWith('.yaml')).map((f) => ({ name: `rules--${f}`, from: path.join(repoRoot, 'test/fixtures/rules', f) })),
  ...readdirSync(fixtures).filter((f) => f.endsWith('.yaml')).map((f) => ({ name: `review--${f}`, from: path.join(fixtures, f) })),
];

describe('declare fmt on the whole corpus (examples, rule fixtures, review fixtures)', () => {
  const dir = scratch();
  for (const c of CORPUS) cpSync(c.from, path.join(dir, c.name));
  const before = new Map(CORPUS.map((c) => [c.name, readFileSync(c.from)]));
  const isY001 = (bytes: Uint8Array) => check(bytes, 'x').result.diagnostics.some((d) => d.rule === 'Y001');
  const formattable = CORPUS.filter((c) => !isY001(before.get(c.name)!));
  const broken = CORPUS.filter((c) => isY001(before.get(c.name)!));

  const checkRun = run(['fmt', '--check', dir]);
  const writeRun = run(['fmt', dir]);
  const after = new Map(CORPUS.map((c) => [c.name, readFileSync(path.join(dir, c.name))]));
  const changed = formattable.filter((c) => !before.get(c.name)!.equals(after.get(c.name)!)).map((c) => c.name);

  it('has a corpus with files to format and files that are not YAML', () => {
    expect(formattable.length).toBeGreaterThan(70);
    expect(broken.length).toBeGreaterThan(5);
  });

  it('--check lists exactly the files fmt then rewrites; exit 1 (files not YAML count too)', () => {
    expect(checkRun.code).toBe(1);
    expect(checkRun.stdout.trim().split('\n').map((l) => path.basename(l)).sort()).toEqual([...changed].sort());
    expect(writeRun.stdout.trim().split('\n').map((l) => path.basename(l)).sort()).toEqual([...changed].sort());
    expect(changed.length).toBeGreaterThan(5);
  });

  it('leaves files that are not YAML byte for byte alone, and says so (exit 1)', () => {
    expect(writeRun.code).toBe(1);
    for (const c of broken) {
      expect(after.get(c.name)!.equals(before.get(c.name)!)).toBe(true);
      expect(writeRun.stderr).toContain(c.name);
    }
  });

  it('keeps the meaning: same model (Decimals by value) and same rule IDs, for every file', () => {
    for (const c of formattable) {
      const a = meaningOf(check(before.get(c.name)!, c.name));
      const b = meaningOf(check(after.get(c.name)!, c.name));
      expect({ file: c.name, ...b }).toEqual({ file: c.name, ...a });
    }
  });

  it('keeps every comment', () => {
    for (const c of formattable) {
      expect({ file: c.name, comments: comments(after.get(c.name)!.toString('utf8')) }).toEqual({ file: c.name, comments: comments(before.get(c.name)!.toString('utf8').replace(/^\uFEFF/, '')) });
    }
  });

  it('is idempotent: fmt --check on the formatted files exits 0', () => {
    const again = scratch();
    for (const c of formattable) cpSync(path.join(dir, c.name), path.join(again, c.name));
    const r = run(['fmt', '--check', again]);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${formattable.length} 个文件都是规范格式`);
  });

  it('leaves the examples as they are (they are already canonical)', () => {
    const r = run(['fmt', '--check', 'examples']);
    expect(r.code).toBe(0);
  });
});

describe('declare fmt, canonical form', () => {
  it('messy.yaml becomes messy.formatted.yaml (stdin → stdout)', () => {
    const r = run(['fmt', '-'], { input: readFileSync(path.join(fixtures, 'messy.yaml'), 'utf8') });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(fixtures, 'messy.formatted.yaml'), 'utf8'));
  });

  it('what the canonical form looks like', () => {
    const out = readFileSync(path.join(fixtures, 'messy.formatted.yaml'), 'utf8');
    // key order of format.md, indicators in framework order
    const keys = out.split('\n').filter((l) => /^[a-z_]+:/.test(l)).map((l) => l.split(':')[0]);
    expect(keys).toEqual(['version', 'year', 'department', 'level', 'budget', 'goals', 'tasks', 'other_tasks', 'indicators']);
    expect(out.indexOf('  产出指标:')).toBeLessThan(out.indexOf('  效益指标:'));
    expect(out.indexOf('    社会效益指标:')).toBeLessThan(out.indexOf('    可持续影响指标:'));
    // amounts: two decimals, plain, from the exact value
    expect(out).toContain('    other: 1050.00              # 其他资金'); // '1,050.00' quoted; comment column kept
    expect(out).toContain('    funds: 1050.00');
    expect(out).toContain('    funds: 7.50');
    expect(out).toContain('    special: 2600.00');
    // texts: plain where possible; numbers, booleans and dates in text fields quoted
    expect(out).toContain('year: 2024\n');
    expect(out).toContain('  - "1000"\n');
    expect(out).toContain('  - "2023-01-01"\n');
    expect(out).toContain('        annual: "yes"\n');
    expect(out).toContain('        period: |-\n          第一行\n          第二行\n');
    expect(out).toContain('        period: "x: y"\n');
    // no flow style, no aliases
    expect(out).not.toMatch(/[{[]/);
    expect(out).not.toMatch(/[&*]sp/);
    // the header stays at the top, the last comment at the end
    expect(out.startsWith('# messy:')).toBe(true);
    expect(out.trimEnd().endsWith('# the end')).toBe(true);
  });

  it('keeps a file’s mode and writes through a symbolic link', () => {
    const dir = scratch();
    const file = path.join(dir, 'a.yaml');
    writeFileSync(file, readFileSync(path.join(fixtures, 'messy.yaml')));
    chmodSync(file, 0o640);
    mkdirSync(path.join(dir, 'links'));
    symlinkSync(file, path.join(dir, 'links', 'b.yaml'));
    const r = run(['fmt', path.join(dir, 'links', 'b.yaml')]);
    expect(r.code).toBe(0);
    expect(lstatSync(path.join(dir, 'links', 'b.yaml')).isSymbolicLink()).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(path.join(fixtures, 'messy.formatted.yaml'), 'utf8'));
  });

  it('exit 2 for a path that does not exist', () => {
    expect(run(['fmt', 'nope.yaml']).code).toBe(2);
  });
});
