/**
 * Property-based tests of amounts and arithmetic (format.md "Amount", "Arithmetic that
 * must hold"; rules.md M001, M002, S002) and of positions (cli.md: 1-based line, column
 * in code points). Amounts are generated as integer cents (bigint) and compared as
 * strings: no JavaScript float is ever involved.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { parseAmount } from '../../src/model/amount.js';
import {
  AMOUNT_FIELDS,
  BASE_YAML,
  centsFixed,
  centsGrouped,
  centsPlain,
  declarationYaml,
  minDecimals,
  replaceOnce,
  SEED_AMOUNTS,
  type AmountField,
  type AmountSources,
} from './helpers.js';

/** Amounts are below 1,000,000,000 万元 = 100,000,000,000 cents. */
const LIMIT_CENTS = 100_000_000_000n;

/**
 * One part of a total. Four parts must stay below the limit together, so each part is
 * below a quarter of it; small values (with many zeros and exact hundreds) are favoured,
 * since that is where the forms `0`, `90.5`, `90.00` differ.
 */
const part = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0n) },
  { weight: 3, arbitrary: fc.bigInt({ min: 0n, max: 99_999n }) },
  { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 9_999n }).map((c) => c * 100n) },
  { weight: 3, arbitrary: fc.bigInt({ min: 0n, max: LIMIT_CENTS / 4n - 1n }) },
);

/** How an amount is written (format.md: YAML number, or quoted, optionally grouped). */
type Form = 'plain' | 'plain-min' | 'double-quoted' | 'double-quoted-grouped' | 'single-quoted-grouped' | 'grouped-min';
const FORMS: readonly Form[] = ['plain', 'plain-min', 'double-quoted', 'double-quoted-grouped', 'single-quoted-grouped', 'grouped-min'];

function write(c: bigint, form: Form): string {
  switch (form) {
    case 'plain':
      return centsPlain(c); // 1499.73, 0.00, 90.00
    case 'plain-min':
      return centsPlain(c, minDecimals(c)); // 1499.73, 0, 90.5, 90
    case 'double-quoted':
      return `"${centsPlain(c)}"`;
    case 'double-quoted-grouped':
      return `"${centsGrouped(c)}"`; // "1,499.73"
    case 'single-quoted-grouped':
      return `'${centsGrouped(c)}'`;
    case 'grouped-min':
      return `"${centsGrouped(c, minDecimals(c))}"`; // "1,500", "3,707.5"
  }
}

/** A budget that balances exactly, in cents. */
interface Budget {
  cents: Record<AmountField, bigint>;
  forms: Record<AmountField, Form>;
}

const balancedBudget: fc.Arbitrary<Budget> = fc
  .record({
    basic: part,
    project: part,
    special: part,
    devOther: part,
    incomeOtherShare: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    transferShare: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    forms: fc.tuple(...AMOUNT_FIELDS.map(() => fc.constantFrom(...FORMS))),
  })
  .map((r) => {
    const total = r.basic + r.project + r.special + r.devOther;
    // The share only picks an integer number of cents; all arithmetic stays in bigint.
    const share = (s: number) => (total * BigInt(Math.round(s * 1_000_000))) / 1_000_000n;
    const incomeOther = share(r.incomeOtherShare);
    const transfer = share(r.transferShare);
    const cents: Record<AmountField, bigint> = {
      'expenditure.basic': r.basic,
      'expenditure.project': r.project,
      'development.special': r.special,
      'development.other': r.devOther,
      'income.appropriation': total - incomeOther,
      'income.other': incomeOther,
      'allocation.own': total - transfer,
      'allocation.transfer': transfer,
    };
    const forms = Object.fromEntries(AMOUNT_FIELDS.map((f, i) => [f, r.forms[i]!])) as Record<AmountField, Form>;
    return { cents, forms };
  });

function sources(b: Budget, cents = b.cents): AmountSources {
  return Object.fromEntries(AMOUNT_FIELDS.map((f) => [f, write(cents[f], b.forms[f])])) as AmountSources;
}

const expenditureOf = (c: Record<AmountField, bigint>) =>
  c['expenditure.basic'] + c['expenditure.project'] + c['development.special'] + c['development.other'];
const incomeOf = (c: Record<AmountField, bigint>) => c['income.appropriation'] + c['income.other'];
const allocationOf = (c: Record<AmountField, bigint>) => c['allocation.own'] + c['allocation.transfer'];

