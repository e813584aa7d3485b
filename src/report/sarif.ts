/**
 * `--format sarif`: SARIF 2.1.0 (OASIS), one run, uploadable to GitHub code scanning.
 *
 * - Every rule of the catalogue is in `tool.driver.rules` with its documentation as
 *   `help` (text and Markdown), so a viewer needs nothing else.
 * - Columns count code points, which SARIF calls `run.columnKind: "unicodeCodePoints"`.
 * - Every rule has a `helpUri`: its section of docs/rules.md (rule-help.ts derives it).
 * - Locations are URI references relative to the working directory, with
 *   `uriBaseId: "%SRCROOT%"` (GitHub code scanning maps them onto the repository): the
 *   file name as given, `\` turned into `/`, `.` and `..` segments resolved, each segment
 *   percent-encoded (CJK names included). An absolute path inside the working directory is
 *   made relative to it. A file outside the working directory keeps an absolute `file:`
 *   URI and no base: it is not part of the checked-out tree, and a `../` reference would
 *   point a viewer at the wrong file. `run.originalUriBaseIds` gives `%SRCROOT%` as the
 *   working directory's `file:` URI (ending in `/`), the only thing about the machine the
 *   output carries; the same input in the same directory gives the same bytes.
 */
import type { Diagnostic, FileResult, Lang, Severity } from '../diagnostic.js';
import { reportMessages } from '../messages/report.js';
import type { RuleInfo } from '../rules/rule.js';
import { INFORMATION_URI, ruleHelpMarkdown, ruleHelpText, ruleHelpUri } from './rule-help.js';
import type { ReportContext } from './types.js';
import { wellFormed } from './width.js';
import { jsonSafe } from './escape.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export { INFORMATION_URI };
/** The base every relative artifact URI is resolved against: the working directory. */
export const SRCROOT = '%SRCROOT%';

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

/** An absolute path, POSIX, Windows drive or UNC, after `\` → `/`. */
const isAbsolute = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:\//.test(p);

/** Resolve `.` and `..` segments; undefined when `..` climbs above the start. */
function normalise(segments: readonly string[]): string[] | undefined {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(s);
  }
  return out;
}

/** A SARIF `artifactLocation`. */
export interface ArtifactLocation {
  /** a URI reference: relative to `uriBaseId` when that is given, else absolute */
  uri: string;
  /** `%SRCROOT%` for files inside the working directory */
  uriBaseId?: string;
}

/**
 * The file name as given → its `artifactLocation`: relative to `cwd` with `%SRCROOT%`
 * when the file is inside `cwd`, an absolute `file:` URI when it is not. Without `cwd`
 * (a caller that does not know it), a relative name is still taken as relative to it.
 */
export function artifactLocation(file: string, cwd?: string): ArtifactLocation {
  const p = wellFormed(file).replace(/\\/g, '/');
  const encodePath = (segments: readonly string[]): string => segments.map(encodeSegment).join('/');
  const base = cwd === undefined ? undefined : wellFormed(cwd).replace(/\\/g, '/');
  // <stdin> is no file of the tree.
  if (p.startsWith('<')) return { uri: fileUri(p) };
  if (!isAbsolute(p)) {
    const inside = normalise(p.split('/'));
    if (inside) return { uri: encodePath(inside), uriBaseId: SRCROOT };
    // ../x climbs out of the working directory: absolute when we know where that is.
    if (base === undefined) return { uri: fileUri(p) };
    const joined = normalise([...base.split('/'), ...p.split('/')]) ?? [];
    return { uri: fileUri(`${base.startsWith('/') ? '/' : ''}${joined.join('/')}`) };
  }
  if (base !== undefined && !p.startsWith('//')) {
    const root = normalise(base.split('/'));
    const abs = normalise(p.split('/'));
    // Windows drive letters compare without case; POSIX paths exactly.
    const same = (a: string, b: string, i: number): boolean => (i === 0 && /^[A-Za-z]:$/.test(a) ? a.toLowerCase() === b.toLowerCase() : a === b);
    if (root && abs && abs.length > root.length && root.every((s, i) => same(s, abs[i]!, i))) {
      return { uri: encodePath(abs.slice(root.length)), uriBaseId: SRCROOT };
    }
  }
  return { uri: fileUri(p) };
}

/** The working directory as a `file:` URI ending in `/` (SARIF §3.14.14 wants the slash). */
export function directoryUri(dir: string): string {
  const uri = fileUri(wellFormed(dir).replace(/\\/g, '/'));
  return uri.endsWith('/') ? uri : `${uri}/`;
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
    helpUri: ruleHelpUri(rule),
    help: { text: ruleHelpText(rule, lang), markdown: ruleHelpMarkdown(rule, lang) },
    defaultConfiguration: { level: LEVEL[rule.severity] },
  };
}

/**
 * A suppressed diagnostic stays a result, with a SARIF `suppression` (§3.27.23, §3.35):
 * `inSource` for a `# declare-disable-…` comment (its reason is the justification, its
 * place the location), `external` for a configuration file that set the rule off.
 */
function suppressionOf(d: Diagnostic, location: ArtifactLocation, ctx: ReportContext) {
  const s = d.suppression!;
  if (s.kind === 'inline') {
    return {
      kind: 'inSource' as const,
      justification: s.reason,
      location: { physicalLocation: { artifactLocation: location, region: { startLine: Math.max(1, s.line), startColumn: Math.max(1, s.column) } } },
    };
  }
  return {
    kind: 'external' as const,
    justification: reportMessages(ctx.lang).suppression({ suppression: s, rule: d.rule }),
    ...(s.file ? { location: { physicalLocation: { artifactLocation: artifactLocation(s.file, ctx.cwd) } } } : {}),
  };
}

export function toSarifLog(results: readonly FileResult[], ctx: ReportContext) {
  const ruleIndex = new Map<string, number>();
  ctx.rules.forEach((r, i) => {
    if (!ruleIndex.has(r.id)) ruleIndex.set(r.id, i);
  });

  const sarifResults = results.flatMap((file) => {
    const location = artifactLocation(file.file, ctx.cwd);
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
              artifactLocation: location,
              region: { startLine, startColumn, endLine, endColumn },
            },
          },
        ],
        ...(d.suppression ? { suppressions: [suppressionOf(d, location, ctx)] } : {}),
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
        ...(ctx.cwd === undefined ? {} : { originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(ctx.cwd) } } }),
        language: LANGUAGE[ctx.lang],
        columnKind: 'unicodeCodePoints' as const,
        results: sarifResults,
      },
    ],
  };
}

export function formatSarif(results: readonly FileResult[], ctx: ReportContext): string {
  return jsonSafe(JSON.stringify(toSarifLog(results, ctx), null, 2)) + '\n';
}
