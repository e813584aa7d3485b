/**
 * The VS Code extension (editors/vscode, issue 16): it packages with the official tool
 * (`vsce package`) into a .vsix whose listing is what the editor needs, and its client
 * starts the server: the compiled extension's `activate` runs the real
 * `vscode-languageclient` against `node bin/declare.js lsp --stdio`. A real VS Code cannot
 * run headless here, so the `vscode` module the client imports is a stand-in: every API
 * is a no-op that returns a disposable, except configuration (the server command),
 * the version, and the diagnostic collection, which records what the client hands it.
 *
 * The extension's own packages come from `npm ci --prefix editors/vscode` (.ci/run does
 * it); without them the tests say so and skip, except under CI=true, where they fail.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, assertBuilt, repoRoot } from '../authoring/helpers.js';

const EXT = path.join(repoRoot, 'editors', 'vscode');
const VSCE = path.join(EXT, 'node_modules', '.bin', 'vsce');
const installed = existsSync(path.join(EXT, 'node_modules', 'vscode-languageclient')) && existsSync(VSCE);
if (!installed && process.env.CI === 'true') throw new Error('editors/vscode has no node_modules: run `npm ci --prefix editors/vscode` (.ci/run does)');
if (!installed) console.warn('SKIPPED test/lsp/vscode.test.ts: run `npm ci --prefix editors/vscode` to install vsce and vscode-languageclient');

const tmp = mkdtempSync(path.join(os.tmpdir(), 'declare-vsix-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The file names in a zip archive, from its central directory. */
function zipListing(zip: Buffer): string[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    names.push(zip.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + extra + comment;
  }
  return names.sort();
}

function build(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: EXT, stdio: 'pipe' });
}

describe.runIf(installed)('editors/vscode', () => {
  it('packages with vsce into a .vsix holding the bundled client, manifest, grammar and README', () => {
    build();
    const out = path.join(tmp, 'declare.vsix');
    execFileSync(VSCE, ['package', '--no-dependencies', '--out', out], { cwd: EXT, stdio: 'pipe', timeout: 120_000 });
    const names = zipListing(readFileSync(out));
    expect(names).toEqual([
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/dist/extension.js',
      'extension/language-configuration.json',
      'extension/package.json',
      'extension/readme.md',
      'extension/syntaxes/declare.tmLanguage.json',
    ]);
    const manifest = JSON.parse(readFileSync(path.join(EXT, 'package.json'), 'utf8')) as { contributes: { languages: { id: string; extensions: string[] }[] }; activationEvents: string[] };
    expect(manifest.contributes.languages[0]).toMatchObject({ id: 'declare', extensions: ['.declare.yaml', '.declare.yml'] });
    expect(manifest.activationEvents).toContain('onLanguage:yaml');
  }, 180_000);

  it('starts declare lsp through the real language client and gets its diagnostics', async () => {
    assertBuilt();
    if (!existsSync(path.join(EXT, 'dist', 'extension.js'))) build();
    const published: { uri: string; count: number }[] = [];
    const stub = vscodeStub({ 'server.command': process.execPath, 'server.args': [BIN], debounceMs: 0 }, (uri, count) => published.push({ uri, count }));
    const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
    (Module as unknown as { _load: typeof load })._load = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? stub : load.call(this, request, ...rest);
    };
    try {
      const ext = createRequire(import.meta.url)(path.join(EXT, 'dist', 'extension.js')) as {
        activate: (ctx: unknown) => Promise<{ isRunning(): boolean; initializeResult?: { serverInfo?: { name: string } }; sendNotification(method: string, params: unknown): Promise<void> }>;
        deactivate: () => Promise<void>;
      };
      const client = await ext.activate({ subscriptions: [] });
      expect(client.isRunning()).toBe(true);
      expect(client.initializeResult?.serverInfo?.name).toBe('declare');
      const uri = 'file:///virtual/form.declare.yaml';
      await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'declare', version: 1, text: 'year: 1999\n' } });
      const t0 = Date.now();
      while (!published.some((p) => p.uri.includes('form.declare.yaml') && p.count > 0) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
      expect(published.find((p) => p.uri.includes('form.declare.yaml'))?.count).toBeGreaterThan(0);
      await ext.deactivate();
      expect(client.isRunning()).toBe(false);
    } finally {
      (Module as unknown as { _load: typeof load })._load = load;
    }
  }, 60_000);
});

