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

/** The served fonts: their CSS and the files behind the URLs it names. */
export interface FontSet {
  /** @font-face rules pointing at FONT_ORIGIN */
  css: string;
  /** file name (as in the URL) → absolute path of the woff2 file */
  files: ReadonlyMap<string, string>;
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
  const files = new Map<string, string>();
  const rules: string[] = [];
  for (const { family, pkg } of FONT_STACK) {
    const dir = packageDir(pkg);
    let found = 0;
    for (const weight of FONT_WEIGHTS) {
      for (const face of fontFaces(dir, weight)) {
        found++;
        files.set(face.file, path.join(dir, 'files', face.file));
        rules.push(
          `@font-face{font-family:"${family}";font-style:normal;font-display:block;font-weight:${weight};` +
            `src:url(${FONT_ORIGIN}${FONT_PATH}${face.file}) format("woff2");` +
            (face.range ? `unicode-range:${face.range};` : '') +
            '}',
        );
      }
    }
    if (found === 0) throw new Error(`no woff2 fonts found in ${pkg}`);
  }
  fontSet = { css: rules.join('\n'), files };
  return fontSet;
}

/**
 * Font bytes, read from disk once per process and shared by every document and page
 * (issue 6: fonts decoded once and reused).
 */
export class FontStore {
  private readonly cache = new Map<string, Promise<Buffer>>();
  constructor(private readonly set: FontSet = loadFontSet()) {}

  /** The file name a URL asks for, when it is one of ours; undefined otherwise. */
  match(url: string): string | undefined {
    const prefix = FONT_ORIGIN + FONT_PATH;
    if (!url.startsWith(prefix)) return undefined;
    const name = url.slice(prefix.length);
    return this.set.files.has(name) ? name : undefined;
  }

  /** The bytes of a served font file. */
  read(name: string): Promise<Buffer> {
    let bytes = this.cache.get(name);
    if (!bytes) {
      const file = this.set.files.get(name);
      if (!file) return Promise.reject(new Error(`not a served font: ${name}`));
      bytes = readFile(file);
      this.cache.set(name, bytes);
      bytes.catch(() => this.cache.delete(name));
    }
    return bytes;
  }
}
