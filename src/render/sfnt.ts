/**
 * The two things we need of an OpenType (sfnt) font's bytes, pure: the code points its
 * cmap maps, and a copy with the names we give it.
 *
 * Why rename: Fontsource's static instances of Noto Serif SC are cut from the variable
 * font, whose default instance is ExtraLight, and keep its names, so the PDF listed
 * `NotoSerifSCExtraLight-Regular` for what is the Regular (400) and the Bold (700)
 * weight (issue 14). The glyphs are the right weight; only the name table lied. We write
 * a new name table (family, subfamily, full name, PostScript name; copyright, version
 * and licence kept) before the browser sees the font, so pdffonts shows
 * `ABCDEF+NotoSerifSC-Regular` / `-Bold`.
 */

interface Table {
  tag: string;
  data: Buffer;
}

function readTables(font: Buffer): { version: number; tables: Table[] } {
  const version = font.readUInt32BE(0);
  const count = font.readUInt16BE(4);
  const tables: Table[] = [];
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = font.toString('latin1', at, at + 4);
    const offset = font.readUInt32BE(at + 8);
    const length = font.readUInt32BE(at + 12);
    tables.push({ tag, data: font.subarray(offset, offset + length) });
  }
  return { version, tables };
}

/** The OpenType table checksum: the sum of big-endian uint32s, the data zero-padded to 4 bytes. */
function checksum(data: Uint8Array): number {
  // A byte loop, no padded copy: this runs over every byte of every served font (about
  // 0.2 s of a first PDF's CPU with readUInt32BE over a padded copy; node --cpu-prof).
  let sum = 0;
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + (((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!) >>> 0)) >>> 0;
  if (whole < data.length) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < data.length ? data[i]! : 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

function writeTables(version: number, tables: Table[]): Buffer {
  const sorted = [...tables].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const n = sorted.length;
  const entrySelector = Math.floor(Math.log2(n));
  const searchRange = 2 ** entrySelector * 16;
  const headerLength = 12 + n * 16;
  // One buffer for the whole font (zero-filled: the padding), each table copied in once.
  const total = sorted.reduce((sum, t) => sum + t.data.length + ((4 - (t.data.length % 4)) % 4), headerLength);
  const font = Buffer.alloc(total);
  font.writeUInt32BE(version, 0);
  font.writeUInt16BE(n, 4);
  font.writeUInt16BE(searchRange, 6);
  font.writeUInt16BE(entrySelector, 8);
  font.writeUInt16BE(n * 16 - searchRange, 10);
  let offset = headerLength;
  let headAt = -1;
  sorted.forEach((t, i) => {
    t.data.copy(font, offset);
    const data = font.subarray(offset, offset + t.data.length);
    if (t.tag === 'head') {
      data.writeUInt32BE(0, 8); // checkSumAdjustment, set below
      headAt = offset;
    }
    const at = 12 + i * 16;
    font.write(t.tag, at, 'latin1');
    font.writeUInt32BE(checksum(data), at + 4);
    font.writeUInt32BE(offset, at + 8);
    font.writeUInt32BE(data.length, at + 12);
    offset += data.length + ((4 - (data.length % 4)) % 4);
  });
  if (headAt >= 0) font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headAt + 8);
  return font;
}

/** The names a font gets. */
export interface FontNames {
  /** nameID 1, e.g. "Noto Serif SC" */
  family: string;
  /** nameID 2: "Regular" or "Bold" */
  subfamily: string;
  /** nameID 6, e.g. "NotoSerifSC-Bold" */
  postScript: string;
}

/** The name IDs kept from the old table (copyright, version, licence, licence URL). */
const KEPT_NAME_IDS = new Set([0, 5, 13, 14]);

/** A copy of `font` whose name table says `names` (Windows Unicode records only). */
export function renameFont(font: Buffer, names: FontNames): Buffer {
  const { version, tables } = readTables(font);
  return writeTables(version, renamedTables(tables, names));
}

/**
 * renameFont(unwoff(woff, inflate), names), the same bytes, with the font written once
 * instead of twice (every table is checksummed and copied at each writing).
 */
export function renameWoff(woff: Buffer, inflate: (data: Buffer) => Buffer, names: FontNames): Buffer {
  const { flavor, tables } = woffTables(woff, inflate);
  return writeTables(flavor, renamedTables(tables, names));
}

