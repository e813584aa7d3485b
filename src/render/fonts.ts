/**
 * Fonts of the PDF, all from npm packages under the SIL Open Font License, never from the
 * system (issue 3). A stack of families, tried in order for every character:
 *
 * 1. Noto Serif SC (@fontsource/noto-serif-sc), the form's typeface;
 * 2. Noto Serif HK (@fontsource/noto-serif-hk), the same design, for what SC lacks:
 *    traditional and Hong Kong characters, CJK Extension A and about 1,700 characters of
 *    Extension B (issue 10 item 7);
 * 3. Noto Emoji (@fontsource/noto-emoji), monochrome emoji, which print in black.
 *
 * Each package has static weights (a variable font may come out of Chromium's PDF
 * backend as Type 3), each split by unicode-range into ~100 small woff2 files; the page
 * only fetches the slices its text needs, and a later family only for characters the
 * earlier ones lack, so the PDF embeds small subset CID fonts and a form in plain
 * Chinese embeds no fallback at all.
 * The page asks for them at a fake origin (https://declare.invalid/fonts/…) and the
 * browser module answers from these files; every other request is refused.
 *
 * What the stack can show is computed from the fonts' own cmaps at build time
 * (scripts/gen-glyph-coverage.ts → glyph-coverage.ts); R016 warns about the rest.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { cmapCodePoints, renameWoff, type FontNames } from './sfnt.js';

/** The fake origin the page loads fonts from; `.invalid` never resolves (RFC 2606). */
export const FONT_ORIGIN = 'https://declare.invalid';
/** Path prefix of font URLs under FONT_ORIGIN. */
export const FONT_PATH = '/fonts/';
/** The weights the form uses: 400 body, 700 labels and title (form.css). */
export const FONT_WEIGHTS = [400, 700] as const;

/** One family of the stack: its CSS name and the package its files come from. */
export interface FontFamily {
  /** CSS font-family name (as in the package's CSS and templates/form.css) */
  family: string;
  /** npm package */
  pkg: string;
}

/** The stack, in the order form.css lists it (see the module comment). */
export const FONT_STACK: readonly FontFamily[] = [
  { family: 'Noto Serif SC', pkg: '@fontsource/noto-serif-sc' },
  { family: 'Noto Serif HK', pkg: '@fontsource/noto-serif-hk' },
  { family: 'Noto Emoji', pkg: '@fontsource/noto-emoji' },
];

/** One @font-face of a package's per-weight CSS. */
export interface FontFace {
  /** woff2 file name, as in the URL */
  file: string;
  /** the unicode-range descriptor as written, or undefined when the face has none */
  range: string | undefined;
}

/** One served font file: where it is and what it is. */
export interface ServedFont {
  /** absolute path of the woff2 file */
  path: string;
  /** its family (FONT_STACK) */
  family: string;
  /** 400 or 700 */
  weight: number;
  /** the code points its @font-face claims (unicode-range), as [from, to] pairs */
  ranges: [number, number][];
  /** the unicode-range descriptor as written */
  range: string | undefined;
}

/** The served fonts: their CSS and the files behind the URLs it names. */
export interface FontSet {
  /** @font-face rules pointing at FONT_ORIGIN */
  css: string;
  /** file name (as in the URL) → the file */
  files: ReadonlyMap<string, ServedFont>;
  /** every face in the order of the CSS (family, then weight, then the package's order) */
  faces: readonly (ServedFont & { file: string })[];
}

let fontSet: FontSet | undefined;

/** The installed directory of a font package. */
export function packageDir(pkg: string): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

/**
 * The woff2 faces of a package's per-weight CSS (`400.css`), in its order. The build-time
 * coverage table (scripts/gen-glyph-coverage.ts) reads the CSS through this same function,
 * so what R016 assumes and what the page loads cannot drift apart.
 */
export function fontFaces(dir: string, weight: number): FontFace[] {
  const css = readFileSync(path.join(dir, `${weight}.css`), 'utf8');
  const out: FontFace[] = [];
  for (const block of css.match(/@font-face\s*\{[^}]*\}/g) ?? []) {
    const woff2 = /url\(\.\/files\/([a-z0-9-]+\.woff2)\)\s*format\('woff2'\)/.exec(block);
    const range = /unicode-range:\s*([^;]+);/.exec(block);
    if (woff2?.[1]) out.push({ file: woff2[1], range: range?.[1]?.trim() });
  }
  return out;
}

/**
 * Read each package's per-weight CSS once, keep only the woff2 sources and point them at
 * FONT_ORIGIN. Each family keeps its name, which form.css lists in FONT_STACK's order.
 */
export function loadFontSet(): FontSet {
  if (fontSet) return fontSet;
  const files = new Map<string, ServedFont>();
  const faces: (ServedFont & { file: string })[] = [];
  const rules: string[] = [];
  for (const { family, pkg } of FONT_STACK) {
    const dir = packageDir(pkg);
    let found = 0;
    for (const weight of FONT_WEIGHTS) {
      for (const face of fontFaces(dir, weight)) {
        found++;
        const served: ServedFont = { path: path.join(dir, 'files', face.file), family, weight, ranges: parseRanges(face.range), range: face.range };
        files.set(face.file, served);
        faces.push({ ...served, file: face.file });
        rules.push(
          `@font-face{font-family:"${family}";font-style:normal;font-display:block;font-weight:${weight};` +
            `src:url(${FONT_ORIGIN}${FONT_PATH}${face.file}) format("truetype");` +
            (face.range ? `unicode-range:${face.range};` : '') +
            '}',
        );
      }
    }
    if (found === 0) throw new Error(`no woff2 fonts found in ${pkg}`);
  }
  fontSet = { css: rules.join('\n'), files, faces };
  return fontSet;
}