describe('(a) a balanced budget passes', () => {
  it('any balanced budget, in any allowed form, gives no diagnostic at all and the exact amounts', () => {
    fc.assert(
      fc.property(balancedBudget, (b) => {
        const yaml = declarationYaml(sources(b));
        const out = check(yaml, 'gen.yaml');
        expect(out.result.diagnostics.map((d) => `${d.line} ${d.rule} ${d.message}`)).toEqual([]);
        // The model holds exactly the written value (strings, never floats).
        const budget = out.declaration!.budget as unknown as Record<string, Record<string, { toFixed(n: number): string }>>;
        for (const f of AMOUNT_FIELDS) {
          const [section, field] = f.split('.') as [string, string];
          expect(budget[section]![field]!.toFixed(2), f).toBe(centsFixed(b.cents[f]));
        }
      }),
      { numRuns: 150 },
    );
  });
});

/** What moving one field breaks (format.md "Arithmetic"). */
const AFFECTS: Record<AmountField, readonly ('M001' | 'M002')[]> = {
  'expenditure.basic': ['M001'],
  'expenditure.project': ['M001'],
  'development.special': ['M001'],
  'development.other': ['M001'],
  'income.appropriation': ['M001', 'M002'],
  'income.other': ['M001', 'M002'],
  'allocation.own': ['M002'],
  'allocation.transfer': ['M002'],
};

