/**
 * Fonts of the PDF: Noto Serif SC (SIL Open Font License) from the npm package
 * @fontsource/noto-serif-sc, never from the system (issue 3).
 *
 * The package has static weights (a variable font may come out of Chromium's PDF
 * backend as Type 3), each split by unicode-range into ~100 small woff2 files; the page
 * only fetches the slices its text needs, so the PDF embeds small subset CID fonts.
 * The page asks for them at a fake origin (https://declare.invalid/fonts/…) and the
 * browser module answers from these files; every other request is refused.
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

const FAMILY_PACKAGE = '@fontsource/noto-serif-sc';

/** The served fonts: their CSS and the files behind the URLs it names. */
export interface FontSet {
  /** @font-face rules pointing at FONT_ORIGIN */
  css: string;
  /** file name (as in the URL) → absolute path of the woff2 file */
  files: ReadonlyMap<string, string>;
}

let fontSet: FontSet | undefined;

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve(`${FAMILY_PACKAGE}/package.json`));
}

/**
 * Read the package's per-weight CSS once, keep only the woff2 sources and point them at
 * FONT_ORIGIN. The family keeps its name, "Noto Serif SC", which form.css lists first.
 */
export function loadFontSet(): FontSet {
  if (fontSet) return fontSet;
  const dir = packageDir();
  const files = new Map<string, string>();
  const rules: string[] = [];
  for (const weight of FONT_WEIGHTS) {
    const css = readFileSync(path.join(dir, `${weight}.css`), 'utf8');
    for (const block of css.match(/@font-face\s*\{[^}]*\}/g) ?? []) {
      const woff2 = /url\(\.\/files\/([a-z0-9-]+\.woff2)\)\s*format\('woff2'\)/.exec(block);
      const range = /unicode-range:\s*([^;]+);/.exec(block);
      if (!woff2?.[1]) continue;
      const name = woff2[1];
      files.set(name, path.join(dir, 'files', name));
      rules.push(
        `@font-face{font-family:"Noto Serif SC";font-style:normal;font-display:block;font-weight:${weight};` +
          `src:url(${FONT_ORIGIN}${FONT_PATH}${name}) format("woff2");` +
          (range?.[1] ? `unicode-range:${range[1].trim()};` : '') +
          '}',
      );
    }
  }
  if (files.size === 0) throw new Error(`no woff2 fonts found in ${FAMILY_PACKAGE}`);
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
