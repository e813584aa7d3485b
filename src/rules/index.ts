import type { Rule, RuleInfo } from './rule.js';
import { Y001 } from './y001-yaml.js';
import { S001 } from './s001-structure.js';
import { S002 } from './s002-amount.js';
import { S003 } from './s003-indicator-key.js';
import { S004 } from './s004-suppression.js';
import { M001 } from './m001-expenditure-income.js';
import { M002 } from './m002-allocation.js';
import { M003 } from './m003-task-funds.js';
import { M004 } from './m004-task-without-funds.js';
import { R001 } from './r001-mandatory-indicators.js';
import { R002 } from './r002-satisfaction-missing.js';
import { R003 } from './r003-measurable.js';
import { R004 } from './r004-satisfaction-threshold.js';
import { R005 } from './r005-annual-exceeds-period.js';
import { R006 } from './r006-placeholder.js';
import { R007 } from './r007-garbled.js';
import { R008 } from './r008-duplicate.js';
import { R009 } from './r009-unused-suppression.js';
import { R016 } from './r016-missing-glyph.js';

/** Rules that run on the model, in catalogue order (rules.md). */
export const MODEL_RULES = [M001, M002, M003, M004, R001, R002, R003, R004, R005, R006, R007, R008, R016] as const satisfies readonly Rule[];

/**
 * The whole catalogue, in order. Y and S001–S003 are emitted by the loader and schema;
 * S004 and R009 by check() from suppression comments. Every rule of MODEL_RULES is here
 * (test/validate/catalogue.test.ts).
 */
export const RULES = [Y001, S001, S002, S003, S004, M001, M002, M003, M004, R001, R002, R003, R004, R005, R006, R007, R008, R009, R016] as const satisfies readonly RuleInfo[];

/** A rule ID of the catalogue. */
export type RuleId = (typeof RULES)[number]['id'];

const BY_ID = new Map<string, RuleInfo>(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): RuleInfo | undefined {
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
export const LOCKED_RULES: readonly string[] = ['M001', 'M002'];

/** Whether `id` can never be turned off, lowered or suppressed (Y, S, M001, M002). */
export function isUnsilenceable(id: string): boolean {
  return isFixedSeverity(id) || LOCKED_RULES.includes(id.toUpperCase());
}
