/**
 * The bound volume (cli.md "One bound volume"): many declarations in one PDF, as a
 * finance bureau binds its 汇编 — a cover (title, year, number of forms), a table of
 * contents (department, page), each form starting on a new page with a bookmark of its
 * own (and its sections' beneath), page numbers running through the volume at the foot's
 * right and each form's own 「第 X 页 共 Y 页」 kept in the middle.
 *
 * One browser: each form is laid out on a page of it (measure.ts; at most `concurrency`
 * pages at work at once), in volume order. A form's page plan fixes how many pages it
 * has, so once it and every form before it are laid out, each of its pages' volume
 * numbers is known; each sheet gets a CSS page name whose margin boxes carry that page's
 * footer. The forms are printed in parts (partEnds), each a document of its own on a
 * page of its own, as soon as the part's forms are laid out, while later forms are laid
 * out (one document printed by one renderer took about half as long again as the forms
 * printed separately; parts printed only after every form was laid out left the browser
 * half idle at the start of the printing and at its end). The cover and the table of
 * contents, which need every form's pages, are printed last, in one part with the first
 * form. The parts are joined into one PDF (pdf-join.ts): one page tree, outline and structure
 * tree. The fonts are embedded once per part (about 130 KB a part for the 部门整体 form).
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

/** Most pages of forms in one part (a smaller last few: partEnds). */
export const PART_PAGES = 64;

/**
 * Where the parts of the volume end, decided form by form as the forms are laid out (in
 * volume order). The first part is the cover, the contents and the first form: it is
 * printed last, when every form's pages are known, and the cover and contents are
 * printed beside a form as they always were (Chromium shrinks a printed document a
 * little to fit its widest content, the forms' tables; printed alone they would come out
 * a little larger). After it a part ends after a form when it holds PART_PAGES pages, or
 * when what it holds, printed on one page of the browser, would be about as much as the
 * forms still to lay out on the others (their pages guessed from the forms so far), and
 * at the last form. So the parts are printed while later forms are laid out, and the
 * last ones, printed when nothing else is left to do, are small. `counts` are the pages
 * of the first forms (any number of them); `n` is how many forms the volume has. Pure
 * and depending on the counts only (never on which form was laid out first), so the
 * volume is cut the same way every time: the ends for more counts begin with those for
 * fewer. Returns each part's end (the index after its last form).
 */
export function partEnds(counts: readonly number[], n: number, concurrency: number): number[] {
  const ends: number[] = [];
  let since = 0;
  let total = 0;
  for (let e = 0; e < Math.min(counts.length, n); e++) {
    since += counts[e]!;
    total += counts[e]!;
    const left = (total / (e + 1)) * (n - 1 - e);
    if (e === 0 || e === n - 1 || since >= PART_PAGES || since * Math.max(1, concurrency) >= left) {
      ends.push(e + 1);
      since = 0;
    }
  }
  return ends;
}

/** The volume page each form starts on: after the cover, the contents and the forms before it. */
function formStarts(n: number, counts: readonly number[]): number[] {
  let page = 1 + tocPages(n) + 1;
  return counts.map((c) => {
    const start = page;
    page += c;
    return start;
  });
}

