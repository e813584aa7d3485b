import { compareDiagnostics, type Diagnostic, type FileResult, type Lang, type Severity } from './diagnostic.js';
import { load, type Encoding } from './load/load.js';
import { locate } from './load/locate.js';
import type { Declaration, PartialDeclaration } from './model/declaration.js';
import { validateStructure } from './model/structure.js';
import { parseSuppressions } from './load/suppressions.js';
import { isScalar, visit, type Document } from 'yaml';
import { MODEL_RULES, RULES, isFixedSeverity, ruleById } from './rules/index.js';
import { DEFAULT_RULE_OPTIONS, type Finding, type RuleOptions } from './rules/rule.js';

/** How to check: language and configuration. */
export interface CheckOptions {
  /** message language */
  lang: Lang;
  /** per-rule severity overrides (Y and S rules stay errors) */
  severities: Record<string, Severity | 'off'>;
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
}

/**
 * load → schema → rules → sorted diagnostics (STYLE.md). Pure: takes the file's content
 * and name, returns data; never throws for any input.
 */
export function check(input: string | Uint8Array, file: string, options: Partial<CheckOptions> = {}): CheckOutput {
  const lang = options.lang ?? 'zh';
  const severities = options.severities ?? {};
  const loaded = load(input, { encoding: options.encoding });
  const rulesChecked = RULES.map((r) => r.id).filter((id) => severities[id] !== 'off' || isFixedSeverity(id));

  const toDiagnostic = (f: Finding): Diagnostic | undefined => {
    const rule = ruleById(f.rule);
    if (!rule) throw new Error(`unknown rule ${f.rule}`);
    const configured = severities[f.rule];
    const severity = isFixedSeverity(f.rule) || configured === undefined ? rule.severity : configured;
    if (severity === 'off') return undefined;
    const range = locate(loaded.doc, loaded.positions, f.at ?? f.path, f.atKey);
    return { rule: f.rule, severity, message: rule.message(f, lang), path: f.path, ...range };
  };

  if (loaded.problem) {
    const p = loaded.problem;
    const rule = ruleById('Y001')!;
    const finding = { args: { code: p.code, detail: p.detail }, path: [] };
    const diag: Diagnostic = { rule: 'Y001', severity: 'error', message: rule.message(finding, lang), path: [], ...loaded.positions.range(p.start, p.end) };
    return { result: { file, diagnostics: [diag], source: loaded.text, rulesChecked }, partial: {} };
  }

  const structure = validateStructure(loaded.value);
  const findings: Finding[] = [...structure.findings];
  const ctx = {
    decl: structure.partial,
    complete: structure.complete,
    options: { ...DEFAULT_RULE_OPTIONS, ...options.ruleOptions },
  };
  for (const rule of MODEL_RULES) {
    if (severities[rule.id] === 'off') continue;
    for (const f of rule.check(ctx)) findings.push(f); // no spread: a rule may find 100,000
  }
  const located = findings.map(toDiagnostic).filter((d): d is Diagnostic => d !== undefined);
  // Walking every scalar is only needed when the file has a suppression comment at all.
  const scalars = loaded.text.includes('declare-disable') ? scalarRanges(loaded.doc) : [];
  const diagnostics = applySuppressions(loaded.text, scalars, located, (f, range) => {
    const d = toDiagnostic(f);
    return d ? { ...d, ...range } : undefined;
  }).sort(compareDiagnostics);
  const out: CheckOutput = { result: { file, diagnostics: capPerRule(diagnostics, lang), source: loaded.text, rulesChecked }, partial: structure.partial };
  if (structure.declaration) out.declaration = structure.declaration;
  return out;
}

/**
 * Most diagnostics of one rule listed per file (issue 10, item 11). A file with 100,000
 * findings is one mistake repeated (a pasted column, a wrong indentation); past the first
 * hundred, a listing only buries the other rules and slows every reporter and editor.
 */
export const MAX_PER_RULE = 100;

