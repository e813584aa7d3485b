/**
 * A minimal reader of ustar archives, enough for the three small archives that
 * @sparticuz/chromium ships (fonts, swiftshader, shared libraries). Regular files and
 * directories only; anything else (links, devices) is skipped, and no entry may leave
 * the target directory.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { makeDir } from './make-dir.js';
import path from 'node:path';

/** One regular file of an archive. */
export interface TarFile {
  /** path inside the archive, '/'-separated, no leading './' */
  name: string;
  /** permission bits from the header */
  mode: number;
  /** the file's bytes */
  data: Uint8Array;
}

function field(block: Uint8Array, start: number, length: number): string {
  const bytes = block.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString('utf8');
}

function octal(block: Uint8Array, start: number, length: number): number {
  const s = field(block, start, length).trim();
  return s === '' ? 0 : Number.parseInt(s, 8);
}

/** The regular files of a tar archive (ustar / GNU / pax headers tolerated). */
export function readTar(archive: Uint8Array): TarFile[] {
  const files: TarFile[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0x30);
    const prefix = field(header, 345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    const dataStart = offset + 512;
    const data = archive.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    if (type !== '0' && type !== '\0') continue;
    name = name.replace(/^\.\//, '');
    files.push({ name, mode: octal(header, 100, 8) & 0o777, data });
  }
  return files;
}

/** A file written by extractTar. */
export interface ExtractedFile {
  /** path below the target directory, '/'-separated */
  name: string;
  /** SHA-256 of the bytes written, hex */
  sha256: string;
}

/**
 * Write the regular files of an archive below `dir`. Nothing is made group- or
 * world-writable, whatever the archive or the umask says (bundled-chromium.ts refuses
 * such a tree), and an entry that exists already is an error (`wx`), never overwritten
 * through a link.
 */
export async function extractTar(archive: Uint8Array, dir: string): Promise<ExtractedFile[]> {
  const root = path.resolve(dir);
  const written: ExtractedFile[] = [];
  for (const file of readTar(archive)) {
    const target = path.resolve(root, file.name);
    if (target !== root && !target.startsWith(root + path.sep)) {
      throw new Error(`archive entry outside the target directory: ${file.name}`);
    }
    await makeDir(path.dirname(target), 0o755);
    await writeFile(target, file.data, { mode: (file.mode || 0o644) & 0o755, flag: 'wx' });
    written.push({ name: path.relative(root, target).split(path.sep).join('/'), sha256: createHash('sha256').update(file.data).digest('hex') });
  }
  return written;
}
