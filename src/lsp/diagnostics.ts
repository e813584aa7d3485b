/**
 * validate's diagnostics as the protocol's (issue 16): the same list `declare validate`
 * reports for the file (every rule, the file's configuration and inline suppressions),
 * with positions converted to 0-based UTF-16 (positions.ts). Suppressed diagnostics are
 * what `--format json` keeps out of `diagnostics` and the exit code; they are left out
 * here too, so the editor shows what the reviewer's `validate` counts.
 */
import { check, type CheckOptions } from '../check.js';
import type { Diagnostic, Lang } from '../diagnostic.js';
import { ruleHelpUri } from '../report/rule-help.js';
import { ruleById } from '../rules/index.js';
import { TextIndex, type LspRange } from './positions.js';

/** The protocol's DiagnosticSeverity values used here. */
export const SEVERITY = { error: 1, warning: 2 } as const;

/** A published diagnostic (the protocol's Diagnostic, the fields we set). */
export interface LspDiagnostic {
  range: LspRange;
  severity: 1 | 2;
  /** the rule ID */
  code: string;
  /** the rule's documentation (SARIF helpUri) */
  codeDescription?: { href: string };
  source: 'declare';
  message: string;
  /** the finding's data, for quick fixes */
  data?: { rule: string; path: (string | number)[]; args?: Record<string, string | number | undefined> };
}

/** One check of one document: declare's diagnostics and the protocol's. */
export interface DocumentCheck {
  /** the editor's text that was checked */
  text: string;
  index: TextIndex;
  /** declare's diagnostics, suppressed ones included (check.ts order) */
  diagnostics: Diagnostic[];
  /** the published ones (suppressed left out), same order */
  published: { diagnostic: Diagnostic; lsp: LspDiagnostic }[];
}

/** Convert one declare diagnostic. */
export function toLspDiagnostic(d: Diagnostic, index: TextIndex): LspDiagnostic {
  const rule = ruleById(d.rule);
  const out: LspDiagnostic = {
    range: index.range(d),
    severity: SEVERITY[d.severity],
    code: d.rule,
    source: 'declare',
    message: d.message,
    data: { rule: d.rule, path: [...d.path], ...(d.args ? { args: { ...d.args } } : {}) },
  };
  if (rule) out.codeDescription = { href: ruleHelpUri(rule) };
  return out;
}

/** Check the editor's text of a document with validate's options and convert the result. */
export function checkDocument(text: string, file: string, options: Partial<CheckOptions> & { lang: Lang }): DocumentCheck {
  const index = new TextIndex(text);
  const output = check(text, file, options);
  const diagnostics = output.result.diagnostics;
  const published = diagnostics.filter((d) => !d.suppression).map((d) => ({ diagnostic: d, lsp: toLspDiagnostic(d, index) }));
  return { text, index, diagnostics, published };
}
