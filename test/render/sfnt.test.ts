import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadFontSet, servedNames } from '../../src/render/fonts.js';
import { fontNames, renameFont, renameWoff, unwoff } from '../../src/render/sfnt.js';

/** The OpenType checksum as the spec writes it: big-endian uint32s over the zero-padded data. */
function referenceChecksum(data: Buffer): number {
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

const inflate = (d: Buffer): Buffer => inflateSync(d);
// A spread of the served faces: every family and weight, odd table lengths among them.
const faces = loadFontSet().faces.filter((_, i) => i % 17 === 0);

describe('served fonts (sfnt.ts)', () => {
  it.each(faces.map((f) => [f.file, f] as const))('%s: renameWoff gives the bytes of renameFont(unwoff()), with valid checksums', (_, face) => {
    const woff = readFileSync(face.path.replace(/\.woff2$/, '.woff'));
    const names = servedNames(face);
    const font = renameWoff(woff, inflate, names);
    expect(Buffer.compare(font, renameFont(unwoff(woff, inflate), names))).toBe(0);
    expect(fontNames(font).get(6)).toBe(names.postScript);
    // Every table's checksum, and the whole font's (head.checkSumAdjustment makes it 0xB1B0AFBA).
    const count = font.readUInt16BE(4);
    let headAt = -1;
    for (let i = 0; i < count; i++) {
      const at = 12 + i * 16;
      const tag = font.toString('latin1', at, at + 4);
      const offset = font.readUInt32BE(at + 8);
      const data = Buffer.from(font.subarray(offset, offset + font.readUInt32BE(at + 12)));
      if (tag === 'head') {
        headAt = offset;
        data.writeUInt32BE(0, 8);
      }
      expect(font.readUInt32BE(at + 4), tag).toBe(referenceChecksum(data));
    }
    expect(headAt).toBeGreaterThan(0);
    expect(referenceChecksum(font)).toBe(0xb1b0afba);
  });
});
