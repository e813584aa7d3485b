/**
 * Issue 11: every user-facing sentence lives in a catalogue made with defineMessages
 * (src/messages/*.ts, and each rule's own table). This walks every registered catalogue
 * and checks each entry in both languages: not empty, Chinese text in the Chinese
 * table, none in the English one (bar the form's own domain terms), and every message
 * function gives a clean string for sample arguments. The compile-time half (a missing
 * or extra translation, a wrong argument type) is test/authoring/messages.types.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUES, type Catalogue, type Message } from '../../src/messages/catalogue.js';
import { RULES } from '../../src/rules/index.js';
import { repoRoot } from './helpers.js';

const MESSAGES_DIR = path.join(repoRoot, 'src/messages');

/** Catalogue → a name for failure messages (`cli.ioMessages`; rule tables by index). */
const names = new Map<Catalogue<Record<string, Message>>, string>();

beforeAll(async () => {
  // Import every module of src/messages so its catalogues register; the rules register theirs.
  for (const file of readdirSync(MESSAGES_DIR).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(path.join(MESSAGES_DIR, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (CATALOGUES.includes(value as Catalogue<Record<string, Message>>)) names.set(value as Catalogue<Record<string, Message>>, `${file.replace(/\.ts$/, '')}.${name}`);
    }
  }
  expect(RULES.length).toBeGreaterThan(0);
  CATALOGUES.forEach((c, i) => {
    if (!names.has(c)) names.set(c, `catalogue #${i} (${Object.keys(c.tables.zh).slice(0, 3).join(', ')}, …)`);
  });
});

/** Chinese: CJK ideographs, CJK punctuation (。、「」), full-width forms (：，（）). */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

/**
 * The form's own words, which English messages quote as they are printed on the form
 * (the form's title, the 「未通过校验」 stamp, the unit, budget levels, indicator
 * categories, column labels, and the full-width characters a message warns about).
 */
const DOMAIN_TERMS = [
  '部门整体预算绩效目标申报表', '未通过校验', '万元', '产出指标', '成本指标', '效益指标', '服务对象满意度指标', '满意度指标', '时效指标',
  '期望达到的目标', '主要实施内容', '部门名称', '基本支出', '项目支出绩效目标申报表', '省 市 区 县 镇', '：', '「', '」',
  // the values of an indicator's `type` as written in the YAML (R017)
  '定量', '定性',
];
/** Examples of what to write in the form, which English messages quote in Chinese as they would be written (R013, R014). */
const FORM_EXAMPLES = ['宣讲活动场次', '单场活动成本', '2023年12月底前', '每季度', '5个工作日内', '基本支出'];
const withoutDomainTerms = (s: string): string => [...FORM_EXAMPLES, ...DOMAIN_TERMS].reduce((t, w) => t.split(w).join(''), s);

/** Chinese entries that are a grammar rule over their arguments only, with no words of their own. */
const NO_WORDS_OF_THEIR_OWN = new Set(['schema.fieldMessages.ownLevel']);

/** Sample arguments, by name: ASCII, so any Chinese in a result is the message's own. */
const SAMPLES: Record<string, unknown> = {
  zh: '基本支出', en: 'basic expenditure', file: 'a.yaml', input: 'forms/*.yaml', shown: 'out/a.*', name: 'a.yaml', other: 'b.yaml', label: 'a.yaml', at: 'schema.json',
  dir: 'forms', where: '/tmp/x', reason: 'EIO', code: 'ENOSPC', detail: 'fatal: x', stack: 'Error: x', message: 'bad indentation',
  kind: 'fifo', isConfig: true, directory: false, text: 'rules must be a mapping', key: 'expenditures', id: 'X999', ids: 'Y001 S001',
  rule: 'R003', encoding: 'gbk', count: 1234, line: 3, column: 5, rev: 'HEAD~1', options: ['--format', '--fix'], flag: '--fromat',
  mean: ' (x)', hint: '; x', command: 'validate', option: '--format', choices: 'json, sarif', value: 'xml', why: 'allowed: json',
  expected: '1', got: '2', levels: 'a b', department: 'x\ny', warnings: 7, errors: 2, max: 100, epoch: '-1', min: 1, default: 60,
  seconds: 61, browser: '/usr/bin/chromium', bundled: '', mb: '12.5', files: 3, names: ['a.yaml', 'b.yaml'], total: 4, inline: 3,
  config: 1, hidden: 2, suppression: { kind: 'inline', line: 4, reason: 'agreed with the bureau' }, amount: '80.00', f: 'budget.basic', dotted: 'budget.expenditure.basic',
  parent: 'budget', suggestion: 'expenditure', expect: 'list', source: '20x4', belongs: 'output', level1: 'output', level: 'qu',
  s: '+1.50', src: '+1.50', what: 'syntax', which: 'task 2', index: 2, expenditure: '10.00', income: '9.00',
  difference: '1.00', allocation: '9.50', tasks: '12.00', limit: '11.00', allowed: 'dept, project', level2: 'quantity',
  written: '0.8', annual: '30', period: '20', char: 'X', first: 1, rules: 'R003 R006', target: 12, field: 'annual', more: 3,
  list: '"X" U+0058', end: 2025, entry: 'xl/worksheets/sheet1.xml', form: 'project', formula: 'SUM(C5:C6)', from: 'A1', length: 3, low: 1,
  pendingRange: 'A1:B2', port: 8080, rows: 5000, script: 'app.js', sheet: 'Sheet1', size: '12 MB', start: 2023, titles: 'form', to: 'B2',
  unit: '%', url: 'http://127.0.0.1:8080/', values: 'a, b', hits: 998, forms: 12, pages: 40,
  // the project form (M005–M008)
  row: 'period', sum: '9.00', item: 'total', years: 11, year: 2024, projects: 'a.yaml',
};

/** A proxy that hands out SAMPLES and fails on a name it has no sample for. */
function sampleArgs(where: string): unknown {
  return new Proxy({}, {
    get(_t, prop) {
      if (typeof prop !== 'string') return undefined;
      if (!(prop in SAMPLES)) throw new Error(`${where}: no sample for argument "${prop}" (add one to SAMPLES)`);
      return SAMPLES[prop];
    },
  });
}

/** Every entry of every catalogue, both languages' texts for the sample arguments. */
function entries(): { where: string; zh: string; en: string; fn: boolean }[] {
  const out: { where: string; zh: string; en: string; fn: boolean }[] = [];
  for (const c of CATALOGUES) {
    const name = names.get(c)!;
    for (const key of Object.keys(c.tables.zh)) {
      const where = `${name}.${key}`;
      const zh = (c.tables.zh as Record<string, Message>)[key]!;
      const en = (c.tables.en as Record<string, Message>)[key]!;
      const text = (m: Message): string => (typeof m === 'string' ? m : m(sampleArgs(where)));
      out.push({ where, zh: text(zh), en: text(en), fn: typeof zh === 'function' });
    }
  }
  return out;
}

describe('message catalogues', () => {
  it('register the catalogues of every module area and of the rules with tables', () => {
    const registered = [...names.values()];
    for (const area of ['cli.ioMessages', 'cli.configMessages', 'help.helpMessages', 'report.reportMessages', 'render.renderMessages', 'review.diffMessages', 'review.summaryMessages', 'schema.fieldMessages']) {
      expect(registered).toContain(area);
    }
    // S001–S004, Y001, M001–M004 keep their sentences in a table of their own
    expect(registered.filter((n) => n.startsWith('catalogue #')).length).toBeGreaterThanOrEqual(10);
  });

  it('have the same keys in both languages', () => {
    for (const c of CATALOGUES) {
      expect(Object.keys(c.tables.en).sort(), names.get(c)).toEqual(Object.keys(c.tables.zh).sort());
      for (const key of Object.keys(c.tables.zh)) {
        expect(typeof c.tables.en[key], `${names.get(c)}.${key}`).toBe(typeof c.tables.zh[key]);
      }
    }
  });

  it('give a non-empty string in both languages, functions for sample arguments too', () => {
    const all = entries();
    expect(all.length).toBeGreaterThan(150);
    for (const e of all) {
      for (const [lang, s] of [['zh', e.zh], ['en', e.en]] as const) {
        expect(typeof s, `${e.where} (${lang})`).toBe('string');
        expect(s.trim(), `${e.where} (${lang}) is empty`).not.toBe('');
        expect(s, `${e.where} (${lang}) prints a missing argument`).not.toMatch(/undefined|\[object |NaN/);
      }
    }
  });

  it('write Chinese in the Chinese table', () => {
    for (const e of entries()) {
      if (NO_WORDS_OF_THEIR_OWN.has(e.where)) continue;
      expect(e.zh, `${e.where} (zh) has no Chinese`).toMatch(CJK);
    }
  });

  it('write no Chinese in the English table, apart from the form\'s own terms', () => {
    for (const e of entries()) {
      expect(withoutDomainTerms(e.en), `${e.where} (en) has Chinese`).not.toMatch(CJK);
    }
  });

  it('differ between the languages (no entry left untranslated)', () => {
    for (const e of entries()) {
      if (NO_WORDS_OF_THEIR_OWN.has(e.where)) continue;
      expect(e.en, `${e.where}: the English is the Chinese`).not.toBe(e.zh);
    }
  });
});

describe('no inline language ternaries', () => {
  const TERNARY = /(?<![\w.])(zh|(?:[\w.]*lang\w*)\s*[!=]==\s*'(?:zh|en)')\s*\?(?!\?|\.)/;

  it('outside src/messages, in no file (rules included)', () => {
    const walk = (d: string): string[] => readdirSync(path.join(repoRoot, d), { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const offenders = walk('src')
      .filter((f) => f.endsWith('.ts') && !f.startsWith('src/messages/'))
      .filter((f) => TERNARY.test(readFileSync(path.join(repoRoot, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
