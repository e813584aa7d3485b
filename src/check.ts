import { compareDiagnostics, type Diagnostic, type FileResult, type Lang, type Severity } from './diagnostic.js';
import { load, type Encoding } from './load/load.js';
import { locate } from './load/locate.js';
import type { Declaration, PartialDeclaration } from './model/declaration.js';
import { withFieldLabels } from './model/fields.js';
import { validateStructure } from './rules/structure.js';
import { DEFAULT_FORM, FORMS, FORM_IDS, chooseForm } from './forms/index.js';
import type { FormDefinition } from './forms/types.js';
import { parseSuppressions, type Suppression } from './load/suppressions.js';
import { quotedRanges } from './load/tree.js';
import { LOCKED_RULES, MODEL_RULES, RULES, RULE_TABLE, isFixedSeverity, isUnsilenceable, messageOf, ruleById, type Finding, type RuleId } from './rules/index.js';
import { DEFAULT_RULE_OPTIONS, type RuleOptions } from './rules/rule.js';
import { reportMessages } from './messages/report.js';

/** How to check: language and configuration. */
export interface CheckOptions {
  /** message language */
  lang: Lang;
  /**
   * per-rule severity overrides (Y, S, M001 and M002 stay errors); a rule set to `off`
   * still runs and its diagnostics are reported as suppressed by `configFile`
   */
  severities: Partial<Record<RuleId, Severity | 'off'>>;
  /** the configuration file the severities come from, as shown to the user */
  configFile: string;
  /** honour `# declare-disable-…` comments (default true; false: --no-inline-config) */
  inlineConfig: boolean;
  /** rule thresholds */
  ruleOptions: Partial<RuleOptions>;
  /** the file's text encoding (`--encoding`; default utf-8) */
  encoding: Encoding;
}

/** The result of checking one file. */
export interface CheckOutput {
  /** diagnostics, sorted */
  result: FileResult;
  /** present only when the schema passed completely */
  declaration?: Declaration;
  /** what could be read */
  partial: PartialDeclaration;
  /** what the cross-check (src/cross-check.ts) needs, when the declaration is not kept */
  crossFacts?: import('./cross-check.js').CrossFacts;
  /** the form the file's `form` key chose; absent when it names no registered form (S001) */
  form?: FormDefinition;
  /**
   * Where a path of this file is (the loaded tree's locate), so that the cross-check need
   * not load the source again (issue 17: that second load was 6% of validate's CPU).
   */
  locate?: (path: Parameters<typeof locate>[2]) => ReturnType<typeof locate>;
  /**
   * The file's well-formed suppression comments (a reason given), when inline configuration
   * is honoured: the cross-check (M008) applies them to what it adds after this check.
   */
  suppressions?: Suppression[];
}

/**
 * Rules a form's file gets only from the run-wide cross-check (src/cross-check.ts): a
 * comment naming one of them is applied there, and is not "covering nothing" (R009) here,
 * since whether it fires depends on the other files of the run.
 */
const CROSS_RULES: readonly string[] = ['M008'];

/**
 * load → schema → rules → sorted diagnostics (STYLE.md). Pure: takes the file's content
 * and name, returns data; never throws for any input (no `throw` here: a finding's rule
 * is a RuleId by type, so an unknown rule cannot happen).
 */
