/**
 * Rendering under faults (issue 5.3), through the real binary with `--pdf` on a batch of
 * BATCH_SIZE small declarations: the browser killed or hung mid-batch, SIGINT/SIGTERM,
 * the output directory replaced, two processes writing the same directory. After every
 * run: no partial file (*.tmp, empty or truncated PDF), no Chromium process that the
 * run started (sampled from /proc while it ran), no browser profile in its TMPDIR.
 * Outcomes are recorded for docs/RELIABILITY.md. On CI (CI=true) a missing browser
 * fails (testBrowser), it never skips.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageTexts, testBrowser } from '../render/pdf-helpers.js';
import { Recorder, assertBuilt, firstLine, root, runMeasured, tempDir, type MeasuredRun } from '../hostile/harness.js';
import { BATCH_SIZE, FAULTS } from './cases.js';
import { ChromiumWatch, processesMentioning } from './processes.js';

const choice = await testBrowser();
const recorder = new Recorder('faults');
/** Hang guard for a whole batch under a fault. */
const BATCH_LIMIT_MS = 30_000;

const EXAMPLES = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.yaml')).sort();
let work: { dir: string; remove: () => void };
let src = '';
/** The stems of the batch's inputs: the PDFs a complete run writes. */
let stems: string[] = [];

beforeAll(() => {
  assertBuilt();
  work = tempDir('faults');
  src = path.join(work.dir, 'src');
  mkdirSync(src);
  for (let i = 0; i < BATCH_SIZE; i++) {
    const example = EXAMPLES[i % EXAMPLES.length]!;
    const stem = `f${String(i).padStart(2, '0')}-${example.replace(/\.yaml$/, '')}`;
    copyFileSync(path.join(root, 'examples', example), path.join(src, `${stem}.yaml`));
    stems.push(stem);
  }
  stems = stems.sort();
});

afterAll(() => {
  recorder.flush(FAULTS.map((f) => f.id));
  work?.remove();
});

interface BatchRun {
  run: MeasuredRun;
  out: string;
  tmp: string;
  /** Chromium processes of the run still alive 2 s after it ended */
  survivors: string[];
  /** how many were still alive at the moment it ended (they may go by themselves) */
  aliveAtExit?: number;
  /** processes mentioning the run's TMPDIR (profiles live there) */
  mentioning: string[];
}

let runs = 0;

/** Render the batch to PDF with a fault injected by `hooks`. */
async function batch(name: string, extra: string[], hooks: (child: ChildProcess, watch: ChromiumWatch, out: string) => void): Promise<BatchRun> {
  const dir = path.join(work.dir, `${name}-${runs++}`);
  const out = path.join(dir, 'out');
  const tmp = path.join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  let watch: ChromiumWatch | undefined;
  const run = await runMeasured(['render', src, '--pdf', '--concurrency', '2', '--lang', 'en', '-o', out, ...extra], {
    cwd: dir,
    env: { TMPDIR: tmp, SOURCE_DATE_EPOCH: '1700000000' },
    killAfterMs: 2 * BATCH_LIMIT_MS,
    onStart: (child) => {
      watch = new ChromiumWatch(child.pid!, choice!.executablePath);
      hooks(child, watch, out);
    },
  });
  const aliveAtExit = watch!.aliveNow().length;
  const survivors = await watch!.survivors();
  return { run, out, tmp, survivors, aliveAtExit, mentioning: processesMentioning(tmp) };
}

/** Once, when the first PDF has been written (its path is printed on stdout). */
function afterFirstPdf(child: ChildProcess, act: () => void): void {
  // stdout also carries the report of the files' warnings, before any PDF: wait for a path.
  let seen = '';
  const onData = (chunk: Buffer) => {
    seen += chunk.toString('utf8');
    if (!/\.pdf\r?\n/.test(seen)) return;
    child.stdout!.off('data', onData);
    act();
  };
  child.stdout!.on('data', onData);
}

