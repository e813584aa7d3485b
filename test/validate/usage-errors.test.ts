/**
 * Issue 10 items 22/23: command-line mistakes are told in the user's language (Chinese by
 * default, English with --lang en), exit 2, with "did you mean" where commander has a
 * guess; a file name starting with '-' gets the ./ or -- hint; --no-color is accepted by
 * every command that prints for people. Through the real binary.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runNode } from '../helpers/spawn.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const EXAMPLE = path.join(root, 'examples', 'huadu-propaganda-2023.yaml');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'declare-usage-'));
  writeFileSync(path.join(dir, '-x.yaml'), readFileSync(EXAMPLE));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const declare = (args: string[]) => runNode(BIN, args, { cwd: dir });

describe('usage errors in Chinese (default) and English (--lang en), exit 2', () => {
  it.each([
    ['unknown option with a guess', ['validate', EXAMPLE, '--formt', 'json'], '未知选项 --formt（是不是要写 --format？）', "unknown option '--formt' (did you mean --format?)"],
    ['missing argument', ['validate'], '缺少必需的参数 <inputs>', 'missing required argument <inputs>'],
    ['option without its value', ['validate', EXAMPLE, '--output'], '选项 -o, --output <file> 缺少值', 'option -o, --output <file> needs a value'],
    ['invalid choice', ['validate', EXAMPLE, '--format', 'xml'], '选项 -f, --format <format> 的值「xml」无效：可选值：stylish, json, sarif, junit, github', "option -f, --format <format>: invalid value 'xml': allowed: stylish, json, sarif, junit, github"],
    ['unknown command with a guess', ['valdate', EXAMPLE], '未知命令 valdate（是不是要写 validate？）', "unknown command 'valdate' (did you mean validate?)"],
    ['too many arguments', ['rules', 'M001', 'M002'], '参数太多：命令 rules 最多接受 1 个参数，收到 2 个', 'too many arguments for rules: expected at most 1, got 2'],
  ])('%s', async (_name, args, zh, en) => {
    const [z, e] = await Promise.all([declare(args), declare([args[0]!, '--lang', 'en', ...args.slice(1)])]);
    expect(z.status).toBe(2);
    expect(z.stderr).toContain(`declare: ${zh}`);
    expect(z.stderr).not.toMatch(/error:|unknown option|Did you mean/);
    expect(e.status).toBe(2);
    expect(e.stderr).toContain(`declare: ${en}`);
  });
});

describe('a file name starting with -', () => {
  it('is read as an option: the message says to write ./-x.yaml or put it after --', async () => {
    const r = await declare(['validate', '-x.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('./-x.yaml');
    expect(r.stderr).toContain('--');
    // and both ways work
    const [dot, dashes] = await Promise.all([declare(['validate', './-x.yaml']), declare(['validate', '--', '-x.yaml'])]);
    expect(dot.status).toBe(0);
    expect(dashes.status).toBe(0);
  });
});

describe('--no-color', () => {
  it.each([
    [['render', '--no-color', '--html', '--out', 'out', EXAMPLE]],
    [['summary', '--no-color', EXAMPLE]],
    [['fmt', '--check', '--no-color', EXAMPLE]],
    [['rules', '--no-color']],
    [['diff', '--no-color', EXAMPLE, EXAMPLE]],
    [['validate', '--no-color', EXAMPLE]],
  ])('%j is accepted', async (args) => {
    const r = await declare(args);
    expect(r.stderr).not.toContain('未知选项');
    expect(r.status).toBe(0);
  });

  it('render --force --no-color prints its refusal report without colour even when forced on', async () => {
    writeFileSync(path.join(dir, 'bad.yaml'), readFileSync(EXAMPLE, 'utf8').replace(/^(\s+basic:).*/m, '$1 -1'));
    const r = await runNode(BIN, ['render', '--no-color', '--html', '--out', 'out', 'bad.yaml'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('S002');
    expect(r.stderr).not.toMatch(/\x1b\[/);
  });
});
