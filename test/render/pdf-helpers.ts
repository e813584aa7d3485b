import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { check } from '../../src/check.js';
import type { Declaration } from '../../src/model/declaration.js';
import { findBrowser, type BrowserChoice } from '../../src/render/find-browser.js';

export const root = path.resolve(import.meta.dirname, '..', '..');

/** The Huadu example, checked. */
export function huadu(): Declaration {
  const out = check(readFileSync(path.join(root, 'examples', 'huadu-propaganda-2023.yaml')), 'huadu.yaml');
  if (!out.declaration) throw new Error('the Huadu example does not pass the schema');
  return out.declaration;
}

/**
 * The browser the PDF tests use: the same search as `declare render --pdf` (on CI, the
 * Chromium that npm ci brings). On CI (CI=true) no browser is a failure, never a skip;
 * elsewhere the PDF tests are skipped with a visible warning.
 */
export async function testBrowser(): Promise<BrowserChoice | undefined> {
  try {
    return await findBrowser({ env: process.env, cwd: root, lang: 'en' });
  } catch (error) {
    if (process.env['CI']) throw error;
    console.warn(`PDF tests SKIPPED: ${(error as Error).message}`);
    return undefined;
  }
}

/** Text of each page (pdfjs-dist, as a PDF reader extracts it), whitespace removed. */
export async function pageTexts(pdf: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join('').replace(/\s+/g, ''));
  }
  await doc.destroy();
  return pages;
}

/** The PDF's Info dictionary as pdfjs reads it. */
export async function pdfInfo(pdf: Uint8Array): Promise<Record<string, unknown>> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const { info } = await doc.getMetadata();
  await doc.destroy();
  return info as Record<string, unknown>;
}

/** Every font of the PDF, read from the bytes (a pdffonts equivalent). */
export interface PdfFont {
  /** /BaseFont of the font dictionary */
  baseFont: string;
  /** /Subtype: Type0, TrueType, Type3 … */
  subtype: string;
}

/** Fonts and font descriptors, from the object dictionaries (Skia writes them uncompressed). */
export function pdfFonts(pdf: Uint8Array): { fonts: PdfFont[]; descriptors: { name: string; embedded: boolean; stemV: number }[] } {
  const text = Buffer.from(pdf).toString('latin1');
  const fonts: PdfFont[] = [];
  const descriptors: { name: string; embedded: boolean; stemV: number }[] = [];
  for (const m of text.matchAll(/\d+ 0 obj\s*<<([\s\S]*?)endobj/g)) {
    const body = m[1]!;
    if (/\/Type \/Font\s/.test(body)) {
      fonts.push({ subtype: /\/Subtype \/(\w+)/.exec(body)?.[1] ?? '', baseFont: /\/BaseFont \/([^\s/>]+)/.exec(body)?.[1] ?? '' });
    } else if (/\/Type \/FontDescriptor\s/.test(body)) {
      descriptors.push({
        name: /\/FontName \/([^\s/>]+)/.exec(body)?.[1] ?? '',
        embedded: /\/FontFile[23]? \d+ 0 R/.test(body),
        stemV: Number(/\/StemV (\d+)/.exec(body)?.[1] ?? 0),
      });
    }
  }
  return { fonts, descriptors };
}

/** Characters that look like CJK ideographs but are radicals or compatibility forms. */
export const LOOKALIKES = /[\u2E80-\u2EFF\u2F00-\u2FDF\uF900-\uFAFF]/u;
