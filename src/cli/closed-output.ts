/**
 * A closed standard output or error (EPIPE: `declare render … | head -1`, a reader that
 * went away). bin/declare.js calls `outputClosed()` from its stream error handler.
 *
 * Policy (docs/SECURITY.md "Output files and signals"):
 * - By default nobody has registered a handler: the command runs to its end and exits
 *   with its own code; later writes are lost. `declare validate … | head` means the reader
 *   chose to stop reading, and the exit code must still say whether the files are valid
 *   (exiting at once, as the shim once did, could exit before the code was known: 0).
 * - A command whose output is the record of what it did (render: the list of files
 *   written) registers a handler for as long as it runs; the handler stops the work, and
 *   the command cleans up (browser, profile, partial files) and returns exit 2 itself.
 */

/** Which standard stream was closed. */
export type StdStream = 'stdout' | 'stderr';

let handler: ((stream: StdStream) => void) | undefined;

/**
 * Take over closed-output handling until the returned function is called. The handler
 * may be called many times (every later write fails again) and must be idempotent.
 */
export function onOutputClosed(h: (stream: StdStream) => void): () => void {
  handler = h;
  return () => {
    if (handler === h) handler = undefined;
  };
}

/** Called by the shim on EPIPE: tells the running command, if it asked. */
export function outputClosed(stream: StdStream): void {
  handler?.(stream);
}
