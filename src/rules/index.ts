import type { Lang } from '../diagnostic.js';
import type { ArgsOf, FindingOf, Rule, RuleInfo } from './rule.js';
import { Y001 } from './y001-yaml.js';
import { S001 } from './s001-structure.js';
import { S002 } from './s002-amount.js';
import { S003 } from './s003-indicator-key.js';
import { S004 } from './s004-suppression.js';
import { M001 } from './m001-expenditure-income.js';
import { M002 } from './m002-allocation.js';
import { M003 } from './m003-task-funds.js';
import { M004 } from './m004-task-without-funds.js';
import { M005 } from './m005-project-funds-total.js';
import { M006 } from './m006-project-annual-exceeds-period.js';
import { M007 } from './m007-project-period.js';
import { M008 } from './m008-department-projects.js';
import { R001 } from './r001-mandatory-indicators.js';
import { R002 } from './r002-satisfaction-missing.js';
import { R003 } from './r003-measurable.js';
import { R004 } from './r004-satisfaction-threshold.js';
import { R005 } from './r005-annual-exceeds-period.js';
import { R006 } from './r006-placeholder.js';
import { R007 } from './r007-garbled.js';
import { R008 } from './r008-duplicate.js';
import { R009 } from './r009-unused-suppression.js';
import { R010 } from './r010-no-cost-indicator.js';
import { R011 } from './r011-input-as-output.js';
import { R012 } from './r012-share-over-100.js';
import { R013 } from './r013-empty-indicator-name.js';
import { R014 } from './r014-timeliness-without-time.js';
import { R015 } from './r015-expected-repeats-content.js';
import { R016 } from './r016-missing-glyph.js';
import { R017 } from './r017-quantitative-without-number.js';
import { R018 } from './r018-unit-not-used.js';

/** Rules that run on the model, in catalogue order (rules.md). */
export const MODEL_RULES = [M001, M002, M003, M004, M005, M006, M007, R001, R002, R003, R004, R005, R006, R007, R008, R010, R011, R012, R013, R014, R015, R016, R017, R018] as const satisfies readonly Rule[];

/**
 * The whole catalogue, in order. Y and S001–S003 are emitted by the loader and schema;
 * S004 and R009 by check() from suppression comments. Every rule of MODEL_RULES is here
 * (test/validate/catalogue.test.ts).
 */
export const RULES = [Y001, S001, S002, S003, S004, M001, M002, M003, M004, M005, M006, M007, M008, R001, R002, R003, R004, R005, R006, R007, R008, R009, R010, R011, R012, R013, R014, R015, R016, R017, R018] as const satisfies readonly RuleInfo[];

/** A rule ID of the catalogue: a union of literal IDs ("Y001" | "S001" | …). */
export type RuleId = (typeof RULES)[number]['id'];

/** Each rule's message arguments type, by ID. */
export type RuleArgsById = { [R in (typeof RULES)[number] as R['id']]: ArgsOf<R> };

/** A finding of any rule: `rule` picks the args type, so a misspelt ID or arg does not compile. */
export type Finding = { [K in RuleId]: FindingOf<K, RuleArgsById[K]> }[RuleId];

/**
 * The catalogue by ID. Its type makes a rule of RULES without an entry here (or an entry
 * for no rule) a compile error, and lets `messageOf` pair a finding with its own rule.
 */
export const RULE_TABLE: { readonly [K in RuleId]: RuleInfo<K, RuleArgsById[K]> } = {
  Y001, S001, S002, S003, S004, M001, M002, M003, M004, M005, M006, M007, M008, R001, R002, R003, R004, R005, R006, R007, R008, R009, R010, R011, R012, R013, R014, R015, R016, R017, R018,
};

/** The sentence of a finding, in the user's language, by its own rule's `message`. */
export function messageOf<K extends RuleId>(f: FindingOf<K, RuleArgsById[K]>, lang: Lang): string {
  const rule: RuleInfo<K, RuleArgsById[K]> = RULE_TABLE[f.rule];
  return rule.message(f, lang);
}

const BY_ID = new Map<string, (typeof RULES)[number]>(RULES.map((r) => [r.id, r]));

/** Whether `id` (exactly, upper case) names a rule of the catalogue. */
export function isRuleId(id: string): id is RuleId {
  return BY_ID.has(id);
}

/**
 * A rule by ID, in any case, for IDs the user typed (`declare rules m001`, a
 * configuration key, a suppression comment). A literal argument must be a catalogue ID:
 * `ruleById('M01')` does not compile (write `RULE_TABLE.M001` for a known rule).
 */
export function ruleById<S extends string>(id: S extends RuleId ? S : string extends S ? S : RuleId): (typeof RULES)[number] | undefined {
  return BY_ID.get(id.toUpperCase());
}

/** Y and S rules are always errors and cannot be turned off or suppressed (rules.md). */
export function isFixedSeverity(id: string): boolean {
  return id.startsWith('Y') || id.startsWith('S');
}

/**
 * The arithmetic rules whose failure makes the form wrong (支出合计 ≠ 收入合计, 本级 +
 * 转移支付 ≠ 财政拨款): always errors, and neither a configuration file nor an inline
 * comment can turn them off, lower them or suppress them (docs/SECURITY.md "Who may
 * silence a check").
 */
export const LOCKED_RULES: readonly string[] = ['M001', 'M002'] satisfies readonly RuleId[];

/** Whether `id` can never be turned off, lowered or suppressed (Y, S, M001, M002). */
export function isUnsilenceable(id: string): boolean {
  return isFixedSeverity(id) || LOCKED_RULES.includes(id.toUpperCase());
}
