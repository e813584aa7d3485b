/**
 * Helpers for the `declare lsp` tests (issue 16): a real client session over stdio with
 * `node bin/declare.js lsp --stdio` (test/authoring/lsp-client.ts, the small JSON-RPC
 * client the yaml-language-server tests use), and an independent conversion of
 * `validate --format json` positions to the protocol's, to compare with.
 */
import { pathToFileURL } from 'node:url';
import { LspClient } from '../authoring/lsp-client.js';
import { BIN, cliEnv } from '../helpers/spawn.js';
import { repoRoot } from '../authoring/helpers.js';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface LspDiagnostic {
  range: Range;
  severity: number;
  code: string;
  codeDescription?: { href: string };
  source: string;
  message: string;
}
export interface Published {
  uri: string;
  version?: number;
  diagnostics: LspDiagnostic[];
}
export interface TextEdit {
  range: Range;
  newText: string;
}
export interface CodeAction {
  title: string;
  kind: string;
  diagnostics: LspDiagnostic[];
  isPreferred?: boolean;
  edit: { changes: Record<string, TextEdit[]> };
}

/** One `validate --format json` diagnostic (cli.md). */
export interface JsonDiagnostic {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A started server session. */
export class Session {
  readonly client: LspClient;
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();

  private constructor(client: LspClient) {
    this.client = client;
  }

  /** Start `declare lsp --stdio` and initialize it with `locale`. */
  static async start(locale = 'zh-cn', initializationOptions: Record<string, unknown> = { debounceMs: 20 }, cwd = repoRoot): Promise<Session> {
    // cliEnv: no DECLARE_LANG or NODE_OPTIONS from the test's environment
    const env = cliEnv();
    const client = new LspClient(process.execPath, [BIN, 'lsp', '--stdio'], cwd, {}, env);
    const s = new Session(client);
    await client.request('initialize', {
      processId: process.pid,
      locale,
      rootUri: pathToFileURL(cwd).href,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown'] }, codeAction: {} } },
      initializationOptions,
    });
    client.notify('initialized', {});
    return s;
  }

  text(uri: string): string {
    return this.texts.get(uri)!;
  }

  version(uri: string): number {
    return this.versions.get(uri)!;
  }

  /** didOpen, then the diagnostics published for that version. */
  async open(uri: string, text: string, languageId = 'declare'): Promise<LspDiagnostic[]> {
    this.openOnly(uri, text, languageId);
    return this.published(uri, 1);
  }

  /** didOpen without waiting for diagnostics. */
  openOnly(uri: string, text: string, languageId = 'declare'): void {
    this.texts.set(uri, text);
    this.versions.set(uri, 1);
    this.client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** didChange with incremental edits (applied here too); returns the new version. */
  change(uri: string, edits: TextEdit[]): number {
    const version = this.version(uri) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, applyEdits(this.text(uri), edits));
    this.client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })) });
    return version;
  }

  /** didChange replacing the whole text. */
  replace(uri: string, text: string): number {
    const version = this.version(uri) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    this.client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** The diagnostics published for `uri` at `version`. */
  async published(uri: string, version: number, timeoutMs = 20_000): Promise<LspDiagnostic[]> {
    const p = await this.client.waitFor<Published>('textDocument/publishDiagnostics', (x) => x.uri === uri && x.version === version, timeoutMs);
    return p.diagnostics;
  }

  close(uri: string): void {
    this.client.notify('textDocument/didClose', { textDocument: { uri } });
  }

  async stop(): Promise<void> {
    await this.client.close();
  }
}

/** Offset of a protocol position in `text` (lines end at `\n`; the tests' texts have no `\r`). */
export function offsetAt(text: string, p: Position): number {
  const lines = text.split('\n');
  let off = 0;
  for (let i = 0; i < p.line && i < lines.length; i++) off += lines[i]!.length + 1;
  return off + Math.min(p.character, (lines[p.line] ?? '').length);
}

/** Apply protocol text edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e) => ({ a: offsetAt(text, e.range.start), b: offsetAt(text, e.range.end), t: e.newText })).sort((x, y) => y.a - x.a);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.a) + e.t + out.slice(e.b);
  return out;
}

/**
 * A `--format json` position (1-based line, 1-based code-point column) as the protocol's
 * (0-based line, UTF-16 column), clamped to the line as the protocol says clients do.
 */
export function jsonToLsp(text: string, line: number, column: number): Position {
  const lines = text.split('\n');
  const l = Math.min(line - 1, lines.length - 1);
  const points = Array.from(lines[l] ?? '');
  return { line: l, character: points.slice(0, Math.max(0, column - 1)).join('').length };
}

/** What the editor should show for one JSON diagnostic. */
export function expectedOf(text: string, d: JsonDiagnostic): Pick<LspDiagnostic, 'range' | 'severity' | 'code' | 'message'> {
  return {
    range: { start: jsonToLsp(text, d.line, d.column), end: jsonToLsp(text, d.endLine, d.endColumn) },
    severity: d.severity === 'error' ? 1 : 2,
    code: d.rule,
    message: d.message,
  };
}

/** The comparable part of a published diagnostic. */
export function shown(d: LspDiagnostic): Pick<LspDiagnostic, 'range' | 'severity' | 'code' | 'message'> {
  return { range: d.range, severity: d.severity, code: d.code, message: d.message };
}

/** A small seeded PRNG (mulberry32): the fuzz test's edits are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
