/**
 * The hostile-input corpus (issue 5.1): files that people type, paste from Excel or get
 * from others, at their worst. Each case builds its input in a temporary directory (the
 * big ones are generated, never committed), says what the binary must answer (exit
 * code per cli.md, rule IDs, a phrase of the message) and which limit applies (README
 * "Limits and hostile input"). hostile.test.ts runs them and records the outcomes for
 * docs/RELIABILITY.md.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BASE_YAML, replaceOnce } from '../validate/helpers.js';

/** How a case is run: the arguments, and where and with what. */
export interface CaseRun {
  /** arguments after `declare` */
  args: string[];
  /** standard input */
  input?: Uint8Array | string;
  /** extra environment */
  env?: Record<string, string>;
  /** fault-injection preloads (node --import) */
  imports?: string[];
}

/** What the binary must answer. */
export interface CaseExpectation {
  /** exit code (cli.md) */
  exit: 0 | 1 | 2;
  /** rule IDs of every diagnostic, in report order (validate --format json) */
  rules: string[];
  /** a phrase of the first diagnostic's message, or of stderr for a tool failure */
  mention?: RegExp;
  /** line of the first diagnostic */
  line?: number;
  /** extra checks on the run; return problems in words */
  extra?: (run: { stdout: string; stderr: string; dir: string }) => string[];
}

/** One hostile input. */
export interface HostileCase {
  /** stable ID, kebab-case (first column of the table) */
  id: string;
  /** the input in words */
  input: string;
  /** the limit or rule that applies */
  limit: string;
  /** write the input into `dir` and say how to run */
  setup: (dir: string) => CaseRun;
  expect: CaseExpectation;
  /** a known product bug: the case fails until it is fixed (it.fails) */
  bug?: string;
  /**
   * A wider hang guard (ms) for the largest inputs the limits allow (10,000 tasks, 100,000
   * findings, 1,000 files): on a shared 2-core machine running other suites beside this
   * one their wall time varies several-fold, and this is a hang guard, not a performance
   * assertion (bench/ measures speed). Default TIME_LIMIT_MS.
   */
  timeLimitMs?: number;
}

const enc = (s: string) => Buffer.from(s, 'utf8');

/** Validate one file as JSON, in English (the table is in English). */
const validate = (file: string): string[] => ['validate', file, '--format', 'json', '--lang', 'en'];

function put(dir: string, name: string, data: string | Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
}

/** BASE_YAML's `tasks:` block replaced by `tasks`. */
function withTasks(tasks: string): string {
  return BASE_YAML.replace(/tasks:\n(?: {2}- .*\n| {4}.*\n)+/, `tasks:\n${tasks}`);
}

/** A 1 MB text that trips no rule (no character six times in a row, not a placeholder). */
function longText(bytes: number): string {
  const words = ['宣传', '文化', '理论', '阐释', '新闻', '发布', '网络', '文明', '创建', '志愿', '服务', '阵地'];
  const parts: string[] = [];
  // each part is 5 characters of 3 UTF-8 bytes
  for (let i = 0; i * 15 < bytes; i++) parts.push(words[i % words.length]! + words[(i * 7 + 3) % words.length]! + '，');
  return parts.join('');
}

