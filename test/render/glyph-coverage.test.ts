/**
 * Issue 10 item 7: the table of what the PDF fonts show (src/render/glyph-coverage.ts)
 * comes from the installed fonts' cmaps and stays in step with them; R016 reads it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FONT_STACK, fontFaces, packageDir } from '../../src/render/fonts.js';
import { COVERAGE_FONTS, COVERED_COUNT } from '../../src/render/glyph-coverage.js';
import { missingGlyphs, pdfFontsShow } from '../../src/rules/r016-missing-glyph.js';
import { coverageModule, coveredCodePoints, rangeCodePoints } from '../../scripts/gen-glyph-coverage.js';
import { woff2CodePoints } from '../../scripts/woff2-cmap.js';
import { root } from './pdf-helpers.js';

const cp = (ch: string) => ch.codePointAt(0)!;

/** The code points one family shows at 400 (cmap ∩ unicode-range), read directly. */
function familyShows(pkg: string): Set<number> {
  const dir = packageDir(pkg);
  const out = new Set<number>();
  for (const face of fontFaces(dir, 400)) {
    const ranges = face.range ? rangeCodePoints(face.range) : [[0, 0x10ffff] as [number, number]];
    for (const c of woff2CodePoints(path.join(dir, 'files', face.file))) if (ranges.some(([a, b]) => c >= a && c <= b)) out.add(c);
  }
  return out;
}

describe('glyph coverage table', () => {
  it('is what scripts/gen-glyph-coverage.ts computes from the installed font packages (run it with --write after a font update)', () => {
    const committed = readFileSync(path.join(root, 'src', 'render', 'glyph-coverage.ts'), 'utf8');
    expect(committed).toBe(coverageModule());
    expect(COVERAGE_FONTS.split(' ').map((p) => p.replace(/@[^@]+$/, ''))).toEqual(FONT_STACK.map((f) => f.pkg));
  });

  it('decodes to exactly the code points the fonts show', () => {
    const cps = coveredCodePoints();
    expect(cps.length).toBe(COVERED_COUNT);
    // every covered code point is found, and its neighbours outside the table are not
    for (const c of cps) expect(pdfFontsShow(c)).toBe(true);
    const set = new Set(cps);
    for (let c = 0; c < 0x32000; c += 7) expect(pdfFontsShow(c), c.toString(16)).toBe(set.has(c));
  });

  it('counts a glyph only where the cmap has one: Noto Serif SC lists 🌀 in its unicode-range but has no glyph for it', () => {
    const sc = packageDir('@fontsource/noto-serif-sc');
    const listed = fontFaces(sc, 400).some((f) => f.range !== undefined && rangeCodePoints(f.range).some(([a, b]) => cp('🌀') >= a && cp('🌀') <= b));
    expect(listed).toBe(true);
    const shows = familyShows('@fontsource/noto-serif-sc');
    expect(shows.has(cp('国'))).toBe(true);
    expect(shows.has(cp('🌀'))).toBe(false);
    expect(shows.has(cp('𨋢'))).toBe(false);
  });

  it('takes the fallbacks into account: Extension B from Noto Serif HK, emoji from Noto Emoji', () => {
    expect(familyShows('@fontsource/noto-serif-hk').has(cp('𨋢'))).toBe(true);
    expect(familyShows('@fontsource/noto-emoji').has(cp('🌀'))).toBe(true);
    expect(missingGlyphs('深入𨋢𡃁😀🎉🌀国')).toEqual([]);
    expect(missingGlyphs('𠀀国𠀀𪜀')).toEqual(['𠀀', '𪜀']);
  });

  it('needs no glyph for spaces, line breaks, joiners and variation selectors', () => {
    expect(missingGlyphs('a b\tc\n\u3000\u200d\ufe0f葛\u{e0100}')).toEqual([]);
  });
});
