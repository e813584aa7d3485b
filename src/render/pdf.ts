/**
 * Declaration ─▶ PDF bytes: the HTML of html.ts with the served fonts of fonts.ts,
 * printed by a PdfEngine (browser.ts), with our metadata (pdf-info.ts).
 * The engine is passed in, so this module does not load Puppeteer itself.
 */
import type { PartialDeclaration } from '../model/declaration.js';
import type { PdfEngine } from './browser.js';
import { loadFontSet } from './fonts.js';
import { DEPARTMENT_LAYOUT, renderHtml, type Layout } from './html.js';
import { setPdfInfo } from './pdf-info.js';

/** Options of `renderPdf`. */
export interface RenderPdfOptions {
  /** the program's version (Creator = declare <version>) */
  version: string;
  /** the file has errors and is rendered with --force */
  unchecked?: boolean;
  /** CreationDate/ModDate (from SOURCE_DATE_EPOCH, or now) */
  date: Date;
  /** the form's layout (its definition's `render`); default: the department form's */
  layout?: Layout;
}

/** The HTML handed to the browser: the form plus @font-face rules for the served fonts. */
export function pdfHtml(decl: PartialDeclaration, options: Omit<RenderPdfOptions, 'date'>): string {
  return renderHtml(decl, { version: options.version, unchecked: options.unchecked === true, fontCss: loadFontSet().css, ...(options.layout ? { layout: options.layout } : {}) });
}

/** Print one declaration to a finished PDF. */
export async function renderPdf(engine: PdfEngine, decl: PartialDeclaration, options: RenderPdfOptions): Promise<Uint8Array> {
  const view = (options.layout ?? DEPARTMENT_LAYOUT).view(decl as never, { version: options.version, unchecked: options.unchecked === true });
  const raw = await engine.render(pdfHtml(decl, options));
  return setPdfInfo(raw, {
    title: view.documentTitle,
    author: view.department,
    creator: view.generator,
    date: options.date,
  });
}
