/**
 * The typed rule contract (issue 11, "A typed rule contract"). The `@ts-expect-error`
 * lines are checked by `npm run typecheck` (tsconfig includes test/): each must be a
 * compile error, or the type check fails. The CLI tests show that a finding's args reach
 * `--format json` as data, the "did you mean" suggestion included.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES, RULE_TABLE, messageOf, ruleById, type Finding, type RuleId } from '../../src/rules/index.js';
import { defineRule } from '../../src/rules/rule.js';
import type { JsonReport } from '../../src/report/json.js';
import type { CheckOptions } from '../../src/check.js';
import { assertBuilt, runCli } from '../validate/helpers.js';

describe('the rule contract is checked by the compiler', () => {
  it('RuleId is the union of the catalogue IDs', () => {
    const ids: RuleId[] = RULES.map((r) => r.id);
    // @ts-expect-error a misspelt rule ID is not a RuleId
    const bad: RuleId = 'M01';
    expect(ids).toContain('M001');
    expect(ids).not.toContain(bad);
    expect(Object.keys(RULE_TABLE)).toEqual(ids);
  });

  it('a finding names a rule of the catalogue and carries that rule’s args', () => {
    const ok: Finding = { rule: 'R001', path: ['indicators'], args: { level1: '产出指标' } };
    // @ts-expect-error misspelt rule ID
    const misspelt: Finding = { rule: 'M01', path: [], args: {} };
    // @ts-expect-error R001's args are { level1 }, not M001's
    const wrongArgs: Finding = { rule: 'R001', path: [], args: { expenditure: '1.00', income: '1.00', difference: '0.00' } };
    // @ts-expect-error S004's kind is a closed union
    const wrongKind: Finding = { rule: 'S004', path: [], args: { kind: 'no-such-kind' } };
    expect(messageOf(ok, 'en')).toContain('产出指标');
    expect([misspelt, wrongArgs, wrongKind]).toHaveLength(3);
  });

  it('ruleById with a literal must name a rule; with user text it may miss', () => {
    expect(ruleById('M001')?.id).toBe('M001');
    // @ts-expect-error a literal that is not a rule ID
    expect(ruleById('X001')).toBeUndefined();
    const typed: string = 'm001';
    expect(ruleById(typed)?.id).toBe('M001');
  });

  it('a configuration key must be a rule ID', () => {
    const good: Partial<CheckOptions> = { severities: { R006: 'off' } };
    // @ts-expect-error misspelt configuration key
    const bad: Partial<CheckOptions> = { severities: { R06: 'off' } };
    expect([good, bad]).toHaveLength(2);
  });

  it('defineRule keeps the literal ID and requires docs; message takes exactly the args type', () => {
    const rule = defineRule<{ n: number }>()({
      id: 'X900',
      severity: 'warning',
      title: { zh: '测试', en: 'test' },
      message: ({ args }) => `n = ${args.n.toFixed(0)}`,
      docs: { what: { zh: '', en: '' }, why: { zh: '', en: '' }, source: '', failing: '', fixed: '', limits: { zh: '', en: '' } },
    });
    const id: 'X900' = rule.id;
    expect(rule.message({ args: { n: 3 }, path: [] }, 'en')).toBe('n = 3');
    // Not called: only compiled.
    // @ts-expect-error the message takes { n: number }
    const wrong = () => rule.message({ args: { m: 3 }, path: [] }, 'en');
    expect(typeof wrong).toBe('function');
    // @ts-expect-error a rule without docs does not compile
    defineRule<{ n: number }>()({ id: 'X901', severity: 'warning', title: { zh: '', en: '' }, message: () => '' });
    expect(id).toBe('X900');
  });
});

describe('findings keep their args to the JSON report', () => {
  beforeAll(() => {
    assertBuilt();
  });

  it('S001 unknown key: args with the key and the suggestion ("did you mean") as data', async () => {
    const r = await runCli(['validate', 'test/fixtures/rules/s001-unknown-key-expenditures.yaml', '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    const unknown = report.files[0]!.diagnostics.find((d) => d.path.at(-1) === 'expenditures');
    expect(unknown?.rule).toBe('S001');
    expect(unknown?.args).toEqual({ kind: 'unknown-key', key: 'expenditures', suggestion: 'expenditure', level: '区' });
    const missing = report.files[0]!.diagnostics.find((d) => d.path.at(-1) === 'expenditure');
    expect(missing?.args).toEqual({ kind: 'missing', level: '区' });
  });

  it('M001: the amounts of the message, as the message shows them', async () => {
    const r = await runCli(['validate', 'test/fixtures/rules/m001-off-by-one-cent.yaml', '--format', 'json', '--lang', 'en']);
    const d = (JSON.parse(r.stdout) as JsonReport).files[0]!.diagnostics.find((x) => x.rule === 'M001')!;
    const args = d.args as { expenditure: string; income: string; difference: string };
    expect(Object.keys(args)).toEqual(['expenditure', 'income', 'difference']);
    expect(args.difference).toBe('0.01');
    expect(d.message).toContain(`total expenditure ${args.expenditure} ≠ total income ${args.income}`);
  });

  it('Y001: the loader’s problem code and detail', async () => {
    const r = await runCli(['validate', 'test/fixtures/validate/y001-tab-indentation.yaml', '--format', 'json']);
    const d = (JSON.parse(r.stdout) as JsonReport).files[0]!.diagnostics[0]!;
    expect(d.rule).toBe('Y001');
    expect(d.args?.code).toBe('TAB_AS_INDENT');
    expect(typeof d.args?.detail).toBe('string');
  });
});
