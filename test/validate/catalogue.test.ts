/**
 * The rule catalogue is complete (STYLE.md: "a test that fails when a rule has no
 * documentation"): every rule of RULES has titles, messages and docs in both languages,
 * one module file, at least one fixture, and the catalogue matches rules.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import type { Lang } from '../../src/diagnostic.js';
import { RULES } from '../../src/rules/index.js';
import { BASE_YAML, repoRoot, replaceOnce } from './helpers.js';

const LANGS: readonly Lang[] = ['zh', 'en'];
const ids = RULES.map((r) => r.id);
/** Rules over several files of a run (src/cross-check.ts): one-file fixtures cannot show them; test/forms/project.test.ts does. */
const MULTI_FILE = new Set(['M008']);
const CJK = /\p{Script=Han}/u;

/**
 * The spec's rules.md, copied into the repository (test/fixtures/spec/README.md) so that
 * the checks below run in every clone; the original sits beside the clone in CI
 * (../shared/spec) and, where it does, the copy must equal it.
 */
const rulesMd = path.join(repoRoot, 'test', 'fixtures', 'spec', 'rules.md');
const specRulesMd = path.resolve(repoRoot, '..', 'shared', 'spec', 'rules.md');

const fixtureDir = path.join(repoRoot, 'test', 'fixtures', 'rules');
const fixtures = readdirSync(fixtureDir).filter((f) => f.endsWith('.yaml')).sort();

/** The rule IDs a fixture expects, from its `# expect:` / `# expect-at:` comments. */
function expectedIds(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^#\s*expect-at:\s*\d+\s+([A-Z]\d{3}(?:\s*,\s*[A-Z]\d{3})*)\s*$/.exec(line) ?? /#\s*expect:\s*([A-Z]\d{3}(?:\s*,\s*[A-Z]\d{3})*)\s*$/.exec(line);
    if (m) out.push(...m[1]!.split(/\s*,\s*/));
  }
  return out;
}

/**
 * Rules added after the fixtures were written (inline suppressions, 2d9e40f) have no
 * fixture in test/fixtures/rules yet; these inputs give their messages meanwhile.
 */
const EXTRA_SAMPLES: Record<string, string> = {
  S004: replaceOnce(BASE_YAML, '        annual: 与中央', '        # declare-disable-next-line R003\n        annual: 与中央'),
  R009: replaceOnce(BASE_YAML, '        annual: 与中央', '        # declare-disable-next-line R003 -- 已确认\n        annual: 与中央'),
};

/** Real messages of every rule, from the fixtures, in both languages. */
const messages = new Map<string, Record<Lang, string[]>>();
const samples: [string, string | Uint8Array][] = [
  ...fixtures.map((f): [string, Uint8Array] => [f, readFileSync(path.join(fixtureDir, f))]),
  ...Object.entries(EXTRA_SAMPLES),
];
for (const [name, input] of samples) {
  for (const lang of LANGS) {
    for (const d of check(input, name, { lang }).result.diagnostics) {
      const m = messages.get(d.rule) ?? { zh: [], en: [] };
      m[lang].push(d.message);
      messages.set(d.rule, m);
    }
  }
}

