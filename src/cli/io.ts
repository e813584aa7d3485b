import { randomBytes } from 'node:crypto';
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { lstat, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_FILE_BYTES } from '../load/encodings.js';
import type { Lang } from '../diagnostic.js';
import { CliError } from './errors.js';
import { ioMessages } from '../messages/cli.js';

/**
 * One buffer that readInput reads file after file into, for a caller that is done with
 * each file's bytes before it reads the next (validate decodes each file and keeps the
 * text, never the bytes; issue 17). A fresh Buffer per file was external memory held
 * until its wrapper was collected, most often in a major GC: over 10,000 files the peak
 * grew with the number of files. Each loop has its own, so two runs never share one; a
 * file larger than SCRATCH_MAX gets a buffer of its own, so the one kept stays small.
 */
export interface ReadBuffer {
  /** the buffer, allocated at the first read (at least 64 KiB) */
  buf?: Buffer;
}
const SCRATCH_MAX = 1024 * 1024;

/**
 * Read at most MAX_FILE_BYTES + 1 bytes: enough for the loader to refuse an oversized
 * file (Y001) without holding 50 MB in memory. With `scratch`, into its buffer: the
 * bytes returned are then valid only until the next read into it.
 */
export async function readInput(file: string, lang: Lang, scratch?: ReadBuffer): Promise<Uint8Array> {
  let fd: number | undefined;
  try {
    // A FIFO or device named on the command line would block open() or read() forever
    // (issue 10 item 14): refuse anything but a regular file before opening it, and
    // again on the descriptor (O_NONBLOCK: opening a FIFO that appeared in between does
    // not wait for a writer).
    refuseSpecial(statSync(file));
    // Synchronous reads: one small file at a time, much cheaper than async open/read/close.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    refuseSpecial(st);
    // A regular file that reports size 0 (/proc): stream it, up to the limit.
    if (st.size === 0) return await readStream(createReadStream('', { fd, autoClose: false }), file, lang);
    const size = Math.min(st.size, MAX_FILE_BYTES + 1);
    const buf = bufferFor(size, scratch);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } catch (err) {
    throw new CliError(readErrorMessage(file, err, lang), { cause: err });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A buffer of at least `size` bytes to read into: the scratch buffer when there is one and the file fits. */
function bufferFor(size: number, scratch: ReadBuffer | undefined): Buffer {
  if (scratch === undefined || size > SCRATCH_MAX) return Buffer.alloc(size);
  if (scratch.buf === undefined || scratch.buf.length < size) scratch.buf = Buffer.allocUnsafe(Math.max(size, 64 * 1024));
  return scratch.buf;
}

/** Throw (with a code readErrorMessage knows) unless `st` is a regular file. */
function refuseSpecial(st: Stats): void {
  if (st.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ESPECIAL', kind: specialKind(st) });
}

/** What kind of special file it is: 'fifo' | 'socket' | 'device'. */
function specialKind(st: Stats): 'fifo' | 'socket' | 'device' {
  return st.isFIFO() ? 'fifo' : st.isSocket() ? 'socket' : 'device';
}

/** Read a stream (stdin) up to the limit. */
export async function readStream(stream: AsyncIterable<Buffer | string>, _name: string, _lang: Lang): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(b);
    total += b.length;
    if (total > MAX_FILE_BYTES) break;
  }
  return Buffer.concat(chunks);
}

/** Why a file cannot be read, naming it (exit 2 messages). */
export function readErrorMessage(file: string, err: unknown, lang: Lang): string {
  const code = (err as { code?: string }).code;
  const m = ioMessages(lang);
  switch (code) {
    case 'ENOENT':
      return m.readMissing({ file });
    case 'EISDIR':
      return m.readDirectory({ file });
    case 'EACCES':
    case 'EPERM':
      return m.readDenied({ file });
    case 'ELOOP':
      return m.readLoop({ file });
    case 'ESPECIAL':
      return m.readSpecial({ file, kind: (err as { kind: 'fifo' | 'socket' | 'device' }).kind });
    default:
      return m.readOther({ file, reason: (err as Error).message });
  }
}

/** Temporary files being written right now (a signal handler removes them: render's). */
export const pendingTemps = new Set<string>();

/** A temporary file's name: short whatever the output is called (a name near NAME_MAX stays writable). */
const TEMP_NAME = /^\.declare-(\d+)-[0-9a-f]{8}\.tmp$/;

/** A fresh temporary name in `dir`, `.declare-<pid>-<hex>.tmp`. */
export function tempName(dir: string): string {
  return path.join(dir, `.declare-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Write a file completely or not at all: a temporary file in the same directory, then
 * rename over the target (cli.md); the temporary file is removed on failure. Throws the
 * file system's error (with its `code`); writeAtomic names the path for the user.
 *
 * An existing target that is not a regular file (`-o /dev/stderr`, a FIFO, /dev/full) is
 * written to directly: renaming over it would replace the device node itself (as root,
 * /dev is writable). A short or failed write there is an error too, never a silent cut.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const place = await atomicPlace(file);
  if (place === undefined) {
    await writeFile(file, data);
    return;
  }
  const tmp = tempName(path.dirname(place));
  pendingTemps.add(tmp);
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, place);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  } finally {
    pendingTemps.delete(tmp);
  }
}

/**
 * What a complete-or-nothing write of `file` renames over: the file itself, or the regular
 * file a symbolic link leads to (so the link stays a link: `-o /dev/stdout` with stdout
 * redirected to a file writes that file and never replaces /dev/stdout, a link, with a
 * regular file); undefined when the target is to be written directly (it exists and is not
 * a regular file: a device, a FIFO, a terminal; or a link that leads nowhere stable, such
 * as a deleted file's /proc fd). A directory is EISDIR.
 */
async function atomicPlace(file: string): Promise<string | undefined> {
  const target = await stat(file).catch(() => undefined);
  if (target?.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  if (target !== undefined && !target.isFile()) return undefined;
  const link = await lstat(file).catch(() => undefined);
  if (link === undefined || !link.isSymbolicLink()) return path.resolve(file);
  if (target === undefined) return undefined;
  const real = await realpath(file).catch(() => undefined);
  const st = real === undefined ? undefined : await stat(real).catch(() => undefined);
  return st !== undefined && st.isFile() && st.dev === target.dev && st.ino === target.ino ? real : undefined;
}

/** writeFileAtomic, failing with a CliError that names the path and the fix. */
export async function writeAtomic(file: string, data: string | Uint8Array, lang: Lang): Promise<void> {
  try {
    await writeFileAtomic(file, data);
  } catch (err) {
    throw new CliError(writeErrorMessage(file, err, lang), { cause: err });
  }
}

/**
 * A file written piece by piece and put in place only when complete: writeFileAtomic's way
 * (temporary file in the same directory, renamed over the target; a target that is not a
 * regular file written directly), for a report too long to hold whole (validate's JSON,
 * issue 17). `abort()` removes the temporary file; a failure names the path and the fix.
 */
export class AtomicWriter {
  private constructor(
    private readonly file: string,
    /** what the temporary file is renamed over (atomicPlace) */
    private readonly place: string | undefined,
    private readonly tmp: string | undefined,
    private fd: number | undefined,
    private readonly lang: Lang,
  ) {}

  static async open(file: string, lang: Lang): Promise<AtomicWriter> {
    try {
      const place = await atomicPlace(file);
      if (place === undefined) return new AtomicWriter(file, undefined, undefined, openSync(file, 'w'), lang);
      const tmp = tempName(path.dirname(place));
      const fd = openSync(tmp, 'wx');
      pendingTemps.add(tmp);
      return new AtomicWriter(file, place, tmp, fd, lang);
    } catch (err) {
      throw new CliError(writeErrorMessage(file, err, lang), { cause: err });
    }
  }

  write(text: string): void {
    try {
      const bytes = Buffer.from(text, 'utf8');
      let off = 0;
      while (off < bytes.length) off += writeSync(this.fd!, bytes, off);
    } catch (err) {
      throw new CliError(writeErrorMessage(this.file, err, this.lang), { cause: err });
    }
  }

  async commit(): Promise<void> {
    try {
      closeSync(this.fd!);
      this.fd = undefined;
      if (this.tmp !== undefined) await rename(this.tmp, this.place!);
    } catch (err) {
      await this.abort();
      throw new CliError(writeErrorMessage(this.file, err, this.lang), { cause: err });
    }
    if (this.tmp !== undefined) pendingTemps.delete(this.tmp);
  }

  async abort(): Promise<void> {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // closing a file we are giving up on: nothing more to do
      }
      this.fd = undefined;
    }
    if (this.tmp !== undefined) {
      await rm(this.tmp, { force: true }).catch(() => undefined);
      pendingTemps.delete(this.tmp);
    }
  }
}

/**
 * While a long write is under way (validate's streamed JSON into -o): SIGINT, SIGTERM or
 * SIGHUP removes the temporary files being written, then the process dies of the same
 * signal (exit status 128 + its number), so an interrupted run leaves neither a
 * half-written report nor a temporary file. Returns the function that stops listening.
 */
export function removeTempsOnSignal(): () => void {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const stop = (): void => {
    for (const s of signals) process.off(s, handler);
  };
  const handler = (signal: NodeJS.Signals): void => {
    removePendingTemps();
    stop();
    process.kill(process.pid, signal);
  };
  for (const s of signals) process.on(s, handler);
  return stop;
}

/** Remove every temporary file being written right now (a signal's last act), synchronously. */
export function removePendingTemps(): void {
  for (const tmp of pendingTemps) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing more to do
    }
  }
  pendingTemps.clear();
}

/**
 * Remove the temporary files (`.declare-<pid>-<hex>.tmp`) that a process killed by
 * SIGKILL left in `dir`: those whose pid is not alive. Our own and live processes' are
 * kept; a file that cannot be removed is left alone. Returns the names removed.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    const file = path.join(dir, name);
    const st = await lstat(file).catch(() => undefined);
    if (!st?.isFile()) continue;
    if (await rm(file, { force: true }).then(() => true, () => false)) removed.push(name);
  }
  return removed;
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
function alive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** Why `file` (or standard output) cannot be written, with the fix. */
export function writeErrorMessage(file: string, err: unknown, lang: Lang): string {
  const code = (err as { code?: string }).code ?? (err as Error).message;
  const m = ioMessages(lang);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return m.writeNoSpace({ file, code });
    case 'EISDIR':
      return m.writeDirectory({ file });
    case 'EROFS':
      return m.writeReadOnly({ file });
    default:
      return m.writeOther({ file, code });
  }
}

/**
 * A writer for standard output. When stdout is a file or a device (`> report.json`,
 * `> /dev/full`) it is written synchronously, so a failed or short write throws a
 * CliError (exit 2, one line) instead of ending in an unhandled stream error; a pipe or
 * terminal keeps the stream (bin/declare.js handles EPIPE: `validate | head` is fine).
 * It takes text or bytes already encoded in UTF-8 (validate --cache's stored blocks).
 */
export function stdoutWriter(lang: Lang, fd = 1): (s: string | Uint8Array) => void {
  let direct = false;
  try {
    const st = fstatSync(fd);
    direct = st.isFile() || (st.isCharacterDevice() && !process.stdout.isTTY);
  } catch {
    direct = false;
  }
  if (!direct) return (s) => void process.stdout.write(s);
  return (s) => {
    const buf = typeof s === 'string' ? Buffer.from(s) : s;
    let off = 0;
    try {
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    } catch (err) {
      const name = ioMessages(lang).standardOutput;
      throw new CliError(writeErrorMessage(name, err, lang), { cause: err });
    }
  };
}
