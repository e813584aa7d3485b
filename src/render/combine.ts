/**
 * The bound volume (cli.md "One bound volume"): many declarations in one PDF, as a
 * finance bureau binds its 汇编 — a cover (title, year, number of forms), a table of
 * contents (department, page), each form starting on a new page with a bookmark of its
 * own (and its sections' beneath), page numbers running through the volume at the foot's
 * right and each form's own 「第 X 页 共 Y 页」 kept in the middle.
 *
 * One browser: each form is laid out on a page of it (measure.ts; at most `concurrency`
 * at once). The page plans fix how many pages each form has, so the table of contents
 * and every page's number are known before anything is printed; each sheet gets a CSS
 * page name whose margin boxes carry that page's footer. The volume is then printed in
 * `concurrency` parts of about equal pages at once, each a document of its own on a page
 * of its own (one document printed by one renderer took about half as long again as the
 * forms printed separately), and the parts are joined into one PDF (pdf-join.ts): one
 * page tree, outline and structure tree. The fonts are embedded once per part.
 */
import type { PartialDeclaration } from '../model/declaration.js';
import { printPdf, type PdfEngine } from './browser.js';
import { loadFontSet } from './fonts.js';
import { formBody, formCss, viewAndGrid, type Layout, type SheetView } from './html.js';
import type { FormGrid } from './grid.js';
import { layOutOnPage, loadOnPage } from './measure.js';
import type { PagePlan } from './paginate.js';
import { setPdfInfo } from './pdf-info.js';
import { joinPdfs } from './pdf-join.js';
import { FORM_TITLE } from './view.js';

/** The cover's title: the form's title and 汇编. */
export const VOLUME_TITLE = `${FORM_TITLE}汇编`;
/** The cover's title of a volume that binds forms of more than one kind. */
export const MIXED_VOLUME_TITLE = '预算绩效目标申报表汇编';

/** The volume's title: its one form's title and 汇编, or the mixed title. */
export function volumeTitle(titles: readonly string[]): string {
  const kinds = [...new Set(titles)];
  return kinds.length === 1 ? `${kinds[0]}汇编` : kinds.length === 0 ? VOLUME_TITLE : MIXED_VOLUME_TITLE;
}
/** The heading of the table of contents. */
export const TOC_TITLE = '目录';
/** The top-margin line on each page of a form put in the volume with --force. */
export const UNCHECKED_BANNER = '【未通过校验】本表有校验错误，仅供核对，不能作为正式申报表';
/** Lines of the table of contents on one page (one line an entry, long names cut with …). */
export const TOC_LINES_PER_PAGE = 30;

/** One form of the volume. */
export interface VolumeForm {
  /** what to lay out */
  decl: PartialDeclaration;
  /** rendered under --force although it has errors: marked 「未通过校验」 */
  unchecked: boolean;
  /** its form's layout (default: the department form's) */
  layout?: Layout | undefined;
}

/** Options of `printVolume`. */
export interface VolumeOptions {
  version: string;
  date: Date;
  timeoutMs: number;
  /** forms laid out at once */
  concurrency: number;
}

/** One line of the table of contents. */
export interface TocEntry {
  /** 1, 2, 3 … */
  number: number;
  /** the department (部门名称) */
  name: string;
  /** the volume page the form starts on */
  page: number;
}

/** The printed volume. */
export interface PrintedVolume {
  pdf: Uint8Array;
  /** the table of contents as printed */
  toc: TocEntry[];
  /** pages of the whole volume */
  pages: number;
}

/** The year line of the cover: one year, or the span of the forms' years. */
export function volumeYears(years: readonly (number | undefined)[]): string {
  const known = [...new Set(years.filter((y): y is number => typeof y === 'number'))].sort((a, b) => a - b);
  if (known.length === 0) return '';
  return known.length === 1 ? `（${known[0]}年度）` : `（${known[0]}—${known[known.length - 1]}年度）`;
}

/** Pages of the table of contents for `n` forms. */
export function tocPages(n: number): number {
  return Math.max(1, Math.ceil(n / TOC_LINES_PER_PAGE));
}