describe('rule catalogue', () => {
  it('has at least the 16 rules of rules.md version 1', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(16);
  });

  it('IDs look like Y001/S001/M001/R001, are unique and in family order', () => {
    for (const id of ids) expect(id).toMatch(/^[YSMR]\d{3}$/);
    expect(new Set(ids).size).toBe(ids.length);
    const family = (id: string) => 'YSMR'.indexOf(id[0]!);
    const sorted = [...ids].sort((a, b) => family(a) - family(b) || (a < b ? -1 : 1));
    expect(ids).toEqual(sorted);
  });

  it.skipIf(!existsSync(specRulesMd))('the copy test/fixtures/spec/rules.md equals the spec ../shared/spec/rules.md', () => {
    expect(readFileSync(rulesMd, 'utf8'), 'the spec changed: cp ../shared/spec/rules.md test/fixtures/spec/ and check the catalogue').toBe(readFileSync(specRulesMd, 'utf8'));
  });

  /**
   * rules.md's tables: ID → default severity. The second edition's table of new rules has
   * no severity column: its heading says they are all warnings ("New rules (all warnings").
   */
  const specTable = (): Map<string, string> => {
    const table = new Map<string, string>();
    const text = readFileSync(rulesMd, 'utf8');
    const secondEdition = text.indexOf('New rules (all warnings');
    let offset = 0;
    for (const line of text.split('\n')) {
      const m = /^\|\s*([YSMR]\d{3})\s*\|\s*(error|warning)\s*\|/.exec(line);
      if (m) table.set(m[1]!, m[2]!);
      else if (secondEdition >= 0 && offset > secondEdition) {
        const n = /^\|\s*([YSMR]\d{3})\s*\|/.exec(line);
        if (n) table.set(n[1]!, 'warning');
      }
      offset += line.length + 1;
    }
    return table;
  };

  it('every rule of rules.md is in RULES, with the default severity rules.md gives', () => {
    const table = specTable();
    expect(table.size).toBeGreaterThanOrEqual(16);
    for (const [id, severity] of table) {
      expect(ids, id).toContain(id);
      expect(RULES.find((r) => r.id === id)!.severity, id).toBe(severity);
    }
  });

  // rules.md: "A new rule takes the next free number in its family." Beyond rules.md (R010–
  // R015 are its second edition's, read as warnings above) the catalogue adds three: S004 (malformed suppression) and R009 (unused suppression) for inline
  // suppressions (issue 4), and R016 (characters the PDF fonts cannot show, issue 10),
  // which comes after R010–R015, the numbers rules.md's second edition reserves; M005–M007
  // are the project form's (issue 13). Any other
  // rule missing from rules.md's severity tables is a mistake.
  const EXTENSIONS: [id: string, afterSecondEdition: boolean][] = [
    ['S004', false],
    // The project form's own rules (forms.md "The project form", issue 13).
    ['M005', false],
    ['M006', false],
    ['M007', false],
    ['M008', false],
    ['R009', false],
    ['R016', true],
    // R017 (定量 indicator without a number) and R018 (unit used by no value): checks of the
    // indicator attributes of forms.md "More about an indicator" (type, unit), after R016.
    ['R017', true],
    ['R018', true],
  ];
  /** The IDs of the second edition's table of new rules. */
  const secondEditionIds = (): Set<string> => {
    const text = readFileSync(rulesMd, 'utf8');
    const at = text.indexOf('New rules (all warnings');
    if (at < 0) return new Set();
    return new Set([...text.slice(at).matchAll(/^\|\s*([YSMR]\d{3})\s*\|/gm)].map((m) => m[1]!));
  };
  /** Every ID a table row of rules.md names, the second edition's reserved ones included. */
  const namedIds = (): string[] =>
    readFileSync(rulesMd, 'utf8')
      .split('\n')
      .map((line) => /^\|\s*([YSMR]\d{3})\s*\|/.exec(line)?.[1])
      .filter((x): x is string => x !== undefined);
  it('every rule beyond rules.md is a known extension with the next free number', () => {
    const table = specTable();
    expect(ids.filter((id) => !table.has(id))).toEqual(EXTENSIONS.map(([id]) => id));
    // Numbers taken when each extension was added: version 1's, and the second edition's
    // for those added after it.
    const taken = new Set([...table.keys()].filter((id) => !secondEditionIds().has(id)));
    for (const [id, afterSecondEdition] of EXTENSIONS) {
      if (afterSecondEdition) for (const named of namedIds()) taken.add(named);
      const family = [...taken].filter((k) => k[0] === id[0]).map((k) => Number(k.slice(1)));
      expect(Number(id.slice(1)), id).toBe(Math.max(...family) + 1);
      taken.add(id);
    }
  });

  describe.each(RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    it('has a title in zh and en', () => {
      expect(rule.title.zh.trim()).not.toBe('');
      expect(rule.title.en.trim()).not.toBe('');
      expect(rule.title.zh).toMatch(CJK);
      expect(rule.title.en).not.toBe(rule.title.zh);
    });

    it('has what/why docs in zh and en, a source, and failing and fixed snippets that differ', () => {
      for (const lang of LANGS) {
        expect(rule.docs.what[lang].trim(), `${id} what.${lang}`).not.toBe('');
        expect(rule.docs.why[lang].trim(), `${id} why.${lang}`).not.toBe('');
      }
      expect(rule.docs.what.zh).toMatch(CJK);
      expect(rule.docs.why.zh).toMatch(CJK);
      expect(rule.docs.what.en).not.toBe(rule.docs.what.zh);
      expect(rule.docs.why.en).not.toBe(rule.docs.why.zh);
      expect(rule.docs.source.trim()).not.toBe('');
      expect(rule.docs.failing.trim()).not.toBe('');
      expect(rule.docs.fixed.trim()).not.toBe('');
      expect(rule.docs.failing.trim()).not.toBe(rule.docs.fixed.trim());
    });

    it('has known limits in zh and en (rules.md second edition: a "known limits" line per rule)', () => {
      expect(rule.docs.limits.zh.trim(), `${id} limits.zh`).not.toBe('');
      expect(rule.docs.limits.en.trim(), `${id} limits.en`).not.toBe('');
      expect(rule.docs.limits.zh).toMatch(CJK);
      expect(rule.docs.limits.en).not.toBe(rule.docs.limits.zh);
    });

    it('its fixed snippet is valid YAML', () => {
      const doc = parseDocument(rule.docs.fixed, { uniqueKeys: true });
      expect(doc.errors.map((e) => e.message)).toEqual([]);
    });

    it.skipIf(MULTI_FILE.has(id))('gives a non-empty message in zh and en for a real finding', () => {
      const m = messages.get(id);
      expect(m, `no fixture produced ${id}`).toBeDefined();
      for (const lang of LANGS) {
        expect(m![lang].length).toBeGreaterThan(0);
        for (const msg of m![lang]) {
          expect(msg.trim()).not.toBe('');
          expect(msg).not.toMatch(/undefined|NaN|\[object Object\]/);
        }
      }
      // the message follows --lang
      expect(m!.zh[0]).toMatch(CJK);
      expect(m!.en[0]).not.toBe(m!.zh[0]);
    });

    it('lives in its own module src/rules/<id>-*.ts', () => {
      const files = readdirSync(path.join(repoRoot, 'src', 'rules')).filter((f) => f.startsWith(`${id.toLowerCase()}-`) && f.endsWith('.ts'));
      expect(files).toHaveLength(1);
      const src = readFileSync(path.join(repoRoot, 'src', 'rules', files[0]!), 'utf8');
      expect(src).toContain(`id: '${id}'`);
    });

    it.skipIf(MULTI_FILE.has(id))('has at least one fixture in test/fixtures/rules that expects it', () => {
      const expecting = fixtures.filter((f) => expectedIds(readFileSync(path.join(fixtureDir, f), 'latin1')).includes(id));
      expect(expecting.length, `no fixture expects ${id}`).toBeGreaterThan(0);
    });
  });

  it('no rule module exists outside the catalogue', () => {
    const modules = readdirSync(path.join(repoRoot, 'src', 'rules'))
      .map((f) => /^([ysmr]\d{3})-.+\.ts$/.exec(f)?.[1])
      .filter((x): x is string => x !== undefined)
      .map((x) => x.toUpperCase())
      .sort();
    expect(modules).toEqual([...ids].sort());
  });

  it('every fixture is named after a rule of the catalogue (or valid-*)', () => {
    for (const f of fixtures) {
      const m = /^([a-z]\d{3})-/.exec(f);
      if (!m) expect(f).toMatch(/^valid-/);
      else expect(ids).toContain(m[1]!.toUpperCase());
    }
  });
});
