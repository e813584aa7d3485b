/**
 * Property: for any declaration written in any non-canonical way (random key order,
 * quoting style, amount spelling, flow or block collections, comments), fmt gives text
 * that means exactly the same, keeps every comment, and is a fixed point.
 */
import fc from 'fast-check';
import { Lexer } from 'yaml';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { FRAMEWORK, LEVEL1 } from '../../src/model/framework.js';
import { formatDeclaration } from '../../src/review/fmt.js';
import { meaningOf } from '../../src/review/model.js';

const comments = (text: string) => [...new Lexer().lex(text)].filter((t) => t.startsWith('#')).map((t) => t.trimEnd()).sort();

/** Texts: CJK, ASCII punctuation YAML cares about, numbers, booleans, dates, line breaks. */
const text = fc.oneof(
  fc.constantFrom('做好风险防控', '不少于10场', '100%', '1000', 'true', 'yes', 'null', '2023-01-01', '0x1F', '1e3', 'a: b', '- x', '# not a comment', "it's", 'say "hi"', '第一行\n第二行', '[x]', '{y}', '@z', '*w', '&v', '!t', '%u', '`q`', '  padded  ', '。'),
  fc.string({ unit: fc.constantFrom('花', '都', '区', 'a', '1', ' ', ':', '#', '"', "'", '-', '，', '%', '\n'), minLength: 1, maxLength: 12 }),
).filter((s) => s.trim() !== '');

/** Amounts as cents (bigint, never a float). */
const cents = fc.bigInt({ min: 0n, max: 99_999_999_99n });

/** Spell an amount: plain with 0–2 decimals where exact, quoted, grouped. */
function spellAmount(c: bigint, style: number): string {
  const int = (c / 100n).toString();
  const frac = (c % 100n).toString().padStart(2, '0');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  switch (style % 5) {
    case 0: return `${int}.${frac}`;
    case 1: return frac === '00' ? int : frac.endsWith('0') ? `${int}.${frac[0]}` : `${int}.${frac}`;
    case 2: return `"${int}.${frac}"`;
    case 3: return `"${grouped}.${frac}"`;
    default: return `'${grouped}.${frac}'`;
  }
}

/** Spell a text scalar in one of YAML's styles (only styles that can carry it). */
function spellText(s: string, style: number): string {
  const dq = JSON.stringify(s);
  // Multi-line texts go in as "…\n…"; fmt turns them into | block scalars.
  if (s.includes('\n')) return dq;
  switch (style % 3) {
    case 0: return dq;
    case 1: return `'${s.replace(/'/g, "''")}'`;
    default: return /^[\u4e00-\u9fff][\u4e00-\u9fff，。0-9%]*$/.test(s) ? s : dq;
  }
}

const indicator = fc.record({ name: text, period: text, annual: text });
const declaration = fc.record({
  year: fc.integer({ min: 2000, max: 2100 }),
  department: text,
  level: fc.constantFrom('省', '市', '区', '县', '镇'),
  amounts: fc.array(cents, { minLength: 8, maxLength: 8 }),
  goals: fc.array(text, { minLength: 1, maxLength: 3 }),
  tasks: fc.array(fc.record({ name: text, content: text, funds: fc.option(cents), expected: text }), { minLength: 1, maxLength: 3 }),
  other: fc.option(fc.array(text, { minLength: 1, maxLength: 2 })),
  indicators: fc.subarray(LEVEL1.flatMap((l1) => FRAMEWORK[l1].map((l2) => [l1, l2] as const)), { minLength: 1 }).chain((places) =>
    fc.tuple(...places.map((p) => fc.tuple(fc.constant(p), fc.array(indicator, { minLength: 1, maxLength: 2 })))),
  ),
  seed: fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
  withComments: fc.boolean(),
});

type Gen = typeof declaration extends fc.Arbitrary<infer T> ? T : never;

/** Serialise with shuffled keys and random styles. */
function write(g: Gen): string {
  let n = 0;
  const pick = () => g.seed[n++ % g.seed.length]!;
  const shuffle = <T>(xs: T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = pick() % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const comment = (label: string) => (g.withComments && pick() % 2 === 0 ? `  # ${label}` : '');
  const [basic, project, special, dother, appr, iother, own, transfer] = g.amounts;
  const a = (c: bigint) => spellAmount(c, pick());
  const t = (s: string) => spellText(s, pick());
  const block = (indent: string, pairs: [string, string][]) => shuffle(pairs).map(([k, v]) => `${indent}${k}: ${v}`).join('\n');
  const budget = block('  ', [
    ['expenditure', `${comment('支出')}\n${block('    ', [['basic', a(basic!) + comment('基本')], ['project', a(project!)]])}`],
    ['development', `\n${block('    ', [['special', a(special!)], ['other', a(dother!)]])}`],
    ['income', `\n${block('    ', [['appropriation', a(appr!)], ['other', a(iother!)]])}`],
    ['allocation', `\n${block('    ', [['own', a(own!)], ['transfer', a(transfer!)]])}`],
  ]);
  const list = (items: string[]) => `\n${items.map((s) => `  - ${t(s)}`).join('\n')}`;
  const tasks = `\n${g.tasks.map((task) => {
    const pairs: [string, string][] = [['name', t(task.name)], ['content', t(task.content)], ['expected', t(task.expected) + comment('期望')]];
    if (task.funds !== null) pairs.push(['funds', a(task.funds)]);
    return `  - ${block('    ', pairs).trimStart()}`;
  }).join('\n')}`;
  const byL1 = new Map<string, string[]>();
  for (const [[l1, l2], inds] of g.indicators) {
    const rows = inds.map((i) => `      - ${block('        ', [['name', t(i.name)], ['period', t(i.period)], ['annual', t(i.annual)]]).trimStart()}`);
    byL1.set(l1, [...(byL1.get(l1) ?? []), `    ${l2}:${comment(l2)}\n${rows.join('\n')}`]);
  }
  const indicators = `\n${shuffle([...byL1.entries()]).map(([l1, l2s]) => `  ${l1}:\n${shuffle(l2s).join('\n')}`).join('\n')}`;
  const top: [string, string][] = [
    ['year', pick() % 2 ? String(g.year) : `"${g.year}"`],
    ['department', t(g.department)],
    ['level', t(g.level)],
    ['budget', `\n${budget}`],
    ['goals', list(g.goals)],
    ['tasks', tasks],
    ['indicators', indicators],
  ];
  if (g.other) top.push(['other_tasks', list(g.other)]);
  if (pick() % 2) top.push(['version', '1']);
  return `${g.withComments ? '# header\n' : ''}${shuffle(top).map(([k, v]) => `${k}:${v.startsWith('\n') ? '' : ' '}${v}`).join('\n')}\n`;
}

describe('fmt property: any spelling of a declaration formats to the same meaning', () => {
  it('same model, same rule IDs, every comment kept, idempotent', () => {
    fc.assert(
      fc.property(declaration, (g) => {
        const source = write(g);
        const before = check(source, 'x.yaml');
        // The generator must produce YAML the loader accepts; anything else is a generator bug.
        expect(before.result.diagnostics.filter((d) => d.rule === 'Y001')).toEqual([]);
        const once = formatDeclaration(source);
        if (!once.ok) throw new Error('not formatted');
        expect(meaningOf(check(once.text, 'x.yaml'))).toEqual(meaningOf(before));
        expect(comments(once.text)).toEqual(comments(source));
        const twice = formatDeclaration(once.text);
        expect(twice.ok && twice.text).toBe(once.text);
      }),
      { numRuns: 300 },
    );
  });
});
