/**
 * Just enough of the ZIP format (APPNOTE.TXT 6.3) for two jobs:
 *
 * - reading a workbook that someone sends us, with every size checked against limits
 *   BEFORE anything is inflated (a zip bomb declares small sizes or huge ones; both are
 *   caught: the declared sizes are bounded, and inflation stops at the declared size);
 * - writing our own workbooks and documents byte for byte the same for the same input:
 *   fixed entry order, a fixed timestamp, no extra fields.
 *
 * Only what Office files use: no ZIP64, no encryption, methods 0 (stored) and 8 (deflate).
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/** One entry of an archive. */
export interface ZipEntry {
  /** its name inside the archive, e.g. `xl/worksheets/sheet1.xml` */
  name: string;
  /** its content */
  data: Uint8Array;
}

/** Limits when reading an archive we did not write. */
export interface ZipLimits {
  /** most entries */
  maxEntries: number;
  /** most uncompressed bytes of one entry */
  maxEntryBytes: number;
  /** most uncompressed bytes in all */
  maxTotalBytes: number;
}

/** Why an archive was refused. */
export type ZipProblem =
  | { kind: 'not-zip' }
  | { kind: 'zip64' }
  | { kind: 'encrypted' }
  | { kind: 'method'; method: number; name: string }
  | { kind: 'too-many-entries'; count: number; limit: number }
  | { kind: 'entry-too-large'; name: string; size: number; limit: number }
  | { kind: 'total-too-large'; size: number; limit: number }
  | { kind: 'corrupt'; detail: string };

/** The result of reading an archive. */
export type ZipRead = { ok: true; entries: ZipEntry[] } | { ok: false; problem: ZipProblem };

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

/** Whether the bytes start like a ZIP archive (a local file header). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Central directory records, checked against the limits, without inflating anything. */
function directory(buf: Buffer, limits: ZipLimits): { ok: true; records: { name: string; method: number; csize: number; usize: number; offset: number; crc: number }[] } | { ok: false; problem: ZipProblem } {
  // The end record is in the last 22 + 65,535 bytes (its comment is at most 64 KiB).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, problem: { kind: 'not-zip' } };
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) return { ok: false, problem: { kind: 'zip64' } };
  if (count > limits.maxEntries) return { ok: false, problem: { kind: 'too-many-entries', count, limit: limits.maxEntries } };
  if (cdOffset + cdSize > eocd) return { ok: false, problem: { kind: 'corrupt', detail: 'central directory out of range' } };
  const records = [];
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CEN_SIG) return { ok: false, problem: { kind: 'corrupt', detail: `central directory entry ${i}` } };
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    if (csize === 0xffffffff || usize === 0xffffffff || offset === 0xffffffff) return { ok: false, problem: { kind: 'zip64' } };
    if ((flags & 1) !== 0) return { ok: false, problem: { kind: 'encrypted' } };
    if (method !== 0 && method !== 8) return { ok: false, problem: { kind: 'method', method, name } };
    if (usize > limits.maxEntryBytes) return { ok: false, problem: { kind: 'entry-too-large', name, size: usize, limit: limits.maxEntryBytes } };
    total += usize;
    if (total > limits.maxTotalBytes) return { ok: false, problem: { kind: 'total-too-large', size: total, limit: limits.maxTotalBytes } };
    records.push({ name, method, csize, usize, offset, crc });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, records };
}

/**
 * Read every entry of an archive, refusing one whose central directory declares more
 * than the limits allow, and never inflating an entry past its declared size (zlib's
 * maxOutputLength), so the memory used is bounded by `limits.maxTotalBytes`.
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits): ZipRead {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dir = directory(buf, limits);
  if (!dir.ok) return dir;
  const entries: ZipEntry[] = [];
  for (const r of dir.records) {
    if (r.offset + 30 > buf.length || buf.readUInt32LE(r.offset) !== LOC_SIG) return { ok: false, problem: { kind: 'corrupt', detail: `local header of ${r.name}` } };
    const start = r.offset + 30 + buf.readUInt16LE(r.offset + 26) + buf.readUInt16LE(r.offset + 28);
    if (start + r.csize > buf.length) return { ok: false, problem: { kind: 'corrupt', detail: `data of ${r.name}` } };
    const raw = buf.subarray(start, start + r.csize);
    let data: Buffer;
    if (r.method === 0) data = Buffer.from(raw);
    else {
      try {
        // One byte more than declared: an entry that inflates past its declared size is
        // refused (ERR_BUFFER_TOO_LARGE), never held in memory.
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, r.usize + 1) });
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'ERR_BUFFER_TOO_LARGE' || code === 'ERR_OUT_OF_RANGE') return { ok: false, problem: { kind: 'entry-too-large', name: r.name, size: r.usize + 1, limit: r.usize } };
        return { ok: false, problem: { kind: 'corrupt', detail: `${r.name}: ${(err as Error).message}` } };
      }
    }
    if (data.length !== r.usize) return { ok: false, problem: { kind: 'corrupt', detail: `${r.name}: size ${data.length}, declared ${r.usize}` } };
    if (crc32(data) >>> 0 !== r.crc >>> 0) return { ok: false, problem: { kind: 'corrupt', detail: `${r.name}: CRC mismatch` } };
    entries.push({ name: r.name, data });
  }
  return { ok: true, entries };
}

/** DOS date/time of 1980-01-01 00:00: the earliest a ZIP can say, the same everywhere. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * Write an archive deterministically: entries in the given order, every timestamp
 * 1980-01-01 00:00, deflated (stored when `store`), no extra fields, no comment.
 */
export function writeZip(entries: readonly ZipEntry[], options: { store?: boolean } = {}): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength);
    const method = options.store === true ? 0 : 8;
    const body = method === 0 ? data : deflateRawSync(data, { level: 9 });
    const crc = crc32(data) >>> 0;
    const utf8 = /[^\x20-\x7e]/.test(e.name) ? 0x0800 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOC_SIG, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(utf8, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CEN_SIG, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(utf8, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD_SIG, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
