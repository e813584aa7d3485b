/**
 * Process bookkeeping for the rendering-fault tests: which Chromium processes a declare
 * process started (its descendants, sampled from /proc while it runs) and which of them
 * are still alive afterwards. Linux only, like the bundled Chromium.
 */
import { readFileSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';

/** One process as /proc shows it. */
export interface ProcInfo {
  pid: number;
  ppid: number;
  /** start time in clock ticks since boot (a pid reused later has another) */
  start: string;
  /** command line, NULs as spaces */
  cmd: string;
  /** the executable (readlink /proc/pid/exe), '' when unreadable */
  exe: string;
  /** zombie (exited, not yet reaped) */
  zombie: boolean;
}

function info(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: fields start after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    let exe = '';
    try {
      exe = readlinkSync(`/proc/${pid}/exe`);
    } catch {
      // kernel threads, or gone
    }
    return { pid, ppid: Number(fields[1]), start: fields[19] ?? '', cmd, exe, zombie: fields[0] === 'Z' };
  } catch {
    return undefined;
  }
}

/** Every live process. */
export function allProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = info(Number(name));
    if (p) out.push(p);
  }
  return out;
}

/** The descendants of `root` (children, grandchildren …), from one snapshot. */
export function descendants(root: number, procs: ProcInfo[] = allProcesses()): ProcInfo[] {
  const byParent = new Map<number, ProcInfo[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const todo = [root];
  while (todo.length > 0) {
    for (const child of byParent.get(todo.pop()!) ?? []) {
      out.push(child);
      todo.push(child.pid);
    }
  }
  return out;
}

/** Whether a process is the browser at `executable` (bundled or system Chromium). */
export function isChromium(p: ProcInfo, executable: string): boolean {
  let real = executable;
  try {
    real = realpathSync(executable);
  } catch {
    // keep the given path
  }
  return p.exe === real || p.exe === executable || p.cmd.startsWith(executable) || p.cmd.startsWith(real);
}

/**
 * Watches a declare process: samples its Chromium descendants every `everyMs` until
 * stopped, so that processes that outlive it can be found afterwards even when they
 * were re-parented to init.
 */
export class ChromiumWatch {
  /** every Chromium process seen below the watched process, by pid */
  readonly seen = new Map<number, ProcInfo>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rootPid: number,
    private readonly executable: string,
    everyMs = 40,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  /** Take one sample now; returns the Chromium descendants alive at this moment. */
  sample(): ProcInfo[] {
    const now = descendants(this.rootPid).filter((p) => isChromium(p, this.executable) && !p.zombie);
    for (const p of now) if (!this.seen.has(p.pid)) this.seen.set(p.pid, p);
    return now;
  }

  /** The browser's main process (the Chromium child of the declare process), if up. */
  browserMain(): ProcInfo | undefined {
    return this.sample().find((p) => p.ppid === this.rootPid);
  }

  /** Renderer processes alive now. */
  renderers(): ProcInfo[] {
    return this.sample().filter((p) => p.cmd.includes('--type=renderer'));
  }

  /** Processes seen during the run that are alive right now (not zombies). */
  aliveNow(): string[] {
    return [...this.seen.values()]
      .filter((p) => {
        const now = info(p.pid);
        return now !== undefined && now.start === p.start && !now.zombie;
      })
      .map((p) => `${p.pid} ${p.cmd.slice(0, 100)}`);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Processes seen during the run that are still alive (same pid, same start time, not
   * a zombie), after waiting up to `graceMs` for them to go.
   */
  async survivors(graceMs = 2_000): Promise<string[]> {
    this.stop();
    const deadline = Date.now() + graceMs;
    for (;;) {
      const alive = this.aliveNow();
      if (alive.length === 0 || Date.now() > deadline) return alive;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Live processes whose command line mentions `needle` (e.g. a run's own TMPDIR). */
export function processesMentioning(needle: string): string[] {
  return allProcesses()
    .filter((p) => !p.zombie && p.cmd.includes(needle))
    .map((p) => `${p.pid} ${p.cmd.slice(0, 100)}`);
}
