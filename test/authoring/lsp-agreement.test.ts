/**
 * The editor and the CLI must agree on whether a file's structure is valid (issue 10
 * item 20): yaml-language-server (the server behind VS Code's YAML extension) with the
 * committed schema/declaration.schema.json, and `declare validate`, over the whole rule
 * fixture corpus (test/fixtures/rules/*.yaml). "Invalid structure" is, for the CLI, a
 * Y or S diagnostic (S004, a malformed suppression comment, is about comments, which a
 * JSON Schema cannot see, and is left out); for the editor, any error or warning.
 *
 * A file can be invalid for a reason a JSON Schema cannot express; such files are listed in
 * BEYOND_SCHEMA with the reason, and the test also fails when one of them stops
 * disagreeing (so the list cannot go stale).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from './lsp-client.js';
import { assertBuilt, declare, repoRoot } from './helpers.js';

const SERVER = path.join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const CORPUS = path.join(repoRoot, 'test', 'fixtures', 'rules');
const SCHEMA = pathToFileURL(path.join(repoRoot, 'schema', 'declaration.schema.json')).href;
const FILES = readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort();

/** Files only validate can judge, and why: the editor is expected to call them valid. */
const BEYOND_SCHEMA: Record<string, string> = {
  's002-exponent.yaml': 'a schema sees the number 1e3 = 1000, not how it is written; declare reads amounts from their text',
  's002-precision-4-five-decimals.yaml': 'under precision: 4 the schema checks a number\'s range only (multipleOf 0.0001 is not float-safe); a fifth decimal written as a number is declare\'s alone',
};

interface Diagnostic {
  message: string;
  severity?: number;
  range: { start: { line: number } };
}

const SETTINGS = { yaml: { validate: true, hover: false, completion: false, schemas: { [SCHEMA]: '*.yaml' }, schemaStore: { enable: false } } };

let client: LspClient;

beforeAll(async () => {
  assertBuilt();
  client = new LspClient(process.execPath, [SERVER, '--stdio'], repoRoot, SETTINGS);
  const root = pathToFileURL(CORPUS).href;
  await client.request('initialize', {
    processId: process.pid,
    rootUri: root,
    locale: 'zh-cn',
    workspaceFolders: [{ uri: root, name: 'rules' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
  });
  client.notify('initialized', {});
  client.notify('workspace/didChangeConfiguration', { settings: SETTINGS });
}, 30_000);

afterAll(async () => {
  await client?.close();
});

/** The editor's verdict on one file: its errors and warnings (empty = valid). */
async function editorProblems(file: string): Promise<string[]> {
  const uri = pathToFileURL(path.join(CORPUS, file)).href;
  const published = client.waitFor<{ uri: string; diagnostics: Diagnostic[] }>('textDocument/publishDiagnostics', (p) => p.uri === uri);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(path.join(CORPUS, file), 'utf8') } });
  const { diagnostics } = await published;
  return diagnostics.filter((d) => (d.severity ?? 1) <= 2).map((d) => `${d.range.start.line + 1}: ${d.message}`);
}

describe('the editor (yaml-language-server + the schema) and validate agree on structure', () => {
  it('on every file of the rule fixture corpus', async () => {
    expect(FILES.length).toBeGreaterThan(50);
    // One run of validate for the whole corpus.
    const run = await declare(['validate', '--format', 'json', ...FILES.map((f) => path.join('test', 'fixtures', 'rules', f))], { timeoutMs: 60_000 });
    expect([0, 1]).toContain(run.status);
    const report = JSON.parse(run.stdout) as { files: { file: string; diagnostics: { rule: string; line: number; message: string }[] }[] };
    const cli = new Map(report.files.map((f) => [path.basename(f.file), f.diagnostics.filter((d) => /^[YS]/.test(d.rule) && d.rule !== 'S004')]));

    const disagreements: string[] = [];
    const stale: string[] = [];
    for (const file of FILES) {
      const editor = await editorProblems(file);
      const structural = cli.get(file) ?? [];
      const cliInvalid = structural.length > 0;
      const editorInvalid = editor.length > 0;
      if (file in BEYOND_SCHEMA) {
        if (!(cliInvalid && !editorInvalid)) stale.push(`${file}: listed in BEYOND_SCHEMA but the editor and validate now agree`);
        continue;
      }
      if (cliInvalid !== editorInvalid) {
        disagreements.push(
          `${file}: validate ${cliInvalid ? structural.map((d) => `${d.rule} ${d.line}: ${d.message}`).join(' | ') : 'valid'}; ` +
            `editor ${editorInvalid ? editor.join(' | ') : 'valid'}`,
        );
      }
    }
    expect(disagreements).toEqual([]);
    expect(stale).toEqual([]);
  }, 180_000);
});
