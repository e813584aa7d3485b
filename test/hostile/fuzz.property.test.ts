/**
 * Fuzzing with fast-check (issue 5.2).
 *
 * 1. For any bytes, check() returns diagnostics and never throws, and every position it
 *    reports lies inside the file (1-based line/column, counted in code points of the
 *    decoded text that the report's code frame shows).
 * 2. For any valid generated declaration: its YAML (serialised by the yaml package,
 *    amounts as strings with two decimals) validates clean; rendering it to HTML never
 *    throws; the HTML parses strictly; every text of the file is a text node of it
 *    (escaped in the source, never markup); no element or attribute comes from the file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { check } from '../../src/check.js';
import type { Diagnostic } from '../../src/diagnostic.js';
import { renderHtml } from '../../src/render/html.js';
import { BASE_YAML } from '../validate/helpers.js';
import { parseHtml } from './html-tree.js';

/**
 * Every diagnostic lies inside `text`: lines split at \n, columns in code points, the
 * start at most one past the end of its line, the end after the start. As in
 * test/validate (amounts.property.test.ts), an empty range (at the end of the file) is
 * widened to one character, so its end may be one column further.
 */
function outside(text: string, diagnostics: Diagnostic[]): string[] {
  const lines = text.split('\n').map((l) => [...l].length);
  const bad: string[] = [];
  for (const d of diagnostics) {
    const at = `${d.rule} ${d.line}:${d.column}-${d.endLine}:${d.endColumn}`;
    const fits = (line: number, column: number, slack: number) =>
      Number.isInteger(line) && Number.isInteger(column) && line >= 1 && line <= lines.length && column >= 1 && column <= Math.max(lines[line - 1]! + 1, slack);
    const widened = d.endLine === d.line ? d.column + 1 : 1;
    if (!fits(d.line, d.column, 1) || !fits(d.endLine, d.endColumn, widened)) bad.push(`${at} outside the file (${lines.length} lines)`);
    else if (d.endLine < d.line || (d.endLine === d.line && d.endColumn <= d.column)) bad.push(`${at} ends before it starts`);
    if (typeof d.message !== 'string' || d.message === '') bad.push(`${at} has no message`);
  }
  return bad;
}

const base = new TextEncoder().encode(BASE_YAML);
/** YAML-ish fragments: the shapes that break parsers. */
const fragment = fc.constantFrom(
  ':', '- ', '  ', '\n', '\r\n', '\t', '[', ']', '{', '}', ',', '#', '"', "'", '&a ', '*a', '!!binary ', '!x ', '<<: ', '? ', '|', '>-',
  '---\n', '...\n', '%YAML 1.1\n', '\ufeff', '\u0000', '\u202e', '\ufffd', '中', '𠀀', '1e3', '-1', '0.001', '~', 'null', 'year: ', 'tasks:\n',
);
/** Bytes: random, random YAML-ish text, or the clean declaration damaged in place. */
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc.array(fragment, { maxLength: 60 }).map((a) => new TextEncoder().encode(a.join(''))),
  fc.tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat(), fc.uint8Array({ maxLength: 20 })).map(([edits, at, insert]) => {
    const b = Uint8Array.from(base);
    for (const [i, v] of edits) b[i % b.length] = v;
    const cut = at % (b.length + 1);
    return Uint8Array.from([...b.subarray(0, cut), ...insert, ...b.subarray(cut)]);
  }),
);

describe('check() on any bytes', () => {
  it('never throws, and every position it reports is inside the file', () => {
    fc.assert(
      fc.property(bytes, fc.boolean(), (input, asString) => {
        // the CLI passes bytes; editors and tests may pass text
        const out = check(asString ? new TextDecoder().decode(input) : input, 'fuzz.yaml');
        const ds = out.result.diagnostics;
        expect(outside(out.result.source ?? '', ds)).toEqual([]);
        if (ds.some((d) => d.rule === 'Y001')) expect(ds).toHaveLength(1);
        for (const d of ds) expect(d.rule).toMatch(/^[YSMR]\d{3}$/);
      }),
      { numRuns: 200 },
    );
  });
});

// ---- valid declarations --------------------------------------------------------------

/** Characters of texts: CJK, ASCII, HTML/Handlebars specials, no digit (R005 compares numbers), nothing R007 flags. */
const CHARS = [...'宣传文化理论阐释新闻发布网络文明创建志愿服务阵地区镇市党委部门组织建设学习群众活动', ...'abcXYZ <>&"\'`=/{}()[]#:-!?%*|~', '{{', '}}', '\n', '，', '。', '、', '“', '”', '😀'];
/** A trimmed, non-empty text that starts with a CJK character (never a placeholder or a number). */
const text = fc
  .tuple(fc.constantFrom(...'宣传文化理论新闻网络文明'), fc.array(fc.constantFrom(...CHARS), { maxLength: 40 }))
  .map(([first, rest]) => (first + rest.join('')).trim())
  .filter((t) => !/(\p{Script=Han})\1{5,}/u.test(t));
/** Cents as bigint, never a float. */
const cents = (max: number) => fc.bigInt({ min: 0n, max: BigInt(max) });
const amount = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;

interface Generated {
  yaml: string;
  texts: string[];
}

