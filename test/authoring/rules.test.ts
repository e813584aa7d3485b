/**
 * Issue 4 item 3: `declare rules [ID]` prints the catalogue as a table or one rule's
 * documentation (what, why, source regulation, failing and fixed snippet); the same text
 * is the SARIF help and the README's rule section, from one source.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ruleHelpMarkdown, ruleHelpText } from '../../src/report/rule-help.js';
import { RULES, ruleById } from '../../src/rules/index.js';
import { END, START, rulesPage, rulesSection } from '../../scripts/gen-readme-rules.js';
import { assertBuilt, declare, repoRoot, runNode } from './helpers.js';

beforeAll(assertBuilt);

const IDS = RULES.map((r) => r.id);

describe('declare rules', () => {
  it('lists every rule of the catalogue, in order, with its default severity and title', async () => {
    const run = await declare(['rules']);
    expect(run.status).toBe(0);
    const rows = run.stdout.split('\n').filter((l) => /^[YSMR]\d{3}\b/.test(l));
    expect(rows.map((l) => l.slice(0, 4))).toEqual(IDS);
    for (const [i, rule] of RULES.entries()) {
      expect(rows[i]).toContain(rule.title.zh);
      expect(rows[i]).toContain(rule.severity === 'error' ? '错误' : '警告');
    }
    // the columns line up (display width: CJK counts double)
    const titleColumn = new Set(rows.map((l) => l.indexOf(RULES[rows.indexOf(l)]!.title.zh)));
    expect(titleColumn.size).toBe(1);
  });

  it('--lang en lists English titles', async () => {
    const run = await declare(['rules', '--lang', 'en']);
    expect(run.status).toBe(0);
    for (const rule of RULES) expect(run.stdout).toContain(rule.title.en);
  });

  it('--markdown gives a Markdown table with every ID', async () => {
    const run = await declare(['rules', '--markdown']);
    expect(run.status).toBe(0);
    const rows = run.stdout.trimEnd().split('\n');
    expect(rows[1]).toBe('|---|---|---|');
    expect(rows.slice(2).map((r) => r.split('|')[1]!.trim())).toEqual(IDS);
  });

  it('M001 shows what, why, the source regulation, a failing and a fixed snippet', async () => {
    const run = await declare(['rules', 'M001']);
    expect(run.status).toBe(0);
    const m001 = ruleById('M001')!;
    const out = run.stdout;
    expect(out.startsWith(`M001 ${m001.title.zh}\n`)).toBe(true);
    expect(out).toContain(m001.docs.what.zh.trim());
    expect(out).toContain(`为什么：${m001.docs.why.zh.trim()}`);
    expect(out).toContain(`依据：${m001.docs.source.trim()}`);
    expect(out).toContain('预算法》第十二条');
    expect(out).toContain(`已知局限：${m001.docs.limits.zh.trim()}`);
    expect(out).toMatch(/错误示例：\n {4}budget:/);
    expect(out).toMatch(/修正后：\n {4}budget:/);
    expect(out).toContain('appropriation: 3797.05'); // failing
    expect(out).toContain('appropriation: 3797.06'); // fixed
    expect(out).toBe(`${ruleHelpText(m001, 'zh')}\n`);
  });

  it('takes the ID in any case', async () => {
    const [upper, lower] = await Promise.all([declare(['rules', 'R004']), declare(['rules', 'r004'])]);
    expect(lower.status).toBe(0);
    expect(lower.stdout).toBe(upper.stdout);
  });

  it('rules ID --markdown is ruleHelpMarkdown (the SARIF help.markdown), for every rule', async () => {
    // A few at a time: one process per rule, all at once, outlasts the hang guard on a busy machine.
    const runs: Awaited<ReturnType<typeof declare>>[] = [];
    for (let k = 0; k < IDS.length; k += 5) runs.push(...(await Promise.all(IDS.slice(k, k + 5).map((id) => declare(['rules', id, '--markdown'])))));
    for (const [i, id] of IDS.entries()) {
      expect(runs[i]!.status, id).toBe(0);
      expect(runs[i]!.stdout, id).toBe(`${ruleHelpMarkdown(ruleById(id)!, 'zh')}\n`);
    }
  });

  it('an unknown ID is exit 2 and lists the IDs there are', async () => {
    const run = await declare(['rules', 'X999']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('X999');
    expect(run.stderr).toContain(IDS.join(' '));
  });
});

describe('one source: SARIF help = declare rules = README', () => {
  it.each(['zh', 'en'] as const)('SARIF (%s) carries every rule with help text and Markdown from rule-help', async (lang) => {
    const run = await declare(['validate', '--format', 'sarif', '--lang', lang, 'examples/huadu-shiling-town-2024.yaml']);
    expect(run.status).toBe(0);
    const sarif = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string; help: { text: string; markdown: string } }[] } } }[] };
    const rules = sarif.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(IDS);
    for (const r of rules) {
      const rule = ruleById(r.id)!;
      expect(r.help.markdown, r.id).toBe(ruleHelpMarkdown(rule, lang));
      expect(r.help.text, r.id).toBe(ruleHelpText(rule, lang));
    }
  });

  it('the generated rule section holds every rule’s ruleHelpMarkdown', () => {
    const section = rulesSection('zh');
    expect(section.startsWith(`${START}\n`)).toBe(true);
    expect(section.endsWith(`${END}\n`)).toBe(true);
    for (const rule of RULES) {
      expect(section).toContain(ruleHelpMarkdown(rule, 'zh', 4));
      expect(section).toContain(`| ${rule.id} | ${rule.severity === 'error' ? '错误' : '警告'} | ${rule.title.zh} |`);
    }
  });

  it('npx tsx scripts/gen-readme-rules.ts prints that section', async () => {
    const tsx = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const run = await runNode(tsx, ['scripts/gen-readme-rules.ts']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(rulesSection('zh'));
  });

  it('docs/rules.md is up to date (regenerate: npx tsx scripts/gen-readme-rules.ts --write)', () => {
    expect(readFileSync(path.join(repoRoot, 'docs', 'rules.md'), 'utf8')).toBe(rulesPage('zh'));
  });

  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  const pasted = a >= 0 && b > a ? readme.slice(a, b + END.length) : '';
  const hasBlock = pasted.replace(START, '').replace(END, '').trim() !== '';
  /**
   * Skipped while the README's block is still empty (the lead pastes it, or runs
   * `npx tsx scripts/gen-readme-rules.ts --readme`); from then on it guards against drift.
   */
  it.skipIf(!hasBlock)('README.md holds exactly the generated block between the markers (regenerate: npx tsx scripts/gen-readme-rules.ts --readme)', () => {
    expect(`${pasted}\n`).toBe(rulesSection('zh'));
  });
});