export function check(input: string | Uint8Array, file: string, options: Partial<CheckOptions> = {}): CheckOutput {
  const lang = options.lang ?? 'zh';
  const severities = options.severities ?? {};
  const loaded = load(input, { encoding: options.encoding, knownKeys: KNOWN_KEYS });
  const rulesChecked = RULES.map((r) => r.id).filter((id) => severities[id] !== 'off' || isUnsilenceable(id));

  const toDiagnostic = (f: Finding): Diagnostic => {
    const rule = RULE_TABLE[f.rule];
    const configured = isUnsilenceable(f.rule) ? undefined : severities[f.rule];
    const severity = configured === undefined || configured === 'off' ? rule.severity : configured;
    const range = locate(loaded.tree, loaded.positions, f.at ?? f.path, f.atKey);
    const d: Diagnostic = { rule: f.rule, severity, message: messageOf(f, lang), path: f.path, args: f.args, ...range };
    // `off` silences, it does not hide: the diagnostic is reported as suppressed.
    if (configured === 'off') d.suppression = { kind: 'config', file: options.configFile ?? '' };
    return d;
  };

  if (loaded.problem) {
    const p = loaded.problem;
    const finding: Finding = { rule: 'Y001', args: { code: p.code, detail: p.detail }, path: [] };
    const diag: Diagnostic = { rule: 'Y001', severity: 'error', message: messageOf(finding, lang), path: [], args: finding.args, ...loaded.positions.range(p.start, p.end) };
    return { result: { file, diagnostics: [diag], source: loaded.text, rulesChecked }, partial: {} };
  }

  const choice = chooseForm(loaded.value);
  // A `form` that names no form: nothing else can be checked against a form (forms.md).
  const form = choice.ok ? choice.form : undefined;
  const structure = choice.ok
    ? validateStructure(loaded.value, choice.form)
    : { findings: [{ rule: 'S001', path: ['form'], args: { kind: 'unknown-form', source: choice.source, allowed: FORM_IDS.join('、') } }] satisfies Finding[], partial: {}, complete: new Set<string>() };
  const findings: Finding[] = [...structure.findings];
  const ctx = {
    decl: structure.partial,
    complete: structure.complete,
    schemaFindings: structure.findings,
    options: { ...DEFAULT_RULE_OPTIONS, ...options.ruleOptions },
    ...(form ? { form: form.id } : {}),
  };
  // Every rule of the form runs, also those configured off: their diagnostics are shown as suppressed.
  if (form) for (const rule of MODEL_RULES) if (appliesTo(rule, form)) for (const f of rule.check(ctx)) findings.push(f); // no spread: a rule may find 100,000
  // Messages name fields by the form's labels (the unknown-form case by the default form's).
  return withFieldLabels((form ?? DEFAULT_FORM).fields, () => {
    const located = findings.map(toDiagnostic);
    // Walking every scalar is only needed when the file has a suppression comment at all.
    const inline = options.inlineConfig !== false && loaded.text.includes('declare-disable');
    const scalars = inline ? quotedRanges(loaded.tree) : [];
    const suppressions = inline ? parseSuppressions(loaded.text, (offset) => insideRange(scalars, offset)) : [];
    const deferred = form?.rollup?.limit !== undefined ? CROSS_RULES : [];
    const diagnostics = (suppressions.length > 0
      ? applySuppressions(suppressions, located, (f, range) => ({ ...toDiagnostic(f), ...range }), deferred)
      : located).sort(compareDiagnostics);
    const out: CheckOutput = { result: { file, diagnostics: capPerRule(diagnostics, lang), source: loaded.text, rulesChecked }, partial: structure.partial };
    if ('declaration' in structure && structure.declaration) out.declaration = structure.declaration;
    if (form) out.form = form;
    // Bound, not an arrow: a closure made here shares check()'s context (the file's text,
    // tree and diagnostics), and made once per file it kept each file alive past the minor
    // GCs, to be freed only by a major one (issue 17: measured with --trace-gc; the V8
    // mechanism is our reading, not proven).
    out.locate = locate.bind(undefined, loaded.tree, loaded.positions) as CheckOutput['locate'];
    const usable = suppressions.filter((x) => x.reason !== '');
    if (usable.length > 0) out.suppressions = usable;
    return out;
  });
}

/**
 * The form a file's content chooses by its `form` key (as check() would), or undefined when
 * it cannot be loaded or names none: for validate's streaming, which must know before a
 * file is checked whether it can take part in the cross-check (cli/check-files.ts).
 */
export function formOf(input: string | Uint8Array, encoding?: Encoding): FormDefinition | undefined {
  const loaded = load(input, { encoding, knownKeys: KNOWN_KEYS });
  if (loaded.problem) return undefined;
  const choice = chooseForm(loaded.value);
  return choice.ok ? choice.form : undefined;
}

/** Whether a rule checks this form (a rule without `forms` checks every form). */
function appliesTo(rule: { forms?: readonly string[] }, form: FormDefinition): boolean {
  return rule.forms === undefined || rule.forms.includes(form.id);
}

/**
 * Every key some form knows (field names and the indicator framework), for the loader's
 * full-width colon and space hints (load.ts), longest first.
 */
const KNOWN_KEYS: readonly string[] = [
  ...new Set(Object.values(FORMS).flatMap((f) => [
    ...f.fields.flatMap((field) => field.path.split('.')).filter((k) => k !== '' && k !== '*'),
    ...Object.entries(f.framework).flatMap(([l1, l2s]) => [l1, ...l2s]),
  ])),
].sort((a, b) => b.length - a.length);

