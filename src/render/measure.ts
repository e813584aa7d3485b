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
 * repeated on a continuation), char by char through Range rects.
 */
const MEASURE = `(tall) => {
  const sheet = document.querySelector('section.sheet');
  const table = sheet.querySelector('table.grid');
  const headHeight = table.getBoundingClientRect().top - sheet.getBoundingClientRect().top;
  const rows = {};
  const lines = {};
  for (const tr of document.querySelectorAll('tr[data-row]')) {
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

/**
 * Lay out one form on `page` and leave its paged HTML loaded there, ready to print.
 * `fontCss` is the @font-face CSS the document uses (the same for measuring and print);
 * `layout` the form's (default: the department form's).
 */
export async function layOutOnPage(page: Page, view: SheetView, grid: FormGrid, fontCss: string, timeoutMs: number, layout?: Layout): Promise<PagedForm> {
  await page.emulateMediaType('print');
  const load = async (html: string): Promise<void> => {
    await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
    // The text is measured in the fonts it will be printed in.
    await page.evaluate('document.fonts.ready.then(() => true)');
  };
  await load(renderView(view, grid, { fontCss, layout }));
  const measured = toMeasurement(grid, await evaluate<RawMeasure>(page, MEASURE, A4_CONTENT.height * SPLIT_THRESHOLD));
  const reserve: Record<number, number> = {};
  let plan = paginate(grid, measured, A4_CONTENT, reserve);
  // The paged sheets replace the one sheet inside the loaded document: the same document,
  // its fonts already loaded, instead of loading a second one (the HTML returned is the
  // same document as a string).
  const show = async (p: PagePlan): Promise<void> => {
    await page.evaluate(`document.querySelector('main.form').innerHTML = ${JSON.stringify(formBody(view, grid, p, () => ''))}; document.fonts.ready.then(() => true)`);
  };
  await show(plan);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const heights = await evaluate<number[]>(page, SHEETS);
    let over = false;
    heights.forEach((h, i) => {
      if (h > A4_CONTENT.height - 1 && (plan.pages[i]?.length ?? 0) > 1) {
        reserve[i] = (reserve[i] ?? 0) + (h - A4_CONTENT.height) + 4;
        over = true;
      }
    });
    if (!over) break;
    plan = paginate(grid, measured, A4_CONTENT, reserve);
    await show(plan);
  }
  const html = renderView(view, grid, { fontCss, plan, layout });
  return { plan, html };
}
