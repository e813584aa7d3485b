#!/usr/bin/env node
/**
 * `npm run bench` (issue 6): speed and memory of `declare validate` and `declare render
 * --pdf`, side by side with what a user would use instead and with the physical floor.
 * Every comparison is a ratio of medians measured in the same run, the two sides
 * interleaved (A B A B …), min–max shown. Prints a Markdown table and writes it, with
 * the machine, Node and Chromium versions, to bench/RESULTS.md.
 *
 * What runs is a private build of the current source (lib/snapshot.mjs), never the
 * shared dist/ that other work may be rebuilding.
 *
 * Every row of issue 17's table is measured (sections validate, curve, cache, lsp, render)
 * and summed up in a first table beside the issue's own "now" figures (column "before").
 * The default run takes about 15–25 minutes on the 2 shared cores; BENCH_QUICK=1 under 3.
 *
 * Environment (defaults in brackets; BENCH_QUICK=1 makes every count small):
 *   BENCH_RUNS [5]            runs of each measurement (medians)
 *   BENCH_RENDER_RUNS [3]     runs of the render section (each is minutes of Chromium)
 *   BENCH_COLD_RUNS [10]      runs of the cold-start pair (node -e 0, validate 1 file)
 *   BENCH_VALIDATE_N [1000]   files in the validate batch
 *   BENCH_RENDER_N [100]      documents in the render batch
 *   BENCH_PERFILE_N [20]      of those, how many go through one process per file (and the peers)
 *   BENCH_MEMORY_N [300]      documents in the memory batch (RSS after 100 vs after N)
 *   BENCH_CACHE_N [1000]      files re-validated with --cache (÷ one cold file of them)
 *   BENCH_LSP_N [200]         keystrokes of the lsp section (in-process, and over stdio)
 *   BENCH_ONLY [validate,curve,cache,lsp,render,memory]   which sections
 *   BENCH_CURVE [1,10,100,1000,10000]  file counts of the validate curve (time, CPU and
 *                             peak RSS per count; ajv-cli beside it at the two largest);
 *                             the plot goes to docs/validate-curve.svg (BENCH_SVG, "-" for none)
 *   BENCH_OUT [bench/RESULTS.md]  where to write the results; "-" for nowhere
 *   BENCH_CHROMIUM_CLI        a Chromium that supports --print-to-pdf (peer); default
 *                             /usr/bin/chromium when present. The bundled @sparticuz build
 *                             hangs on --print-to-pdf, so it cannot be this peer.
 *   BENCH_SPECTRAL_N [30]     files for the Spectral peer (the first of the validate batch;
 *                             declare is timed on the same subset): Spectral takes minutes
 *                             per run on 1,000 files; 0 skips it
 */
import { execFileSync } from 'node:child_process';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { generateCorpus } from './generate.mjs';
import { inProcess, loadCheckDocument, overStdio } from './lib/lsp.mjs';
import { GNU_TIME, run, runTimed, stats, treeMemory } from './lib/measure.mjs';
import { curveSvg } from './lib/curve-svg.mjs';
import { REPO, buildSnapshot, removeSnapshot } from './lib/snapshot.mjs';

const env = process.env;
const quick = env.BENCH_QUICK === '1';
const num = (name, full, small) => {
  const v = env[name];
  return v !== undefined && v !== '' ? Number(v) : quick ? small : full;
};
const RUNS = num('BENCH_RUNS', 5, 3);
const COLD_RUNS = Math.max(num('BENCH_COLD_RUNS', 10, 5), 1);
const VALIDATE_N = num('BENCH_VALIDATE_N', 1000, 50);
const RENDER_RUNS = num('BENCH_RENDER_RUNS', 3, 2);
const RENDER_N = num('BENCH_RENDER_N', 100, 6);
const PERFILE_N = Math.min(num('BENCH_PERFILE_N', 20, 3), RENDER_N);
const MEMORY_N = num('BENCH_MEMORY_N', 300, 20);
const CACHE_N = num('BENCH_CACHE_N', 1000, 50);
const LSP_N = num('BENCH_LSP_N', 200, 30);
const CURVE = (env.BENCH_CURVE ?? (quick ? '1,10,50' : '1,10,100,1000,10000')).split(',').map(Number).filter((n) => n > 0).sort((a, b) => a - b);
const SVG = env.BENCH_SVG ?? path.join(REPO, 'docs', 'validate-curve.svg');
const ONLY = new Set((env.BENCH_ONLY ?? 'validate,curve,cache,lsp,render,memory').split(',').map((s) => s.trim()));
const OUT = env.BENCH_OUT ?? path.join(REPO, 'bench', 'RESULTS.md');
const SPECTRAL_N = Math.min(num('BENCH_SPECTRAL_N', 30, 10), VALIDATE_N);
const SPECTRAL = SPECTRAL_N > 0;

