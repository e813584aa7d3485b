import type { DataPath, Lang, Severity } from '../diagnostic.js';
import type { PartialDeclaration } from '../model/declaration.js';

/** Text in both user languages. */
export type Localized = Record<Lang, string>;

/** The documentation section every rule must have (rules.md; test/rules-docs.test.ts). */
export interface RuleDocs {
  /** what it checks */
  what: Localized;
  /** why a reviewer cares, citing the regulation where there is one */
  why: Localized;
  /** the source regulation or spec section */
  source: string;
  /** a YAML snippet that triggers the rule */
  failing: string;
  /** the same snippet fixed */
  fixed: string;
}

/** A finding is data: the rule, where (data path), and the message arguments. */
export interface Finding {
  /** rule ID */
  rule: string;
  /** data path of the node it is about */
  path: DataPath;
  /** point at the mapping key of `path` (or of `at`) instead of its value */
  atKey?: boolean;
  /** where to point when that differs from the data path (M004: the path is the task's
   * funds, which may be absent; the place is the task's name, rules.md) */
  at?: DataPath;
  /** arguments for the rule's message */
  args: Record<string, string | number>;
}

/** What rules see: the readable parts of the declaration. */
export interface RuleContext {
  /** every part that passed the schema; invalid parts are undefined */
  decl: PartialDeclaration;
  /** top-level sections (budget, tasks, indicators, …) that passed the schema whole */
  complete: ReadonlySet<string>;
  /** configurable thresholds */
  options: RuleOptions;
}

/** Rule options that configuration may set. */
export interface RuleOptions {
  /** R004: lowest acceptable 服务对象满意度 target, in percent */
  satisfactionThreshold: number;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = { satisfactionThreshold: 85 };

/** Metadata shared by every rule, including Y and S rules that the loader/schema emit. */
export interface RuleInfo {
  /** stable ID, e.g. "M001" */
  id: string;
  /** default severity (rules.md) */
  severity: Severity;
  /** one-line title */
  title: Localized;
  /** the message of a finding (its args and data path), in the user's language */
  message(finding: Pick<Finding, 'args' | 'path'>, lang: Lang): string;
  /** documentation */
  docs: RuleDocs;
}

/** A rule that runs on the model (M and R families). */
export interface Rule extends RuleInfo {
  check(ctx: RuleContext): Finding[];
}
