#!/usr/bin/env node
/**
 * Print a transcript of a short `declare lsp` session (docs/editor.md "A session"):
 * initialize, didOpen of a file with a typo, its diagnostics, a hover, the quick fixes,
 * and a didChange that applies one. Run after `npm run build`:
 *
 *     node scripts/lsp-transcript.mjs > /tmp/transcript.md
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(process.execPath, [path.join(root, 'bin', 'declare.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const uri = 'file:///work/forms/shiling.yaml';
const text = `year: 2024
department: 广州市花都区狮岭镇人民政府
level: 镇
budget：
  expenditure: {}
`;
const out = [];
const show = (dir, msg) => out.push(`${dir} ${JSON.stringify(msg, null, 1).replace(/\n\s*/g, ' ')}`);
let buf = Buffer.alloc(0);
const waiting = [];
child.stdout.on('data', (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  for (;;) {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, end).toString())[1]);
    if (buf.length < end + 4 + len) return;
    const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString('utf8'));
    buf = buf.subarray(end + 4 + len);
    show('←', msg);
    for (const w of waiting.splice(0)) if (!w(msg)) waiting.push(w);
  }
});
const send = (msg) => {
  show('→', msg);
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }));
  child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
};
const until = (pred) => new Promise((resolve) => waiting.push((m) => (pred(m) ? (resolve(m), true) : false)));

send({ id: 1, method: 'initialize', params: { processId: null, locale: 'zh-cn', rootUri: null, capabilities: {} } });
await until((m) => m.id === 1);
send({ method: 'initialized', params: {} });
send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'declare', version: 1, text } } });
const first = await until((m) => m.method === 'textDocument/publishDiagnostics');
const d = first.params.diagnostics[0];
send({ id: 2, method: 'textDocument/codeAction', params: { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } } });
const actions = await until((m) => m.id === 2);
const edit = actions.result[0].edit.changes[uri][0];
send({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ range: edit.range, text: edit.newText }] } });
await until((m) => m.method === 'textDocument/publishDiagnostics' && m.params.version === 2);
send({ id: 3, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 2, character: 1 } } });
await until((m) => m.id === 3);
send({ id: 4, method: 'shutdown', params: null });
await until((m) => m.id === 4);
send({ method: 'exit', params: null });
process.stdout.write(`\`\`\`\n${out.join('\n')}\n\`\`\`\n`);
