/**
 * `declare lsp` (issue 16): the language server over stdio. Loaded only when the command
 * runs (main.ts imports it dynamically), so `validate` never loads the protocol library.
 */
import { createConnection } from 'vscode-languageserver/node';
import type { Lang } from '../diagnostic.js';
import { startServer, type FileSettings } from '../lsp/server.js';
import { configFor } from './config.js';

/** Options of `declare lsp`. */
export interface LspOptions {
  /** quiet time after a keystroke before checking, ms (default 150) */
  debounce?: number;
}

/** Serve until the client ends the session (the library exits the process on `exit`). */
export function runLsp(opts: LspOptions, cwd: string, version: string): Promise<number> {
  const connection = createConnection(process.stdin, process.stdout);
  // Nothing else may write to stdout: it carries the protocol.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  const settingsFor = async (file: string, lang: Lang): Promise<FileSettings> => {
    // A fresh cache per check: an edited declare.config.yaml applies at the next keystroke.
    const config = await configFor(file, cwd, undefined, lang, new Map(), false);
    return { severities: config.severities, ruleOptions: config.ruleOptions, configFile: config.file ?? '' };
  };
  return new Promise((resolve) => {
    connection.onExit(() => resolve(0));
    startServer(connection, { settingsFor, version, ...(opts.debounce === undefined ? {} : { debounceMs: opts.debounce }) });
  });
}
