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
  /** known limits: what the rule misses or misreads (rendered as its own line) */
  limits: Localized;
}

/**
 * Message arguments: plain JSON values only, since they are part of `--format json`
 * (issue 11). Each rule declares its own args type (a type alias, so that it has an
 * implicit index signature); a key that is absent is left out of the JSON.
 */
export type RuleArgs = Readonly<Record<string, string | number | undefined>>;

/** A finding of one rule: the rule, where (data path), and that rule's message arguments. */
export interface FindingOf<Id extends string, A extends RuleArgs> {
  /** rule ID */
  rule: Id;
  /** data path of the node it is about */
  path: DataPath;
  /** point at the mapping key of `path` (or of `at`) instead of its value */
  atKey?: boolean;
  /** where to point when that differs from the data path (M004: the path is the task's
   * funds, which may be absent; the place is the task's name, rules.md) */
  at?: DataPath;
  /** arguments for the rule's message */
  args: A;
}

/** A finding of any rule of the catalogue: a union discriminated by `rule` (index.ts). */
export type { Finding } from './index.js';
import type { Finding } from './index.js';

/** What rules see: the readable parts of the declaration. */
export interface RuleContext {
  /** every part that passed the schema; invalid parts are undefined */
  decl: PartialDeclaration;
  /** top-level sections (budget, tasks, indicators, …) that passed the schema whole */
  complete: ReadonlySet<string>;
  /**
   * the schema's own findings (S001–S003), so that a rule about something absent (R001,
   * R002, R010) can tell "not in the file" from "written, but its S error already says
   * what is wrong with it" (rules.md second edition: judge from what could be read)
   */
  schemaFindings: readonly Finding[];
  /** configurable thresholds */
  options: RuleOptions;
  /** the id of the file's form (`部门整体`, `项目支出`): a rule of every form may word its message for it */
  form?: string;
}

/** Rule options that configuration may set. */
export interface RuleOptions {
  /** R004: lowest acceptable 服务对象满意度 target, in percent */
  satisfactionThreshold: number;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = { satisfactionThreshold: 85 };

/** Metadata shared by every rule, including Y and S rules that the loader/schema emit. */
export interface RuleInfo<Id extends string = string, A extends RuleArgs = RuleArgs> {
  /** stable ID, e.g. "M001" */
  id: Id;
  /** default severity (rules.md) */
  severity: Severity;
  /** one-line title */
  title: Localized;
  /** the message of a finding (its args and data path), in the user's language */
  message(finding: { args: A; path: DataPath }, lang: Lang): string;
  /** documentation (required: a rule without docs does not compile) */
  docs: RuleDocs;
}

/** A rule that runs on the model (M and R families). */
export interface Rule<Id extends string = string, A extends RuleArgs = RuleArgs> extends RuleInfo<Id, A> {
  /** the findings on one declaration; each names this rule and carries its args type */
  check(ctx: RuleContext): FindingOf<Id, A>[];
  /** the forms (their `form` ids) it checks; absent: every form (check.ts) */
  forms?: readonly string[];
}

/** The arguments type a rule declares. */
export type ArgsOf<R> = R extends RuleInfo<string, infer A> ? A : never;

/** What `defineRule<Args>()` returns: keeps the literal ID, checks the rest against Args. */
export interface DefineRule<A extends RuleArgs> {
  /** a rule that runs on the model */
  <const Id extends string>(rule: Rule<Id, A>): Rule<Id, A>;
  /** a rule whose findings the loader, the schema or check() make */
  <const Id extends string>(rule: RuleInfo<Id, A>): RuleInfo<Id, A>;
}

/**
 * Define a rule with its message arguments type: `defineRule<{ name: string }>()({ id:
 * 'M004', … })`. The ID stays a literal type, so `RuleId` (index.ts) is a real union and a
 * finding, a configuration key or a lookup with a misspelt ID is a compile error; the
 * message takes exactly `A`, and `check` may only return findings of this rule with `A`.
 */
export function defineRule<A extends RuleArgs>(): DefineRule<A> {
  function define<const Id extends string>(rule: Rule<Id, A>): Rule<Id, A>;
  function define<const Id extends string>(rule: RuleInfo<Id, A>): RuleInfo<Id, A>;
  function define(rule: RuleInfo<string, A>): RuleInfo<string, A> {
    return rule;
  }
  return define;
}