/**
 * A stand-in for the `vscode` module: any property is a callable, constructible no-op
 * returning another such value (so `workspace.onDidOpenTextDocument(…)` returns something
 * with a `dispose`), except configuration, the version, the open documents and the
 * diagnostic collection.
 */
function vscodeStub(settings: Record<string, unknown>, onDiagnostics: (uri: string, count: number) => void): unknown {
  const anything = (name: string): unknown =>
    new Proxy(function stub() {}, {
      get: (_t, prop) => {
        if (prop === 'then') return undefined;
        if (prop === Symbol.toPrimitive) return () => name;
        if (prop === Symbol.iterator) return function* () {};
        if (prop === 'dispose') return () => undefined;
        return anything(`${name}.${String(prop)}`);
      },
      apply: () => anything(`${name}()`),
      construct: () => anything(`new ${name}`) as object,
    });
  const overrides: Record<string, unknown> = {
    version: '1.95.0',
    // URIs keep their text (the diagnostics are recorded by URI)
    Uri: {
      parse: (text: string) => ({ scheme: text.split(':')[0], toString: () => text, fsPath: text.replace(/^file:\/\//, '') }),
      file: (p: string) => ({ scheme: 'file', toString: () => `file://${p}`, fsPath: p }),
    },
    // a stand-in token would be truthy everywhere, i.e. always cancelled
    CancellationTokenSource: class {
      token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
      cancel(): void {}
      dispose(): void {}
    },
    env: { language: 'zh-cn', appName: 'stub', machineId: 'stub', sessionId: 'stub', uiKind: 1 },
    workspace: new Proxy({}, {
      get: (_t, prop) => {
        if (prop === 'getConfiguration') return () => ({ get: (key: string, fallback: unknown) => (key in settings ? settings[key] : fallback), has: () => false, inspect: () => undefined, update: async () => undefined });
        if (prop === 'workspaceFolders') return undefined;
        if (prop === 'textDocuments') return [];
        if (prop === 'notebookDocuments') return [];
        if (prop === 'then') return undefined;
        return anything(`workspace.${String(prop)}`);
      },
    }),
    languages: new Proxy({}, {
      get: (_t, prop) => {
        if (prop === 'createDiagnosticCollection') {
          return () => new Proxy({}, {
            get: (_x, p) => {
              if (p === 'set') return (uri: unknown, diags: unknown) => onDiagnostics(String(uri), Array.isArray(diags) ? diags.length : 0);
              if (p === 'then') return undefined;
              return anything(`diagnostics.${String(p)}`);
            },
          });
        }
        if (prop === 'then') return undefined;
        return anything(`languages.${String(prop)}`);
      },
    }),
  };
  const get = (prop: string | symbol): unknown => {
    if (prop === '__esModule') return true; // so TypeScript's __importStar hands the module over as it is
    if (typeof prop === 'string' && prop in overrides) return overrides[prop];
    if (prop === 'then') return undefined;
    return anything(String(prop));
  };
  // esbuild's namespace import copies the module's own properties: list the namespaces
  const names = ['version', 'env', 'workspace', 'languages', 'window', 'commands', 'extensions', 'Uri', 'Disposable', 'EventEmitter'];
  return new Proxy({}, {
    get: (_t, prop) => get(prop),
    ownKeys: () => names,
    getOwnPropertyDescriptor: (_t, prop) => (typeof prop === 'string' && names.includes(prop) ? { configurable: true, enumerable: true, value: get(prop) } : undefined),
  });
}
