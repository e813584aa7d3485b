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
 * for on purpose before asking. What runs is a private build (lib/snapshot.mjs); the
 * measuring code is lib/lsp.mjs, shared with bench/run.mjs's section `lsp`.
 *
 * Environment: BENCH_LSP_N [200] keystrokes per figure; BENCH_OUT [bench/RESULTS-lsp.md]
 * ("-" for nowhere).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inProcess, loadCheckDocument, overStdio } from './lib/lsp.mjs';
import { stats } from './lib/measure.mjs';
import { REPO, buildSnapshot, removeSnapshot } from './lib/snapshot.mjs';

const N = Number(process.env.BENCH_LSP_N ?? 200);
const OUT = process.env.BENCH_OUT ?? path.join(REPO, 'bench', 'RESULTS-lsp.md');

const snap = buildSnapshot();
try {
  const checkDocument = await loadCheckDocument(snap);
  const a = stats(inProcess(checkDocument, N));
  const b = stats(await overStdio(path.join(snap, 'bin', 'declare.js'), N));
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
