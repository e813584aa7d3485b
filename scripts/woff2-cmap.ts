/**
 * The code points a WOFF2 font maps to a glyph (its cmap), read with Node's own brotli:
 * no font library needed. Used by scripts/gen-glyph-coverage.ts (and its drift test) only.
 * WOFF2: https://www.w3.org/TR/WOFF2/ (header §3, table directory §4, one brotli stream
 * of the tables in directory order §5); cmap: OpenType spec, formats 4 and 12.
 */
import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';

/** WOFF2 §4.1 known table tags by flag index ('_' stands for a trailing space). */
const KNOWN_TAGS: string[] = 'cmap head hhea hmtx maxp name OS/2 post cvt_ fpgm glyf loca prep CFF_ VORG EBDT EBLC gasp hdmx kern LTSH PCLT VDMX vhea vmtx BASE GDEF GPOS GSUB EBSC JSTF MATH CBDT CBLC COLR CPAL SVG_ sbix acnt avar bdat bloc bsln cvar fdsc feat fmtx fvar gvar hsty just lcar mort morx opbd prop trak Zapf Silf Glat Gloc Feat Sill'
  .split(' ')
  .map((t) => t.replace('_', ' '));

function base128(buf: Buffer, pos: { at: number }): number {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const b = buf[pos.at++]!;
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) return value;
  }
  throw new Error('bad UIntBase128');
}

/** The decompressed cmap table of a WOFF2 file. */
function cmapTable(buf: Buffer): Buffer {
  if (buf.toString('latin1', 0, 4) !== 'wOF2') throw new Error('not a WOFF2 file');
  if (buf.toString('latin1', 4, 8) === 'ttcf') throw new Error('font collections are not supported');
  const numTables = buf.readUInt16BE(12);
  const compressedLength = buf.readUInt32BE(20);
  const pos = { at: 48 };
  const tables: { tag: string; length: number }[] = [];
  for (let i = 0; i < numTables; i++) {
    const flags = buf[pos.at++]!;
    let tag = KNOWN_TAGS[flags & 0x3f] ?? '';
    if ((flags & 0x3f) === 63) {
      tag = buf.toString('latin1', pos.at, pos.at + 4);
      pos.at += 4;
    }
    const version = flags >> 6;
    const origLength = base128(buf, pos);
    const transformed = tag === 'glyf' || tag === 'loca' ? version === 0 : version !== 0;
    const length = transformed ? base128(buf, pos) : origLength;
    tables.push({ tag, length });
  }
  const data = brotliDecompressSync(buf.subarray(pos.at, pos.at + compressedLength));
  let offset = 0;
  for (const t of tables) {
    if (t.tag === 'cmap') return data.subarray(offset, offset + t.length);
    offset += t.length;
  }
  throw new Error('no cmap table');
}

/** Every code point the font maps to a glyph other than .notdef, ascending. */
export function woff2CodePoints(file: string): number[] {
  const cmap = cmapTable(readFileSync(file));
  const count = cmap.readUInt16BE(2);
  const seen = new Set<number>();
  for (let i = 0; i < count; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const offset = cmap.readUInt32BE(8 + i * 8);
    // Unicode subtables only: platform 0, or Windows (3) BMP (1) / full repertoire (10).
    if (!(platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10)))) continue;
    const format = cmap.readUInt16BE(offset);
    if (format === 12) {
      const groups = cmap.readUInt32BE(offset + 12);
      for (let g = 0; g < groups; g++) {
        const at = offset + 16 + g * 12;
        const start = cmap.readUInt32BE(at);
        const end = cmap.readUInt32BE(at + 4);
        const glyph = cmap.readUInt32BE(at + 8);
        for (let cp = start; cp <= end; cp++) if (glyph + (cp - start) !== 0) seen.add(cp);
      }
    } else if (format === 4) {
      const segX2 = cmap.readUInt16BE(offset + 6);
      const ends = offset + 14;
      const starts = ends + segX2 + 2;
      const deltas = starts + segX2;
      const rangeOffsets = deltas + segX2;
      for (let s = 0; s < segX2 / 2; s++) {
        const end = cmap.readUInt16BE(ends + s * 2);
        const start = cmap.readUInt16BE(starts + s * 2);
        const delta = cmap.readInt16BE(deltas + s * 2);
        const ro = cmap.readUInt16BE(rangeOffsets + s * 2);
        for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
          let glyph: number;
          if (ro === 0) glyph = (cp + delta) & 0xffff;
          else {
            const at = rangeOffsets + s * 2 + ro + (cp - start) * 2;
            glyph = cmap.readUInt16BE(at);
            if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
          }
          if (glyph !== 0) seen.add(cp);
        }
      }
    }
  }
  return [...seen].sort((a, b) => a - b);
}
