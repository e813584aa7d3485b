#!/usr/bin/env node
/**
 * Keystroke latency of `declare lsp` (issue 16): from a one-character didChange to the
 * publishDiagnostics of that version, on examples/huadu-propaganda-2023.yaml (the Huadu
 * seed of the performance issue). Two figures, medians with min–max:
 *
 *   in-process  the server's work per keystroke: checkDocument (check() + the UTF-16
 *               conversion) on the edited text, in this process after a warm-up;
 *   stdio       the whole loop an editor sees, debounce set to 0: JSON-RPC framing both
 *               ways, the incremental update of the document, the configuration lookup,
 *               the check and the conversion, through `node bin/declare.js lsp --stdio`.
 *
 * The debounce (150 ms by default) is not counted: it is the quiet time an editor waits
 * for on purpose before asking. What runs is a private build (lib/snapshot.mjs).
 *
 * Environment: BENCH_LSP_N [200] keystrokes per figure; BENCH_OUT [bench/RESULTS-lsp.md]
 * ("-" for nowhere).
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stats } from './lib/measure.mjs';
import { REPO, buildSnapshot, removeSnapshot } from './lib/snapshot.mjs';

const N = Number(process.env.BENCH_LSP_N ?? 200);
const OUT = process.env.BENCH_OUT ?? path.join(REPO, 'bench', 'RESULTS-lsp.md');
const FILE = path.join(REPO, 'examples', 'huadu-propaganda-2023.yaml');
const TEXT = readFileSync(FILE, 'utf8');
const LINES = TEXT.split('\n');
/** Where the keystrokes go: inside the 基本支出 amount, so every edit changes the arithmetic. */
const LINE = LINES.findIndex((l) => l.includes('basic:'));
const COL = LINES[LINE].indexOf('basic: ') + 'basic: '.length;

const snap = buildSnapshot();
try {
  // the language-server pieces, bundled from the same source as the snapshot's CLI
  const entry = path.join(snap, 'dist', 'lsp-bench-entry.ts');
  writeFileSync(entry, "export { checkDocument } from '../src/lsp/diagnostics.js';\n");
  const lib = path.join(snap, 'dist', 'bench', 'lsp.js');
  execFileSync(process.execPath, ['--input-type=module', '-e', `
    import { build } from 'esbuild';
    await build({ entryPoints: [${JSON.stringify(entry)}], outfile: ${JSON.stringify(lib)}, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });`], { cwd: REPO, stdio: 'inherit' });
  const { checkDocument } = await import(pathToFileURL(lib).href);

  // keystroke i: the amount's first digit cycles 0–9 (a real edit each time)
  const textAt = (i) => {
    const lines = [...LINES];
    const l = lines[LINE];
    lines[LINE] = `${l.slice(0, COL)}${i % 10}${l.slice(COL + 1)}`;
    return lines.join('\n');
  };

  for (let i = 0; i < 50; i++) checkDocument(textAt(i), FILE, { lang: 'zh' }); // warm-up
  const inProcess = [];
  for (let i = 0; i < N; i++) {
    const t = textAt(i);
    const t0 = process.hrtime.bigint();
    checkDocument(t, FILE, { lang: 'zh' });
    inProcess.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }

  const stdio = await overStdio(path.join(snap, 'bin', 'declare.js'));
  const a = stats(inProcess);
  const b = stats(stdio);
  const fmt = (s) => `${s.median.toFixed(2)} ms (${s.min.toFixed(2)}–${s.max.toFixed(2)}, n=${s.n})`;
  const table = [
    '| keystroke → diagnostics, Huadu seed | median (min–max) |',
    '|---|---|',
    `| in-process: checkDocument | ${fmt(a)} |`,
    `| over stdio: didChange → publishDiagnostics (debounce 0) | ${fmt(b)} |`,
    `| ratio stdio / in-process | ${(b.median / a.median).toFixed(2)} |`,
  ].join('\n');
  const machine = `${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} at the end of the run, ${new Date().toISOString().slice(0, 10)}`;
  process.stdout.write(`${table}\n\n${machine}\n`);
  if (OUT !== '-') writeFileSync(OUT, `# declare lsp keystroke latency (bench/lsp-keystroke.mjs)\n\n${machine}\n\n${table}\n\nTargets: well under 100 ms over stdio; ≤ 20 ms median in-process.\n`);
} finally {
  removeSnapshot(snap);
}

/** Medians of didChange → publishDiagnostics through the real server. */
function overStdio(bin) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buf = Buffer.alloc(0);
    let id = 0;
    const send = (m) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }));
      child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    };
    const uri = pathToFileURL(FILE).href;
    const times = [];
    let version = 1;
    let sentAt = 0n;
    let warm = 20;
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
        } else if (msg.method === 'textDocument/publishDiagnostics' && msg.params.version === version) {
          if (version > 1) {
            if (warm > 0) warm--;
            else times.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
          }
          if (times.length >= N) {
            send({ id: ++id + 100, method: 'shutdown', params: null });
            send({ method: 'exit', params: null });
            resolve(times);
          } else next();
        }
      }
    });
    child.on('error', reject);
    send({ id: ++id, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 0 } } });
  });
}