/** The table of contents: each form starts after the cover, the contents and the forms before it. */
export function tableOfContents(names: readonly string[], pageCounts: readonly number[]): TocEntry[] {
  let page = 1 + tocPages(names.length) + 1;
  return names.map((name, i) => {
    const entry = { number: i + 1, name, page };
    page += pageCounts[i] ?? 0;
    return entry;
  });
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
/** A CSS string literal. */
const cssString = (s: string): string => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`;

const FONTS = '"Noto Serif SC", "Noto Serif HK", "Noto Emoji", serif';

/**
 * The volume's own stylesheet for the sheets of one part: cover, contents, and a footer
 * per sheet (page names). The volume is printed in parts (printVolume), where CSS's
 * page counter would start again in each, so every sheet's footer carries its volume
 * page number as written text: the page plans fix it before anything is printed.
 */
function volumeCss(sheets: readonly VolumeSheet[]): string {
  const rules = [
    `@page { @bottom-right { font-family: ${FONTS}; font-size: 9pt; vertical-align: middle; } }`,
    '@page cover { @bottom-center { content: none; } @bottom-right { content: none; } }',
    '.cover { text-align: center; padding-top: 70mm; }',
    '.cover .volume-title { font-size: 24pt; font-weight: 700; letter-spacing: 0.04em; margin: 0 0 6mm; }',
    '.cover .volume-year { font-size: 14pt; margin: 0 0 40mm; }',
    '.cover .volume-count { font-size: 12pt; margin: 0; }',
    '.toc h1 { margin: 0 0 6mm; text-align: center; font-size: 18pt; font-weight: 700; }',
    '.toc ol { list-style: none; margin: 0; padding: 0; }',
    '.toc li { display: flex; align-items: baseline; gap: 2mm; height: 8mm; line-height: 8mm; white-space: nowrap; }',
    '.toc .no { flex: 0 0 10mm; text-align: right; }',
    '.toc .name { flex: 0 1 auto; overflow: hidden; text-overflow: ellipsis; }',
    '.toc .dots { flex: 1 1 auto; border-bottom: 0.5pt dotted #000; min-width: 5mm; height: 0; align-self: center; }',
    '.toc .page { flex: 0 0 12mm; text-align: right; font-variant-numeric: tabular-nums; }',
  ];
  for (const sheet of sheets) {
    if (sheet.name === 'cover') continue;
    const number = `@bottom-right { content: ${cssString(String(sheet.page))}; }`;
    // A form rendered with --force is marked on each of its pages, in the top margin
    // (the fixed mark of a form on its own would repeat on every page of the volume).
    const mark = sheet.unchecked ? ` @top-center { content: ${cssString(UNCHECKED_BANNER)}; font-family: ${FONTS}; font-size: 10pt; font-weight: 700; color: #c00000; }` : '';
    const middle = sheet.footer === undefined ? 'content: none;' : `content: ${cssString(sheet.footer)};`;
    rules.push(`@page ${sheet.name} { @bottom-center { ${middle} } ${number}${mark} }`);
  }
  return rules.join('\n');
}

/** One printed sheet of the volume: its CSS page name and what its footer says. */
interface VolumeSheet {
  /** the CSS page name: cover, toc1 …, f3p2 … */
  name: string;
  /** its page number in the volume */
  page: number;
  /** 「第 X 页 共 Y 页」 of a form's page; none on the cover and contents */
  footer?: string | undefined;
  /** a page of a form put in with --force */
  unchecked?: boolean;
}

function pageName(form: number, page: number): string {
  return `f${form + 1}p${page + 1}`;
}

/** One part of the volume: a document of its own, printed on a page of its own (printVolume). */
export interface VolumePart {
  /** the part's HTML (without the @font-face rules, which the page keeps: measure.ts loadOnPage) */
  html: string;
  /** the pages it prints */
  pages: number;
  /** the forms in it */
  forms: number;
}

/**
 * Where the parts start: `parts` contiguous runs of forms (at least one form each) of
 * about equal pages, the first also holding the `lead` pages of the cover and contents.
 * Returns each part's first form.
 */
export function partStarts(counts: readonly number[], lead: number, parts: number): number[] {
  const n = Math.max(1, Math.min(parts, counts.length));
  const cumulative = [lead];
  for (const c of counts) cumulative.push(cumulative[cumulative.length - 1]! + c);
  const total = cumulative[counts.length]!;
  const starts = [0];
  for (let k = 1; k < n; k++) {
    const target = (total * k) / n;
    // The cut after form b (b forms before it), leaving room for one form in each later part.
    let best = starts[k - 1]! + 1;
    for (let b = best + 1; b <= counts.length - (n - k); b++) {
      if (Math.abs(cumulative[b]! - target) < Math.abs(cumulative[best]! - target)) best = b;
    }
    starts.push(best);
  }
  return starts;
}

/**
 * The volume as `parts` HTML documents (pure): the cover and contents, then the forms in
 * their plans, cut into parts by partStarts. With `parts` 1 and `fontCss`, the whole
 * volume as one document.
 */
