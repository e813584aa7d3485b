/**
 * Round trip (issue 15 "What it must show"): YAML → render --xlsx → import gives the same
 * declaration and the same diagnostics, for every example (through the binary) and for a
 * property-generated set of valid declarations (in process: the same functions the
 * commands call). Also: the bytes are the same for the same input and SOURCE_DATE_EPOCH.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BIN, runNode } from '../helpers/spawn.js';
import { check } from '../../src/check.js';
import { DEPARTMENT_FORM } from '../../src/forms/department/definition.js';
import { FORMS } from '../../src/forms/index.js';
import { FRAMEWORK, LEVEL1, LEVELS, type Level1 } from '../../src/model/framework.js';
import { renderDocument } from '../../src/sheets/documents.js';
import { importWorkbook } from '../../src/sheets/import.js';
import { readWorkbook } from '../../src/sheets/read.js';
import { readZip } from '../../src/sheets/zip.js';
import { EXAMPLES, ROOT, meaning, scratch } from './helpers.js';

describe('examples: render --xlsx, then import, through the binary', () => {
  it.each(EXAMPLES)('%s comes back the same', async (example) => {
    const dir = scratch();
    copyFileSync(path.join(ROOT, 'examples', example), path.join(dir, example));
    const rendered = await runNode(BIN, ['render', example, '--xlsx'], { cwd: dir, env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(rendered.status).toBe(0);
    const xlsx = example.replace(/\.yaml$/, '.xlsx');
    expect(rendered.stdout.trim()).toBe(xlsx);
    const imported = await runNode(BIN, ['import', xlsx, '-o', 'back.yaml'], { cwd: dir });
    expect(imported.status).toBe(0);
    const back = readFileSync(path.join(dir, 'back.yaml'));
    expect(meaning(back)).toEqual(meaning(readFileSync(path.join(dir, example))));
    // Cells we wrote: 基本支出's amount is C5 of the sheet named after the form.
    expect(back.toString()).toMatch(/basic: [\d.]+ +# 部门整体预算绩效目标申报表!C5/);
  });

  it('the same input and SOURCE_DATE_EPOCH give the same bytes (xlsx and docx); the date is the epoch', async () => {
    const dir = scratch();
    const example = 'huadu-propaganda-2023.yaml';
    copyFileSync(path.join(ROOT, 'examples', example), path.join(dir, example));
    const outputs: Buffer[][] = [];
    for (const sub of ['a', 'b']) {
      const r = await runNode(BIN, ['render', example, '--xlsx', '--docx', '-o', sub], { cwd: dir, env: { SOURCE_DATE_EPOCH: '1700000000' } });
      expect(r.status).toBe(0);
      outputs.push(['xlsx', 'docx'].map((ext) => readFileSync(path.join(dir, sub, `huadu-propaganda-2023.${ext}`))));
      await new Promise((resolve) => setTimeout(resolve, 1100)); // a clock that leaked in would show
    }
    expect(outputs[0]![0]!.equals(outputs[1]![0]!)).toBe(true);
    expect(outputs[0]![1]!.equals(outputs[1]![1]!)).toBe(true);
    for (const bytes of outputs[0]!) {
      const zip = readZip(bytes, { maxEntries: 100, maxEntryBytes: 1e8, maxTotalBytes: 1e9 });
      if (!zip.ok) throw new Error('not a zip');
      const core = Buffer.from(zip.entries.find((e) => e.name === 'docProps/core.xml')!.data).toString();
      expect(core).toContain('2023-11-14T22:13:20Z');
      expect(core).toContain('<dc:creator>中国共产党广州市花都区委员会宣传部</dc:creator>');
      expect(core).toContain('<dc:title>2023年度 中国共产党广州市花都区委员会宣传部 部门整体预算绩效目标申报表</dc:title>');
    }
  });
});

// ---- property-generated declarations ----

/** Text as offices write it: CJK, Latin, digits, punctuation; trimmed; sometimes two lines. */
const line = fc
  .array(fc.constantFrom(...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质但度难东格安展布件声具海义务标准情况感决受量极周走反万确更林导团便'.split(''), 'A', 'x', '0', '7', '%', '，', '。', '、', '“', '”', '（', '）', '≥', '-', ' '), { minLength: 1, maxLength: 40 })
  .map((cs) => cs.join('').trim())
  // A line that begins with 「3.」 would read as a numbered item of a list: real texts do not.
  .filter((s) => s !== '' && !/^\d+\s*[.．、]/.test(s));
const text = fc.oneof({ weight: 5, arbitrary: line }, { weight: 1, arbitrary: fc.tuple(line, line).map(([a, b]) => `${a}\n${b}`) });
/** An amount in 万元 as cents. */
const cents = fc.bigInt({ min: 0n, max: 99_999_999_99n });

/** An amount of `c` hundredths (or, kept to the yuan, ten-thousandths) of 万元. */
const amountOf = (c: bigint, fourPlaces: boolean): string =>
  fourPlaces ? new Decimal(c.toString()).div(10_000).toFixed(4) : new Decimal(c.toString()).div(100).toFixed(2);

/** 填报信息 (forms.md "Who filed it"): any of its fields, or none. */
const filer = fc.option(
  fc.record(
    {
      unit: line,
      person: line,
      phone: fc.stringMatching(/^0\d{2,3}-\d{7,8}$/),
      date: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined, freq: 2 },
);

/** A valid declaration (M001–M003 hold), as YAML text. */
const declaration = fc
  .record({
    year: fc.integer({ min: 2000, max: 2100 }),
    department: line,
    level: fc.constantFrom(...LEVELS),
    filer,
    // precision: 4 (forms.md "Amount precision"): amounts to the yuan.
    fourPlaces: fc.boolean(),
    parts: fc.tuple(cents, cents, cents, cents),
    incomeShare: fc.integer({ min: 0, max: 100 }),
    transferShare: fc.integer({ min: 0, max: 100 }),
    goals: fc.array(text, { minLength: 1, maxLength: 4 }),
    tasks: fc.array(fc.record({ name: line, content: text, funded: fc.boolean(), share: fc.integer({ min: 0, max: 25 }), expected: text }), { minLength: 1, maxLength: 4 }),
    other: fc.array(text, { maxLength: 2 }),
    // 产出指标 and 效益指标 are mandatory (R001): always there, the others sometimes.
    indicators: fc
      .tuple(
        fc.tuple(fc.constant<Level1>('产出指标'), fc.nat(3), fc.array(fc.record({ name: line, period: text, annual: text }), { minLength: 1, maxLength: 2 })),
        fc.tuple(fc.constant<Level1>('效益指标'), fc.nat(3), fc.array(fc.record({ name: line, period: text, annual: text }), { minLength: 1, maxLength: 2 })),
        fc.uniqueArray(fc.tuple(fc.constantFrom(...LEVEL1), fc.nat(3), fc.array(fc.record({ name: line, period: text, annual: text }), { minLength: 1, maxLength: 2 })), { maxLength: 3, selector: ([l1, i]) => `${l1} ${i}` }),
      )
      .map(([a, b, rest]) => [...rest, a, b]),
  })
  .map((g) => {
    const [basic, project, special, otherDev] = g.parts;
    const total = basic + project + special + otherDev;
    const appropriation = (total * BigInt(g.incomeShare)) / 100n;
    const transfer = (total * BigInt(g.transferShare)) / 100n;
    const taskBase = project + special + otherDev;
    const q = JSON.stringify;
    const money = (c: bigint): string => amountOf(c, g.fourPlaces);
    const filerLines = g.filer === undefined || Object.keys(g.filer).length === 0
      ? []
      : ['filer:', ...Object.entries(g.filer).map(([k, v]) => `  ${k}: ${k === 'date' ? v : q(v)}`)];
    const lines = [
      `year: ${g.year}`,
      `department: ${q(g.department)}`,
      `level: ${g.level}`,
      ...(g.fourPlaces ? ['precision: 4'] : []),
      ...filerLines,
      'budget:',
      `  expenditure: { basic: ${money(basic)}, project: ${money(project)} }`,
      `  development: { special: ${money(special)}, other: ${money(otherDev)} }`,
      `  income: { appropriation: ${money(appropriation)}, other: ${money(total - appropriation)} }`,
      `  allocation: { own: ${money(total - transfer)}, transfer: ${money(transfer)} }`,
      'goals:',
      ...g.goals.map((t) => `  - ${q(t)}`),
      'tasks:',
      ...g.tasks.flatMap((t) => [
        `  - name: ${q(t.name)}`,
        `    content: ${q(t.content)}`,
        ...(t.funded ? [`    funds: ${money((taskBase * BigInt(t.share)) / 100n)}`] : []),
        `    expected: ${q(t.expected)}`,
      ]),
      ...(g.other.length > 0 ? ['other_tasks:', ...g.other.map((t) => `  - ${q(t)}`)] : []),
      'indicators:',
    ];
    const byL1 = new Map<string, Map<string, { name: string; period: string; annual: string }[]>>();
    for (const [l1, i, items] of g.indicators) {
      const l2s = FRAMEWORK[l1] as readonly string[];
      const l2 = l2s[i % l2s.length]!;
      const m = byL1.get(l1) ?? new Map();
      m.set(l2, [...(m.get(l2) ?? []), ...items]);
      byL1.set(l1, m);
    }
    for (const [l1, m] of byL1) {
      lines.push(`  ${l1}:`);
      for (const [l2, items] of m) {
        lines.push(`    ${l2}:`);
        for (const it of items) lines.push(`      - name: ${q(it.name)}`, `        period: ${q(it.period)}`, `        annual: ${q(it.annual)}`);
      }
    }
    return `${lines.join('\n')}\n`;
  });

/** YAML → workbook → import, with the functions `render --xlsx` and `import` call. */
async function roundTrip(yaml: string): Promise<string> {
  const out = check(yaml, 'g.yaml');
  const bytes = await renderDocument('xlsx', DEPARTMENT_FORM, out.declaration ?? out.partial, { version: '0.0.0', date: new Date(0) });
  const read = await readWorkbook(bytes, 'g.xlsx');
  if (!read.ok) throw new Error(`unreadable: ${JSON.stringify(read.problem)}`);
  const result = importWorkbook(read.sheets, Object.values(FORMS), '');
  if (!result) throw new Error('not recognised');
  expect(result.problems).toEqual([]);
  return result.yaml;
}

describe('property: generated declarations survive the round trip', () => {
  it('the generator makes valid declarations (no errors)', () => {
    fc.assert(
      fc.property(declaration, (yaml) => {
        const errors = check(yaml, 'g.yaml').result.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.map((d) => `${d.rule} ${d.message}`)).toEqual([]);
      }),
      { numRuns: 60, seed: 15 },
    );
  });

  it('YAML → xlsx → import: same declaration, same diagnostics', async () => {
    await fc.assert(
      fc.asyncProperty(declaration, async (yaml) => {
        expect(meaning(await roundTrip(yaml))).toEqual(meaning(yaml));
      }),
      { numRuns: 40, seed: 15 },
    );
  });
});