const log = (s) => process.stderr.write(`[bench] ${s}\n`);
const node = process.execPath;
const rows = [];
const notes = [];
const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const fmtKb = (kb) => (kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(2)} GiB` : kb >= 1024 ? `${(kb / 1024).toFixed(0)} MiB` : `${kb} KiB`);
const range = (s, f = fmtMs) => `${f(s.min)}–${f(s.max)}`;

const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : 'not met');
/** One row of the table; `issue` names the row of issue 17's table it answers (ISSUE_ROWS). */
function row(what, value, spread, ratio, target, ok, issue) {
  rows.push({ what, value, spread, ratio, target, verdict: verdict(ok), before: issue ? ISSUE_ROWS[issue].before : '' });
  if (issue) summary[issue] = { now: ratio || value, verdict: verdict(ok) };
}

/**
 * Issue 17's table, row by row: what it measures, the issue's figure ("now" there,
 * "before" here) and its target. A row no section of this run measured says so.
 */
const ISSUE_ROWS = {
  cold: { what: '`validate` one file, cold, ÷ `node -e 0` (wall)', before: '2.9–3.2×', target: '≤ 2×', section: 'validate' },
  ajv1000: { what: '`validate` 1,000 files ÷ ajv-cli (schema only, same files)', before: '3.1× CPU', target: '≤ 1.0× CPU', section: 'validate' },
  ajv10000: { what: '`validate` 10,000 files ÷ ajv-cli', before: '5.3× CPU (40 s wall)', target: '≤ 1.0× CPU', section: 'curve' },
  perFile: { what: 'per-file cost, 10,000 files ÷ 1,000 files (CPU)', before: 'grows (5.3× vs 3.1× of ajv)', target: '≤ 1.1×', section: 'curve' },
  rss: { what: 'peak memory, 10,000 files ÷ the 1,000-file peak', before: '442 MiB (ajv-cli: 100 MiB)', target: '≤ 1.2×', section: 'curve' },
  cache: { what: 're-validating 1,000 unchanged files (`--cache`) ÷ one cold file', before: 'the full cost again', target: '≤ 2×', section: 'cache' },
  lsp: { what: 'LSP: diagnostics after a keystroke on Huadu, in-process median', before: '(no LSP yet)', target: '≤ 20 ms', section: 'lsp' },
  renderWall: { what: 'render, 100 PDFs in one call, per document ÷ one warm page\'s floor, wall', before: '0.96×', target: '≤ 0.85×', section: 'render' },
  renderCpu: { what: '… the same, CPU', before: '1.36×', target: '≤ 1.1×', section: 'render' },
  combine: { what: '`render --combine` of the batch ÷ rendering it separately (issue 14)', before: '1.32× wall (issue 14\'s bench)', target: '≤ 1.05×', section: 'render' },
  first: { what: 'first PDF from a cold process ÷ a cold validate (CPU; wall beside it)', before: '1.87 s (6.1× a cold validate, wall)', target: '≤ 3×', section: 'render' },
};
const summary = {};
const sectionTimes = [];
let sectionStart = Date.now();
let sectionName = '';
/** Start timing a section (the previous one ends). */
function section(name) {
  const now = Date.now();
  if (sectionName) sectionTimes.push(`${sectionName} ${((now - sectionStart) / 60_000).toFixed(1)} min`);
  sectionName = name;
  sectionStart = now;
}

const work = mkdtempSync(path.join(os.tmpdir(), 'declare-bench-work-'));
let snap;
const cleanups = [];
process.on('exit', () => {
  for (const f of cleanups.reverse()) {
    try {
      f();
    } catch {
      // best effort
    }
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
cleanups.push(() => rmSync(work, { recursive: true, force: true }));

log(`building a private snapshot of the source (runs ${RUNS}${quick ? ', quick' : ''})`);
snap = buildSnapshot();
cleanups.push(() => removeSnapshot(snap));
const declare = path.join(snap, 'bin', 'declare.js');
const lib = await import(pathToFileURL(path.join(snap, 'dist', 'bench', 'lib.js')).href);
const SEED = path.join(REPO, 'examples', 'huadu-propaganda-2023.yaml');

const info = {
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  node: process.version,
  cpu: (/model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? '?').trim(),
  cores: os.availableParallelism?.() ?? os.cpus().length,
  memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  kernel: os.release(),
  commit: (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  })(),
  chromium: '?',
  browser: '?',
};

/** Interleave: for each run, every measurement once, in turn (A B C A B C …). */
async function rounds(steps, runs = RUNS) {
  const results = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  for (let r = 0; r < runs; r++) {
    for (const [name, step] of Object.entries(steps)) {
      const v = await step(r);
      if (v !== undefined) results[name].push(v);
    }
    log(`  run ${r + 1}/${runs} done`);
  }
  return results;
}

// ───────────────────────────── validate ─────────────────────────────
if (ONLY.has('validate')) {
  section('validate');
  log(`validate: generating ${VALIDATE_N} files`);
  const vdir = path.join(work, 'validate');
  generateCorpus(vdir, VALIDATE_N);
  const one = path.join(work, 'one.yaml');
  copyFileSync(SEED, one);
  const schema = path.join(snap, 'schema', 'declaration.schema.json');
  const ajv = path.join(REPO, 'node_modules', 'ajv-cli', 'dist', 'index.js');
  const spectral = path.join(REPO, 'node_modules', '@stoplight', 'spectral-cli', 'dist', 'index.js');
  const ruleset = path.join(work, 'spectral-ruleset.json');
  writeFileSync(ruleset, JSON.stringify({
    rules: {
      'declaration-schema': {
        description: 'the declaration JSON Schema (schema/declaration.schema.json)',
        message: '{{error}}',
        given: '$',
        severity: 'error',
        then: { function: 'schema', functionOptions: { schema: JSON.parse(readFileSync(schema, 'utf8')), dialect: 'auto' } },
      },
    },
  }));
  const haveAjv = existsSync(ajv);
  const haveSpectral = SPECTRAL && existsSync(spectral);
  if (!haveAjv) notes.push('ajv-cli is not installed (npm ci brings it as a devDependency): its rows are missing.');
  if (!haveSpectral) notes.push(SPECTRAL ? 'Spectral is not installed: its row is missing.' : 'Spectral skipped (BENCH_SPECTRAL_N=0).');
  const sdir = path.join(work, 'validate-spectral');
  mkdirSync(sdir);
  for (const f of readdirSync(vdir).sort().slice(0, SPECTRAL_N)) copyFileSync(path.join(vdir, f), path.join(sdir, f));
  const bytes = readdirSync(vdir).reduce((a, f) => a + statSync(path.join(vdir, f)).size, 0);

  log('validate: cold start, 1 file vs node -e 0');
  const cold = { bare: [], one: [] };
  for (let r = 0; r < COLD_RUNS; r++) {
    cold.bare.push((await run(node, ['-e', '0'])).ms);
    cold.one.push((await run(node, [declare, 'validate', one], { okCodes: [1] })).ms);
  }
  log('validate: batch');
  const peak = {};
  const keepPeak = (name, res) => {
    peak[name] = Math.max(peak[name] ?? 0, res.peak.rssKb);
    return res.ms;
  };
  // declare and ajv-cli under GNU time: CPU (user + system) and peak RSS from the kernel.
  const cpu = { declare: [], ajv: [] };
  const timed = (name, res) => {
    peak[name] = Math.max(peak[name] ?? 0, res.maxRssKb);
    if (res.cpuMs !== undefined) cpu[name].push(res.cpuMs);
    return res.ms;
  };
  const v = await rounds({
    declare: async () => timed('declare', await runTimed(node, [declare, 'validate', vdir], { keepStdout: false, okCodes: [1] })),
    one: async () => (await run(node, [declare, 'validate', path.join(vdir, 'decl-0000.yaml')], { okCodes: [1] })).ms,
    ajv: haveAjv ? async () => timed('ajv', await runTimed(node, [ajv, 'validate', '--spec=draft2020', '--multiple-of-precision=9', '--strict=false', '-s', schema, '-d', `${vdir}/*.yaml`], { keepStdout: false })) : async () => undefined,
    spectral: haveSpectral ? async () => keepPeak('spectral', await run(node, [spectral, 'lint', '-q', '-r', ruleset, `${sdir}/*.yaml`], { sample: 20, keepStdout: false, okCodes: [1] })) : async () => undefined,
    declareSpectral: haveSpectral ? async () => (await run(node, [declare, 'validate', sdir], { keepStdout: false, okCodes: [1] })).ms : async () => undefined,
    yaml: async () => (await run(node, [path.join(REPO, 'bench', 'yaml-parse.mjs'), vdir])).ms,
  });
  const bare = stats(cold.bare);
  const c1 = stats(cold.one);
  const d = stats(v.declare);
  row('`node -e 0` (bare Node start)', fmtMs(bare.median), range(bare), '', '', undefined);
  row('`declare validate` 1 file, cold start', fmtMs(c1.median), range(c1), `${(c1.median / bare.median).toFixed(2)}× bare Node`, '≤ 2× (issue 17; was ≤ 3×)', c1.median / bare.median <= 2, 'cold');
  const dc = cpu.declare.length ? stats(cpu.declare) : undefined;
  row(`\`declare validate\` ${VALIDATE_N} files, one call (${(bytes / 2 ** 20).toFixed(1)} MiB; peak RSS ${fmtKb(peak.declare)}${dc ? `; CPU ${fmtMs(dc.median)}` : ''})`, fmtMs(d.median), range(d), '', '', undefined);
  const o = stats(v.one);
  row(`  … ${VALIDATE_N} files ÷ 1 file (same corpus)`, fmtMs(o.median), range(o), `${(d.median / o.median).toFixed(1)}×`, '(report)', undefined);
  if (v.ajv.length) {
    const a = stats(v.ajv);
    const ac = cpu.ajv.length ? stats(cpu.ajv) : undefined;
    const cpuRatio = dc && ac ? dc.median / ac.median : undefined;
    row(`ajv-cli 5 \`--spec=draft2020\`, same ${VALIDATE_N} YAML files, schema only (peak RSS ${fmtKb(peak.ajv)}${ac ? `; CPU ${fmtMs(ac.median)}` : ''})`, fmtMs(a.median), range(a), `declare ÷ ajv-cli = ${cpuRatio !== undefined ? `${cpuRatio.toFixed(2)}× CPU, ` : ''}${(d.median / a.median).toFixed(2)}× wall (${VALIDATE_N} files)`, '≤ 1× CPU', (cpuRatio ?? d.median / a.median) <= 1, 'ajv1000');
  }
  if (v.spectral.length) {
    const s = stats(v.spectral);
    const ds = stats(v.declareSpectral);
    row(`\`declare validate\`, the first ${SPECTRAL_N} of those files, one call`, fmtMs(ds.median), range(ds), '', '', undefined);
    row(`Spectral 6, ruleset = the same JSON Schema, same ${SPECTRAL_N} files (peak RSS ${fmtKb(peak.spectral)})`, fmtMs(s.median), range(s), `declare ÷ Spectral = ${(ds.median / s.median).toFixed(2)}×`, '(report)', undefined);
  }
  const y = stats(v.yaml);
  row(`  why: the \`yaml\` library alone parsing the ${VALIDATE_N} files (read + parseAllDocuments, declare's options)`, fmtMs(y.median), range(y), v.ajv.length ? `${(y.median / stats(v.ajv).median).toFixed(2)}× ajv-cli's whole run` : '', '', undefined);
}

// ───────────────────────────── curve ─────────────────────────────
// validate at 1, 10, 100, 1,000, 10,000 files (issue 17): wall, CPU, peak RSS; ajv-cli on
// the same files at the two largest counts. The corpus is generated once at the largest
// count; each smaller one is its first N files (hard links: the generator is deterministic,
// so they are the files generateCorpus(dir, N) would write).
if (ONLY.has('curve') && CURVE.length > 0) {
  section('curve');
  const max = CURVE[CURVE.length - 1];
  log(`curve: generating ${max} files`);
  const all = path.join(work, 'curve-all');
  const names = generateCorpus(all, max).map((f) => path.basename(f)).sort();
  const dirs = new Map();
  for (const n of CURVE) {
    const d = path.join(work, `curve-${n}`);
    mkdirSync(d);
    for (const f of names.slice(0, n)) linkSync(path.join(all, f), path.join(d, f));
    dirs.set(n, d);
  }
  const schema = path.join(snap, 'schema', 'declaration.schema.json');
  const ajv = path.join(REPO, 'node_modules', 'ajv-cli', 'dist', 'index.js');
  const ajvAt = existsSync(ajv) ? CURVE.slice(-2) : [];
  if (!GNU_TIME) notes.push('GNU time (/usr/bin/time) not found: the curve has no CPU figures and samples RSS every 20 ms.');
  const steps = {};
  for (const n of CURVE) {
    steps[`d${n}`] = async () => runTimed(node, [declare, 'validate', dirs.get(n)], { keepStdout: false, okCodes: [1] });
    if (ajvAt.includes(n)) steps[`a${n}`] = async () => runTimed(node, [ajv, 'validate', '--spec=draft2020', '--multiple-of-precision=9', '--strict=false', '-s', schema, '-d', `${dirs.get(n)}/*.yaml`], { keepStdout: false });
  }
  log('curve: interleaved runs');
  const R = await rounds(steps);
  const med = (xs, k) => stats(xs.map((x) => x[k] ?? 0)).median;
  const points = [];
  for (const n of CURVE) {
    const xs = R[`d${n}`];
    const p = { n, ms: med(xs, 'ms'), cpuMs: GNU_TIME ? med(xs, 'cpuMs') : undefined, rssKb: med(xs, 'maxRssKb') };
    points.push(p);
    const w = stats(xs.map((x) => x.ms));
    row(`curve: \`declare validate\` ${n} file${n === 1 ? '' : 's'} (peak RSS ${fmtKb(p.rssKb)}${p.cpuMs !== undefined ? `; CPU ${fmtMs(p.cpuMs)}` : ''})`, fmtMs(p.ms), range(w), `${fmtMs(p.ms / n)} per file`, '', undefined);
    if (R[`a${n}`]) {
      const a = R[`a${n}`];
      const am = med(a, 'ms');
      const ac = GNU_TIME ? med(a, 'cpuMs') : undefined;
      const cpuRatio = ac !== undefined ? p.cpuMs / ac : undefined;
      p.ajvMs = am;
      p.ajvRssKb = med(a, 'maxRssKb');
      // the largest count answers issue 17's 10,000-file row (and 1,000 its other row when the validate section did not run)
      const issue = n === max ? 'ajv10000' : !ONLY.has('validate') && n === ajvAt[0] ? 'ajv1000' : undefined;
      row(`  ajv-cli, the same ${n} files (peak RSS ${fmtKb(p.ajvRssKb)}${ac !== undefined ? `; CPU ${fmtMs(ac)}` : ''})`, fmtMs(am), range(stats(a.map((x) => x.ms))), `declare ÷ ajv-cli = ${cpuRatio !== undefined ? `${cpuRatio.toFixed(2)}× CPU, ` : ''}${(p.ms / am).toFixed(2)}× wall (${n} files)`, '≤ 1× CPU', (cpuRatio ?? p.ms / am) <= 1, issue);
    }
  }
  if (points.length >= 2) {
    const [a, b] = points.slice(-2);
    const perFile = (p) => (p.cpuMs ?? p.ms) / p.n;
    row(`  per-file cost, ${b.n} files ÷ ${a.n} files (${GNU_TIME ? 'CPU' : 'wall'})`, `${fmtMs(perFile(b))} ÷ ${fmtMs(perFile(a))}`, '', `${(perFile(b) / perFile(a)).toFixed(2)}× (${b.n} ÷ ${a.n} files)`, '≤ 1.1×', perFile(b) / perFile(a) <= 1.1, 'perFile');
    row(`  peak RSS, ${b.n} files ÷ ${a.n} files`, `${fmtKb(b.rssKb)} ÷ ${fmtKb(a.rssKb)}`, '', `${(b.rssKb / a.rssKb).toFixed(2)}× (${fmtKb(b.rssKb)} ÷ ${fmtKb(a.rssKb)})`, '≤ 1.2×', b.rssKb / a.rssKb <= 1.2, 'rss');
  }
  info.curve = points;
  if (SVG !== '-') {
    writeFileSync(SVG, curveSvg(points, { title: `declare validate: files → time and peak RSS (${info.date.slice(0, 10)}, commit ${info.commit}, ${RUNS} runs, medians)` }));
    log(`wrote ${path.relative(process.cwd(), SVG) || SVG}`);
  }
}

// ───────────────────────────── cache ─────────────────────────────
// Re-validating CACHE_N unchanged files with --cache ÷ validating one of them cold (issue
// 17). The files' mtimes are set an hour back first: a file whose mtime is within a second
// of the cache's stat is re-hashed on every run (racy mtimes, src/cli/cache.ts), and a
// user's unchanged files are not seconds old. Two untimed runs fill the cache.
if (ONLY.has('cache')) {
  section('cache');
  log(`cache: generating ${CACHE_N} files`);
  const cdir = path.join(work, 'cache');
  const files = generateCorpus(cdir, CACHE_N);
  const old = new Date(Date.now() - 3600_000);
  for (const f of files) utimesSync(f, old, old);
  const location = path.join(work, 'declarecache');
  const cached = () => runTimed(node, [declare, 'validate', '--cache', '--cache-location', location, cdir], { keepStdout: false, okCodes: [1] });
  for (let i = 0; i < 2; i++) await cached();
  if (!existsSync(location)) throw new Error('validate --cache wrote no cache file');
  const oneFile = path.join(cdir, 'decl-0000.yaml');
  log('cache: interleaved runs');
  const R = await rounds({
    cached,
    one: () => runTimed(node, [declare, 'validate', oneFile], { okCodes: [1] }),
  });
  const w = (k) => stats(R[k].map((x) => x.ms));
  const c = (k) => (GNU_TIME ? stats(R[k].map((x) => x.cpuMs)) : undefined);
  const [cw, ow, cc, oc] = [w('cached'), w('one'), c('cached'), c('one')];
  const cpuRatio = cc && oc ? cc.median / oc.median : undefined;
  row(`\`declare validate --cache\`, ${CACHE_N} unchanged files (cache ${fmtKb(Math.round(statSync(location).size / 1024))}; peak RSS ${fmtKb(stats(R.cached.map((x) => x.maxRssKb)).median)}${cc ? `; CPU ${fmtMs(cc.median)}` : ''})`, fmtMs(cw.median), range(cw), '', '', undefined);
  row(`  ÷ \`declare validate\` of one of those files, cold${oc ? ` (CPU ${fmtMs(oc.median)})` : ''}`, fmtMs(ow.median), range(ow), `${(cw.median / ow.median).toFixed(2)}× wall${cpuRatio !== undefined ? `, ${cpuRatio.toFixed(2)}× CPU` : ''} (${CACHE_N} files)`, '≤ 2× (wall)', cw.median / ow.median <= 2, 'cache');
}

// ───────────────────────────── lsp ─────────────────────────────
// Diagnostics after a keystroke on the Huadu seed (issue 17's row; bench/lib/lsp.mjs):
// in-process (the target) and over stdio through `declare lsp --stdio`, debounce 0.
if (ONLY.has('lsp')) {
  section('lsp');
  log(`lsp: ${LSP_N} keystrokes in-process, then over stdio`);
  const checkDocument = await loadCheckDocument(snap);
  const a = stats(inProcess(checkDocument, LSP_N));
  const b = stats(await overStdio(declare, LSP_N));
  const f2 = (ms) => `${ms.toFixed(2)} ms`;
  row(`LSP: keystroke → diagnostics on the Huadu seed, in-process (checkDocument; ${LSP_N} keystrokes after a warm-up)`, f2(a.median), range(a, f2), '', '≤ 20 ms median', a.median <= 20, 'lsp');
  row('  over stdio: didChange → publishDiagnostics, `declare lsp --stdio`, debounce 0', f2(b.median), range(b, f2), `${(b.median / a.median).toFixed(2)}× in-process`, '< 100 ms (issue 16)', b.median < 100);
}

// ───────────────────────────── render ─────────────────────────────
const renderDir = path.join(work, 'render');
if (ONLY.has('render') || ONLY.has('memory')) {
  const choice = await lib.findBrowser({ env, cwd: REPO, lang: 'en' });
  info.browser = `${choice.executablePath} (${choice.source})`;
  try {
    info.chromium = execFileSync(choice.executablePath, ['--version'], { env: { ...env, ...choice.env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // filled in by the floor below
  }
}

if (ONLY.has('render')) {
  section('render');
  log(`render: generating ${RENDER_N} files`);
  const files = generateCorpus(renderDir, RENDER_N);
  // The per-file side and the peers take the first PERFILE_N files: the size mix repeats
  // every 20 files (generate.mjs scaleFor), so a multiple of 20 has the batch's mix.
  const subset = files.slice(0, PERFILE_N);
  const list = path.join(work, 'render.list');
  writeFileSync(list, `${files.join('\n')}\n`);

  // The peers' HTML: declare's very PDF HTML, with the font URLs pointing at the same
  // woff2 files as file:// URLs (the peers have no request interception).
  const fontSet = lib.loadFontSet();
  const version = lib.packageVersion();
  const htmlDir = path.join(work, 'html');
  mkdirSync(htmlDir);
  const htmlFiles = subset.map((file) => {
    const out = lib.check(readFileSync(file), file);
    const html = lib.pdfHtml(out.declaration ?? out.partial, { version })
      .replace(/https:\/\/declare\.invalid\/fonts\/([a-z0-9-]+\.woff2)/g, (_, n) => pathToFileURL(fontSet.files.get(n).path).href);
    const target = path.join(htmlDir, `${path.basename(file, '.yaml')}.html`);
    writeFileSync(target, html);
    return target;
  });
  const chromiumCli = env.BENCH_CHROMIUM_CLI || ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((f) => existsSync(f));
  const weasyprint = ['/usr/bin/weasyprint', '/usr/local/bin/weasyprint'].find((f) => existsSync(f));
  if (!chromiumCli) notes.push('Peer `chromium --headless --print-to-pdf` skipped: no Chromium CLI found (apt-get install chromium, or BENCH_CHROMIUM_CLI=path). The bundled @sparticuz build never finishes --print-to-pdf, so it cannot stand in.');
  if (!weasyprint) notes.push('Peer WeasyPrint skipped: not installed (apt-get install weasyprint).');

  log('render: starting the floor (warm page)');
  const floor = spawn(node, [path.join(REPO, 'bench', 'floor.mjs'), snap, list], { stdio: ['pipe', 'pipe', 'inherit'] });
  cleanups.push(() => floor.kill('SIGKILL'));
  const floorLines = createInterface({ input: floor.stdout })[Symbol.asyncIterator]();
  const floorNext = async () => {
    const { value, done } = await floorLines.next();
    if (done) throw new Error('the floor process ended');
    return JSON.parse(value);
  };
  const ready = await floorNext();
  if (info.chromium === '?') info.chromium = ready.chromium;

  const outRoot = path.join(work, 'out');
  const fresh = (name) => {
    const dir = path.join(outRoot, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  let seedPdfBytes = 0;
  const bundled = info.browser.endsWith('(bundled)');
  log('render: interleaved runs');
  // declare's CPU is its whole process tree's: declare ends Chromium by killing its process
  // group, so the renderers are reaped by a subreaper (lib/subreap.py) that GNU time waits for.
  const subreap = path.join(REPO, 'bench', 'lib', 'subreap.py');
  const PYTHON = ['/usr/bin/python3', '/usr/local/bin/python3'].find((f) => existsSync(f));
  const batchCpu = [];
  const floorCpu = [];
  const firstCpu = [];
  const coldCpu = [];
  const R = await rounds({
    batch: async () => {
      const res = GNU_TIME && PYTHON
        ? await runTimed(PYTHON, [subreap, node, declare, 'render', renderDir, '--pdf', '-o', fresh('batch')], { keepStdout: false })
        : await run(node, [declare, 'render', renderDir, '--pdf', '-o', fresh('batch')], { keepStdout: false });
      if (res.cpuMs !== undefined) batchCpu.push(res.cpuMs / RENDER_N);
      return res.ms / RENDER_N;
    },
    floor: async () => {
      floor.stdin.write('run\n');
      const answer = await floorNext();
      if (answer.perDocCpuMs !== undefined) floorCpu.push(answer.perDocCpuMs);
      return answer.perDocMs;
    },
    combine: async () => (await run(node, [declare, 'render', renderDir, '--combine', path.join(fresh('combine'), 'volume.pdf')], { keepStdout: false })).ms / RENDER_N,
    coldValidate: async () => {
      const res = await runTimed(node, [declare, 'validate', SEED], { okCodes: [1] });
      if (res.cpuMs !== undefined) coldCpu.push(res.cpuMs);
      return res.ms;
    },
    perFile: async () => {
      const dir = fresh('perfile');
      let total = 0;
      for (const f of subset) total += (await run(node, [declare, 'render', f, '--pdf', '-o', dir])).ms;
      return total / subset.length;
    },
    chromium: chromiumCli ? async () => {
      const dir = fresh('chromium');
      let total = 0;
      for (const h of htmlFiles) {
        const profile = mkdtempSync(path.join(work, 'chrome-profile-'));
        total += (await run(chromiumCli, ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--user-data-dir=${profile}`, `--print-to-pdf=${path.join(dir, `${path.basename(h, '.html')}.pdf`)}`, pathToFileURL(h).href])).ms;
        rmSync(profile, { recursive: true, force: true });
      }
      return total / htmlFiles.length;
    } : async () => undefined,
    weasyprint: weasyprint ? async () => {
      const dir = fresh('weasyprint');
      let total = 0;
      for (const h of htmlFiles) total += (await run(weasyprint, ['-q', h, path.join(dir, `${path.basename(h, '.html')}.pdf`)])).ms;
      return total / htmlFiles.length;
    } : async () => undefined,
    firstWarm: async () => {
      const dir = fresh('first');
      // the whole tree's CPU, Chromium's included (the subreaper, as for the batch)
      const res = GNU_TIME && PYTHON
        ? await runTimed(PYTHON, [subreap, node, declare, 'render', SEED, '--pdf', '-o', dir], { okCodes: [1] })
        : await run(node, [declare, 'render', SEED, '--pdf', '-o', dir], { okCodes: [1] });
      if (res.cpuMs !== undefined) firstCpu.push(res.cpuMs);
      seedPdfBytes = statSync(path.join(dir, 'huadu-propaganda-2023.pdf')).size;
      return res.ms;
    },
    firstExtract: bundled ? async () => {
      const dir = fresh('first-extract');
      const cache = mkdtempSync(path.join(work, 'xdg-cache-'));
      try {
        return (await run(node, [declare, 'render', SEED, '--pdf', '-o', dir], { okCodes: [1], env: { ...env, XDG_CACHE_HOME: cache } })).ms;
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    } : async () => undefined,
  }, RENDER_RUNS);
  floor.stdin.end();
  await new Promise((resolve) => floor.on('close', resolve));

  const fl = stats(R.floor);
  const b = stats(R.batch);
  const pf = stats(R.perFile);
  row('Floor: Puppeteer direct, one warm page, setContent + pdf() of declare\'s HTML, per document', fmtMs(fl.median), range(fl), '', '', undefined);
  row(`\`declare render --pdf\`, ${RENDER_N} files in one call, per document (wall ÷ ${RENDER_N})`, fmtMs(b.median), range(b), `${(b.median / fl.median).toFixed(2)}× floor (${RENDER_N} files)`, '≤ 0.85× (issue 17; was ≤ 1.3×)', b.median / fl.median <= 0.85, 'renderWall');
  if (batchCpu.length && floorCpu.length) {
    const bc = stats(batchCpu);
    const fc = stats(floorCpu);
    row(`  CPU per document (declare's process tree ÷ the floor's, per pass)`, `${fmtMs(bc.median)} ÷ ${fmtMs(fc.median)}`, range(bc), `${(bc.median / fc.median).toFixed(2)}× floor CPU`, '≤ 1.1×', bc.median / fc.median <= 1.1, 'renderCpu');
  }
  const cb = stats(R.combine);
  row(`\`declare render --combine\`, the same ${RENDER_N} files in one volume, per document`, fmtMs(cb.median), range(cb), `${(cb.median / b.median).toFixed(2)}× separate (${RENDER_N} forms)`, '≤ 1.05× (issue 14)', cb.median / b.median <= 1.05, 'combine');
  row(`  one \`declare render\` process per file (${subset.length} of the same files), per document`, fmtMs(pf.median), range(pf), `${(pf.median / b.median).toFixed(1)}× one call`, '≥ 5×', pf.median / b.median >= 5);
  if (R.chromium.length) {
    const c = stats(R.chromium);
    let ver = '';
    try {
      ver = execFileSync(chromiumCli, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      // unknown
    }
    row(`Peer: \`chromium --headless --print-to-pdf\` per file (${ver || chromiumCli}; ${subset.length} files), per document`, fmtMs(c.median), range(c), `declare batch ÷ peer = ${(b.median / c.median).toFixed(2)}×`, '(report)', undefined);
  }
  if (R.weasyprint.length) {
    const w = stats(R.weasyprint);
    let ver = '';
    try {
      ver = execFileSync(weasyprint, ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      // unknown
    }
    row(`Peer: ${ver || 'WeasyPrint'} per file, same HTML (${subset.length} files), per document`, fmtMs(w.median), range(w), `declare batch ÷ peer = ${(b.median / w.median).toFixed(2)}×`, '(report)', undefined);
  }
  const fw = stats(R.firstWarm);
  const cv = stats(R.coldValidate);
  const fc = firstCpu.length && coldCpu.length ? { first: stats(firstCpu), cold: stats(coldCpu) } : undefined;
  const firstCpuRatio = fc ? fc.first.median / fc.cold.median : undefined;
  const wallRatio = fw.median / cv.median;
  row(`First PDF from a cold start (Huadu seed; browser start, Chromium already extracted${fc ? `; CPU ${fmtMs(fc.first.median)}, Chromium's included` : ''})`, fmtMs(fw.median), range(fw),
    `${firstCpuRatio !== undefined ? `${firstCpuRatio.toFixed(2)}× CPU, ` : ''}${wallRatio.toFixed(2)}× wall of a cold validate (${fmtMs(cv.median)}${fc ? `, CPU ${fmtMs(fc.cold.median)}` : ''})`,
    '≤ 3× (issue 17; CPU)', (firstCpuRatio ?? wallRatio) <= 3, 'first');
  if (R.firstExtract.length) {
    const fe = stats(R.firstExtract);
    row('First PDF from a cold start, empty cache (Chromium extraction + browser start)', fmtMs(fe.median), range(fe), '', '(report)', undefined);
  } else {
    notes.push(`First PDF with extraction not measured: declare uses ${info.browser}, not the bundled Chromium.`);
  }
  row('Huadu seed PDF size', `${(seedPdfBytes / 1024).toFixed(0)} KB`, '', '', '≤ 300 KB', seedPdfBytes <= 300 * 1024);
}

// ───────────────────────────── memory ─────────────────────────────
if (ONLY.has('memory')) {
  section('memory');
  log(`memory: generating ${MEMORY_N} files and rendering them in one call`);
  const mdir = path.join(work, 'memory');
  generateCorpus(mdir, MEMORY_N);
  const out = path.join(work, 'out-memory');
  mkdirSync(out, { recursive: true });
  const early = Math.min(100, Math.floor(MEMORY_N / 5));
  const at = {};
  const res = await run(node, [declare, 'render', mdir, '--pdf', '-o', out], {
    sample: 250,
    keepStdout: false,
    onLine: (_line, count, pid) => {
      if (count === early || count === MEMORY_N) at[count] = treeMemory(pid);
    },
  });
  const a = at[early];
  const z = at[MEMORY_N];
  row(`${MEMORY_N}-document batch: wall time (per document)`, `${fmtMs(res.ms)} (${fmtMs(res.ms / MEMORY_N)})`, '1 run', '', '', undefined);
  row(`  peak memory, Node + browser processes (${res.peak.processes} processes)`, `RSS ${fmtKb(res.peak.rssKb)} / PSS ${fmtKb(res.peak.pssKb)}`, 'sampled every 250 ms', '', '(report)', undefined);
  if (a && z) {
    const growth = (z.rssKb / a.rssKb - 1) * 100;
    const growthPss = (z.pssKb / a.pssKb - 1) * 100;
    row(`  RSS after ${early} vs after ${MEMORY_N} documents (Node + browser)`, `${fmtKb(a.rssKb)} → ${fmtKb(z.rssKb)}`, `PSS ${fmtKb(a.pssKb)} → ${fmtKb(z.pssKb)}`, `${growth >= 0 ? '+' : ''}${growth.toFixed(1)}% (PSS ${growthPss >= 0 ? '+' : ''}${growthPss.toFixed(1)}%)`, '≤ +20%', growth <= 20);
    row(`  of which Node alone`, `${fmtKb(a.rootRssKb)} → ${fmtKb(z.rootRssKb)}`, '', `${((z.rootRssKb / a.rootRssKb - 1) * 100).toFixed(1)}%`, '', undefined);
  }
}

// ───────────────────────────── report ─────────────────────────────
section('');
// A "now" figure names its counts when they are not the issue's (e.g. BENCH_QUICK).
const issueTable = [
  '| Issue 17\'s row | before (the issue\'s figure) | now (this run) | target | |',
  '|---|---|---|---|---|',
  ...Object.entries(ISSUE_ROWS).map(([k, r]) => {
    const got = summary[k];
    const missing = ONLY.has(r.section) ? 'not measured (a peer or GNU time is missing: see the notes)' : `not measured: section ${r.section} did not run`;
    return `| ${r.what} | ${r.before} | ${got ? got.now : missing} | ${r.target} | ${got ? got.verdict : ''} |`;
  }),
].join('\n');
const table = [
  '| Measurement | Median | Min–max | Ratio | Before (issue 17) | Target | |',
  '|---|---:|---:|---|---|---|---|',
  ...rows.map((r) => `| ${r.what} | ${r.value} | ${r.spread} | ${r.ratio} | ${r.before} | ${r.target} | ${r.verdict} |`),
].join('\n');
const header = [
  `- Date: ${info.date}; commit ${info.commit}`,
  `- Machine: ${info.cpu}, ${info.cores} cores, ${info.memory} RAM, Linux ${info.kernel}; load average at start ${info.load}`,
  `- Node ${info.node}; Chromium: ${info.chromium} — ${info.browser}`,
  `- Runs: ${RUNS} per measurement (cold start: ${COLD_RUNS}; render: ${RENDER_RUNS}), interleaved; validate ${VALIDATE_N} files, curve ${CURVE.join(', ')}, cache ${CACHE_N}, lsp ${LSP_N} keystrokes, render ${RENDER_N}, Spectral ${SPECTRAL_N}, per-file and peers ${PERFILE_N}, memory ${MEMORY_N}${quick ? ' (BENCH_QUICK)' : ''}`,
  `- Sections run: ${[...ONLY].join(', ')}; time taken: ${sectionTimes.join(', ')}`,
].join('\n');
const body = `${header}\n\n${issueTable}\n\nEvery measurement:\n\n${table}\n${notes.length ? `\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`;
process.stdout.write(`${body}\n`);
if (OUT !== '-') {
  writeFileSync(OUT, `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.mjs); what each row means: docs/performance.md.\n\n${body}`);
  log(`wrote ${path.relative(process.cwd(), OUT) || OUT}`);
}
