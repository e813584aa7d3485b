/**
 * The rendering faults of issue 5.3, as rows of docs/RELIABILITY.md: what is done to a
 * `declare render --pdf` batch, and what must hold (docs/render.md "Batches", cli.md).
 * render-faults.test.ts runs one test per entry and records its outcome.
 */
export interface FaultCase {
  /** stable ID (first column of the table) */
  id: string;
  /** the fault, in words */
  input: string;
  /** the guarantee that applies */
  limit: string;
  /** a known product bug this case shows (its test is marked it.fails) */
  bug?: string;
}

/** Inputs per batch: 4 copies of each of the 3 examples. */
export const BATCH_SIZE = 12;

export const FAULTS: FaultCase[] = [
  {
    id: 'browser-killed',
    input: `SIGKILL to the browser's main process after the first PDF of ${BATCH_SIZE}`,
    limit: 'browser restarted, the documents it took down tried once more: every PDF written, exit 0',
  },
  {
    id: 'renderer-hangs',
    input: 'every renderer process stopped (SIGSTOP) after the first PDF, --timeout 2',
    limit: '--timeout per document: the hung ones reported by name, the rest rendered, exit 2',
  },
  {
    id: 'sigint-mid-batch',
    input: 'SIGINT (Ctrl-C) after the first PDF',
    limit: 'dies of SIGINT (shell: 130); no partial file, no Chromium process, no profile left',
  },
  {
    id: 'sigterm-mid-batch',
    input: 'SIGTERM after the first PDF',
    limit: 'dies of SIGTERM (shell: 143); no partial file, no Chromium process, no profile left',
  },
  {
    id: 'sigint-during-launch',
    input: 'SIGINT as soon as the first Chromium process exists (browser still starting)',
    limit: 'dies of SIGINT; no Chromium process, no profile left',
  },
  {
    id: 'out-dir-replaced',
    input: '--out directory replaced by a regular file after the first PDF',
    limit: 'each output that cannot be written is reported by name, exit 2; no temporary file left',
  },
  {
    id: 'two-processes-same-out',
    input: `two processes rendering the same ${BATCH_SIZE} files into the same --out at once`,
    limit: 'write to a temporary file, then rename: every PDF complete, both exit 0',
  },
  {
    id: 'renderer-crashed',
    input: 'SIGKILL to every renderer process after the first PDF (default --timeout 60)',
    limit: 'a crashed page is known at once and its document tried once more: every PDF written, exit 0, long before the timeout',
  },
  {
    id: 'browser-stopped',
    input: "the browser's main process stopped (SIGSTOP) after the first PDF, --timeout 8",
    limit: '--timeout bounds it: the documents in flight reported as "the browser did not answer" with what to do, the rest rendered, exit 2',
  },
  {
    id: 'sigkill-stale-profile',
    input: 'declare itself killed (SIGKILL) after the first PDF, then run again with the same TMPDIR',
    limit: 'the second run removes the profile the killed one left (ours, its pid dead) and exits 0',
  },
  {
    id: 'tmpdir-full',
    input: 'TMPDIR on a full 1 MB tmpfs',
    limit: 'each document reported as "TMPDIR is full", naming the directory; exit 2; nothing left in TMPDIR',
  },
];