/** The tables of a font with its name table replaced by one that says `names`. */
function renamedTables(tables: Table[], names: FontNames): Table[] {
  const old = tables.find((t) => t.tag === 'name');
  const records: { id: number; text: string }[] = [];
  if (old) {
    const count = old.data.readUInt16BE(2);
    const strings = old.data.readUInt16BE(4);
    for (let i = 0; i < count; i++) {
      const at = 6 + i * 12;
      const platform = old.data.readUInt16BE(at);
      const encoding = old.data.readUInt16BE(at + 2);
      const language = old.data.readUInt16BE(at + 4);
      const id = old.data.readUInt16BE(at + 6);
      if (platform !== 3 || encoding !== 1 || language !== 0x409 || !KEPT_NAME_IDS.has(id)) continue;
      const length = old.data.readUInt16BE(at + 8);
      const offset = old.data.readUInt16BE(at + 10);
      const raw = old.data.subarray(strings + offset, strings + offset + length);
      records.push({ id, text: Buffer.from(raw).swap16().toString('utf16le') });
    }
  }
  const full = `${names.family} ${names.subfamily}`;
  records.push(
    { id: 1, text: names.family },
    { id: 2, text: names.subfamily },
    { id: 3, text: names.postScript },
    { id: 4, text: full },
    { id: 6, text: names.postScript },
  );
  const fixed = [...records];
  fixed.sort((a, b) => a.id - b.id);
  const encoded = fixed.map((r) => Buffer.from(r.text, 'utf16le').swap16());
  const table = Buffer.alloc(6 + fixed.length * 12);
  table.writeUInt16BE(0, 0);
  table.writeUInt16BE(fixed.length, 2);
  table.writeUInt16BE(table.length, 4);
  let offset = 0;
  fixed.forEach((r, i) => {
    const at = 6 + i * 12;
    table.writeUInt16BE(3, at);
    table.writeUInt16BE(1, at + 2);
    table.writeUInt16BE(0x409, at + 4);
    table.writeUInt16BE(r.id, at + 6);
    table.writeUInt16BE(encoded[i]!.length, at + 8);
    table.writeUInt16BE(offset, at + 10);
    offset += encoded[i]!.length;
  });
  const name = Buffer.concat([table, ...encoded]);
  return [...tables.filter((t) => t.tag !== 'name'), { tag: 'name', data: name }];
}

/** The names in a font's name table (Windows Unicode records), by name ID. */
export function fontNames(font: Buffer): Map<number, string> {
  const out = new Map<number, string>();
  const name = readTables(font).tables.find((t) => t.tag === 'name');
  if (!name) return out;
  const count = name.data.readUInt16BE(2);
  const strings = name.data.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 6 + i * 12;
    if (name.data.readUInt16BE(at) !== 3 || name.data.readUInt16BE(at + 2) !== 1) continue;
    const length = name.data.readUInt16BE(at + 8);
    const offset = name.data.readUInt16BE(at + 10);
    out.set(name.data.readUInt16BE(at + 6), Buffer.from(name.data.subarray(strings + offset, strings + offset + length)).swap16().toString('utf16le'));
  }
  return out;
}

/** The code points a font's cmap maps to a glyph (formats 4 and 12, Windows Unicode). */
export function cmapCodePoints(font: Buffer): Set<number> {
  const out = new Set<number>();
  const cmap = readTables(font).tables.find((t) => t.tag === 'cmap')?.data;
  if (!cmap) return out;
  const count = cmap.readUInt16BE(2);
  const subtables: { format: number; at: number }[] = [];
  for (let i = 0; i < count; i++) {
    const at = 4 + i * 8;
    const platform = cmap.readUInt16BE(at);
    const encoding = cmap.readUInt16BE(at + 2);
    const offset = cmap.readUInt32BE(at + 4);
    if (platform === 3 && (encoding === 1 || encoding === 10)) subtables.push({ format: cmap.readUInt16BE(offset), at: offset });
    else if (platform === 0) subtables.push({ format: cmap.readUInt16BE(offset), at: offset });
  }
  for (const { format, at } of subtables) {
    if (format === 4) {
      const segX2 = cmap.readUInt16BE(at + 6);
      const ends = at + 14;
      const starts = ends + segX2 + 2;
      const deltas = starts + segX2;
      const ranges = deltas + segX2;
      for (let s = 0; s < segX2 / 2; s++) {
        const end = cmap.readUInt16BE(ends + s * 2);
        const start = cmap.readUInt16BE(starts + s * 2);
        const delta = cmap.readInt16BE(deltas + s * 2);
        const rangeOffset = cmap.readUInt16BE(ranges + s * 2);
        for (let c = start; c <= end && c !== 0xffff; c++) {
          let glyph: number;
          if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
          else {
            const g = cmap.readUInt16BE(ranges + s * 2 + rangeOffset + (c - start) * 2);
            glyph = g === 0 ? 0 : (g + delta) & 0xffff;
          }
          if (glyph !== 0) out.add(c);
        }
      }
    } else if (format === 12) {
      const groups = cmap.readUInt32BE(at + 12);
      for (let g = 0; g < groups; g++) {
        const start = cmap.readUInt32BE(at + 16 + g * 12);
        const end = cmap.readUInt32BE(at + 20 + g * 12);
        const glyph = cmap.readUInt32BE(at + 24 + g * 12);
        for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) out.add(c);
      }
    }
  }
  return out;
}

/**
 * The sfnt inside a WOFF 1.0 file (W3C WOFF §5: a table directory, each table zlib-
 * compressed unless its compressed length equals its original length).
 */
export function unwoff(woff: Buffer, inflate: (data: Buffer) => Buffer): Buffer {
  const { flavor, tables } = woffTables(woff, inflate);
  return writeTables(flavor, tables);
}

/** The flavor (sfnt version) and the unpacked tables of a WOFF 1.0 file. */
function woffTables(woff: Buffer, inflate: (data: Buffer) => Buffer): { flavor: number; tables: Table[] } {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF file');
  const flavor = woff.readUInt32BE(4);
  const count = woff.readUInt16BE(12);
  const tables: Table[] = [];
  for (let i = 0; i < count; i++) {
    const at = 44 + i * 20;
    const tag = woff.toString('latin1', at, at + 4);
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({ tag, data: compLength === origLength ? Buffer.from(raw) : inflate(raw) });
  }
  return { flavor, tables };
}
