/**
 * Lay a form out in the browser: measure it on one endless sheet, cut it into pages
 * (paginate.ts), lay the pages out and check that each fits its page; a page that does
 * not gets that much less room and the plan is made again (at most a few times).
 *
 * The measuring is done with our own expressions through the DevTools protocol
 * (page.evaluate); the page's own JavaScript stays disabled, and the document holds no
 * script.
 */
import type { Page } from 'puppeteer-core';
import type { FormGrid } from './grid.js';
import { formBody, renderView, type Layout, type SheetView } from './html.js';
import { onePagePlan } from './layout.js';
import { A4_CONTENT, SPLIT_THRESHOLD, paginate, type MeasuredCell, type Measurement, type PagePlan } from './paginate.js';

/** What measuring one sheet gives back, before it is sorted into sections. */
interface RawMeasure {
  headHeight: number;
  rows: Record<string, number>;
  lines: Record<string, Record<number, MeasuredCell>>;
}

/**
 * Run in the page: the height of every row (tr[data-row]) and, for rows taller than
 * `tall` px, the line boxes of their long text cells (td.text / td.list that are not
 * repeated on a continuation), char by char through Range rects. `root` is the document,
 * or the one form's container in a document that holds several (layOutAppended).
 */
const MEASURE = `(tall, root = document) => {
  const sheet = root.querySelector('section.sheet');
  const table = sheet.querySelector('table.grid');
  const headHeight = table.getBoundingClientRect().top - sheet.getBoundingClientRect().top;
  const rows = {};
  const lines = {};
  for (const tr of root.querySelectorAll('tr[data-row]')) {
    const box = tr.getBoundingClientRect();
    const key = tr.getAttribute('data-row');
    rows[key] = box.height;
    if (box.height <= tall || key.includes('h')) continue;
    const cells = {};
    for (const td of tr.querySelectorAll('td.text:not(.repeat), td.list:not(.repeat)')) {
      const cellBox = td.getBoundingClientRect();
      const style = getComputedStyle(td);
      const padTop = parseFloat(style.paddingTop) + parseFloat(style.borderTopWidth) / 2;
      const padBottom = parseFloat(style.paddingBottom) + parseFloat(style.borderBottomWidth) / 2;
      const out = [];
      let cur;
      td.querySelectorAll('p.item').forEach((item, i) => {
        const span = item.querySelector('span.t');
        const node = span && span.firstChild;
        if (!node) return;
        const text = node.data;
        const lineHeight = parseFloat(getComputedStyle(span).lineHeight);
        const range = document.createRange();
        for (let k = 0; k < text.length; k++) {
          const code = text.charCodeAt(k);
          if (code >= 0xdc00 && code <= 0xdfff) continue;
          if (text[k] === '\\n') continue;
          const wide = code >= 0xd800 && code <= 0xdbff ? 2 : 1;
          range.setStart(node, k);
          range.setEnd(node, Math.min(text.length, k + wide));
          const rects = range.getClientRects();
          if (rects.length === 0) continue;
          const r = rects[0];
          const half = Number.isFinite(lineHeight) ? Math.max(0, (lineHeight - r.height) / 2) : 0;
          const top = r.top - cellBox.top - half;
          const bottom = r.bottom - cellBox.top + half;
          if (!cur || top >= cur.bottom - 1) {
            cur = { item: i, offset: k, top, bottom };
            out.push(cur);
          } else if (bottom > cur.bottom) cur.bottom = bottom;
        }
      });
      cells[Number(td.getAttribute('data-cell'))] = { padTop, padBottom, lines: out };
    }
    lines[key] = cells;
  }
  return { headHeight, rows, lines };
}`;

/** Run in the page: the height of every sheet. */
const SHEETS = `() => [...document.querySelectorAll('section.sheet')].map((s) => s.getBoundingClientRect().height)`;

/** How many times a plan is made again for pages that came out too tall. */
const MAX_PASSES = 4;

/** A form laid out in pages: the plan and the HTML of it (loaded in the page). */
export interface PagedForm {
  plan: PagePlan;
  html: string;
}

/** Sort the raw measurement into sections (header and body rows). */
export function toMeasurement(grid: FormGrid, raw: RawMeasure): Measurement {
  return {
    headHeight: raw.headHeight,
    header: grid.sections.map((section, s) => section.header.map((_, h) => raw.rows[`${s}.h${h}`] ?? 0)),
    rows: grid.sections.map((section, s) => section.rows.map((_, r) => raw.rows[`${s}.${r}`] ?? 0)),
    lines: raw.lines,
  };
}

async function evaluate<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  // A function source of ours, evaluated through the protocol (page JavaScript is off).
  return (await page.evaluate(`(${fn})(${args.map((a) => JSON.stringify(a)).join(',')})`)) as T;
}