const OMITTED: Record<Lang, (n: number, rule: string) => string> = {
  zh: (n, rule) => `…… 另有 ${n.toLocaleString('en')} 个 ${rule} 问题未列出（每条规则每个文件最多列出 ${MAX_PER_RULE} 个）`,
  en: (n, rule) => `… and ${n.toLocaleString('en')} more ${rule} problems (at most ${MAX_PER_RULE} per rule per file are listed)`,
};

/**
 * Keep the first MAX_PER_RULE diagnostics of each rule (in report order) and end the list
 * with one line per cut rule, at its first left-out diagnostic, carrying the count
 * (`omitted`), so every reporter shows it and the totals stay true.
 */
function capPerRule(sorted: Diagnostic[], lang: Lang): Diagnostic[] {
  const seen = new Map<string, number>();
  const kept: Diagnostic[] = [];
  const first = new Map<string, Diagnostic>();
  for (const d of sorted) {
    const n = (seen.get(d.rule) ?? 0) + 1;
    seen.set(d.rule, n);
    if (n <= MAX_PER_RULE) kept.push(d);
    else if (n === MAX_PER_RULE + 1) first.set(d.rule, d);
  }
  for (const [rule, d] of first) {
    const omitted = seen.get(rule)! - MAX_PER_RULE;
    kept.push({ rule, severity: d.severity, message: OMITTED[lang](omitted, rule), path: d.path, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, omitted });
  }
  return kept;
}

/**
 * Drop diagnostics that a `# declare-disable-…` comment covers, and report comments that
 * are malformed (S004) or cover nothing (R009), so stale ones do not pile up.
 */
function applySuppressions(
  text: string,
  scalars: [number, number][],
  diagnostics: Diagnostic[],
  make: (f: Finding, range: { line: number; column: number; endLine: number; endColumn: number }) => Diagnostic | undefined,
): Diagnostic[] {
  const suppressions = parseSuppressions(text, (offset) => insideRange(scalars, offset));
  if (suppressions.length === 0) return diagnostics;
  const kept: Diagnostic[] = [];
  const used = new Set<string>();
  // By target line: a search of every comment per diagnostic is quadratic (issue 10, item 9).
  const byTarget = new Map<number, typeof suppressions>();
  for (const x of suppressions) byTarget.set(x.target, [...(byTarget.get(x.target) ?? []), x]);
  for (const d of diagnostics) {
    const s = byTarget.get(d.line)?.find((x) => x.reason !== '' && x.rules.includes(d.rule) && !isFixedSeverity(d.rule));
    if (s) used.add(`${s.line} ${d.rule}`);
    else kept.push(d);
  }
  for (const s of suppressions) {
    const range = { line: s.line, column: s.column, endLine: s.line, endColumn: s.endColumn };
    const problems: Finding[] = [];
    if (s.rules.length === 0) problems.push({ rule: 'S004', path: [], args: { kind: 'no-rule' } });
    for (const id of s.rules) {
      if (!ruleById(id)) problems.push({ rule: 'S004', path: [], args: { kind: 'unknown-rule', rule: id } });
      else if (isFixedSeverity(id)) problems.push({ rule: 'S004', path: [], args: { kind: 'fixed-rule', rule: id } });
    }
    if (s.rules.length > 0 && s.reason === '') problems.push({ rule: 'S004', path: [], args: { kind: 'no-reason' } });
    if (problems.length === 0) {
      const unused = s.rules.filter((id) => !used.has(`${s.line} ${id}`));
      if (unused.length > 0) problems.push({ rule: 'R009', path: [], args: { rules: unused.join(', '), target: s.target } });
    }
    for (const p of problems) {
      const d = make(p, range);
      if (d) kept.push(d);
    }
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

/** Source ranges of every scalar (a `#` inside one is text, not a comment). */
function scalarRanges(doc: Document.Parsed | undefined): [number, number][] {
  const out: [number, number][] = [];
  if (!doc) return out;
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && node.range && node.type !== 'PLAIN') out.push([node.range[0], node.range[1]]);
    },
  });
  return out;
}
