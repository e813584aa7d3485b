/**
 * The limits checked before parsing (src/load/load.ts prescan, issue 10 items 8, 11, 23):
 * what counts as a level or an entry and what is only text. Through load() directly:
 * these are about the answer, not the time (hostile.test.ts runs the big inputs through
 * the binary with time and memory bounds).
 */
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, MAX_ENTRIES, MAX_NODES, load } from '../../src/load/load.js';
import { BASE_YAML } from '../validate/helpers.js';

const code = (text: string) => load(text).problem?.code;
const line = (text: string) => {
  const l = load(text);
  return l.problem ? l.positions.at(l.problem.start).line : undefined;
};

describe('nesting is bounded before parsing, whatever construct nests', () => {
  const deep = MAX_DEPTH + 2;
  it.each([
    ['explicit keys on one line', `${'? '.repeat(deep)}x\n`],
    ['explicit keys, one per line', Array.from({ length: deep }, (_, i) => `${' '.repeat(i)}?`).join('\n') + '\n'],
    ['lists and explicit keys alternately', `${'- ? '.repeat(deep)}x\n`],
    ['lists at the column of their mapping key (`k:` / `- k:`)', ['k0:', ...Array.from({ length: deep / 2 }, (_, i) => `${'  '.repeat(i)}- k${i + 1}:`)].join('\n') + '\n'],
    ['flow lists of implicit pairs (two levels per bracket)', `${'[a: '.repeat(deep / 2)}x${']'.repeat(deep / 2)}\n`],
    ['flow inside block', `${'- '.repeat(deep / 2)}${'['.repeat(deep / 4 + 1)}x${']'.repeat(deep / 4 + 1)}\n`],
    ['anchors and tags between the indicators', Array.from({ length: deep }, (_, i) => `${' '.repeat(2 * i)}- &a${i} !!seq`).join('\n') + '\n'],
  ])('%s', (_name, text) => {
    expect(code(text)).toBe('TOO_DEEP');
  });

  it('counts a real declaration as shallow', () => {
    expect(load(BASE_YAML).problem).toBeUndefined();
  });
});

describe('a bracket or indicator inside text is text (a valid file is never refused)', () => {
  const many = '[注'.repeat(MAX_DEPTH + 10);
  it.each([
    ['plain text', `  - 名称${many}`],
    ['a continued plain line', `  - 续行\n    ${many}`],
    ['double quotes', `  - "${many}"`],
    ["single quotes with ''", `  - '它''s ${many}'`],
    ['a block scalar', `  - |\n    ${many}\n    - - - ? ? ?`],
    ['a comment', `  - 目标 # ${many}`],
    ['dashes and question marks in plain text', `  - 目标 ${'- ? '.repeat(MAX_DEPTH + 10)}`],
  ])('%s', (_name, goal) => {
    const text = BASE_YAML.replace(/^goals:\n {2}- .*$/m, `goals:\n${goal}`);
    expect(text).not.toBe(BASE_YAML);
    expect(load(text).problem).toBeUndefined();
  });
});

describe('counts are bounded before parsing', () => {
  it(`refuses entry ${MAX_ENTRIES + 1} of one list, at that entry`, () => {
    const text = `goals:\n${'  - g\n'.repeat(MAX_ENTRIES + 5)}`;
    expect(code(text)).toBe('TOO_MANY');
    expect(line(text)).toBe(MAX_ENTRIES + 2);
  });
  it(`accepts ${MAX_ENTRIES} entries`, () => {
    expect(code(`goals:\n${'  - g\n'.repeat(MAX_ENTRIES)}`)).toBeUndefined();
  });
  it('refuses a flow list with too many entries', () => {
    expect(code(`[${'1,'.repeat(MAX_ENTRIES + 1)}1]\n`)).toBe('TOO_MANY');
  });
  it('refuses a mapping with too many keys', () => {
    expect(code(Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => `k${i}: 1\n`).join(''))).toBe('TOO_MANY');
  });
  it(`refuses more than ${MAX_NODES} values spread over many lists`, () => {
    const list = `${'  - g\n'.repeat(1000)}`;
    const text = Array.from({ length: MAX_NODES / 1000 }, (_, i) => `l${i}:\n${list}`).join('');
    expect(code(text)).toBe('TOO_MANY');
  });
  it('counts empty list items too', () => {
    const text = Array.from({ length: MAX_NODES / 1000 + 1 }, (_, i) => `-\n${'  -\n'.repeat(1000)}`.replace(/^-/, `- # ${i}`)).join('');
    expect(code(text)).toBe('TOO_MANY');
  });
});

describe('duplicate keys are found without the parser (uniqueKeys is off: it is quadratic)', () => {
  it.each([
    ['the same text', 'a: 1\na: 2\n'],
    ['plain and quoted', "a: 1\n'a': 2\n"],
    ['equal numbers', '1: a\n1.0: b\n'],
    ['in a flow mapping', '{a: 1, a: 2}\n'],
  ])('%s', (_name, text) => {
    expect(code(text)).toBe('DUPLICATE_KEY');
    expect(line(text)).toBe(text.startsWith('{') ? 1 : 2);
  });
});