/** The PDFs in `dir` that are complete (header, trailer, pdf.js reads every page), by stem. */
async function completePdfs(dir: string): Promise<{ complete: string[]; broken: string[] }> {
  const complete: string[] = [];
  const broken: string[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { complete, broken };
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.pdf')).sort()) {
    const bytes = readFileSync(path.join(dir, f));
    let ok = bytes.subarray(0, 5).toString('latin1') === '%PDF-' && /%%EOF\s*$/.test(bytes.subarray(-32).toString('latin1'));
    if (ok) {
      try {
        const pages = await pageTexts(bytes);
        ok = pages.length > 0 && /部门整体预算绩效目标申报表|项目支出绩效目标申报表/.test(pages[0]!);
      } catch {
        ok = false;
      }
    }
    (ok ? complete : broken).push(f.replace(/\.pdf$/, ''));
  }
  return { complete, broken };
}

/** Temporary or empty files anywhere under `dir`, outside `skip` (TMPDIR: Chromium's own). */
function partialFiles(dir: string, skip: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !(e.parentPath + path.sep).startsWith(skip + path.sep))
    .filter((e) => /\.tmp$/.test(e.name) || statSync(path.join(e.parentPath, e.name)).size === 0)
    .map((e) => path.join(e.parentPath, e.name));
}

/** The checks every fault shares: cleanup, no stack trace, bounded time. */
function commonProblems(b: BatchRun): string[] {
  const problems: string[] = [];
  if (b.run.killed) problems.push('killed by the harness (hang)');
  if (b.run.ms > BATCH_LIMIT_MS) problems.push(`took ${Math.round(b.run.ms)} ms (> ${BATCH_LIMIT_MS})`);
  if (b.survivors.length > 0) problems.push(`Chromium processes left: ${b.survivors.join('; ')}`);
  if (b.mentioning.length > 0) problems.push(`processes using the run's TMPDIR: ${b.mentioning.join('; ')}`);
  const inTmp = existsSync(b.tmp) ? readdirSync(b.tmp) : [];
  if (inTmp.length > 0) problems.push(`left in TMPDIR: ${inTmp.join(', ')}`);
  const partial = partialFiles(path.dirname(b.out), b.tmp);
  if (partial.length > 0) problems.push(`partial files: ${partial.join(', ')}`);
  if (/\n\s+at /.test(b.run.stderr)) problems.push('a stack trace on stderr');
  if (/internal error/.test(b.run.stderr)) problems.push('an internal error');
  return problems;
}

/** Inputs named in stderr as not rendered (`cannot render <input>`). */
function reportedFailures(stderr: string): string[] {
  return stems.filter((s) => new RegExp(`cannot render [^\\n]*${s}\\.(yaml|pdf)`).test(stderr));
}

/** The first line that says why something was not rendered (after the warnings of the inputs). */
function failureLine(stderr: string): string {
  return stderr.split('\n').find((l) => l.startsWith('declare: ')) ?? firstLine(stderr);
}

function exitOf(run: MeasuredRun): string {
  if (run.signal === 'SIGINT') return 'SIGINT (130)';
  if (run.signal === 'SIGTERM') return 'SIGTERM (143)';
  return run.status === null ? String(run.signal) : String(run.status);
}

function record(id: string, b: BatchRun, outcome: string, problems: string[], command: string): void {
  const c = FAULTS.find((f) => f.id === id)!;
  recorder.add({ id, input: c.input, command, exit: exitOf(b.run), outcome, ms: Math.round(b.run.ms), rssMb: b.run.rssMb, limit: c.limit, ok: problems.length === 0, problems, bug: c.bug });
}

const RENDER = `declare render <${BATCH_SIZE} files> --pdf --concurrency 2 -o out`;

