/**
 * The bound volume (cli.md "One bound volume"): many declarations in one PDF, as a
 * finance bureau binds its 汇编 — a cover (title, year, number of forms), a table of
 * contents (department, page), each form starting on a new page with a bookmark of its
 * own (and its sections' beneath), page numbers running through the volume at the foot's
 * right and each form's own 「第 X 页 共 Y 页」 kept in the middle.
 *
 * One browser, the volume in parts (printVolume): the parts are cut before any layout, from
 * each form's guessed pages (estimatePages, partEnds), so the same input is always cut the
 * same way. Each part is a document of its own on a page of the browser (at most
 * `concurrency` parts at work at once), its forms laid out one after the other into it
 * (measure.ts layOutAppended) and printed from there as it stands: loading the laid-out
 * forms again as a new document, as the parts were printed before, was a second layout of
 * every form. A form's page plan fixes how many pages it has, so once a part and every form
 * before it are laid out, each of its pages' volume numbers is known; each sheet has a CSS
 * page name whose margin boxes, added then as a stylesheet, carry that page's footer. The
 * cover and the table of contents, which need every form's pages, are put before the first
 * form (a part of its own) and printed last. The parts are joined into one PDF
 * (pdf-join.ts): one page tree, outline and structure tree. The fonts are embedded once per
 * part (about 130 KB a part for the 部门整体 form).
 */
import type { PartialDeclaration } from '../model/declaration.js';
import { RenderFailure, printPdf, type PdfEngine } from './browser.js';
import { loadFontSet } from './fonts.js';
import { formCss, viewAndGrid, type Layout, type SheetView } from './html.js';
import type { FormGrid } from './grid.js';
import { finishDocument, layOutAppended, loadOnPage } from './measure.js';
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

/** The volume's own stylesheet: the cover, the contents, the footer's right box. */
function volumeCss(): string {
  return [
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
  ].join('\n');
}

/**
 * The footers of one part's sheets (page names), added when its forms and those before
 * them are laid out. The volume is printed in parts, where CSS's page counter would
 * start again in each, so every sheet's footer carries its volume page number as
 * written text: the page plans fix it before anything is printed.
 */