/** The id of the style element that holds the served fonts' @font-face rules in a reused document. */
const FONTS_ID = 'declare-fonts';

/**
 * The document a page keeps from form to form: only the @font-face rules, in a style
 * element of its own, tagged with a digest of them. Parsing the ~600 rules of the font
 * stack and setting up their faces costs a fresh document about 0.4 s (measured: a
 * document with those rules and one word of text, against one without); a document that
 * stays keeps its faces, and the slices they loaded, for every later form.
 */
function shellHtml(fontCss: string, tag: string): string {
  return `<!DOCTYPE html>\n<html><head><style id="${FONTS_ID}" data-fonts="${tag}">\n${fontCss}\n</style></head><body></body></html>`;
}

/**
 * Run in the page: put the form's document (`html`, without font rules) in place of the
 * last one, keeping the font style element when it holds the same rules (`tag`).
 * Returns false when the page holds no such document (a new page, or one that printed
 * something else): then the caller loads the shell and calls again.
 */
const SWAP = `(html, id, tag) => {
  const fonts = document.getElementById(id);
  if (!fonts || fonts.getAttribute('data-fonts') !== tag || document.compatMode !== 'CSS1Compat') return false;
  const next = new DOMParser().parseFromString(html, 'text/html');
  const root = document.documentElement;
  for (const a of [...root.attributes]) root.removeAttribute(a.name);
  for (const a of [...next.documentElement.attributes]) root.setAttribute(a.name, a.value);
  for (const n of [...document.head.childNodes]) if (n !== fonts) n.remove();
  for (const n of [...next.head.childNodes]) document.head.appendChild(document.adoptNode(n));
  document.body.replaceWith(document.adoptNode(next.body));
  return true;
}`;

/**
 * Run in the page: wait until every font the laid-out text asks for is loaded. A layout
 * is forced first (fonts are asked for by layout); a slice that lacks a glyph sends the
 * browser to the next family of the stack, which a further layout asks for, hence the loop.
 */
const FONTS_READY = `async () => {
  for (let i = 0; i < 8; i++) {
    void document.body.getBoundingClientRect();
    if (document.fonts.status !== 'loading') return true;
    await document.fonts.ready;
  }
  return true;
}`;