/** The ten-level billion-laughs bomb (9^9 nodes). */
function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const [me, prev] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
    lines.push(`${me}: &${me} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

const GOAL = '  - 高举思想旗帜，深入学习宣传贯彻习近平新时代中国特色社会主义思想。';
const TASK_NAME = 'name: 深入抓好';

export const CASES: HostileCase[] = [
  {
    id: 'empty-file',
    input: 'an empty file (0 bytes)',
    limit: 'S001: every required field is missing; one diagnostic at 1:1',
    setup: (dir) => ({ args: validate(put(dir, 'empty.yaml', '')) }),
    expect: { exit: 1, rules: ['S001'], line: 1 },
  },
  {
    id: 'only-comments',
    input: 'only comments and blank lines',
    limit: 'same as an empty file',
    setup: (dir) => ({ args: validate(put(dir, 'comments.yaml', '# 申报表\n\n# 待填写\n')) }),
    expect: { exit: 1, rules: ['S001'], line: 1 },
  },
  {
    id: 'size-50mb',
    input: 'a 50 MB file (a valid declaration followed by 50 MB of comment lines)',
    limit: '10 MB per file: at most 10 MB + 1 byte is read',
    setup: (dir) => {
      const line = `# ${'备注'.repeat(30)}\n`;
      const body = Buffer.alloc(50 * 1024 * 1024, line);
      return { args: validate(put(dir, 'big.yaml', Buffer.concat([enc(BASE_YAML), body]))) };
    },
    expect: { exit: 1, rules: ['Y001'], line: 1, mention: /10 MB/ },
  },
  {
    id: 'size-50mb-stdin',
    input: 'the same 50 MB on standard input (`-`)',
    limit: '10 MB: standard input is read up to the limit, then refused',
    setup: () => ({ args: validate('-'), input: Buffer.concat([enc(BASE_YAML), Buffer.alloc(50 * 1024 * 1024, '# 备注\n')]) }),
    expect: { exit: 1, rules: ['Y001'], line: 1, mention: /10 MB/ },
  },
  {
    id: 'dev-zero',
    input: '/dev/zero (an endless special file)',
    limit: 'refused before reading: not a regular file (a FIFO or device may block or never end; - reads stdin)',
    setup: () => ({ args: validate('/dev/zero') }),
    expect: { exit: 2, rules: [], mention: /not a regular file/ },
  },
  {
    id: 'tasks-10000',
    timeLimitMs: 30_000,
    input: '10,000 tasks (860 KB)',
    limit: 'no count limit: checked completely',
    setup: (dir) => ({ args: validate(put(dir, 'tasks.yaml', tasks10k())) }),
    expect: { exit: 0, rules: [] },
  },
  {
    id: 'tasks-10000-html',
    timeLimitMs: 30_000,
    input: '10,000 tasks rendered to HTML',
    limit: 'no count limit: every task is a row',
    setup: (dir) => ({ args: ['render', put(dir, 'tasks.yaml', tasks10k()), '--html', '--out', path.join(dir, 'out')] }),
    expect: {
      exit: 0,
      rules: [],
      extra: ({ dir }) => {
        const html = readText(path.join(dir, 'out', 'tasks.html'));
        const rows = html.match(/任务\d+</g)?.length ?? 0;
        return rows === 10_000 ? [] : [`${rows} task rows in the HTML, expected 10000`];
      },
    },
  },
  {
    id: 'line-1mb',
    input: 'a whole declaration on one 1 MB line (flow style, a 1 MB goal)',
    limit: 'no line-length limit below the 10 MB file limit',
    setup: (dir) => ({ args: validate(put(dir, 'line.yaml', oneLine(longText(1024 * 1024)))) }),
    expect: { exit: 0, rules: [] },
  },
  {
    id: 'nest-flow-10000',
    input: 'flow lists nested 10,000 deep (`[[[…]]]`)',
    limit: 'nesting depth 64, counted before parsing',
    setup: (dir) => ({ args: validate(put(dir, 'flow.yaml', replaceOnce(BASE_YAML, 'level: 区', `level: ${'['.repeat(10_000)}区${']'.repeat(10_000)}`))) }),
    expect: { exit: 1, rules: ['Y001'], line: 3, mention: /nest/i },
  },
  {
    id: 'nest-block-seq-10000',
    input: 'block lists nested 10,000 deep on one line (`- - - … x`)',
    limit: 'nesting depth 64, counted before parsing',
    setup: (dir) => ({ args: validate(put(dir, 'seq.yaml', `${'- '.repeat(10_000)}x\n`)) }),
    expect: { exit: 1, rules: ['Y001'], line: 1, mention: /nest/i },
  },
  {
    id: 'nest-block-map-3000',
    input: 'block mappings nested 3,000 deep (one more space per line, 4.5 MB)',
    limit: 'nesting depth 64: Y001 at the first line over it (line 66)',
    setup: (dir) => {
      let map = '';
      for (let i = 0; i < 3000; i++) map += `${' '.repeat(i)}k${i}:\n`;
      return { args: validate(put(dir, 'map.yaml', map)) };
    },
    expect: { exit: 1, rules: ['Y001'], line: 66, mention: /nest/i },
  },
  {
    id: 'alias-billion-laughs',
    input: 'billion laughs: 10 anchors of 9 aliases each (9^9 nodes)',
    limit: 'alias expansion: 10,000 nodes',
    setup: (dir) => ({ args: validate(put(dir, 'lol.yaml', billionLaughs())) }),
    expect: { exit: 1, rules: ['Y001'], line: 5, mention: /alias/i },
  },
  {
    id: 'alias-bomb-in-goal',
    input: 'an alias bomb (10^8 nodes) used as a goal of a valid declaration',
    limit: 'alias expansion: 10,000 nodes',
    setup: (dir) => {
      const bomb = ['x0: &x0 [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]'];
      for (let i = 1; i < 8; i++) bomb.push(`x${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(', ')}]`);
      return { args: validate(put(dir, 'bomb.yaml', `${bomb.join('\n')}\n${replaceOnce(BASE_YAML, GOAL, '  - *x7')}`)) };
    },
    expect: { exit: 1, rules: ['Y001'], mention: /alias/i },
  },
  {
    id: 'alias-text-amplification',
    input: 'one 1 MB text anchored once and aliased 200 times as goals (a 1 MB file)',
    limit: 'alias expansion: 10,000 nodes and 1,000,000 characters; refused before rendering',
    setup: (dir) => {
      const text = replaceOnce(BASE_YAML, GOAL, `  - &a "${longText(1024 * 1024)}"\n${'  - *a\n'.repeat(200)}`.trimEnd());
      return { args: ['render', put(dir, 'amplify.yaml', text), '--html', '--out', path.join(dir, 'out'), '--lang', 'en'] };
    },
    expect: {
      exit: 1,
      rules: ['Y001'],
      mention: /alias expansion exceeds .*characters/,
      extra: ({ dir }) => (existsSync(path.join(dir, 'out', 'amplify.html')) ? ['amplify.html was written'] : []),
    },
  },
  {
    id: 'tag-js-function',
    input: '`!!js/function` on a value',
    limit: 'only the YAML 1.2 core tags are accepted; no tag is executed',
    setup: (dir) => ({ args: validate(put(dir, 'js.yaml', replaceOnce(BASE_YAML, 'level: 区', 'level: !!js/function "function () { return process.exit(7) }"'))) }),
    expect: { exit: 1, rules: ['Y001'], line: 3, mention: /tag/i },
  },
  {
    id: 'tag-binary',
    input: '`!!binary` on a value',
    limit: 'only the YAML 1.2 core tags are accepted; nothing is decoded',
    setup: (dir) => ({ args: validate(put(dir, 'bin.yaml', replaceOnce(BASE_YAML, 'level: 区', 'level: !!binary 5Yy6'))) }),
    expect: { exit: 1, rules: ['Y001'], line: 3, mention: /tag/i },
  },
  {
    id: 'tag-unknown',
    input: 'an unknown local tag `!quji` on a mapping',
    limit: 'only the YAML 1.2 core tags are accepted',
    setup: (dir) => ({ args: validate(put(dir, 'tag.yaml', replaceOnce(BASE_YAML, 'budget:', 'budget: !quji'))) }),
    expect: { exit: 1, rules: ['Y001'], mention: /tag/i },
  },
  {
    id: 'merge-key',
    input: 'a merge key `<<: *defaults` in the budget',
    limit: 'merges are off: `<<` is an unknown key',
    setup: (dir) => ({
      args: validate(put(dir, 'merge.yaml', replaceOnce(`defaults: &d { basic: 1499.73 }\n${BASE_YAML}`, '  expenditure:\n', '  expenditure:\n    <<: *d\n'))),
    }),
    expect: { exit: 1, rules: ['S001', 'S001'], mention: /defaults|<</ },
  },
  {
    id: 'invalid-utf8',
    input: 'a 0xFF byte in a task text',
    limit: 'UTF-8 only: Y001 at the line and column of the bad byte',
    setup: (dir) => {
      const bytes = enc(replaceOnce(BASE_YAML, '    content: 持续', '    content: 持续@'));
      bytes[bytes.indexOf(0x40)] = 0xff;
      return { args: validate(put(dir, 'bad.yaml', bytes)) };
    },
    expect: { exit: 1, rules: ['Y001'], line: 21, mention: /UTF-8/ },
  },
  {
    id: 'utf16-bom',
    input: 'the declaration saved as UTF-16 LE with a BOM (Windows Notepad "Unicode")',
    limit: 'UTF-8 only: Y001 naming UTF-16',
    setup: (dir) => ({ args: validate(put(dir, 'utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BASE_YAML, 'utf16le')]))) }),
    expect: { exit: 1, rules: ['Y001'], line: 1, mention: /UTF-16/ },
  },
  {
    id: 'nul-bytes',
    input: 'a NUL byte after `level: 区`',
    limit: 'no NUL: Y001 at its line',
    setup: (dir) => ({ args: validate(put(dir, 'nul.yaml', replaceOnce(BASE_YAML, 'level: 区', 'level: 区\u0000'))) }),
    expect: { exit: 1, rules: ['Y001'], line: 3 },
  },
  {
    id: 'binary-file',
    input: 'a gzip file named .yaml',
    limit: 'UTF-8 only: Y001 at the first bad byte',
    setup: (dir) => ({ args: validate(put(dir, 'archive.yaml', gzipSync(BASE_YAML))) }),
    expect: { exit: 1, rules: ['Y001'], line: 1 },
  },
  {
    id: 'directory-named-yaml',
    input: 'a directory named x.yaml, named on the command line',
    limit: 'a path that is not a file: exit 2 naming it',
    setup: (dir) => {
      mkdirSync(path.join(dir, 'x.yaml'));
      return { args: validate(path.join(dir, 'x.yaml')) };
    },
    // A directory argument is searched for *.yaml; an empty one is "nothing to check".
    expect: { exit: 2, rules: [], mention: /x\.yaml/ },
  },
  {
    id: 'directory-named-yaml-in-dir',
    input: 'a directory named x.yaml inside a directory being checked',
    limit: 'directories are searched for files only',
    setup: (dir) => {
      mkdirSync(path.join(dir, 'in', 'x.yaml'), { recursive: true });
      put(path.join(dir, 'in'), 'ok.yaml', BASE_YAML);
      return { args: validate(path.join(dir, 'in')) };
    },
    expect: { exit: 0, rules: [] },
  },
  {
    id: 'symlink-loop',
    input: 'a.yaml → b.yaml → a.yaml',
    limit: 'exit 2 naming the file and saying it is a loop',
    setup: (dir) => {
      symlinkSync(path.join(dir, 'b.yaml'), path.join(dir, 'a.yaml'));
      symlinkSync(path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml'));
      return { args: validate(path.join(dir, 'a.yaml')) };
    },
    expect: { exit: 2, rules: [], mention: /a\.yaml.*loop/ },
  },
  {
    id: 'vanishing-file',
    input: 'b.yaml deleted after the directory was listed, before it is read (beside a valid a.yaml)',
    limit: 'exit 2 naming the file; the other files are still checked',
    setup: (dir) => {
      put(dir, 'a.yaml', BASE_YAML);
      put(dir, 'b.yaml', BASE_YAML);
      return { args: validate(dir), imports: [path.join(import.meta.dirname, 'vanish-preload.mjs')], env: { DECLARE_TEST_VANISH: `${path.sep}b.yaml` } };
    },
    expect: {
      exit: 2,
      rules: [],
      mention: /b\.yaml.*(does not exist|removed)/,
      extra: ({ stdout }) => {
        const files = (JSON.parse(stdout) as { files: { file: string }[] }).files.map((f) => path.basename(f.file));
        return files.join() === 'a.yaml' ? [] : [`report lists ${files.join()}, expected a.yaml`];
      },
    },
  },
  {
    id: 'bidi-override',
    input: 'U+202E (right-to-left override) inside a task name',
    limit: 'R007 warning naming the code point; exit 0',
    setup: (dir) => ({ args: validate(put(dir, 'bidi.yaml', replaceOnce(BASE_YAML, TASK_NAME, 'name: 深入\u202e抓好'))) }),
    expect: { exit: 0, rules: ['R007'], line: 20, mention: /U\+202E/ },
  },
  {
    id: 'zero-width',
    input: 'U+200B (zero-width space) inside a department name',
    limit: 'R007 warning naming the code point; exit 0',
    setup: (dir) => ({ args: validate(put(dir, 'zw.yaml', replaceOnce(BASE_YAML, 'department: 中国共产党', 'department: 中国\u200b共产党'))) }),
    expect: { exit: 0, rules: ['R007'], line: 2, mention: /U\+200B/ },
  },
  {
    id: 'prototype-keys',
    input: '`__proto__:` and `constructor:` keys at the top and in a task',
    limit: 'S001 unknown key; mappings are prototype-less',
    setup: (dir) => ({
      args: validate(put(dir, 'proto.yaml', replaceOnce(`__proto__: { polluted: 1 }\n${BASE_YAML}`, `  - ${TASK_NAME}`, `  - constructor: { prototype: { polluted: 1 } }\n    ${TASK_NAME}`))),
    }),
    expect: { exit: 1, rules: ['S001', 'S001'], line: 1, mention: /__proto__/ },
  },
  {
    id: 'batch-1000-files',
    timeLimitMs: 30_000,
    input: 'a directory of 1,000 declarations (the Huadu example)',
    limit: 'files are read and checked one at a time',
    setup: (dir) => {
      const huadu = readText(path.join(import.meta.dirname, '..', '..', 'examples', 'huadu-propaganda-2023.yaml'));
      mkdirSync(path.join(dir, 'many'));
      for (let i = 0; i < 1000; i++) put(path.join(dir, 'many'), `f${String(i).padStart(4, '0')}.yaml`, huadu);
      return { args: validate(path.join(dir, 'many')) };
    },
    expect: {
      exit: 0,
      rules: Array.from({ length: 1000 }, () => ['M004', 'R015', 'M004', 'R015', 'R015', 'R015', 'R002', 'R010']).flat(),
      extra: ({ stdout }) => {
        const r = JSON.parse(stdout) as { summary: { files: number; warnings: number } };
        return r.summary.files === 1000 && r.summary.warnings === 8000 ? [] : [`summary ${JSON.stringify(r.summary)}`];
      },
    },
  },
  // Issue 10, items 8-11 and 23: every nesting construct and every count is bounded
  // before the parser sees it, and no step is quadratic in the number of keys or findings.
  {
    id: 'nest-explicit-key-10mb',
    input: '10 MB of explicit keys nested on one line (`? ? ? … x`)',
    limit: 'nesting depth 64, counted by the yaml lexer before parsing',
    setup: (dir) => ({ args: validate(put(dir, 'keys.yaml', `${'? '.repeat(5 * 1024 * 1024 - 4)}x\n`)) }),
    expect: { exit: 1, rules: ['Y001'], line: 1, mention: /nest/i },
  },
  {
    id: 'nest-compact-mixed',
    input: 'lists and explicit keys nested alternately on one line (`- ? - ? … x`, 20,000 times)',
    limit: 'nesting depth 64: every indicator on a line is a level',
    setup: (dir) => ({ args: validate(put(dir, 'compact.yaml', `${'- ? '.repeat(20_000)}x\n`)) }),
    expect: { exit: 1, rules: ['Y001'], line: 1, mention: /nest/i },
  },
  {
    id: 'brackets-in-text',
    input: 'a valid declaration whose texts hold 130 unbalanced `[` and `{` (plain, quoted, block and continued text, a comment)',
    limit: 'a bracket inside text is text: a valid file is never refused',
    setup: (dir) => {
      const goals = [
        // never one character six times in a row (R007)
        `  - 名称${'[注'.repeat(30)} 说明`,
        `  - "引号里的${'[注'.repeat(20)}"`,
        `  - '单引号里的${'{注'.repeat(20)}'`,
        `  - |\n    块文本${'[{'.repeat(15)}`,
        `  - 续行的文字\n    ${'[注'.repeat(30)} 未闭合`,
      ].join('\n');
      return { args: validate(put(dir, 'brackets.yaml', replaceOnce(BASE_YAML, GOAL, `${goals} # 备注[[[`))) };
    },
    expect: { exit: 0, rules: [] },
  },
  {
    id: 'unknown-keys-19000',
    timeLimitMs: 30_000,
    input: '19,000 unknown keys in the top mapping',
    limit: 'key lookup is a hash (was a search: quadratic); at most 100 diagnostics per rule per file, then one line with the count',
    setup: (dir) => ({ args: validate(put(dir, 'keys.yaml', BASE_YAML + Array.from({ length: 19_000 }, (_, i) => `k${i}: 1\n`).join(''))) }),
    expect: {
      exit: 1,
      rules: Array<string>(101).fill('S001'),
      extra: ({ stdout }) => omittedLine(stdout, 'S001', 18_900, 19_000),
    },
  },
  {
    id: 'unknown-keys-500000',
    input: '500,000 unknown keys in the top mapping (5.4 MB)',
    limit: '20,000 entries per list or mapping, counted before parsing: Y001 at the 20,001st',
    setup: (dir) => ({ args: validate(put(dir, 'keys.yaml', BASE_YAML + Array.from({ length: 500_000 }, (_, i) => `k${i}: 1\n`).join(''))) }),
    expect: { exit: 1, rules: ['Y001'], line: lineCount(BASE_YAML) + 20_001 - 7, mention: /too many entries/ },
  },
  {
    id: 'findings-100000',
    timeLimitMs: 30_000,
    input: '33,336 empty indicator rows (`- {}`) under four 二级指标: 100,008 missing fields',
    limit: 'at most 100 diagnostics per rule per file, then one line with the count; totals stay true',
    setup: (dir) => ({ args: validate(put(dir, 'empty.yaml', emptyRows())) }),
    expect: {
      exit: 1,
      rules: Array<string>(101).fill('S001'),
      extra: ({ stdout }) => omittedLine(stdout, 'S001', 99_908, 100_008),
    },
  },
  {
    id: 'findings-100000-stylish',
    timeLimitMs: 30_000,
    input: 'the same 100,008 findings in the default (stylish) report',
    limit: 'no spread of an unbounded array (`Maximum call stack size exceeded`); one summary line per rule',
    setup: (dir) => ({ args: ['validate', put(dir, 'empty.yaml', emptyRows()), '--lang', 'en'] }),
    expect: {
      exit: 1,
      rules: [],
      extra: ({ stdout }) => {
        const problems: string[] = [];
        if (!stdout.includes('… and 99,908 more S001 problems')) problems.push('no "… and 99,908 more S001 problems" line');
        if (!/✖ 100008 problems \(100008 errors, 0 warnings\)/.test(stdout)) problems.push(`total line: ${JSON.stringify(stdout.trim().split('\n').at(-1))}`);
        return problems;
      },
    },
  },
  {
    id: 'goals-1000000',
    input: '1,000,000 goals (8 MB)',
    limit: '20,000 entries per list, counted before parsing: Y001 at the 20,001st goal',
    setup: (dir) => ({ args: validate(put(dir, 'goals.yaml', replaceOnce(BASE_YAML, GOAL, '  - 目\n'.repeat(1_000_000).trimEnd()))) }),
    expect: { exit: 1, rules: ['Y001'], line: lineOf(BASE_YAML, 'goals:') + 20_001, mention: /too many entries/ },
  },
];

/** Number of lines of a text that ends with a newline. */
function lineCount(text: string): number {
  return text.split('\n').length - 1;
}

/** 1-based line of the first line of `text` that starts with `start`. */
function lineOf(text: string, start: string): number {
  return text.split('\n').findIndex((l) => l.startsWith(start)) + 1;
}

/** BASE_YAML with 8,334 empty rows (`- {}`, three missing fields each) under each of the four 产出指标 lists. */
function emptyRows(): string {
  const rows = '      - {}\n'.repeat(8_334);
  const output = `  产出指标:\n${['数量指标', '质量指标', '时效指标', '成本指标'].map((l2) => `    ${l2}:\n${rows}`).join('')}`;
  return BASE_YAML.replace(/ {2}产出指标:\n(?: {4}.*\n)+/, output);
}

/** Problems with the JSON report's last diagnostic (the count of the left-out ones) and totals. */
function omittedLine(stdout: string, rule: string, omitted: number, errors: number): string[] {
  const r = JSON.parse(stdout) as { files: { errors: number; diagnostics: { rule: string; omitted?: number; message: string }[] }[] };
  const f = r.files[0]!;
  const last = f.diagnostics.at(-1);
  const problems: string[] = [];
  if (last?.rule !== rule || last.omitted !== omitted) problems.push(`last diagnostic ${JSON.stringify(last)}, expected ${rule} with omitted ${omitted}`);
  if (f.errors !== errors) problems.push(`errors ${f.errors}, expected ${errors}`);
  return problems;
}

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

/** BASE_YAML with 10,000 distinct tasks of 0.01 万元 each. */
function tasks10k(): string {
  const task = (i: number) => `  - name: 任务${i}\n    content: 内容${i}\n    funds: 0.01\n    expected: 目标${i}\n`;
  return withTasks(Array.from({ length: 10_000 }, (_, i) => task(i)).join(''));
}

/** The whole declaration on one line, with `goal` as its only goal. */
function oneLine(goal: string): string {
  return (
    `{year: 2023, department: 中国共产党广州市花都区委员会宣传部, level: 区, ` +
    `budget: {expenditure: {basic: 1499.73, project: 1354.87}, development: {special: 0.00, other: 942.46}, ` +
    `income: {appropriation: 3797.06, other: 0.00}, allocation: {own: 3707.06, transfer: 90.00}}, ` +
    `goals: ["${goal}"], tasks: [{name: 任务, content: 内容, funds: 1.00, expected: 目标}], ` +
    `indicators: {产出指标: {数量指标: [{name: 场次, period: 10场, annual: 10场}]}, 效益指标: {社会效益指标: [{name: 效果, period: 提升, annual: 提升}]}, ` +
    `满意度指标: {服务对象满意度指标: [{name: 满意度, period: 不低于90%, annual: 不低于90%}]}, ` +
    `成本指标: {经济成本指标: [{name: 经费, period: 不超过80万元, annual: 不超过80万元}]}}}\n`
  );
}
