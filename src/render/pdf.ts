/**
 * Declaration ─▶ PDF bytes: the form laid out in pages in the browser (measure.ts,
 * paginate.ts), printed by a PdfEngine (browser.ts), with our metadata (pdf-info.ts).
 * The engine is passed in, so this module does not load Puppeteer itself.
 */
import type { PartialDeclaration } from '../model/declaration.js';
import type { PdfEngine } from './browser.js';
import { loadFontSet } from './fonts.js';
import { renderHtml, viewAndGrid, type Layout } from './html.js';
import { layOutOnPage } from './measure.js';
import type { PagePlan } from './paginate.js';
import { normalizeStructureIds, setPdfInfo } from './pdf-info.js';

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
  /** time for one document, ms (default 60 s) */
  timeoutMs?: number;
}

/** A printed form: the PDF, the paged HTML it was printed from, and its page plan. */
export interface PrintedForm {
  pdf: Uint8Array;
  html: string;
  plan: PagePlan;
}

/** The HTML of one sheet handed to the browser: the form plus @font-face rules for the served fonts. */
export function pdfHtml(decl: PartialDeclaration, options: Omit<RenderPdfOptions, 'date'>): string {
  return renderHtml(decl, { version: options.version, unchecked: options.unchecked === true, fontCss: loadFontSet().css, ...(options.layout ? { layout: options.layout } : {}) });
}

/** Lay out and print one declaration: the PDF (with our metadata) and its paged HTML. */
export async function printForm(engine: PdfEngine, decl: PartialDeclaration, options: RenderPdfOptions): Promise<PrintedForm> {
  const { view, grid, layout } = viewAndGrid(decl, options);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { raw, html, plan } = await engine.run(async (page) => {
    const paged = await layOutOnPage(page, view, grid, loadFontSet().css, timeoutMs, layout);
    // layOutOnPage waited for the fonts of the paged document: print it at once.
    return { ...paged, raw: await engine.printLoaded(page) };
  });
  const pdf = setPdfInfo(normalizeStructureIds(raw), { title: view.documentTitle, author: view.department, creator: view.generator, date: options.date });
  return { pdf, html, plan };
}

/** Print one declaration to a finished PDF. */
export async function renderPdf(engine: PdfEngine, decl: PartialDeclaration, options: RenderPdfOptions): Promise<Uint8Array> {
  return (await printForm(engine, decl, options)).pdf;
}