const declaration: fc.Arbitrary<Generated> = fc
  .record({
    year: fc.integer({ min: 2000, max: 2100 }),
    level: fc.constantFrom('省', '市', '区', '县', '镇'),
    department: text,
    basic: cents(99_999_999),
    project: cents(99_999_999),
    special: cents(99_999_999),
    devOther: cents(99_999_999),
    incomeOther: cents(9_999_999),
    transferShare: fc.integer({ min: 0, max: 100 }),
    goals: fc.array(text, { minLength: 1, maxLength: 4 }),
    tasks: fc.array(fc.record({ name: text, content: text, expected: text, funds: cents(10_000) }), { minLength: 1, maxLength: 5 }),
    otherTasks: fc.option(fc.array(text, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    counts: fc.array(fc.record({ name: text, n: fc.integer({ min: 1, max: 9999 }), unit: fc.constantFrom('场', '家', '个', '篇', '次'), note: text }), { minLength: 1, maxLength: 4 }),
    social: fc.array(fc.record({ name: text, period: text, annual: text }), { minLength: 1, maxLength: 3 }),
    timely: fc.option(fc.array(fc.record({ name: text, period: text, annual: text }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    satisfaction: fc.array(fc.record({ name: text, pct: fc.integer({ min: 85, max: 100 }) }), { minLength: 1, maxLength: 2 }),
    order: fc.boolean(),
  })
  .map((g) => {
    // Tasks' funds stay within project + development (M003): project gets at least their sum.
    const funds = g.tasks.reduce((s, t) => s + t.funds, 0n);
    const project = g.project + funds;
    const total = g.basic + project + g.special + g.devOther;
    const incomeOther = g.incomeOther > total ? total : g.incomeOther;
    const transfer = (total * BigInt(g.transferShare)) / 100n;
    // Names are unique within their list (R008): numbered.
    // (a prefix per list, so that no one name stands on every row: R013)
    const numbered = (s: string, i: number, list = '') => `${list}${i + 1}号${s}`;
    const quantity = g.counts.map((c, i) => {
      const value = `不少于${c.n}${c.unit}${c.note}`;
      return { name: numbered(c.name, i, '数量'), period: value, annual: value };
    });
    const unique = <T extends { name: string }>(list: T[], prefix = '') => list.map((x, i) => ({ ...x, name: numbered(x.name, i, prefix) }));
    // A 时效指标 gives a time (R014).
    const timely = (list: { name: string; period: string; annual: string }[]) => unique(list, '时效').map((x) => ({ ...x, period: `${x.period}，2023年12月底前`, annual: `${x.annual}，2023年12月底前` }));
    const indicators: Record<string, Record<string, unknown>> = {
      // a 成本指标 row (R010)
      产出指标: { 数量指标: quantity, ...(g.timely ? { 时效指标: timely(g.timely) } : {}), 成本指标: [{ name: '单场活动成本', period: '不超过0.5万元/场', annual: '不超过0.5万元/场' }] },
      效益指标: { 社会效益指标: unique(g.social, '效益') },
      满意度指标: { 服务对象满意度指标: g.satisfaction.map((s, i) => ({ name: numbered(s.name, i, '满意'), period: `满意度不低于${s.pct}%`, annual: `满意度不低于${s.pct}%` })) },
    };
    const decl = {
      year: g.year,
      department: g.department,
      level: g.level,
      budget: {
        expenditure: { basic: amount(g.basic), project: amount(project) },
        development: { special: amount(g.special), other: amount(g.devOther) },
        income: { appropriation: amount(total - incomeOther), other: amount(incomeOther) },
        allocation: { own: amount(total - transfer), transfer: amount(transfer) },
      },
      goals: g.goals,
      // the outcome is not the activity restated (R015)
      tasks: unique(g.tasks).map((t) => ({ name: t.name, content: `开展${t.content}`, funds: amount(t.funds), expected: `全年完成率达到100%，${t.expected}` })),
      ...(g.otherTasks ? { other_tasks: g.otherTasks } : {}),
      // file order does not matter (rendering uses the framework's order)
      indicators: g.order ? indicators : Object.fromEntries(Object.entries(indicators).reverse()),
    };
    const texts = [
      decl.department,
      ...decl.goals,
      ...decl.tasks.flatMap((t) => [t.name, t.content, t.expected]),
      ...(g.otherTasks ?? []),
      ...Object.values(indicators).flatMap((l2) => Object.values(l2).flatMap((list) => (list as { name: string; period: string; annual: string }[]).flatMap((x) => [x.name, x.period, x.annual]))),
    ];
    return { yaml: stringify(decl, { lineWidth: 0 }), texts };
  });

/** Handlebars' escaping (the characters it replaces, and with what). */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };
const escapeHtml = (s: string) => s.replace(/[&<>"'`=]/g, (c) => ESCAPES[c]!);

const cleanTree = parseHtml(renderHtml(check(BASE_YAML, 'base.yaml').declaration!, { version: '0' }));
const attributeNames = (attrs: string[]) => new Set(attrs.map((a) => a.slice(0, a.indexOf('='))));

describe('any valid declaration', () => {
  it('validates clean from its YAML, renders to HTML that parses, with every text as escaped text', () => {
    fc.assert(
      fc.property(declaration, ({ yaml, texts }) => {
        const out = check(yaml, 'gen.yaml');
        expect(out.result.diagnostics.map((d) => `${d.rule} ${d.path.join('.')} ${d.message}`)).toEqual([]);
        const html = renderHtml(out.declaration!, { version: '0' });
        const tree = parseHtml(html);
        for (const t of texts) {
          expect(tree.texts.some((node) => node.includes(t)), t).toBe(true);
          expect(html.includes(escapeHtml(t)), `${t} escaped`).toBe(true);
        }
        for (const e of tree.elements) expect(cleanTree.elements).toContain(e);
        for (const a of attributeNames(tree.attributes)) expect(attributeNames(cleanTree.attributes)).toContain(a);
      }),
      { numRuns: 50 },
    );
  });
});