/**
 * Most diagnostics of one rule listed per file (issue 10, item 11). A file with 100,000
 * findings is one mistake repeated (a pasted column, a wrong indentation); past the first
 * hundred, a listing only buries the other rules and slows every reporter and editor.
 */
export const MAX_PER_RULE = 100;

/**
 * Keep the first MAX_PER_RULE diagnostics of each rule (in report order) and end the list
 * with one line per cut rule, at its first left-out diagnostic, carrying the count
 * (`omitted`), so every reporter shows it and the totals stay true.
 */
function capPerRule(sorted: Diagnostic[], lang: Lang): Diagnostic[] {
  // Suppressed and reported diagnostics are capped apart: a rule configured off may find
  // 100,000 too, and its summary line must stay suppressed.
  const keyOf = (d: Diagnostic) => (d.suppression ? `${d.rule} ${d.suppression.kind}` : d.rule);
  const seen = new Map<string, number>();
  const kept: Diagnostic[] = [];
  const first = new Map<string, Diagnostic>();
  for (const d of sorted) {
    const key = keyOf(d);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n <= MAX_PER_RULE) kept.push(d);
    else if (n === MAX_PER_RULE + 1) first.set(key, d);
  }
  for (const [key, d] of first) {
    const omitted = seen.get(key)! - MAX_PER_RULE;
    const line: Diagnostic = { rule: d.rule, severity: d.severity, message: reportMessages(lang).omitted({ count: omitted, rule: d.rule, max: MAX_PER_RULE }), path: d.path, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, omitted };
    if (d.suppression) line.suppression = d.suppression;
    kept.push(line);
  }
  return kept;
}

/**
 * Mark diagnostics that a `# declare-disable-…` comment covers as suppressed (they stay
 * in the list), and report comments that are malformed (S004), name a rule that cannot be
 * suppressed (S004; the diagnostic stays an error) or cover nothing (R009), so stale ones
 * do not pile up. A `deferred` rule (CROSS_RULES) is never "covering nothing" here: the
 * cross-check applies the comment to it.
 */
function applySuppressions(
  suppressions: Suppression[],
  diagnostics: Diagnostic[],
  make: (f: Finding, range: { line: number; column: number; endLine: number; endColumn: number }) => Diagnostic,
  deferred: readonly string[],
): Diagnostic[] {
  const kept: Diagnostic[] = [];
  const used = new Set<string>();
  // By target line: a search of every comment per diagnostic is quadratic (issue 10, item 9).
  const byTarget = new Map<number, typeof suppressions>();
  for (const x of suppressions) byTarget.set(x.target, [...(byTarget.get(x.target) ?? []), x]);
  for (const d of diagnostics) {
    const s = byTarget.get(d.line)?.find((x) => x.reason !== '' && x.rules.includes(d.rule) && !isUnsilenceable(d.rule));
    if (s) {
      used.add(`${s.line} ${d.rule}`);
      kept.push({ ...d, suppression: { kind: 'inline', reason: s.reason, line: s.line, column: s.column } });
    } else kept.push(d);
  }
  for (const s of suppressions) {
    const range = { line: s.line, column: s.column, endLine: s.line, endColumn: s.endColumn };
    const problems: Finding[] = [];
    if (s.rules.length === 0) problems.push({ rule: 'S004', path: [], args: { kind: 'no-rule' } });
    for (const id of s.rules) {
      if (!ruleById(id)) problems.push({ rule: 'S004', path: [], args: { kind: 'unknown-rule', rule: id } });
      else if (isFixedSeverity(id)) problems.push({ rule: 'S004', path: [], args: { kind: 'fixed-rule', rule: id } });
      else if (LOCKED_RULES.includes(id)) problems.push({ rule: 'S004', path: [], args: { kind: 'locked-rule', rule: id } });
    }
    if (s.rules.length > 0 && s.reason === '') problems.push({ rule: 'S004', path: [], args: { kind: 'no-reason' } });
    if (problems.length === 0) {
      const unused = s.rules.filter((id) => !used.has(`${s.line} ${id}`) && !deferred.includes(id));
      if (unused.length > 0) problems.push({ rule: 'R009', path: [], args: { rules: unused.join(', '), target: s.target } });
    }
    for (const p of problems) kept.push(make(p, range));
  }
  return kept;
}

/** Is `offset` strictly inside one of `ranges` (in document order, disjoint)? Binary search. */
function insideRange(ranges: [number, number][], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (offset <= a) hi = mid - 1;
    else if (offset >= b) lo = mid + 1;
    else return true;
  }
  return false;
}