export function volumeParts(views: readonly SheetView[], grids: readonly FormGrid[], plans: readonly PagePlan[], parts: number, fontCss = ''): { parts: VolumePart[]; toc: TocEntry[] } {
  const counts = plans.map((p) => p.pages.length);
  const toc = tableOfContents(views.map((v) => v.entryName), counts);
  const years = volumeYears(views.map((v) => Number(/（(\d+)年度）/.exec(v.yearLine)?.[1] ?? Number.NaN)).map((y) => (Number.isFinite(y) ? y : undefined)));
  const title = volumeTitle(views.map((v) => v.title));
  const leadSheets: VolumeSheet[] = [{ name: 'cover', page: 1 }];
  const leadHtml = [`<section class="sheet cover" style="page:cover"><h1 class="volume-title">${escape(title)}</h1><p class="volume-year">${escape(years)}</p><p class="volume-count">共 ${views.length} 份</p></section>`];
  for (let page = 0; page < tocPages(toc.length); page++) {
    const lines = toc.slice(page * TOC_LINES_PER_PAGE, (page + 1) * TOC_LINES_PER_PAGE).map((e) =>
      `<li><span class="no">${e.number}.</span><span class="name">${escape(e.name)}</span><span class="dots"></span><span class="page">${e.page}</span></li>`);
    leadSheets.push({ name: `toc${page + 1}`, page: page + 2 });
    leadHtml.push(`<section class="sheet toc" style="page:toc${page + 1}">${page === 0 ? `<h1>${TOC_TITLE}</h1>` : ''}<ol>${lines.join('')}</ol></section>`);
  }
  const generator = views[0]?.generator ?? 'declare';
  const starts = partStarts(counts, leadSheets.length, parts);
  const documents = starts.map((start, k) => {
    const end = starts[k + 1] ?? views.length;
    const sheets = k === 0 ? [...leadSheets] : [];
    const body = k === 0 ? [...leadHtml] : [];
    for (let f = start; f < end; f++) {
      const count = counts[f]!;
      for (let p = 0; p < count; p++) sheets.push({ name: pageName(f, p), page: toc[f]!.page + p, footer: `第 ${p + 1} 页 共 ${count} 页`, unchecked: views[f]!.unchecked });
      body.push(`<div class="volume-form">${formBody(views[f]!, grids[f]!, plans[f]!, (p) => pageName(f, p))}</div>`);
    }
    const html = [
      '<!DOCTYPE html>',
      '<html lang="zh-CN">',
      '<head>',
      '<meta charset="utf-8">',
      `<meta name="generator" content="${escape(generator)}">`,
      `<title>${escape(`${years.replace(/[（）]/g, '')} ${title}`.trim())}</title>`,
      `<style>\n${fontCss === '' ? '' : `${fontCss}\n`}${formCss()}\n${volumeCss(sheets)}\n</style>`,
      '</head>',
      '<body>',
      '<main class="form">',
      ...body,
      '</main>',
      '</body>',
      '</html>',
    ].join('\n');
    return { html, pages: sheets.length, forms: end - start };
  });
  return { parts: documents, toc };
}

/**
 * Lay out every form, then print the volume in parts, `concurrency` at once (each part a
 * document on a page of its own, the forms' pages in it numbered as in the volume), and
 * join the parts into one PDF (pdf-join.ts).
 */
export async function printVolume(engine: PdfEngine, forms: readonly VolumeForm[], options: VolumeOptions): Promise<PrintedVolume> {
  const fontCss = loadFontSet().css;
  const laid = forms.map((f) => viewAndGrid(f.decl, { version: options.version, unchecked: f.unchecked, layout: f.layout }));
  const views = laid.map(({ view }, i) => ({ ...view, volumeEntry: `${i + 1}\u3000${view.entryName}` }));
  const grids = laid.map(({ grid }) => grid);
  const plans: PagePlan[] = new Array(forms.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < views.length; i = next++) {
      const view = views[i]!;
      plans[i] = (await engine.run((page) => layOutOnPage(page, view, grids[i]!, fontCss, options.timeoutMs, laid[i]!.layout))).plan;
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency, views.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  const { parts, toc } = volumeParts(views, grids, plans, concurrency);
  // Each part is printed on a page that has laid forms out, its fonts loaded (loadOnPage);
  // it is allowed the time of its forms.
  const raw = await Promise.all(parts.map((part) => {
    const timeoutMs = options.timeoutMs * Math.max(1, Math.ceil(part.forms / 4));
    return engine.run(async (page) => {
      await loadOnPage(page, part.html, fontCss, timeoutMs);
      return printPdf(page, timeoutMs);
    }, timeoutMs);
  }));
  const years = volumeYears(views.map((v) => Number(/（(\d+)年度）/.exec(v.yearLine)?.[1] ?? Number.NaN)).map((y) => (Number.isFinite(y) ? y : undefined)));
  const pdf = setPdfInfo(joinPdfs(raw, parts.map((p) => p.pages)), {
    title: `${years.replace(/[（）]/g, '')} ${volumeTitle(views.map((v) => v.title))}`.trim(),
    author: '',
    creator: views[0]?.generator ?? `declare ${options.version}`,
    date: options.date,
  });
  return { pdf, toc, pages: parts.reduce((n, p) => n + p.pages, 0) };
}
