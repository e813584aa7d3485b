import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_FILE_BYTES } from '../load/load.js';
import type { Lang } from '../diagnostic.js';
import { CliError } from './errors.js';

/**
 * Read at most MAX_FILE_BYTES + 1 bytes: enough for the loader to refuse an oversized
 * file (Y001) without holding 50 MB in memory.
 */
export async function readInput(file: string, lang: Lang): Promise<Uint8Array> {
  let fd: number | undefined;
  try {
    // Synchronous reads: one small file at a time, much cheaper than async open/read/close.
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    // A special file (pipe, /proc, /dev/zero) reports size 0: stream it, up to the limit.
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
  const zh = lang === 'zh';
  switch (code) {
    case 'ENOENT':
      return zh ? `无法读取 ${file}：文件不存在（可能在读取前被删除或移动）` : `cannot read ${file}: it does not exist (removed or moved?)`;
    case 'EISDIR':
      return zh ? `无法读取 ${file}：这是一个目录，不是文件` : `cannot read ${file}: it is a directory`;
    case 'EACCES':
    case 'EPERM':
      return zh ? `无法读取 ${file}：没有读取权限` : `cannot read ${file}: permission denied`;
    case 'ELOOP':
      return zh ? `无法读取 ${file}：符号链接形成了循环` : `cannot read ${file}: symbolic link loop`;
    default:
      return zh ? `无法读取 ${file}：${(err as Error).message}` : `cannot read ${file}: ${(err as Error).message}`;
  }
}

/**
 * Write a file completely or not at all: a temporary file in the same directory, then
 * rename (cli.md). Throws CliError naming the path on failure.
 */
export async function writeAtomic(file: string, data: string | Uint8Array, lang: Lang): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const reason = (err as { code?: string }).code ?? (err as Error).message;
    throw new CliError(lang === 'zh' ? `无法写入 ${file}（${reason}）：请检查目录是否存在、是否有写权限` : `cannot write ${file} (${reason}): check that the directory exists and is writable`, { cause: err });
  }
}