/** One part's HTML document: its sheets (for the footers) and what goes in its body. */
function partDocument(views: readonly SheetView[], sheets: readonly VolumeSheet[], body: readonly string[]): string {
  const years = volumeYearsOf(views);
  const title = volumeTitle(views.map((v) => v.title));
  const generator = views[0]?.generator ?? 'declare';
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta name="generator" content="${escape(generator)}">`,
    `<title>${escape(`${years.replace(/[（）]/g, '')} ${title}`.trim())}</title>`,
    `<style>\n${formCss()}\n${volumeCss(sheets)}\n</style>`,
    '</head>',
    '<body>',
    '<main class="form">',
    ...body,
    '</main>',
    '</body>',
    '</html>',
  ].join('\n');
}

const volumeYearsOf = (views: readonly SheetView[]): string =>
  volumeYears(views.map((v) => Number(/（(\d+)年度）/.exec(v.yearLine)?.[1] ?? Number.NaN)).map((y) => (Number.isFinite(y) ? y : undefined)));

/**
 * Forms `start` to `end` (not included) of the volume in their plans as one part's
 * document (pure), after the cover and the table of contents when `toc` is given: each
 * sheet's footer names its volume page, `starts` being where each form of the volume (at
 * least up to `end`) starts.
 */
export function volumePart(views: readonly SheetView[], grids: readonly FormGrid[], plans: readonly PagePlan[], starts: readonly number[], start: number, end: number, toc?: readonly TocEntry[]): VolumePart {
  const sheets: VolumeSheet[] = [];
  const body: string[] = [];
  if (toc !== undefined) {
    sheets.push({ name: 'cover', page: 1 });
    body.push(`<section class="sheet cover" style="page:cover"><h1 class="volume-title">${escape(volumeTitle(views.map((v) => v.title)))}</h1><p class="volume-year">${escape(volumeYearsOf(views))}</p><p class="volume-count">共 ${views.length} 份</p></section>`);
    for (let page = 0; page < tocPages(toc.length); page++) {
      const lines = toc.slice(page * TOC_LINES_PER_PAGE, (page + 1) * TOC_LINES_PER_PAGE).map((e) =>
        `<li><span class="no">${e.number}.</span><span class="name">${escape(e.name)}</span><span class="dots"></span><span class="page">${e.page}</span></li>`);
      sheets.push({ name: `toc${page + 1}`, page: page + 2 });
      body.push(`<section class="sheet toc" style="page:toc${page + 1}">${page === 0 ? `<h1>${TOC_TITLE}</h1>` : ''}<ol>${lines.join('')}</ol></section>`);
    }
  }
  for (let f = start; f < end; f++) {
    const count = plans[f]!.pages.length;
    for (let p = 0; p < count; p++) sheets.push({ name: pageName(f, p), page: starts[f]! + p, footer: `第 ${p + 1} 页 共 ${count} 页`, unchecked: views[f]!.unchecked });
    body.push(`<div class="volume-form">${formBody(views[f]!, grids[f]!, plans[f]!, (p) => pageName(f, p))}</div>`);
  }
  return { html: partDocument(views, sheets, body), pages: sheets.length, forms: end - start };
}

/**
 * Lay out every form and print the volume in parts, `concurrency` pages of the browser
 * at work at once: the forms are laid out in volume order, and a part of them is printed
 * (on a page of its own, the pages numbered as in the volume) as soon as it and every form
 * before it are laid out, while later forms are laid out (partEnds); the cover and
 * contents, which need every form's pages, are printed last with the first form, beside
 * the last forms' part.
 * The parts are joined into one PDF (pdf-join.ts).
 */
export async function printVolume(engine: PdfEngine, forms: readonly VolumeForm[], options: VolumeOptions): Promise<PrintedVolume> {
  const fontCss = loadFontSet().css;
  const laid = forms.map((f) => viewAndGrid(f.decl, { version: options.version, unchecked: f.unchecked, layout: f.layout }));
  const views = laid.map(({ view }, i) => ({ ...view, volumeEntry: `${i + 1}\u3000${view.entryName}` }));
  const grids = laid.map(({ grid }) => grid);
  const n = views.length;
  const concurrency = Math.max(1, Math.min(options.concurrency, n));
  const plans: PagePlan[] = new Array(n);
  /** forms laid out in volume order without a gap, and their page counts */
  const counts: number[] = [];
  /** the printed parts, the one with the cover and contents first; and each part's pages */
  const raw: Uint8Array[] = [];
  const partPages: number[] = [];
  /** the parts cut (their first and end form), how many handed to a page; where the first (with the cover) ends */
  const cuts: { start: number; end: number; slot: number }[] = [];
  let printing = 0;
  let first: number | undefined;
  let nextForm = 0;
  let leadTaken = false;
  let failed = false;
  let toc: TocEntry[] = [];
  // A worker waiting for a part to become printable is woken when a form is laid out.
  let wake: () => void = () => {};
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const notify = (): void => {
    const w = wake;
    changed = new Promise<void>((resolve) => (wake = resolve));
    w();
  };

  const print = async (part: VolumePart, slot: number): Promise<void> => {
    // Each part is printed on a page that has laid forms out, its fonts loaded (loadOnPage);
    // it is allowed the time of its forms.
    const timeoutMs = options.timeoutMs * Math.max(1, Math.ceil(part.forms / 4));
    raw[slot] = await engine.run(async (page) => {
      await loadOnPage(page, part.html, fontCss, timeoutMs);
      return printPdf(page, timeoutMs);
    }, timeoutMs);
    partPages[slot] = part.pages;
  };

  const worker = async (): Promise<void> => {
    while (!failed) {
      if (printing < cuts.length) {
        // A part whose forms are all laid out goes first: the sooner it is printed, the
        // less is left at the end. (The first part waits for the table of contents.)
        const cut = cuts[printing++]!;
        await print(volumePart(views, grids, plans, formStarts(n, counts), cut.start, cut.end), cut.slot);
      } else if (nextForm < n) {
        const i = nextForm++;
        plans[i] = (await engine.run((page) => layOutOnPage(page, views[i]!, grids[i]!, fontCss, options.timeoutMs, laid[i]!.layout))).plan;
        while (counts.length < n && plans[counts.length] !== undefined) counts.push(plans[counts.length]!.pages.length);
        const ends = partEnds(counts, n, concurrency);
        if (first === undefined && ends.length > 0) {
          first = ends[0]!;
          printing = 1;
        }
        for (let k = cuts.length; k < ends.length; k++) cuts.push({ start: k === 0 ? 0 : ends[k - 1]!, end: ends[k]!, slot: k });
        notify();
      } else if (counts.length === n && !leadTaken) {
        leadTaken = true;
        toc = tableOfContents(views.map((v) => v.entryName), counts);
        await print(volumePart(views, grids, plans, formStarts(n, counts), 0, first ?? 0, toc), 0);
      } else if (counts.length < n) {
        // Other workers' forms are still being laid out: what they finish may be a part to print.
        await changed;
      } else {
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker().catch((error: unknown) => {
    failed = true;
    notify();
    throw error;
  })));

  const years = volumeYearsOf(views);
  // Our metadata goes into the first part, whose Info dictionary the join keeps: the same
  // bytes as setting it on the joined file, without reading the whole file once more.
  raw[0] = setPdfInfo(raw[0]!, {
    title: `${years.replace(/[（）]/g, '')} ${volumeTitle(views.map((v) => v.title))}`.trim(),
    author: '',
    creator: views[0]?.generator ?? `declare ${options.version}`,
    date: options.date,
  });
  const pdf = joinPdfs(raw, partPages);
  return { pdf, toc, pages: partPages.reduce((a, b) => a + b, 0) };
}