/** A small tmpfs can be mounted here (root on Linux): the faithful way to fill TMPDIR. */
function tryMount(dir: string, size: string): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=1777`, 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
}
const canMount = (() => {
  const probe = mkdtempSync(path.join(os.tmpdir(), 'declare-mount-probe-'));
  const ok = tryMount(probe, '64k');
  if (ok) spawnSync('umount', [probe], { stdio: 'ignore' });
  rmSync(probe, { recursive: true, force: true });
  return ok;
})();

describe.skipIf(choice === undefined)('render --pdf under faults', () => {
  it('browser-killed: the browser is restarted and every document is printed', async () => {
    let killed = 0;
    const b = await batch('killed', [], (child, watch) =>
      afterFirstPdf(child, () => {
        const main = watch.browserMain();
        if (main) {
          process.kill(main.pid, 'SIGKILL');
          killed = main.pid;
        }
      }),
    );
    const { complete, broken } = await completePdfs(b.out);
    const problems = commonProblems(b);
    if (killed === 0) problems.push('no browser process found to kill');
    if (b.run.status !== 0) problems.push(`exit ${exitOf(b.run)}, expected 0: ${firstLine(b.run.stderr)}`);
    if (complete.join() !== stems.join()) problems.push(`complete PDFs: ${complete.length}/${BATCH_SIZE}`);
    if (broken.length > 0) problems.push(`broken PDFs: ${broken.join(', ')}`);
    record('browser-killed', b, `${complete.length}/${BATCH_SIZE} PDFs complete; failures reported: ${reportedFailures(b.run.stderr).length}`, problems, RENDER);
    expect(problems).toEqual([]);
  });

  it('renderer-hangs: --timeout reports the hung documents by name and the rest render', async () => {
    const stopped: number[] = [];
    const b = await batch('hang', ['--timeout', '2'], (child, watch) => {
      // PDFs are listed on stdout when the batch ends, so stop the renderers a moment after
      // they first appear (the batch is then mid-way), and again if new ones come up.
      let firstSeen = 0;
      const timer = setInterval(() => {
        if (child.exitCode !== null || child.signalCode !== null) return clearInterval(timer);
        const rs = watch.renderers();
        if (rs.length === 0) return;
        if (firstSeen === 0) firstSeen = Date.now();
        if (Date.now() - firstSeen < 1000) return;
        for (const r of rs) {
          if (stopped.includes(r.pid)) continue;
          process.kill(r.pid, 'SIGSTOP');
          stopped.push(r.pid);
        }
        clearInterval(timer);
      }, 100);
    });
    for (const pid of stopped) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // killed by declare, as it should be
      }
    }
    const { complete, broken } = await completePdfs(b.out);
    const failed = reportedFailures(b.run.stderr);
    const problems = commonProblems(b);
    if (stopped.length === 0) problems.push('no renderer process found to stop');
    if (b.run.status !== 2) problems.push(`exit ${exitOf(b.run)}, expected 2`);
    if (failed.length === 0) problems.push('no document reported as timed out');
    if (!/not done after 2 s/.test(b.run.stderr)) problems.push(`no timeout message: ${firstLine(b.run.stderr)}`);
    const accounted = [...complete, ...failed].sort();
    if (accounted.join() !== stems.join()) problems.push(`neither written nor reported: ${stems.filter((s) => !accounted.includes(s)).join(', ')}`);
    if (broken.length > 0) problems.push(`broken PDFs: ${broken.join(', ')}`);
    record('renderer-hangs', b, `${failed.length} reported "not done after 2 s", ${complete.length} PDFs complete`, problems, `${RENDER} --timeout 2`);
    expect(problems).toEqual([]);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const id = signal === 'SIGINT' ? 'sigint-mid-batch' : 'sigterm-mid-batch';
    it(`${id}: dies of ${signal}, leaving complete PDFs only and no Chromium process`, async () => {
      let seenBefore = 0;
      const b = await batch(id, [], (child, watch) =>
        afterFirstPdf(child, () => {
          seenBefore = watch.sample().length;
          child.kill(signal);
        }),
      );
      const { complete, broken } = await completePdfs(b.out);
      const problems = commonProblems(b);
      if (seenBefore === 0) problems.push('no Chromium process was running when the signal was sent');
      if (b.run.signal !== signal) problems.push(`ended with ${exitOf(b.run)}, expected ${signal}`);
      if (complete.length >= BATCH_SIZE) problems.push('the whole batch finished before the signal');
      if (broken.length > 0) problems.push(`broken PDFs: ${broken.join(', ')}`);
      record(id, b, `${complete.length}/${BATCH_SIZE} PDFs (all complete); Chromium processes: ${seenBefore} before, ${b.aliveAtExit} at exit, ${b.survivors.length} 2 s later`, problems, RENDER);
      expect(problems).toEqual([]);
    });
  }

  // Regression: a SIGINT while puppeteer.launch was still running used to leave the
  // browser profile (TMPDIR/declare-chrome-*) behind (fixed in 13fe5a8).
  it('sigint-during-launch: SIGINT while the browser starts leaves no Chromium process and no profile', async () => {
    let sent = false;
    const b = await batch('launch', [], (child, watch) => {
      const poll = setInterval(() => {
        if (watch.sample().length > 0) {
          clearInterval(poll);
          sent = true;
          child.kill('SIGINT');
        }
      }, 10);
      child.once('exit', () => clearInterval(poll));
    });
    const problems = commonProblems(b);
    if (!sent) problems.push('no Chromium process appeared');
    if (b.run.signal !== 'SIGINT') problems.push(`ended with ${exitOf(b.run)}, expected SIGINT`);
    const { complete, broken } = await completePdfs(b.out);
    if (broken.length > 0) problems.push(`broken PDFs: ${broken.join(', ')}`);
    const left = existsSync(b.tmp) ? readdirSync(b.tmp) : [];
    record('sigint-during-launch', b, `${complete.length} PDFs; Chromium processes alive at exit ${b.aliveAtExit}, 2 s later ${b.survivors.length}; left in TMPDIR: ${left.join(', ') || 'nothing'}`, problems, RENDER);
    expect(problems).toEqual([]);
  });

  it('out-dir-replaced: every output that cannot be written is reported, exit 2', async () => {
    // The directory is deleted (with what it holds) and a regular file put in its place,
    // so a write in flight cannot land anywhere; what was written is known from stdout.
    const b = await batch('unwritable', [], (child, _watch, out) =>
      afterFirstPdf(child, () => {
        rmSync(out, { recursive: true, force: true });
        writeFileSync(out, 'not a directory\n');
      }),
    );
    const written = stems.filter((s) => b.run.stdout.includes(`${s}.pdf`));
    const failed = reportedFailures(b.run.stderr);
    const problems = commonProblems(b);
    if (b.run.status !== 2) problems.push(`exit ${exitOf(b.run)}, expected 2`);
    if (!/ENOTDIR|ENOENT/.test(b.run.stderr)) problems.push(`the reason (ENOTDIR) is not given: ${firstLine(b.run.stderr)}`);
    if (failed.length === 0) problems.push('no output reported as not written');
    const both = written.filter((s) => failed.includes(s));
    if (both.length > 0) problems.push(`both written and reported: ${both.join(', ')}`);
    const accounted = [...written, ...failed].sort();
    if (accounted.join() !== stems.join()) problems.push(`neither written nor reported: ${stems.filter((s) => !accounted.includes(s)).join(', ')}`);
    if (readFileSync(b.out, 'utf8') !== 'not a directory\n') problems.push('the file that replaced --out was changed');
    record('out-dir-replaced', b, `${failed.length} reported "${firstLine(b.run.stderr.slice(b.run.stderr.indexOf('cannot render'))).slice(0, 70)}…", ${written.length} written before`, problems, RENDER);
    expect(problems).toEqual([]);
  });

  it('two-processes-same-out: both exit 0 and every PDF is complete', async () => {
    const dir = path.join(work.dir, 'shared');
    const out = path.join(dir, 'out');
    mkdirSync(path.join(dir, 'tmp'), { recursive: true });
    const watches: ChromiumWatch[] = [];
    const one = () =>
      runMeasured(['render', src, '--pdf', '--concurrency', '2', '--lang', 'en', '-o', out], {
        cwd: dir,
        env: { TMPDIR: path.join(dir, 'tmp'), SOURCE_DATE_EPOCH: '1700000000' },
        killAfterMs: 2 * BATCH_LIMIT_MS,
        onStart: (child) => void watches.push(new ChromiumWatch(child.pid!, choice!.executablePath)),
      });
    const [a, b] = await Promise.all([one(), one()]);
    const survivors = (await Promise.all(watches.map((w) => w.survivors()))).flat();
    const { complete, broken } = await completePdfs(out);
    const problems = [
      ...commonProblems({ run: a, out, tmp: path.join(dir, 'tmp'), survivors, mentioning: processesMentioning(path.join(dir, 'tmp')) }),
      ...commonProblems({ run: b, out, tmp: path.join(dir, 'tmp'), survivors: [], mentioning: [] }),
    ];
    if (a.status !== 0 || b.status !== 0) problems.push(`exits ${exitOf(a)} and ${exitOf(b)}, expected 0 and 0: ${firstLine(a.stderr + b.stderr)}`);
    if (complete.join() !== stems.join()) problems.push(`complete PDFs: ${complete.length}/${BATCH_SIZE}`);
    if (broken.length > 0) problems.push(`broken PDFs: ${broken.join(', ')}`);
    const extra = readdirSync(out).filter((f) => !f.endsWith('.pdf'));
    if (extra.length > 0) problems.push(`other files in --out: ${extra.join(', ')}`);
    const both = { ...a, ms: Math.max(a.ms, b.ms), rssMb: Math.max(a.rssMb ?? 0, b.rssMb ?? 0) };
    record('two-processes-same-out', { run: both, out, tmp: '', survivors, mentioning: [] }, `exits ${exitOf(a)} and ${exitOf(b)}; ${complete.length}/${BATCH_SIZE} PDFs complete`, problems, `2 × ${RENDER}`);
    expect(problems).toEqual([]);
  });

  it('renderer-crashed: a crashed page is retried at once, every document is printed', { timeout: 150_000 }, async () => {
    const killed: number[] = [];
    const b = await batch('crashed', [], (child, watch) =>
      afterFirstPdf(child, () => {
        for (const r of watch.renderers()) {
          process.kill(r.pid, 'SIGKILL');
          killed.push(r.pid);
        }
      }),
    );
    const { complete, broken } = await completePdfs(b.out);
    const problems = commonProblems(b);
    if (killed.length === 0) problems.push('no renderer process found to kill');
    if (b.run.status !== 0) problems.push(`exit ${exitOf(b.run)}, expected 0: ${failureLine(b.run.stderr)}`);
    if (complete.join() !== stems.join()) problems.push(`complete PDFs: ${complete.length}/${BATCH_SIZE}`);
    if (broken.length > 0) problems.push(`broken PDFs: ${broken.join(', ')}`);
    // The default --timeout is 60 s: a crash taken as a timeout shows as a slow batch (see commonProblems).
    record('renderer-crashed', b, `${killed.length} renderers killed; ${complete.length}/${BATCH_SIZE} PDFs complete`, problems, RENDER);
    expect(problems).toEqual([]);
  });

  it('browser-stopped: a browser that does not answer is bounded by --timeout and the message says what to do', { timeout: 150_000 }, async () => {
    let stopped = 0;
    const b = await batch('stopped', ['--timeout', '8'], (child, watch) =>
      afterFirstPdf(child, () => {
        const main = watch.browserMain();
        if (main) {
          process.kill(main.pid, 'SIGSTOP');
          stopped = main.pid;
        }
      }),
    );
    if (stopped) {
      try {
        process.kill(stopped, 'SIGCONT');
      } catch {
        // killed by declare, as it should be
      }
    }
    const { complete, broken } = await completePdfs(b.out);
    const failed = reportedFailures(b.run.stderr);
    const problems = commonProblems(b);
    if (stopped === 0) problems.push('no browser process found to stop');
    if (b.run.status !== 2) problems.push(`exit ${exitOf(b.run)}, expected 2`);
    if (failed.length === 0) problems.push('no document reported');
    if (!/the browser did not answer for 8 s .*--timeout.*--chrome/.test(b.run.stderr)) problems.push(`no "did not answer" message: ${failureLine(b.run.stderr)}`);
    if (/protocolTimeout/.test(b.run.stderr)) problems.push("Puppeteer's protocolTimeout text reached the user");
    const accounted = [...complete, ...failed].sort();
    if (accounted.join() !== stems.join()) problems.push(`neither written nor reported: ${stems.filter((s) => !accounted.includes(s)).join(', ')}`);
    if (broken.length > 0) problems.push(`broken PDFs: ${broken.join(', ')}`);
    record('browser-stopped', b, `${failed.length} reported "${firstLine(b.run.stderr.slice(b.run.stderr.indexOf('the browser did not'))).slice(0, 60)}…", ${complete.length} PDFs complete`, problems, `${RENDER} --timeout 8`);
    expect(problems).toEqual([]);
  });

  it('sigkill-stale-profile: the profile a SIGKILLed run left is removed by the next run', { timeout: 150_000 }, async () => {
    const watches: ChromiumWatch[] = [];
    let leftBehind: string[] = [];
    const first = await batch('sigkill', [], (child, watch) => {
      watches.push(watch);
      afterFirstPdf(child, () => child.kill('SIGKILL'));
    });
    // Chromium may outlive its parent for a moment; end what is left of the killed run.
    for (const p of first.survivors) {
      try {
        process.kill(Number(p.split(' ')[0]), 'SIGKILL');
      } catch {
        // gone
      }
    }
    leftBehind = readdirSync(first.tmp).filter((n) => n.startsWith('declare-chrome-'));
    // (The killed run may also have left a half-written *.tmp output in its --out: a
    // SIGKILL cannot be handled. The second run writes elsewhere; only TMPDIR is shared.)
    const secondDir = path.join(work.dir, `sigkill-again-${runs++}`);
    const secondOut = path.join(secondDir, 'out');
    mkdirSync(secondDir);
    const second = await runMeasured(['render', path.join(src, `${stems[0]}.yaml`), '--pdf', '--lang', 'en', '-o', secondOut], {
      cwd: secondDir,
      env: { TMPDIR: first.tmp, SOURCE_DATE_EPOCH: '1700000000' },
      killAfterMs: 2 * BATCH_LIMIT_MS,
      onStart: (child) => void watches.push(new ChromiumWatch(child.pid!, choice!.executablePath)),
    });
    const survivors = await watches[1]!.survivors();
    const b: BatchRun = { run: second, out: secondOut, tmp: first.tmp, survivors, mentioning: processesMentioning(first.tmp) };
    const problems = commonProblems(b);
    if (first.run.signal !== 'SIGKILL') problems.push(`the first run ended with ${exitOf(first.run)}, not SIGKILL`);
    if (leftBehind.length === 0) problems.push('the killed run left no profile (nothing to test)');
    if (second.status !== 0) problems.push(`second run: exit ${exitOf(second)}, expected 0: ${failureLine(second.stderr)}`);
    record('sigkill-stale-profile', b, `left by the killed run: ${leftBehind.length} profile(s); after the next run: ${existsSync(first.tmp) ? readdirSync(first.tmp).length : 0}`, problems, `${RENDER}; kill -9; declare render <1 file> --pdf`);
    expect(problems).toEqual([]);
  });

  // A form's PDF comes back from Chromium in the protocol's answer (Page.printToPDF,
  // base64), so `--pdf` needs no room in TMPDIR; the volume's parts are read as streams,
  // which Chromium writes into TMPDIR: there a full TMPDIR is named as such.
  it.skipIf(!canMount)('tmpdir-full: --pdf still prints every PDF whole; --combine names the full TMPDIR, exit 2', { timeout: 150_000 }, async () => {
    const dir = path.join(work.dir, `full-${runs++}`);
    const tmp = path.join(dir, 'tmp');
    const out = path.join(dir, 'out');
    mkdirSync(tmp, { recursive: true });
    expect(tryMount(tmp, '1m')).toBe(true);
    try {
      // Fill it: every block taken.
      spawnSync('dd', ['if=/dev/zero', `of=${path.join(tmp, 'fill')}`, 'bs=64k', 'count=64'], { stdio: 'ignore' });
      const problems: string[] = [];
      let watch: ChromiumWatch | undefined;
      const run = await runMeasured(['render', src, '--pdf', '--concurrency', '2', '--lang', 'en', '-o', out], {
        cwd: dir,
        env: { TMPDIR: tmp, SOURCE_DATE_EPOCH: '1700000000' },
        killAfterMs: 2 * BATCH_LIMIT_MS,
        onStart: (child) => void (watch = new ChromiumWatch(child.pid!, choice!.executablePath)),
      });
      const survivors = await watch!.survivors();
      const b: BatchRun = { run, out, tmp, survivors, mentioning: processesMentioning(tmp) };
      const inTmp = readdirSync(tmp).filter((n) => n !== 'fill');
      problems.push(...commonProblems({ ...b, tmp: path.join(dir, 'none') }));
      if (inTmp.length > 0) problems.push(`left in TMPDIR: ${inTmp.join(', ')}`);
      if (run.status !== 0) problems.push(`--pdf: exit ${exitOf(run)}, expected 0: ${failureLine(run.stderr)}`);
      for (const stem of stems) {
        const pdf = path.join(out, `${stem}.pdf`);
        const bytes = existsSync(pdf) ? readFileSync(pdf) : Buffer.alloc(0);
        if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-' || !bytes.subarray(-8).toString('latin1').includes('%%EOF')) problems.push(`${stem}.pdf missing or incomplete`);
      }
      const volume = path.join(dir, 'volume.pdf');
      const combined = await runMeasured(['render', src, '--combine', volume, '--lang', 'en'], {
        cwd: dir,
        env: { TMPDIR: tmp, SOURCE_DATE_EPOCH: '1700000000' },
        killAfterMs: 2 * BATCH_LIMIT_MS,
      });
      if (combined.status !== 2) problems.push(`--combine: exit ${exitOf(combined)}, expected 2`);
      const full = new RegExp(`TMPDIR is full: ${tmp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has [0-9.]+ MB free`);
      if (!full.test(combined.stderr)) problems.push(`--combine: TMPDIR not named as full: ${failureLine(combined.stderr)}`);
      if (/Protocol error/.test(run.stderr + combined.stderr)) problems.push('"Protocol error" reached the user');
      if (existsSync(volume)) problems.push('--combine left a volume');
      if (/\n\s+at /.test(combined.stderr)) problems.push('a stack trace on stderr');
      rmSync(path.join(tmp, 'fill'));
      record('tmpdir-full', b, `--pdf exit ${exitOf(run)}; --combine: ${firstLine(combined.stderr.slice(combined.stderr.indexOf('TMPDIR is full'))).slice(0, 70)}`, problems, `TMPDIR=<full 1 MB tmpfs> ${RENDER}; render --combine`);
      expect(problems).toEqual([]);
    } finally {
      spawnSync('umount', ['-l', tmp], { stdio: 'ignore' });
    }
  });
});
