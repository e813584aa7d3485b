/**
 * The VS Code client for `declare lsp` (issue 16): a thin shell. It starts the server
 * over stdio and hands it the YAML documents; the server decides which of them are
 * declarations (the `declare` language of `*.declare.yaml`, or YAML with a top-level
 * `form:` or `indicators:` key) and leaves the others alone, so other YAML tooling
 * (yaml-language-server with declare's JSON Schema) keeps working beside it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** How to start the server: the configured command, the workspace's own install, or `declare` on the PATH. */
export function serverCommand(configured: string, args: readonly string[], folders: readonly string[], exists: (p: string) => boolean = existsSync): { command: string; args: string[] } {
  const bin = process.platform === 'win32' ? 'declare.cmd' : 'declare';
  let command = configured.trim();
  if (command === '') {
    const local = folders.map((f) => path.join(f, 'node_modules', '.bin', bin)).find((p) => exists(p));
    command = local ?? bin;
  }
  return { command, args: [...args, 'lsp', '--stdio'] };
}

/** The documents handed to the server. */
export const DOCUMENT_SELECTOR = [
  { language: 'declare' },
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'untitled' },
];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const config = vscode.workspace.getConfiguration('declare');
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const { command, args } = serverCommand(config.get<string>('server.command', ''), config.get<string[]>('server.args', []), folders);
  const serverOptions: ServerOptions = {
    command,
    args,
    transport: TransportKind.stdio,
    options: { cwd: folders[0] ?? process.cwd(), shell: process.platform === 'win32' },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    initializationOptions: { debounceMs: config.get<number>('debounceMs', 150) },
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/declare.config.{yaml,yml}') },
  };
  client = new LanguageClient('declare', 'declare', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  await client.start();
  return client;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