function sheetCss(sheets: readonly VolumeSheet[]): string {
  const rules: string[] = [];
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

/** Most pages of forms in one part (a smaller last few: partEnds). */
export const PART_PAGES = 64;

/**
 * Where the parts of the volume end, from the forms' pages in volume order (printVolume
 * gives it every form's guess, estimatePages, before any layout). The first part is the
 * cover, the contents and the first form: it is printed last, when every form's pages are
 * known, and the cover and contents are printed beside a form as they always were
 * (Chromium shrinks a printed document a little to fit its widest content, the forms'
 * tables; printed alone they would come out a little larger). After it a part ends after
 * a form when it holds PART_PAGES pages, or when what it holds, printed on one page of the
 * browser, would be about as much as the forms after it on the others (their pages taken
 * as the mean so far), and at the last form. So the last parts, laid out and printed when
 * little else is left to do, are small. `counts` are the pages of the first forms (any
 * number of them); `n` is how many forms the volume has. Pure and depending on the counts
 * only: the ends for more counts begin with those for fewer. Returns each part's end (the
 * index after its last form).
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

/** Text height of one line of a cell (10.5 pt at line-height 1.4), mm, and a cell's padding. */
const LINE_MM = 5.2;
const PAD_MM = 2.6;
/** About how wide one CJK character of the cells' text is, mm (10.5 pt). */
const CHAR_MM = 3.75;
/** The title block above a form's table, mm, and the height of a page's content. */
const HEAD_MM = 30;
const PAGE_MM = 267;

/**
 * About how many pages a form will take, from its grid alone (before any layout): each
 * row as tall as its tallest cell, a cell's lines from its text's length and the cell's
 * width. Only used to cut the volume into parts (partEnds) before the forms are laid out;
 * a wrong guess makes a part larger or smaller, never a page different. Pure.
 */
export function estimatePages(grid: FormGrid): number {
  let mm = HEAD_MM;
  for (const section of grid.sections) {
    for (const row of [...section.header, ...section.rows]) {
      let tallest = 0;
      for (const c of row.cells) {
        let width = 0;
        for (let k = c.col; k < c.col + c.span; k++) width += grid.columns[k] ?? 0;
        const perLine = Math.max(1, Math.floor((width - PAD_MM) / CHAR_MM));
        let lines = 0;
        for (const item of c.items) lines += Math.max(1, Math.ceil((item.number.length + item.text.length) / perLine));
        tallest = Math.max(tallest, lines * LINE_MM + PAD_MM);
      }
      mm += tallest;
    }
  }
  return Math.max(1, Math.ceil(mm / PAGE_MM));
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

/**
 * The document every part is laid out in (measure.ts layOutAppended): the volume's title,
 * the forms' stylesheet and the volume's own (volumeCss), an empty main.form.
 */
function partDocument(views: readonly SheetView[]): string {
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
    `<style>\n${formCss()}\n${volumeCss()}\n</style>`,
    '</head>',
    '<body>',
    '<main class="form">',
    '</main>',
    '</body>',
    '</html>',
  ].join('\n');
}

const volumeYearsOf = (views: readonly SheetView[]): string =>
  volumeYears(views.map((v) => Number(/（(\d+)年度）/.exec(v.yearLine)?.[1] ?? Number.NaN)).map((y) => (Number.isFinite(y) ? y : undefined)));

/**
 * What is added to a part's document once its forms are laid out and the forms before
 * them are (pure): the stylesheet of its sheets' footers (each names its volume page,
 * `starts` being where each form of the volume, at least up to `end`, starts) and, when
 * `toc` is given, the cover and the table of contents to go before its forms. `pages`:
 * the sheets it prints.
 */
export function partFinish(views: readonly SheetView[], plans: readonly PagePlan[], starts: readonly number[], start: number, end: number, toc?: readonly TocEntry[]): { css: string; lead: string; pages: number } {
  const sheets: VolumeSheet[] = [];
  const lead: string[] = [];
  if (toc !== undefined) {
    sheets.push({ name: 'cover', page: 1 });
    lead.push(`<section class="sheet cover" style="page:cover"><h1 class="volume-title">${escape(volumeTitle(views.map((v) => v.title)))}</h1><p class="volume-year">${escape(volumeYearsOf(views))}</p><p class="volume-count">共 ${views.length} 份</p></section>`);
    for (let page = 0; page < tocPages(toc.length); page++) {
      const lines = toc.slice(page * TOC_LINES_PER_PAGE, (page + 1) * TOC_LINES_PER_PAGE).map((e) =>
        `<li><span class="no">${e.number}.</span><span class="name">${escape(e.name)}</span><span class="dots"></span><span class="page">${e.page}</span></li>`);
      sheets.push({ name: `toc${page + 1}`, page: page + 2 });
      lead.push(`<section class="sheet toc" style="page:toc${page + 1}">${page === 0 ? `<h1>${TOC_TITLE}</h1>` : ''}<ol>${lines.join('')}</ol></section>`);
    }
  }
  for (let f = start; f < end; f++) {
    const count = plans[f]!.pages.length;
    for (let p = 0; p < count; p++) sheets.push({ name: pageName(f, p), page: starts[f]! + p, footer: `第 ${p + 1} 页 共 ${count} 页`, unchecked: views[f]!.unchecked });
  }
  return { css: sheetCss(sheets), lead: lead.join('\n'), pages: sheets.length };
}

/** A promise settled from outside, never an unhandled rejection. */
function settleable(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * `concurrency` turns at the browser: a part holds one while its forms are laid out and
 * while it is printed, not while it waits for the forms before it. A part waiting to be
 * printed goes before one waiting to start (the sooner printed, the less is left at the
 * end). After `fail` every wait throws.
 */
class Turns {
  private free: number;
  private readonly waiting: { first: boolean; go: () => void; stop: (error: unknown) => void }[] = [];
  private failure: { error: unknown } | undefined;
  constructor(concurrency: number) {
    this.free = concurrency;
  }
  async take(first: boolean): Promise<void> {
    if (this.failure) throw this.failure.error;
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((go, stop) => {
      const entry = { first, go, stop };
      const at = first ? this.waiting.findIndex((w) => !w.first) : -1;
      if (at < 0) this.waiting.push(entry);
      else this.waiting.splice(at, 0, entry);
    });
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next.go();
    else this.free++;
  }
  fail(error: unknown): void {
    this.failure ??= { error };
    for (const w of this.waiting.splice(0)) w.stop(this.failure.error);
  }
}

/** `work`, or a RenderFailure after `ms` with the browser killed (the batch's timeout, as PdfEngine.run applies it). */
async function within<T>(engine: PdfEngine, work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      engine.kill();
      reject(new RenderFailure('timeout', `timed out after ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Lay out every form and print the volume in parts, `concurrency` turns at the browser
 * at once. The parts are cut before anything is laid out, from each form's guessed pages
 * (estimatePages, partEnds). Each part is a document of its own on a page of the
 * browser: its forms are laid out one after another into that document (measure.ts
 * layOutAppended), so that it is printed as it stands, without loading it again. Once
 * the forms before it are laid out too, its sheets' volume page numbers are known: they
 * are added as a stylesheet and it is printed. The first part, the first form, gets the
 * cover and contents before it when every form is laid out, and is printed last. The
 * parts are joined into one PDF (pdf-join.ts).
 */
export async function printVolume(engine: PdfEngine, forms: readonly VolumeForm[], options: VolumeOptions): Promise<PrintedVolume> {
  const fontCss = loadFontSet().css;
  const laid = forms.map((f) => viewAndGrid(f.decl, { version: options.version, unchecked: f.unchecked, layout: f.layout }));
  const views = laid.map(({ view }, i) => ({ ...view, volumeEntry: `${i + 1}\u3000${view.entryName}` }));
  const grids = laid.map(({ grid }) => grid);
  const n = views.length;
  const concurrency = Math.max(1, Math.min(options.concurrency, n));
  const ends = partEnds(grids.map(estimatePages), n, concurrency);
  const parts = ends.map((end, k) => ({ start: k === 0 ? 0 : ends[k - 1]!, end }));
  const plans: PagePlan[] = new Array(n);
  const raw: Uint8Array[] = new Array(parts.length);
  const partPages: number[] = new Array(parts.length);
  const laidOut = parts.map(() => settleable());
  /** whether each part's forms are laid out */
  const done = parts.map(() => false);
  const turns = new Turns(concurrency);
  const shell = partDocument(views);
  let toc: TocEntry[] = [];
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown): void => {
    failure ??= { error };
    turns.fail(failure.error);
    for (const l of laidOut) l.reject(failure.error);
  };

  // A part's page is held from its first form to its print; each step has the time a
  // document has (a print that of its forms), the whole the time of every form up to its end.
  const printPart = async (k: number): Promise<void> => {
    const { start, end } = parts[k]!;
    const printMs = options.timeoutMs * Math.max(1, Math.ceil((end - start) / 4));
    raw[k] = await engine.run(async (page) => {
      try {
        await within(engine, loadOnPage(page, shell, fontCss, options.timeoutMs), options.timeoutMs);
        for (let f = start; f < end; f++) {
          plans[f] = await within(engine, layOutAppended(page, views[f]!, grids[f]!, (p) => pageName(f, p)), options.timeoutMs);
        }
      } catch (error) {
        turns.give();
        throw error;
      }
      done[k] = true;
      laidOut[k]!.resolve();
      // The cover's part waits for every form (the contents), the others for the forms before
      // them: without its turn, unless they are laid out already (then it prints at once,
      // and the next part need not take another page of the browser meanwhile).
      const before = k === 0 ? done : done.slice(0, k);
      if (!before.every(Boolean)) {
        turns.give();
        await Promise.all(k === 0 ? laidOut.map((l) => l.promise) : laidOut.slice(0, k).map((l) => l.promise));
        await turns.take(true);
      }
      try {
        const counts = plans.slice(0, k === 0 ? n : end).map((p) => p.pages.length);
        if (k === 0) toc = tableOfContents(views.map((v) => v.entryName), counts);
        const finish = partFinish(views, plans, formStarts(n, counts), start, end, k === 0 ? toc : undefined);
        await within(engine, finishDocument(page, finish.css, finish.lead), options.timeoutMs);
        const pdf = await within(engine, printPdf(page, printMs), printMs);
        partPages[k] = finish.pages;
        return pdf;
      } finally {
        turns.give();
      }
    }, options.timeoutMs * (end + 2) + printMs);
  };

  const running: Promise<void>[] = [];
  for (let k = 0; k < parts.length && failure === undefined; k++) {
    try {
      await turns.take(false);
    } catch {
      break;
    }
    running.push(printPart(k).catch(fail));
  }
  await Promise.all(running);
  if (failure !== undefined) throw failure.error;

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
