import { randomBytes } from 'node:crypto';
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync, statSync, writeSync, type Stats } from 'node:fs';
import { lstat, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_FILE_BYTES } from '../load/encodings.js';
import type { Lang } from '../diagnostic.js';
import { CliError } from './errors.js';
import { ioMessages } from '../messages/cli.js';

/**
 * Read at most MAX_FILE_BYTES + 1 bytes: enough for the loader to refuse an oversized
 * file (Y001) without holding 50 MB in memory.
 */
export async function readInput(file: string, lang: Lang): Promise<Uint8Array> {
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
    const buf = Buffer.alloc(size);
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
  const target = await stat(file).catch(() => undefined);
  if (target?.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  if (target !== undefined && !target.isFile()) {
    await writeFile(file, data);
    return;
  }
  const tmp = tempName(path.dirname(path.resolve(file)));
  pendingTemps.add(tmp);
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  } finally {
    pendingTemps.delete(tmp);
  }
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
