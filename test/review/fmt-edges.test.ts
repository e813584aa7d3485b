/**
 * Issue 10 item 21: fmt keeps a file's line ends (all CRLF in, all CRLF out; mixed ends
 * are a change `--check` reports), and GBK files (Chinese Windows) can be read
 * (`--encoding gbk`) and converted (`fmt --to-utf8`). Through the real binary.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, run, scratch } from './helpers.js';

const EXAMPLE = readFileSync(path.join(repoRoot, 'examples', 'huadu-propaganda-2023.yaml'), 'utf8');
/** EXAMPLE in GB 18030 / GBK bytes (Node's ICU decodes gbk but only encodes UTF-8: a lookup table). */
function toGbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gbk', { fatal: true });
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    let hit = table.get(ch);
    for (let a = 0x81; !hit && a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        let s: string;
        try {
          s = dec.decode(new Uint8Array([a, b]));
        } catch {
          continue;
        }
        if (!table.has(s)) table.set(s, [a, b]);
        if (s === ch) hit = [a, b];
      }
    }
    if (!hit) throw new Error(`no GBK code for ${ch}`);
    out.push(...hit);
  }
  return Buffer.from(out);
}

const crCount = (b: Buffer) => b.toString('latin1').split('\r\n').length - 1;
const lfOnly = (b: Buffer) => (b.toString('latin1').match(/(?<!\r)\n/g) ?? []).length;

describe('line ends', () => {
  it('a CRLF file comes out all CRLF (no bare LF), and is then canonical', () => {
    const dir = scratch();
    const file = path.join(dir, 'crlf.yaml');
    writeFileSync(file, EXAMPLE.replace(/\n/g, '\r\n'));
    expect(run(['fmt', 'crlf.yaml'], { cwd: dir }).code).toBe(0);
    const out = readFileSync(file);
    expect(lfOnly(out)).toBe(0);
    expect(crCount(out)).toBeGreaterThan(50);
    expect(run(['fmt', '--check', 'crlf.yaml'], { cwd: dir }).code).toBe(0);
    expect(run(['validate', 'crlf.yaml'], { cwd: dir }).code).toBe(0);
  });

  it('--check reports a file with mixed line ends as needing change; fmt makes them one kind', () => {
    const dir = scratch();
    const file = path.join(dir, 'mixed.yaml');
    const lines = EXAMPLE.split('\n');
    writeFileSync(file, lines.map((l, i) => (i < lines.length / 2 ? `${l}\r` : l)).join('\n'));
    const check = run(['fmt', '--check', 'mixed.yaml'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('mixed.yaml');
    expect(run(['fmt', 'mixed.yaml'], { cwd: dir }).code).toBe(0);
    const out = readFileSync(file);
    expect(crCount(out) === 0 || lfOnly(out) === 0).toBe(true);
    expect(run(['fmt', '--check', 'mixed.yaml'], { cwd: dir }).code).toBe(0);
  });
});

describe('GBK files', () => {
  it('validate names the encoding and the two ways out; --encoding gbk reads it', () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'gbk.yaml'), toGbk(EXAMPLE));
    const plain = run(['validate', 'gbk.yaml'], { cwd: dir });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('GBK');
    expect(plain.stdout).toContain('--encoding gbk');
    expect(plain.stdout).toContain('declare fmt --to-utf8');
    const [utf8, gbk, gb18030] = [
      run(['validate', '--format', 'json', path.join(repoRoot, 'examples', 'huadu-propaganda-2023.yaml')]),
      run(['validate', '--format', 'json', '--encoding', 'gbk', 'gbk.yaml'], { cwd: dir }),
      run(['validate', '--format', 'json', '--encoding', 'gb18030', 'gbk.yaml'], { cwd: dir }),
    ];
    const rules = (r: { stdout: string }) => (JSON.parse(r.stdout) as { files: { diagnostics: { rule: string; line: number }[] }[] }).files[0]!.diagnostics.map((d) => `${d.rule}@${d.line}`);
    expect(rules(gbk)).toEqual(rules(utf8));
    expect(rules(gb18030)).toEqual(rules(utf8));
    for (const cmd of [['summary'], ['render', '--html', '--out', 'out']]) {
      expect(run([...cmd, '--encoding', 'gbk', 'gbk.yaml'], { cwd: dir }).code, cmd.join(' ')).toBe(0);
    }
    writeFileSync(path.join(dir, 'utf8.yaml'), EXAMPLE);
    expect(run(['diff', '--encoding', 'gbk', 'gbk.yaml', 'gbk.yaml'], { cwd: dir }).code).toBe(0);
  });

  it('fmt --to-utf8 converts in place (valid UTF-8 that validates like the original); fmt --encoding gbk alone refuses', () => {
    const dir = scratch();
    const file = path.join(dir, 'gbk.yaml');
    writeFileSync(file, toGbk(EXAMPLE));
    const refuse = run(['fmt', '--encoding', 'gbk', 'gbk.yaml'], { cwd: dir });
    expect(refuse.code).toBe(2);
    expect(refuse.stderr).toContain('--to-utf8');
    expect(readFileSync(file).equals(toGbk(EXAMPLE))).toBe(true);
    expect(run(['fmt', '--to-utf8', 'gbk.yaml'], { cwd: dir }).code).toBe(0);
    const out = readFileSync(file);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(out)).not.toThrow();
    expect(out.toString('utf8')).toContain('中国共产党广州市花都区委员会宣传部');
    expect(run(['validate', 'gbk.yaml'], { cwd: dir }).code).toBe(0);
  });

  it('fmt --to-utf8 leaves a file that does not parse alone', () => {
    const dir = scratch();
    const file = path.join(dir, 'broken.yaml');
    const bytes = toGbk('department: 宣传部\n  : : [\n');
    writeFileSync(file, bytes);
    expect(run(['fmt', '--to-utf8', 'broken.yaml'], { cwd: dir }).code).toBe(1);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});
