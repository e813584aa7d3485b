/**
 * Issue 10 item 5: nothing a file name or a YAML value holds reaches the terminal or a CI
 * log raw (escape.ts), and under GITHUB_ACTIONS=true the readable report cannot issue a
 * workflow command (a random ::stop-commands:: token around it). Through the real binary.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runNode } from '../helpers/spawn.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const EXAMPLE = readFileSync(path.join(root, 'examples', 'huadu-propaganda-2023.yaml'), 'utf8');
/** A file name that is a workflow command and a terminal escape. */
const EVIL_NAME = 'a\n::error::x\u001b[31m\u202e.yaml';
/** An unknown top-level key (S001 quotes it) holding a newline, a stop-commands and an ESC. */
const EVIL_KEY = '"x\\n::stop-commands::abc\\u001b[2J\\u2028y": 1\n';
/** Raw control characters other than LF (the line breaks we print ourselves). */
const RAW = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'declare-print-'));
  writeFileSync(path.join(dir, EVIL_NAME), EXAMPLE + EVIL_KEY);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const declare = (args: string[], env: Record<string, string> = {}) => runNode(BIN, args, { cwd: dir, env });
/** Lines the Actions runner would read as commands (it trims leading white space). */
const commandLines = (out: string) => out.split('\n').filter((l) => l.trimStart().startsWith('::'));
/** Lines that start with `::` (a terminal run: multi-line messages are indented). */
const leadingColons = (out: string) => out.split('\n').filter((l) => l.startsWith('::'));

describe('terminal output', () => {
  it('validate: the hostile name and key are shown escaped, no raw control character', async () => {
    const r = await declare(['validate', EVIL_NAME]);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(RAW);
    expect(leadingColons(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('a\\n::error::x\\x1b[31m\\u202e.yaml');
    expect(r.stdout).toContain('::stop-commands::abc\\x1b[2J\\u2028y');
  });

  it('render: the printed output path is escaped', async () => {
    const r = await declare(['render', '--force', '--html', '--out', 'out', EVIL_NAME]);
    expect(r.stdout).not.toMatch(RAW);
    expect(leadingColons(r.stdout + r.stderr)).toEqual([]);
    // render names the output after the input with every control character replaced by
    // `_` (test/render/output-signals.test.ts), so the printed path holds none either.
    expect(r.stdout).toContain('a_::error::x_[31m_.html');
  });

  it('error messages quoting a file name, summary and fmt --check are escaped', async () => {
    const [missing, summary, fmt, option] = await Promise.all([
      declare(['validate', 'nope\u001b]0;pwned\u0007.yaml']),
      declare(['summary', EVIL_NAME]),
      declare(['fmt', '--check', EVIL_NAME]),
      declare(['validate', '--bo\u001bgus', EVIL_NAME]),
    ]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope\\x1b]0;pwned\\x07.yaml');
    expect(option.status).toBe(2);
    expect(option.stderr).toContain('--bo\\x1bgus');
    for (const r of [missing, summary, fmt, option]) {
      expect(r.stdout + r.stderr).not.toMatch(RAW);
      expect(commandLines(r.stdout + r.stderr)).toEqual([]);
    }
  });
});

describe('GITHUB_ACTIONS=true', () => {
  it('the readable report is paused for the runner; our annotations after it still count', async () => {
    const [a, b, plain] = await Promise.all([
      declare(['validate', EVIL_NAME], { GITHUB_ACTIONS: 'true' }),
      declare(['validate', EVIL_NAME], { GITHUB_ACTIONS: 'true' }),
      declare(['validate', '--format', 'json', EVIL_NAME]),
    ]);
    expect(a.status).toBe(1);
    expect(a.stdout).not.toMatch(RAW);
    const token = /^::stop-commands::([0-9a-f]{32})\n/.exec(a.stdout)?.[1];
    expect(token).toBeDefined();
    const resume = a.stdout.indexOf(`\n::${token}::\n`);
    expect(resume).toBeGreaterThan(0);
    // the hostile text is there, inside the pause
    expect(a.stdout.slice(0, resume)).toContain('::stop-commands::abc');
    // after it, every command line is one of our annotations, one per diagnostic
    const lines = commandLines(a.stdout.slice(resume + 1)).slice(1);
    const diagnostics = (JSON.parse(plain.stdout) as { files: { diagnostics: unknown[] }[] }).files[0]!.diagnostics;
    expect(lines).toHaveLength(diagnostics.length);
    for (const l of lines) expect(l).toMatch(/^::(error|warning) file=a%0A%3A%3Aerror%3A%3Ax\\x1b\[31m\\u202e\.yaml,line=\d+,/);
    expect(lines.some((l) => l.includes('title=S001::') && l.includes('x%0A::stop-commands::abc\\x1b[2J\\u2028y'))).toBe(true);
    // a new token each run
    expect(b.stdout.split('\n')[0]).not.toBe(`::stop-commands::${token}`);
  });
});

describe('GITHUB_ACTIONS=true, other commands', () => {
  it('render --force and validate --format stylish pause commands around their reports too', async () => {
    const [render, stylish] = await Promise.all([
      declare(['render', '--force', '--html', '--out', 'out-gh', EVIL_NAME], { GITHUB_ACTIONS: 'true' }),
      declare(['validate', '--format', 'stylish', EVIL_NAME], { GITHUB_ACTIONS: 'true' }),
    ]);
    for (const out of [render.stderr, stylish.stdout]) {
      const token = /^::stop-commands::([0-9a-f]{32})\n/.exec(out)?.[1];
      expect(token).toBeDefined();
      const resume = out.indexOf(`\n::${token}::\n`);
      expect(resume).toBeGreaterThan(0);
      expect(commandLines(out.slice(resume + 1)).slice(1)).toEqual([]);
    }
  });
});

describe('machine formats printed to a terminal', () => {
  // JSON escapes C0 itself; C1 (U+009B is a one-character CSI), bidi controls and
  // U+2028/2029 it leaves raw. They must come out as \u escapes (JSON, SARIF, summary
  // JSON, diff JSON) or character references (JUnit): the same data for a parser.
  const C1_KEY = '"x\\u009b2J\\u202ey\\u2028z": 1\n';
  const file = 'c1.yaml';
  beforeAll(() => writeFileSync(path.join(dir, file), EXAMPLE + C1_KEY));

  it.each([['json'], ['sarif'], ['junit']])('validate --format %s holds no raw C1 or bidi control, and says the same', async (format) => {
    const r = await declare(['validate', '--format', format, file]);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(RAW);
    if (format === 'junit') expect(r.stdout).toContain('x&#x9b;2J&#x202e;y&#x2028;z');
    else expect(JSON.stringify(JSON.parse(r.stdout))).toContain('x\u009b2J\u202ey\u2028z');
  });

  it('summary --format json and diff --format json too', async () => {
    const summary = await declare(['summary', '--format', 'json', file]);
    expect(summary.stdout).not.toMatch(RAW);
    writeFileSync(path.join(dir, 'c1-new.yaml'), EXAMPLE.replace(/^department: .*$/m, 'department: "部门\\u009b\\u202e"'));
    const changed = await declare(['diff', '--format', 'json', 'c1.yaml', 'c1-new.yaml']);
    expect(changed.stdout).not.toMatch(RAW);
    expect(changed.stdout).toContain('\\u009b');
  });
});
