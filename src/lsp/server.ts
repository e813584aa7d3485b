/**
 * The language server (issue 16): the protocol's plumbing around the pure pieces of this
 * directory. It never touches the process; src/cli/lsp.ts hands it a connection over
 * stdio and the way to read a file's configuration.
 *
 * Checking: on open at once, on every change after `debounceMs` of quiet (150 ms by
 * default; `initializationOptions.debounceMs`). A newer version supersedes an older check:
 * each scheduled check carries a generation, and its result is dropped unless it is still
 * the latest when it is ready (the configuration is read asynchronously in between), so
 * the last diagnostics published are always those of the current text.
 */
import { fileURLToPath } from 'node:url';
import { TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckOptions } from '../check.js';
import type { Lang } from '../diagnostic.js';
import { lspMessages } from '../messages/lsp.js';
import { checkDocument, type DocumentCheck, type LspDiagnostic } from './diagnostics.js';
import { fixesFor } from './fixes.js';
import { completeAt, hoverAt } from './help.js';

/** The check options that come from a file's configuration. */
export type FileSettings = Pick<CheckOptions, 'severities' | 'ruleOptions' | 'configFile'>;

/** What the server needs from outside. */
export interface ServerDeps {
  /** the configuration for a file (absolute path); rejects with a readable message when it is invalid */
  settingsFor(file: string, lang: Lang): Promise<FileSettings>;
  /** default quiet time after a change before it is checked, ms */
  debounceMs?: number;
  /** the program's version, for serverInfo */
  version: string;
}

/** The language id an editor gives declarations (editors/vscode: `*.declare.yaml`). */
export const DECLARE_LANGUAGE_ID = 'declare';

/** A YAML document is a declaration when it has a top-level `form:` or `indicators:` key. */
export function looksLikeDeclaration(text: string): boolean {
  return /^(?:form|indicators)[ \t]*[:：]/mu.test(text);
}

interface DocState {
  generation: number;
  timer?: ReturnType<typeof setTimeout>;
  /** the last published check and the version it was of */
  last?: { version: number; check: DocumentCheck };
  /** the settings the last check used */
  settings?: FileSettings;
  /** whether the document is checked at all (sticky once true) */
  declaration: boolean;
  /** the version the latest scheduled check is for */
  scheduled?: number;
}

/** The language from `initialize`: English when the client's locale is English, else Chinese. */
export function langOf(params: Pick<InitializeParams, 'locale' | 'initializationOptions'>): Lang {
  const forced = (params.initializationOptions as { lang?: unknown } | undefined)?.lang;
  if (forced === 'zh' || forced === 'en') return forced;
  return typeof params.locale === 'string' && params.locale.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** The file name check() is given for a document URI. */
function fileOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Wire the server onto a connection and start listening. */
export function startServer(connection: Connection, deps: ServerDeps): void {
  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocState>();
  let lang: Lang = 'zh';
  let debounceMs = deps.debounceMs ?? 150;

  connection.onInitialize((params): InitializeResult => {
    lang = langOf(params);
    const d = (params.initializationOptions as { debounceMs?: unknown } | undefined)?.debounceMs;
    if (typeof d === 'number' && d >= 0 && d <= 10_000) debounceMs = d;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'declare', version: deps.version },
    };
  });

  const stateOf = (uri: string): DocState => {
    let s = states.get(uri);
    if (!s) {
      s = { generation: 0, declaration: false };
      states.set(uri, s);
    }
    return s;
  };

  /** Check the document's current text now (settings as last read) — for requests on a newer version. */
  const current = (uri: string): DocumentCheck | undefined => {
    const doc = documents.get(uri);
    const s = states.get(uri);
    if (!doc || !s?.declaration) return undefined;
    if (s.last && s.last.version === doc.version) return s.last.check;
    return checkDocument(doc.getText(), fileOf(uri) ?? uri, { lang, ...(s.settings ?? {}) });
  };

  const run = async (uri: string, generation: number): Promise<void> => {
    const s = states.get(uri);
    const doc = documents.get(uri);
    if (!s || !doc || s.generation !== generation) return;
    const file = fileOf(uri);
    let settings: FileSettings = { severities: {}, ruleOptions: {}, configFile: '' };
    let configProblem: string | undefined;
    if (file) {
      try {
        settings = await deps.settingsFor(file, lang);
      } catch (err) {
        configProblem = err instanceof Error ? err.message : String(err);
      }
    }
    // Superseded while the configuration was read: a newer check is scheduled.
    if (s.generation !== generation || documents.get(uri) !== doc) return;
    const version = doc.version;
    const result = checkDocument(doc.getText(), file ?? uri, { lang, ...settings });
    s.settings = settings;
    s.last = { version, check: result };
    const diagnostics: LspDiagnostic[] = result.published.map((p) => p.lsp);
    if (configProblem) {
      diagnostics.unshift({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 1, code: 'config', source: 'declare', message: lspMessages(lang).configError({ message: configProblem }) });
    }
    await connection.sendDiagnostics({ uri, version, diagnostics });
  };

  const schedule = (uri: string, delay: number): void => {
    const s = stateOf(uri);
    if (s.timer) clearTimeout(s.timer);
    s.scheduled = documents.get(uri)?.version;
    const generation = ++s.generation;
    const go = () => {
      s.timer = undefined;
      void run(uri, generation).catch((err: unknown) => connection.console.error(`declare: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
    };
    if (delay <= 0) go();
    else s.timer = setTimeout(go, delay);
  };

  documents.onDidOpen((e) => {
    const s = stateOf(e.document.uri);
    s.declaration = e.document.languageId === DECLARE_LANGUAGE_ID || looksLikeDeclaration(e.document.getText());
    if (s.declaration) schedule(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    const s = stateOf(e.document.uri);
    if (!s.declaration && looksLikeDeclaration(e.document.getText())) s.declaration = true;
    // onDidChangeContent also fires for the open, which is checked at once above
    if (s.declaration && e.document.version !== s.scheduled) schedule(e.document.uri, debounceMs);
  });
  documents.onDidClose((e) => {
    const s = states.get(e.document.uri);
    if (s?.timer) clearTimeout(s.timer);
    states.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const recheckAll = () => {
    for (const [uri, s] of states) if (s.declaration) schedule(uri, 0);
  };
  connection.onDidChangeWatchedFiles(() => recheckAll());
  documents.onDidSave((e) => {
    if (/(^|\/)declare\.config\.ya?ml$/.test(e.document.uri)) recheckAll();
  });

  connection.onHover((params) => {
    const doc = documents.get(params.textDocument.uri);
    const check = current(params.textDocument.uri);
    if (!doc || !check) return null;
    return hoverAt(check.text, check.index.offsetAt(params.position), check.published, lang) ?? null;
  });

  connection.onCompletion((params) => {
    const check = current(params.textDocument.uri);
    if (!check) return [];
    return completeAt(check.text, params.position.line, params.position.character, lang);
  });

  connection.onCodeAction((params) => {
    const check = current(params.textDocument.uri);
    if (!check) return [];
    const r = params.range;
    const overlaps = (a: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
      !(a.end.line < r.start.line || (a.end.line === r.start.line && a.end.character < r.start.character) ||
        a.start.line > r.end.line || (a.start.line === r.end.line && a.start.character > r.end.character));
    const wanted = check.published.filter((p) => overlaps(p.lsp.range));
    return fixesFor(params.textDocument.uri, check.text, check.index, wanted, lang);
  });

  connection.onShutdown(() => {
    for (const s of states.values()) if (s.timer) clearTimeout(s.timer);
  });

  documents.listen(connection);
  connection.listen();
}