/** A unicode-range descriptor as [from, to] pairs; none = everything. */
function parseRanges(range: string | undefined): [number, number][] {
  if (range === undefined) return [[0, 0x10ffff]];
  return range.split(',').map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    const from = Number.parseInt(a ?? '', 16);
    return [from, b === undefined ? from : Number.parseInt(b, 16)];
  });
}

/** The names a served font is given (sfnt.ts renameFont): honest family and weight. */
export function servedNames(font: Pick<ServedFont, 'family' | 'weight'>): FontNames {
  const subfamily = font.weight >= 700 ? 'Bold' : 'Regular';
  return { family: font.family, subfamily, postScript: `${font.family.replace(/\s+/g, '')}-${subfamily}` };
}

/** The renamed TrueType bytes of served fonts, made once per process. */
const sfntCache = new Map<string, Promise<Buffer>>();

/**
 * A served font as the browser gets it: unpacked to TrueType and renamed (the files say ExtraLight; see sfnt.ts). Once per file and process.
 */
export function servedSfnt(name: string, set: FontSet = loadFontSet()): Promise<Buffer> {
  let bytes = sfntCache.get(name);
  if (!bytes) {
    const font = set.files.get(name);
    if (!font) return Promise.reject(new Error(`not a served font: ${name}`));
    // The package's WOFF 1.0 twin of the woff2 file (same glyphs): zlib is all it takes
    // to unpack, where woff2 needs a Brotli and glyph-transform decoder.
    bytes = readFile(font.path.replace(/\.woff2$/, '.woff')).then((woff) => renameWoff(woff, (d) => inflateSync(d), servedNames(font)));
    sfntCache.set(name, bytes);
    bytes.catch(() => sfntCache.delete(name));
  }
  return bytes;
}

/** The characters a document shows, by the weight they are set in. */
export interface DocumentText {
  /** everything set in 400 (body text, footer) */
  regular: string;
  /** everything set in 700 (labels, title, the --force mark) */
  bold: string;
}

/**
 * @font-face rules that carry the fonts inside the document (self-contained HTML): for
 * each weight and each family of the stack in order, the served slices that hold a
 * character of the text not yet covered by an earlier family, each cut down to just those
 * characters (subset-font, harfbuzz) and written as a WOFF data: URL with a
 * unicode-range of exactly them. The glyphs and metrics are those the PDF path serves, so
 * the HTML lays out (and paginates) as the PDF does.
 */
export async function embeddedFontCss(text: DocumentText, set: FontSet = loadFontSet()): Promise<string> {
  const { default: subsetFont } = await import('subset-font');
  const rules: string[] = [];
  for (const [weight, chars] of [[400, text.regular], [700, text.bold]] as const) {
    const wanted = new Set([...chars].map((c) => c.codePointAt(0)!).filter((c) => c > 0x20));
    for (const { family } of FONT_STACK) {
      for (const face of set.faces) {
        if (face.family !== family || face.weight !== weight || wanted.size === 0) continue;
        const claimed = [...wanted].filter((c) => face.ranges.some(([a, b]) => c >= a && c <= b));
        if (claimed.length === 0) continue;
        const sfnt = await servedSfnt(face.file, set);
        const has = cmapCodePoints(sfnt);
        const mine = claimed.filter((c) => has.has(c)).sort((a, b) => a - b);
        if (mine.length === 0) continue;
        for (const c of mine) wanted.delete(c);
        // WOFF 1.0 (zlib): half the time of woff2's Brotli for about a quarter more bytes.
        const woff = await subsetFont(sfnt, String.fromCodePoint(...mine, 0x20), { targetFormat: 'woff' });
        rules.push(
          `@font-face{font-family:"${family}";font-style:normal;font-display:block;font-weight:${weight};` +
            `src:url(data:font/woff;base64,${woff.toString('base64')}) format("woff");` +
            `unicode-range:${[0x20, ...mine].map((c) => `U+${c.toString(16)}`).join(',')};}`,
        );
      }
    }
  }
  return rules.join('\n');
}

/**
 * Font bytes, read from disk once per process and shared by every document and page
 * (issue 6: fonts decoded once and reused).
 */
export class FontStore {
  constructor(private readonly set: FontSet = loadFontSet()) {}

  /** The file name a URL asks for, when it is one of ours; undefined otherwise. */
  match(url: string): string | undefined {
    const prefix = FONT_ORIGIN + FONT_PATH;
    if (!url.startsWith(prefix)) return undefined;
    const name = url.slice(prefix.length);
    return this.set.files.has(name) ? name : undefined;
  }

  /** base64 of the served fonts, made once per file and store (see readBase64) */
  private readonly encoded = new Map<string, Promise<{ base64: string; length: number }>>();

  /** The bytes of a served font file (TrueType, renamed: servedSfnt). */
  read(name: string): Promise<Buffer> {
    return servedSfnt(name, this.set);
  }

  /**
   * The bytes of `read`, base64-encoded as the DevTools protocol carries a response body,
   * and their length: encoded once per file, however many pages ask for it.
   */
  readBase64(name: string): Promise<{ base64: string; length: number }> {
    let out = this.encoded.get(name);
    if (!out) {
      out = this.read(name).then((bytes) => ({ base64: bytes.toString('base64'), length: bytes.length }));
      this.encoded.set(name, out);
      out.catch(() => this.encoded.delete(name));
    }
    return out;
  }
}
