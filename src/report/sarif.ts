/**
 * `--format sarif`: SARIF 2.1.0 (OASIS), one run, uploadable to GitHub code scanning.
 *
 * - Every rule of the catalogue is in `tool.driver.rules` with its documentation as
 *   `help` (text and Markdown), so a viewer needs nothing else.
 * - Columns count code points, which SARIF calls `run.columnKind: "unicodeCodePoints"`.
 * - Locations are URI references: the file name as given, `\` turned into `/`, each path
 *   segment percent-encoded (CJK names included), a leading `./` dropped; an absolute
 *   path the user typed becomes a `file:` URI. Nothing else about the machine (cwd,
 *   time, user) is written, so the output is deterministic.
 */
import type { Diagnostic, FileResult, Lang, Severity } from '../diagnostic.js';
import { LABELS } from './labels.js';
import type { RuleInfo } from '../rules/rule.js';
import { ruleHelpMarkdown, ruleHelpText } from './rule-help.js';
import type { ReportContext } from './types.js';
import { wellFormed } from './width.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Placeholder until the project has a public home; change in one place. */
export const INFORMATION_URI = 'https://github.com/declare-form/declare';

const LANGUAGE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-US' };

/** SARIF `level` of a severity (identical words, kept explicit). */
const LEVEL: Record<Severity, 'error' | 'warning'> = { error: 'error', warning: 'warning' };

/** Percent-encode one path segment as a URI path segment (RFC 3986), UTF-8 for non-ASCII. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment);
}

/** The file name as given → a SARIF `artifactLocation.uri` (a URI reference). */
export function fileUri(file: string): string {
  const p = wellFormed(file).replace(/\\/g, '/');
  const encodePath = (path: string): string => path.split('/').map(encodeSegment).join('/');
  // Windows drive path (C:/x or C:\x): file:///C:/x
  const drive = /^([A-Za-z]):\//.exec(p);
  if (drive) return `file:///${drive[1]}:/${encodePath(p.slice(3))}`;
  // UNC path //server/share/x: file://server/share/x
  if (p.startsWith('//')) return `file:${encodePath(p)}`;
  if (p.startsWith('/')) return `file://${encodePath(p)}`;
  return encodePath(p.replace(/^(?:\.\/)+/, ''));
}

/** A stable, readable identifier for SARIF `reportingDescriptor.name`: the English title in PascalCase. */
export function ruleName(rule: RuleInfo): string {
  const words = rule.title.en.match(/[A-Za-z0-9]+/g) ?? [];
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return name || rule.id;
}

function descriptor(rule: RuleInfo, lang: Lang) {
  return {
    id: rule.id,
    name: ruleName(rule),
    shortDescription: { text: rule.title[lang] },
    fullDescription: { text: rule.docs.what[lang].trim() || rule.title[lang] },
    help: { text: ruleHelpText(rule, lang), markdown: ruleHelpMarkdown(rule, lang) },
    defaultConfiguration: { level: LEVEL[rule.severity] },
  };
}

/**
 * A suppressed diagnostic stays a result, with a SARIF `suppression` (§3.27.23, §3.35):
 * `inSource` for a `# declare-disable-…` comment (its reason is the justification, its
 * place the location), `external` for a configuration file that set the rule off.
 */
function suppressionOf(d: Diagnostic, uri: string, ctx: ReportContext) {
  const s = d.suppression!;
  if (s.kind === 'inline') {
    return {
      kind: 'inSource' as const,
      justification: s.reason,
      location: { physicalLocation: { artifactLocation: { uri }, region: { startLine: Math.max(1, s.line), startColumn: Math.max(1, s.column) } } },
    };
  }
  return {
    kind: 'external' as const,
    justification: LABELS[ctx.lang].suppression(s, d.rule),
    ...(s.file ? { location: { physicalLocation: { artifactLocation: { uri: fileUri(s.file) } } } } : {}),
  };
}

export function toSarifLog(results: readonly FileResult[], ctx: ReportContext) {
  const ruleIndex = new Map<string, number>();
  ctx.rules.forEach((r, i) => {
    if (!ruleIndex.has(r.id)) ruleIndex.set(r.id, i);
  });

  const sarifResults = results.flatMap((file) => {
    const uri = fileUri(file.file);
    return file.diagnostics.map((d) => {
      const index = ruleIndex.get(d.rule);
      // SARIF requires 1-based positions and an end not before the start.
      const startLine = Math.max(1, d.line);
      const startColumn = Math.max(1, d.column);
      const endLine = Math.max(startLine, d.endLine);
      const endColumn = endLine === startLine ? Math.max(startColumn, d.endColumn) : Math.max(1, d.endColumn);
      return {
        ruleId: d.rule,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri },
              region: { startLine, startColumn, endLine, endColumn },
            },
          },
        ],
        ...(d.suppression ? { suppressions: [suppressionOf(d, uri, ctx)] } : {}),
      };
    });
  });

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'declare',
            version: ctx.toolVersion,
            informationUri: INFORMATION_URI,
            rules: ctx.rules.map((r) => descriptor(r, ctx.lang)),
          },
        },
        language: LANGUAGE[ctx.lang],
        columnKind: 'unicodeCodePoints' as const,
        results: sarifResults,
      },
    ],
  };
}

export function formatSarif(results: readonly FileResult[], ctx: ReportContext): string {
  return JSON.stringify(toSarifLog(results, ctx), null, 2) + '\n';
}
