/**
 * Keystroke latency of `declare lsp` (issue 16; a row of issue 17): from a one-character
 * edit to the diagnostics of that version, on examples/huadu-propaganda-2023.yaml (the
 * Huadu seed). Used by bench/run.mjs (section `lsp`) and bench/lsp-keystroke.mjs.
 *
 *   inProcess  the server's work per keystroke: checkDocument (check() + the UTF-16
 *              conversion) on the edited text, in this process after a warm-up;
 *   overStdio  the whole loop an editor sees, debounce set to 0: JSON-RPC framing both
 *              ways, the incremental update of the document, the configuration lookup,
 *              the check and the conversion, through `node SNAP/bin/declare.js lsp --stdio`.
 *
 * The debounce (150 ms by default) is not counted: it is the quiet time an editor waits
 * for on purpose before asking.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './snapshot.mjs';

export const LSP_FILE = path.join(REPO, 'examples', 'huadu-propaganda-2023.yaml');
const TEXT = readFileSync(LSP_FILE, 'utf8');
const LINES = TEXT.split('\n');
/** Where the keystrokes go: inside the 基本支出 amount, so every edit changes the arithmetic. */
const LINE = LINES.findIndex((l) => l.includes('basic:'));
const COL = LINES[LINE].indexOf('basic: ') + 'basic: '.length;

/** Bundle the language server's checkDocument from the snapshot's source; resolves with it. */
export async function loadCheckDocument(snap) {
  const entry = path.join(snap, 'dist', 'lsp-bench-entry.ts');
  writeFileSync(entry, "export { checkDocument } from '../src/lsp/diagnostics.js';\n");
  const lib = path.join(snap, 'dist', 'bench', 'lsp.js');
  execFileSync(process.execPath, ['--input-type=module', '-e', `
    import { build } from 'esbuild';
    await build({ entryPoints: [${JSON.stringify(entry)}], outfile: ${JSON.stringify(lib)}, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });`], { cwd: REPO, stdio: 'inherit' });
  return (await import(pathToFileURL(lib).href)).checkDocument;
}

/** The seed with keystroke i applied: the amount's first digit cycles 0–9 (a real edit each time). */
function textAt(i) {
  const lines = [...LINES];
  const l = lines[LINE];
  lines[LINE] = `${l.slice(0, COL)}${i % 10}${l.slice(COL + 1)}`;
  return lines.join('\n');
}

/** n in-process keystroke times (ms), after `warm` untimed ones. */
export function inProcess(checkDocument, n, warm = 50) {
  for (let i = 0; i < warm; i++) checkDocument(textAt(i), LSP_FILE, { lang: 'zh' });
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = textAt(i);
    const t0 = process.hrtime.bigint();
    checkDocument(t, LSP_FILE, { lang: 'zh' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

/** n didChange → publishDiagnostics times (ms) through the real server, after `warmUp` untimed ones. */
export function overStdio(bin, n, warmUp = 20) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buf = Buffer.alloc(0);
    let id = 0;
    const send = (m) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }));
      child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    };
    const uri = pathToFileURL(LSP_FILE).href;
    const times = [];
    let version = 1;
    let sentAt = 0n;
    let warm = warmUp;
    let done = false;
    const next = () => {
      version++;
      const ch = String(version % 10);
      sentAt = process.hrtime.bigint();
      send({ method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: LINE, character: COL }, end: { line: LINE, character: COL + 1 } }, text: ch }] } });
    };
    child.stdout.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, end).toString())[1]);
        if (buf.length < end + 4 + len) return;
        const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString('utf8'));
        buf = buf.subarray(end + 4 + len);
        if (msg.id === 1) {
          send({ method: 'initialized', params: {} });
          send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'declare', version: 1, text: TEXT } } });
        } else if (msg.method === 'textDocument/publishDiagnostics' && msg.params.version === version && !done) {
          if (version > 1) {
            if (warm > 0) warm--;
            else times.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
          }
          if (times.length >= n) {
            done = true;
            send({ id: ++id + 100, method: 'shutdown', params: null });
            send({ method: 'exit', params: null });
          } else next();
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code) => (done ? resolve(times) : reject(new Error(`declare lsp --stdio ended (${code}) after ${times.length} of ${n} keystrokes`))));
    send({ id: ++id, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 0 } } });
  });
}
