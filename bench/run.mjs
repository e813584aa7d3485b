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
 * Environment (defaults in brackets; BENCH_QUICK=1 makes every count small):
 *   BENCH_RUNS [5]            runs of each measurement (medians)
 *   BENCH_COLD_RUNS [10]      runs of the cold-start pair (node -e 0, validate 1 file)
 *   BENCH_VALIDATE_N [1000]   files in the validate batch
 *   BENCH_RENDER_N [100]      documents in the render batch
 *   BENCH_PERFILE_N [20]      of those, how many go through one process per file (and the peers)
 *   BENCH_MEMORY_N [500]      documents in the memory batch (RSS after 100 vs after N)
 *   BENCH_ONLY [validate,curve,render,memory]   which sections
 *   BENCH_CURVE [1,10,100,1000,10000]  file counts of the validate curve (time, CPU and
 *                             peak RSS per count; ajv-cli beside it at the two largest);
 *                             the plot goes to docs/validate-curve.svg (BENCH_SVG, "-" for none)
 *   BENCH_OUT [bench/RESULTS.md]  where to write the results; "-" for nowhere
 *   BENCH_CHROMIUM_CLI        a Chromium that supports --print-to-pdf (peer); default
 *                             /usr/bin/chromium when present. The bundled @sparticuz build
 *                             hangs on --print-to-pdf, so it cannot be this peer.
 *   BENCH_SPECTRAL_N [100]    files for the Spectral peer (the first of the validate batch;
 *                             declare is timed on the same subset): Spectral takes minutes
 *                             per run on 1,000 files; 0 skips it
 */
import { execFileSync } from 'node:child_process';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { generateCorpus } from './generate.mjs';
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
const RENDER_N = num('BENCH_RENDER_N', 100, 6);
const PERFILE_N = Math.min(num('BENCH_PERFILE_N', 20, 3), RENDER_N);
const MEMORY_N = num('BENCH_MEMORY_N', 500, 20);
const CURVE = (env.BENCH_CURVE ?? (quick ? '1,10,50' : '1,10,100,1000,10000')).split(',').map(Number).filter((n) => n > 0).sort((a, b) => a - b);
const SVG = env.BENCH_SVG ?? path.join(REPO, 'docs', 'validate-curve.svg');
const ONLY = new Set((env.BENCH_ONLY ?? 'validate,curve,render,memory').split(',').map((s) => s.trim()));
const OUT = env.BENCH_OUT ?? path.join(REPO, 'bench', 'RESULTS.md');
const SPECTRAL_N = Math.min(num('BENCH_SPECTRAL_N', 100, 20), VALIDATE_N);
const SPECTRAL = SPECTRAL_N > 0;