/** A short digest of a string (FNV-1a, 32 bits), to tell one font stylesheet from another. */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${text.length.toString(36)}-${(h >>> 0).toString(36)}`;
}

/** Give the page a fresh shell document (print media, the font rules, an empty body). */
async function loadShell(page: Page, fontCss: string, tag: string, timeoutMs: number): Promise<void> {
  await page.emulateMediaType('print');
  await page.setContent(shellHtml(fontCss, tag), { waitUntil: 'load', timeout: timeoutMs });
}

/**
 * Put a form's document (`html`, rendered without font rules) on `page`, reusing the
 * page's document and its loaded fonts when it has them (see shellHtml), and wait for
 * the fonts its text needs. The result is the same document as `html` with `fontCss`
 * put first in its style: the rules are all @font-face, so where they stand does not
 * change the cascade.
 */
export async function loadOnPage(page: Page, html: string, fontCss: string, timeoutMs: number): Promise<void> {
  const tag = digest(fontCss);
  if (!(await evaluate<boolean>(page, SWAP, html, FONTS_ID, tag))) {
    await loadShell(page, fontCss, tag, timeoutMs);
    if (!(await evaluate<boolean>(page, SWAP, html, FONTS_ID, tag))) throw new Error('the page did not keep its document');
  }
  // The text is measured in the fonts it will be printed in.
  await evaluate(page, FONTS_READY);
}

/**
 * Run in the page, one protocol round trip per layout step: swap the form in (SWAP),
 * wait for its fonts (FONTS_READY) and measure it (MEASURE). Null when the page holds no
 * reusable document (SWAP gave false): then the caller loads the shell and calls again.
 */
const SWAP_MEASURE = `async (html, id, tag, tall) => {
  if (!(${SWAP})(html, id, tag)) return null;
  await (${FONTS_READY})();
  return (${MEASURE})(tall);
}`;

/**
 * Run in the page, one round trip: put the paged sheets (`body`, the inner HTML of
 * main.form) in place of the form's sheets, wait for their fonts and give back the height
 * of every sheet (SHEETS).
 */
const SHOW_SHEETS = `async (body) => {
  document.querySelector('main.form').innerHTML = body;
  await (${FONTS_READY})();
  return (${SHEETS})();
}`;

/**
 * Lay out one form on `page` and leave its paged HTML loaded there, ready to print.
 * `fontCss` is the @font-face CSS the document uses (the same for measuring and print);
 * `layout` the form's (default: the department form's).
 */
export async function layOutOnPage(page: Page, view: SheetView, grid: FormGrid, fontCss: string, timeoutMs: number, layout?: Layout): Promise<PagedForm> {
  const tag = digest(fontCss);
  const single = renderView(view, grid, { layout });
  const tall = A4_CONTENT.height * SPLIT_THRESHOLD;
  let raw = await evaluate<RawMeasure | null>(page, SWAP_MEASURE, single, FONTS_ID, tag, tall);
  if (raw === null) {
    await loadShell(page, fontCss, tag, timeoutMs);
    raw = await evaluate<RawMeasure | null>(page, SWAP_MEASURE, single, FONTS_ID, tag, tall);
    if (raw === null) throw new Error('the page did not keep its document');
  }
  // The paged sheets replace the one sheet inside the loaded document: the same document,
  // its fonts already loaded, instead of loading a second one (the HTML returned is the
  // same document as a string).
  const plan = await planPages(grid, toMeasurement(grid, raw), (p) => evaluate<number[]>(page, SHOW_SHEETS, formBody(view, grid, p, () => '')));
  const html = renderView(view, grid, { fontCss, plan, layout });
  return { plan, html };
}

/**
 * Cut a measured form into pages and show them (`show`: the sheets' heights as laid
 * out); a sheet that overflows its page gets that much less room and the plan is made
 * again, at most MAX_PASSES times.
 */
async function planPages(grid: FormGrid, measured: Measurement, show: (plan: PagePlan) => Promise<number[]>): Promise<PagePlan> {
  const reserve: Record<number, number> = {};
  let plan = paginate(grid, measured, A4_CONTENT, reserve);
  let heights = await show(plan);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let over = false;
    heights.forEach((h, i) => {
      if (h > A4_CONTENT.height - 1 && (plan.pages[i]?.length ?? 0) > 1) {
        reserve[i] = (reserve[i] ?? 0) + (h - A4_CONTENT.height) + 4;
        over = true;
      }
    });
    if (!over) break;
    plan = paginate(grid, measured, A4_CONTENT, reserve);
    heights = await show(plan);
  }
  return plan;
}

/**
 * Run in the page, one round trip: append a container (div.volume-form) holding `body`
 * (the form on one sheet) to main.form, wait for its fonts and measure it (MEASURE,
 * within the container).
 */
const APPEND_MEASURE = `async (body, tall) => {
  const box = document.createElement('div');
  box.className = 'volume-form';
  box.innerHTML = body;
  document.querySelector('main.form').appendChild(box);
  await (${FONTS_READY})();
  return (${MEASURE})(tall, box);
}`;

/**
 * Run in the page, one round trip: put the paged sheets (`body`) in place of the last
 * container's one sheet, wait for their fonts and give back the height of each of them.
 */
const SHOW_LAST = `async (body) => {
  const box = document.querySelector('main.form').lastElementChild;
  box.innerHTML = body;
  await (${FONTS_READY})();
  return [...box.querySelectorAll('section.sheet')].map((s) => s.getBoundingClientRect().height);
}`;

/**
 * Lay out one more form in the document loaded on `page` (a bound volume's part, loaded
 * with loadOnPage, whose body has a main.form): the form is measured in a container of
 * its own appended to main.form and its paged sheets, named by `pageName`, stay there,
 * after the forms laid out before it, ready to print with them. Measured in the same
 * fonts, stylesheet and width as layOutOnPage measures a form on its own, so it gets the
 * same pages. Returns the page plan.
 */
export async function layOutAppended(page: Page, view: SheetView, grid: FormGrid, pageName: (index: number) => string): Promise<PagePlan> {
  const single = formBody(view, grid, onePagePlan(grid), () => '');
  const raw = await evaluate<RawMeasure>(page, APPEND_MEASURE, single, A4_CONTENT.height * SPLIT_THRESHOLD);
  return planPages(grid, toMeasurement(grid, raw), (p) => evaluate<number[]>(page, SHOW_LAST, formBody(view, grid, p, pageName)));
}

/**
 * Run in the page: add a stylesheet at the end of the head and put `lead` (HTML) first
 * in main.form, then wait for the fonts of what is new.
 */
const FINISH = `async (css, lead) => {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);
  if (lead !== '') document.querySelector('main.form').insertAdjacentHTML('afterbegin', lead);
  await (${FONTS_READY})();
  return true;
}`;

/**
 * Finish the document loaded on `page` before it is printed: `css` after its own
 * stylesheet (rules that need what was laid out, like a volume's page numbers) and
 * `lead` before its forms (a volume's cover and contents); waits for their fonts.
 */
export async function finishDocument(page: Page, css: string, lead: string): Promise<void> {
  await evaluate(page, FINISH, css, lead);
}