describe('(b) one cent off fires exactly the rule(s) it should', () => {
  it('±0.01 on any single amount: M001 and/or M002 alone, with both sums and the difference 0.01', () => {
    fc.assert(
      fc.property(balancedBudget, fc.constantFrom(...AMOUNT_FIELDS), fc.boolean(), (b, field, up) => {
        // −0.01 never goes below 0: a zero amount is moved up instead.
        const delta = up || b.cents[field] === 0n ? 1n : -1n;
        const cents = { ...b.cents, [field]: b.cents[field] + delta };
        const out = check(declarationYaml(sources(b, cents)), 'gen.yaml');
        const diags = out.result.diagnostics;
        expect(diags.map((d) => d.rule)).toEqual(AFFECTS[field]);
        for (const d of diags) {
          expect(d.severity).toBe('error');
          expect(d.message).toContain('相差 0.01');
          if (d.rule === 'M001') {
            expect(d.path).toEqual(['budget', 'income']);
            expect(d.message).toContain(`支出合计 ${centsGrouped(expenditureOf(cents))}`);
            expect(d.message).toContain(`收入合计 ${centsGrouped(incomeOf(cents))}`);
          } else {
            expect(d.path).toEqual(['budget', 'allocation']);
            expect(d.message).toContain(centsGrouped(allocationOf(cents)));
            expect(d.message).toContain(`收入合计 ${centsGrouped(incomeOf(cents))}`);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the English message carries the difference too', () => {
    const out = check(declarationYaml({ ...SEED_AMOUNTS, 'income.other': '0.01' }), 'gen.yaml', { lang: 'en' });
    expect(out.result.diagnostics.map((d) => d.rule)).toEqual(['M001', 'M002']);
    for (const d of out.result.diagnostics) expect(d.message).toContain('difference of 0.01');
  });
});


// ---- (c) the parser ------------------------------------------------------------------

const anyCents = fc.oneof(part, fc.bigInt({ min: 0n, max: LIMIT_CENTS - 1n }), fc.constant(LIMIT_CENTS - 1n));

/** Digits grouped with commas where at least one group is not three digits. */
const badGrouping = fc
  .tuple(fc.bigInt({ min: 1n, max: 99_999_999n }), fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '.5', '.73'))
  .map(([lead, sizes, frac]) => {
    const groups = sizes.map((n, i) => String((i * 7 + 3) % 10).repeat(n));
    return `${lead},${groups.join(',')}${frac}`;
  })
  .filter((s) => !/^[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]{1,2})?$/.test(s));

describe('(c) the amount parser accepts exactly the forms format.md allows', () => {
  it('accepts plain and grouped forms with their exact value', () => {
    fc.assert(
      fc.property(anyCents, fc.constantFrom<0 | 1 | 2>(0, 1, 2), fc.boolean(), (c, dec, grouped) => {
        const decimals = Math.max(dec, minDecimals(c)) as 0 | 1 | 2;
        const text = grouped ? centsGrouped(c, decimals) : centsPlain(c, decimals);
        const r = parseAmount(text);
        expect(r.ok, text).toBe(true);
        if (r.ok) expect(r.value.toFixed(2)).toBe(centsFixed(c));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts the examples of format.md', () => {
    for (const [text, value] of [['1499.73', '1499.73'], ['0', '0.00'], ['90.00', '90.00'], ['1,499.73', '1499.73'], ['999,999,999.99', '999999999.99']]) {
      const r = parseAmount(text!);
      expect(r.ok, text).toBe(true);
      if (r.ok) expect(r.value.toFixed(2)).toBe(value);
    }
  });

  const rejected = (name: string, arb: fc.Arbitrary<string>) =>
    it(`rejects ${name}`, () => {
      fc.assert(
        fc.property(arb, (text) => {
          expect(parseAmount(text).ok, JSON.stringify(text)).toBe(false);
        }),
        { numRuns: 200 },
      );
    });

  rejected('negatives', fc.tuple(anyCents.filter((c) => c > 0n), fc.boolean()).map(([c, g]) => `-${g ? centsGrouped(c) : centsPlain(c)}`));
  rejected('exponents', fc.tuple(fc.nat(99_999), fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.nat(12), fc.constantFrom('', '.5')).map(([m, e, s, x, f]) => `${m}${f}${e}${s}${x}`));
  rejected('more than two decimals', fc.tuple(anyCents, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), fc.boolean()).map(([c, d, n, g]) => `${g ? centsGrouped(c) : centsPlain(c)}${String(d).repeat(n)}`));
  rejected('bad thousands grouping', badGrouping);
  rejected('.inf and .nan', fc.constantFrom('.inf', '.Inf', '.INF', '-.inf', '+.inf', '.nan', '.NaN', '.NAN'));
  rejected('text', fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom('万元', '元', 'abc', '一千', 'x', '¥', 'O'), fc.string({ maxLength: 6 })).map(([a, w, b]) => a + w + b));
  rejected('empty', fc.constantFrom('', ' ', '   ', '\t'));
  rejected('1,000,000,000 and above', fc.tuple(fc.bigInt({ min: LIMIT_CENTS, max: LIMIT_CENTS * 1000n }), fc.boolean()).map(([c, g]) => (g ? centsGrouped(c) : centsPlain(c))));

  it('rejects the examples of format.md', () => {
    for (const text of ['-1', '-0.01', '1e3', '.inf', '.nan', '1,49.73', '12,3456', '12.345', 'abc', '', '1000000000', '1,000,000,000.00']) {
      expect(parseAmount(text).ok, text).toBe(false);
    }
  });

  it('an amount that is not one is an S002 at its value, and silences the sum it is part of', () => {
    fc.assert(
      fc.property(fc.constantFrom(...AMOUNT_FIELDS), fc.constantFrom('-1.00', '1e3', '.inf', '1,49.73', '12.345', 'abc', '""', '1000000000'), (field, bad) => {
        const out = check(declarationYaml({ ...SEED_AMOUNTS, [field]: bad }), 'gen.yaml');
        const [section, name] = field.split('.');
        expect(out.result.diagnostics.map((d) => `${d.rule} ${d.path.join('.')}`)).toEqual([`S002 budget.${section}.${name}`]);
      }),
      { numRuns: 60 },
    );
  });
});

// ---- (d) positions -----------------------------------------------------------------

/** Characters that make columns interesting: CJK, astral CJK (Ext. B), emoji, ASCII. */
const char = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0x20000, max: 0x2a6df }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x1f600, max: 0x1f64f }).map((c) => String.fromCodePoint(c)) },
  { weight: 2, arbitrary: fc.constantFrom('a', 'Z', '7', ' ', '，', '。', '、', '（', '）', '%') },
);
const cjkText = fc.array(char, { minLength: 1, maxLength: 12 }).map((cs) => `文${cs.join('')}`);

/** Code points of a line (what a column counts). */
const cps = (s: string) => [...s];

function assertInside(text: string, diags: readonly { line: number; column: number; endLine: number; endColumn: number; rule: string }[]) {
  const lines = text.split('\n');
  for (const d of diags) {
    const where = `${d.rule} ${d.line}:${d.column}-${d.endLine}:${d.endColumn}`;
    expect(d.line, where).toBeGreaterThanOrEqual(1);
    expect(d.line, where).toBeLessThanOrEqual(lines.length);
    expect(d.endLine, where).toBeGreaterThanOrEqual(d.line);
    expect(d.endLine, where).toBeLessThanOrEqual(lines.length);
    const first = cps(lines[d.line - 1]!).length;
    const last = cps(lines[d.endLine - 1]!).length;
    expect(d.column, where).toBeGreaterThanOrEqual(1);
    expect(d.column, where).toBeLessThanOrEqual(first + 1);
    if (d.endLine === d.line) expect(d.endColumn, where).toBeGreaterThan(d.column);
    // an empty range (e.g. at the end of the file) is widened to one character
    expect(d.endColumn, where).toBeLessThanOrEqual(Math.max(last + 1, d.endLine === d.line ? d.column + 1 : 1));
  }
}

