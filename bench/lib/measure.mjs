/**
 * Measuring child processes: wall time (hrtime around spawn → exit), peak RSS of the
 * whole process tree (the process plus every descendant, e.g. Chromium's browser, zygote,
 * GPU and renderer processes) sampled from /proc, and the summary statistics of the
 * bench (median, min–max).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** { median, min, max } of a list. */
export function stats(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

const PAGE_KB = 4;

/** pid → ppid for every process (one /proc scan). */
function parents() {
  const map = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(Number(name), ppid);
    } catch {
      // gone meanwhile
    }
  }
  return map;
}

/** pid and all its descendants. */
export function processTree(pid) {
  const map = parents();
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [child, parent] of map) if (parent === out[i]) out.push(child);
  return out;
}

function rssKb(pid) {
  try {
    const statm = readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
    return Number(statm[1]) * PAGE_KB;
  } catch {
    return 0;
  }
}

function pssKb(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Memory of a process tree now: summed RSS, summed PSS (shared pages counted once), and the root's own RSS. */
export function treeMemory(pid) {
  const pids = processTree(pid);
  let rss = 0;
  let pss = 0;
  for (const p of pids) {
    rss += rssKb(p);
    pss += pssKb(p);
  }
  return { rssKb: rss, pssKb: pss, rootRssKb: rssKb(pid), processes: pids.length };
}

/**
 * Run a command; resolve with its wall time (ms), exit code, output and, when
 * `sample` is set, the peak memory of its process tree (sampled every `sample` ms).
 * `onLine(line, count, pid)` sees stdout lines as they come (for "after N documents").
 */
export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let lines = 0;
    let partial = '';
    let peak = { rssKb: 0, pssKb: 0, rootRssKb: 0, processes: 0 };
    let timer;
    const take = () => {
      const m = treeMemory(child.pid);
      if (m.rssKb > peak.rssKb) peak = { ...m, pssKb: Math.max(m.pssKb, peak.pssKb) };
      else if (m.pssKb > peak.pssKb) peak = { ...peak, pssKb: m.pssKb };
    };
    if (options.sample) timer = setInterval(take, options.sample);
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString();
      if (options.keepStdout !== false) stdout += text;
      if (options.onLine) {
        partial += text;
        let nl;
        while ((nl = partial.indexOf('\n')) >= 0) {
          const line = partial.slice(0, nl);
          partial = partial.slice(nl + 1);
          options.onLine(line, ++lines, child.pid);
        }
      }
    });
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 100_000) stderr += chunk.toString();
    });
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (options.check !== false && code !== 0 && !(options.okCodes ?? []).includes(code)) {
        reject(new Error(`${cmd} ${args.join(' ').slice(0, 300)} exited ${code ?? signal}\n${stderr.slice(0, 2000)}`));
        return;
      }
      resolve({ ms, code, stdout, stderr, peak, lines });
    });
  });
}

/** GNU time, for CPU seconds and peak RSS of one process (the kernel's own accounting). */
export const GNU_TIME = ['/usr/bin/time'].find((f) => existsSync(f));

/**
 * Run a command under GNU time: wall ms (around the process), CPU ms (user + system) and
 * the process's peak RSS (KiB), from the kernel. Without GNU time, CPU and RSS are
 * undefined and only wall time is measured.
 */
export async function runTimed(cmd, args, options = {}) {
  if (!GNU_TIME) {
    const r = await run(cmd, args, { ...options, sample: 20 });
    return { ...r, cpuMs: undefined, maxRssKb: r.peak.rssKb };
  }
  // The figures go to a file of their own: a command's stderr (diagnostics) may be longer than run() keeps.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'declare-bench-time-'));
  const file = path.join(dir, 'time');
  let r;
  let text = '';
  try {
    r = await run(GNU_TIME, ['-o', file, '-f', '__bench_time %U %S %M', cmd, ...args], { ...options, okCodes: options.okCodes });
    text = readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const m = /__bench_time ([0-9.]+) ([0-9.]+) ([0-9]+)\s*$/.exec(text);
  if (!m) throw new Error(`no GNU time figures for ${cmd}: ${text.slice(-500)}`);
  return { ...r, cpuMs: (Number(m[1]) + Number(m[2])) * 1000, maxRssKb: Number(m[3]) };
}
