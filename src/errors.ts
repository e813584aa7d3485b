import { escapeText } from './report/escape.js';

/**
 * A tool failure (cli.md exit code 2): bad usage, unreadable input, unwritable output,
 * no browser. Problems with a declaration are never CliErrors; they are diagnostics.
 * The message is made printable here, once (escape.ts): it quotes file names and values
 * from the command line, which may hold control characters. It lives outside src/cli so
 * that src/render (no browser found) can throw it without importing the command layer;
 * src/cli/errors.ts re-exports it.
 */
export class CliError extends Error {
  /** process exit code; always 2 for tool failures */
  readonly exitCode: number;
  constructor(message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(escapeText(message), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options?.exitCode ?? 2;
  }
}