const log = (s) => process.stderr.write(`[bench] ${s}\n`);
const node = process.execPath;
const rows = [];
const notes = [];
const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const fmtKb = (kb) => (kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(2)} GiB` : kb >= 1024 ? `${(kb / 1024).toFixed(0)} MiB` : `${kb} KiB`);
const range = (s, f = fmtMs) => `${f(s.min)}–${f(s.max)}`;

/** One row of the table. */
function row(what, value, spread, ratio, target, ok) {
  rows.push({ what, value, spread, ratio, target, verdict: ok === undefined ? '' : ok ? 'met' : 'not met' });
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
async function rounds(steps) {
  const results = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const [name, step] of Object.entries(steps)) {
      const v = await step(r);
      if (v !== undefined) results[name].push(v);
    }
    log(`  run ${r + 1}/${RUNS} done`);
  }
  return results;
}

// ───────────────────────────── validate ─────────────────────────────
if (ONLY.has('validate')) {
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
  const v = await rounds({
    declare: async () => keepPeak('declare', await run(node, [declare, 'validate', vdir], { sample: 20, keepStdout: false, okCodes: [1] })),
    one: async () => (await run(node, [declare, 'validate', path.join(vdir, 'decl-0000.yaml')], { okCodes: [1] })).ms,
    ajv: haveAjv ? async () => keepPeak('ajv', await run(node, [ajv, 'validate', '--spec=draft2020', '--multiple-of-precision=9', '--strict=false', '-s', schema, '-d', `${vdir}/*.yaml`], { sample: 20, keepStdout: false })) : async () => undefined,
    spectral: haveSpectral ? async () => keepPeak('spectral', await run(node, [spectral, 'lint', '-q', '-r', ruleset, `${sdir}/*.yaml`], { sample: 20, keepStdout: false, okCodes: [1] })) : async () => undefined,
    declareSpectral: haveSpectral ? async () => (await run(node, [declare, 'validate', sdir], { keepStdout: false, okCodes: [1] })).ms : async () => undefined,
    yaml: async () => (await run(node, [path.join(REPO, 'bench', 'yaml-parse.mjs'), vdir])).ms,
  });
  const bare = stats(cold.bare);
  const c1 = stats(cold.one);
  const d = stats(v.declare);
  row('`node -e 0` (bare Node start)', fmtMs(bare.median), range(bare), '', '', undefined);
  row('`declare validate` 1 file, cold start', fmtMs(c1.median), range(c1), `${(c1.median / bare.median).toFixed(2)}× bare Node`, '≤ 2× (issue 17; was ≤ 3×)', c1.median / bare.median <= 2);
  row(`\`declare validate\` ${VALIDATE_N} files, one call (${(bytes / 2 ** 20).toFixed(1)} MiB; peak RSS ${fmtKb(peak.declare)})`, fmtMs(d.median), range(d), '', '', undefined);
  const o = stats(v.one);
  row(`  … ${VALIDATE_N} files ÷ 1 file (same corpus)`, fmtMs(o.median), range(o), `${(d.median / o.median).toFixed(1)}×`, '(report)', undefined);
  if (v.ajv.length) {
    const a = stats(v.ajv);
    row(`ajv-cli 5 \`--spec=draft2020\`, same ${VALIDATE_N} YAML files, schema only (peak RSS ${fmtKb(peak.ajv)})`, fmtMs(a.median), range(a), `declare ÷ ajv-cli = ${(d.median / a.median).toFixed(2)}×`, '≤ 1×', d.median / a.median <= 1);
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
      row(`  ajv-cli, the same ${n} files (peak RSS ${fmtKb(p.ajvRssKb)}${ac !== undefined ? `; CPU ${fmtMs(ac)}` : ''})`, fmtMs(am), range(stats(a.map((x) => x.ms))), `declare ÷ ajv-cli = ${(p.ms / am).toFixed(2)}× wall${cpuRatio !== undefined ? `, ${cpuRatio.toFixed(2)}× CPU` : ''}`, '≤ 1×', (cpuRatio ?? p.ms / am) <= 1);
    }
  }
  if (points.length >= 2) {
    const [a, b] = points.slice(-2);
    const perFile = (p) => (p.cpuMs ?? p.ms) / p.n;
    row(`  per-file cost, ${b.n} files ÷ ${a.n} files (${GNU_TIME ? 'CPU' : 'wall'})`, `${fmtMs(perFile(b))} ÷ ${fmtMs(perFile(a))}`, '', `${(perFile(b) / perFile(a)).toFixed(2)}×`, '≤ 1.1×', perFile(b) / perFile(a) <= 1.1);
    row(`  peak RSS, ${b.n} files ÷ ${a.n} files`, `${fmtKb(b.rssKb)} ÷ ${fmtKb(a.rssKb)}`, '', `${(b.rssKb / a.rssKb).toFixed(2)}×`, '≤ 1.2×', b.rssKb / a.rssKb <= 1.2);
  }
  info.curve = points;
  if (SVG !== '-') {
    writeFileSync(SVG, curveSvg(points, { title: `declare validate: files → time and peak RSS (${info.date.slice(0, 10)}, commit ${info.commit}, ${RUNS} runs, medians)` }));
    log(`wrote ${path.relative(process.cwd(), SVG) || SVG}`);
  }
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
    coldValidate: async () => (await run(node, [declare, 'validate', SEED], { okCodes: [1] })).ms,
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
      const res = await run(node, [declare, 'render', SEED, '--pdf', '-o', dir], { okCodes: [1] });
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
  });
  floor.stdin.end();
  await new Promise((resolve) => floor.on('close', resolve));

  const fl = stats(R.floor);
  const b = stats(R.batch);
  const pf = stats(R.perFile);
  row('Floor: Puppeteer direct, one warm page, setContent + pdf() of declare\'s HTML, per document', fmtMs(fl.median), range(fl), '', '', undefined);
  row(`\`declare render --pdf\`, ${RENDER_N} files in one call, per document (wall ÷ ${RENDER_N})`, fmtMs(b.median), range(b), `${(b.median / fl.median).toFixed(2)}× floor`, '≤ 0.85× (issue 17; was ≤ 1.3×)', b.median / fl.median <= 0.85);
  if (batchCpu.length && floorCpu.length) {
    const bc = stats(batchCpu);
    const fc = stats(floorCpu);
    row(`  CPU per document (declare's process tree ÷ the floor's, per pass)`, `${fmtMs(bc.median)} ÷ ${fmtMs(fc.median)}`, range(bc), `${(bc.median / fc.median).toFixed(2)}× floor CPU`, '≤ 1.1×', bc.median / fc.median <= 1.1);
  }
  const cb = stats(R.combine);
  row(`\`declare render --combine\`, the same ${RENDER_N} files in one volume, per document`, fmtMs(cb.median), range(cb), `${(cb.median / b.median).toFixed(2)}× separate`, '≤ 1.05× (issue 14)', cb.median / b.median <= 1.05);
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
  row('First PDF from a cold start (Huadu seed; browser start, Chromium already extracted)', fmtMs(fw.median), range(fw), `${(fw.median / cv.median).toFixed(2)}× a cold validate (${fmtMs(cv.median)})`, '≤ 3× (issue 17)', fw.median / cv.median <= 3);
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
const table = [
  '| Measurement | Median | Min–max | Ratio | Target | |',
  '|---|---:|---:|---|---|---|',
  ...rows.map((r) => `| ${r.what} | ${r.value} | ${r.spread} | ${r.ratio} | ${r.target} | ${r.verdict} |`),
].join('\n');
const header = [
  `- Date: ${info.date}; commit ${info.commit}`,
  `- Machine: ${info.cpu}, ${info.cores} cores, ${info.memory} RAM, Linux ${info.kernel}; load average at start ${info.load}`,
  `- Node ${info.node}; Chromium: ${info.chromium} — ${info.browser}`,
  `- Runs: ${RUNS} per measurement (cold start: ${COLD_RUNS}), interleaved; validate ${VALIDATE_N} files, render ${RENDER_N}, Spectral ${SPECTRAL_N}, per-file and peers ${PERFILE_N}, memory ${MEMORY_N}${quick ? ' (BENCH_QUICK)' : ''}`,
].join('\n');
const body = `${header}\n\n${table}\n${notes.length ? `\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`;
process.stdout.write(`${body}\n`);
if (OUT !== '-') {
  writeFileSync(OUT, `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.mjs); what each row means: docs/performance.md.\n\n${body}`);
  log(`wrote ${path.relative(process.cwd(), OUT) || OUT}`);
}