describe('(d) positions with CJK and astral text', () => {
  it('a flagged item of a one-line flow list is located exactly, in code points', () => {
    // Each item is plain text, a placeholder (R006) or text with U+FFFD (R007).
    const item = fc.oneof(
      { weight: 3, arbitrary: cjkText.map((t) => ({ text: t, flag: undefined as string | undefined })) },
      { weight: 1, arbitrary: fc.constantFrom('无', '待定', '……').map((t) => ({ text: t, flag: 'R006' as string | undefined })) },
      { weight: 1, arbitrary: fc.tuple(cjkText, cjkText).map(([a, b]) => ({ text: `${a}\ufffd${b}`, flag: 'R007' as string | undefined })) },
    );
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 8 }), fc.constantFrom(', ', ',\n    ', ' , '), (items, sep) => {
        const literals = items.map((i) => `"${i.text}"`);
        const yaml = BASE_YAML.replace(/goals:\n {2}- [^\n]*\n/, `goals: [${literals.join(sep)}]\n`);
        // R016 off: the random CJK and Extension B characters are often in no PDF font,
        // and this is about where R006/R007 point.
        const out = check(yaml, 'gen.yaml', { severities: { R016: 'off' } });
        const diags = out.result.diagnostics.filter((d) => !d.suppression); // off = shown as suppressed
        assertInside(yaml, diags);
        const lines = yaml.split('\n');
        for (const [i, it] of items.entries()) {
          const found = diags.filter((d) => d.path[0] === 'goals' && d.path[1] === i);
          expect(found.map((d) => d.rule)).toEqual(it.flag ? [it.flag] : []);
          for (const d of found) {
            expect(d.endLine).toBe(d.line);
            const slice = cps(lines[d.line - 1]!).slice(d.column - 1, d.endColumn - 1).join('');
            expect(slice).toBe(literals[i]);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('an unknown CJK/astral key after a CJK value on the same flow line is located in code points', () => {
    fc.assert(
      fc.property(cjkText, cjkText, (value, key) => {
        const k = key.replace(/[ ，。、（）%]/g, '');
        const yaml = replaceOnce(BASE_YAML, '  - name: 深入抓好党的二十大精神的学习宣传贯彻\n    content: 持续加强理论研究和宣传阐释，精心组织党的二十大精神宣讲。\n    funds: 0.00\n    expected: 全区干部群众对党的二十大精神的知晓度明显提高，宣讲覆盖各镇街。\n',
          `  - { name: "${value}", content: 内容, funds: 0.00, expected: 目标, ${k}x: 1 }\n`);
        const out = check(yaml, 'gen.yaml');
        const diags = out.result.diagnostics.filter((d) => d.rule === 'S001');
        expect(diags).toHaveLength(1);
        const d = diags[0]!;
        const line = yaml.split('\n')[d.line - 1]!;
        expect(cps(line).slice(d.column - 1, d.endColumn - 1).join('')).toBe(`${k}x`);
      }),
      { numRuns: 100 },
    );
  });

  it('for any damage to a file, every diagnostic lies inside the file', () => {
    const junk = fc.array(
      fc.oneof(char, fc.constantFrom(':', '-', ' ', '  ', '\n', '\t', '[', ']', '{', '}', ',', '#', '"', "'", '&a', '*a', '!', '|', '>', '?', '\ufffd', '\u202e', '---', '0.001', '-1')),
      { minLength: 1, maxLength: 10 },
    ).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.nat(), junk, fc.boolean(), fc.boolean(), fc.boolean(), (at, insert, crlf, bom, bytes) => {
        const pos = at % (BASE_YAML.length + 1);
        let text = BASE_YAML.slice(0, pos) + insert + BASE_YAML.slice(pos);
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const input = bom ? `\ufeff${text}` : text;
        const out = check(bytes ? new TextEncoder().encode(input) : input, 'gen.yaml');
        assertInside(text, out.result.diagnostics);
        if (out.result.diagnostics.some((d) => d.rule === 'Y001')) expect(out.result.diagnostics).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});
