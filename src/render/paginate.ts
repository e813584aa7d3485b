/**
 * Grid rows ─▶ pages, from measured heights (layout.md "Continued pages and one grid").
 *
 * Pure: the browser measures (measure.ts), this decides. Rules:
 *
 * - A row of ordinary height is never cut: it goes to the next page whole, with the
 *   section's header rows repeated above it there.
 * - A tall row (over SPLIT_THRESHOLD of a page, a task with a long 主要实施内容) is split
 *   when it does not fit in what is left of the page, as a filed form breaks it.
 * - A section's header rows never stand alone at the foot of a page: they go with the
 *   section's first row.
 * - A row taller than a page is split at a line boundary of each long text cell (the
 *   lines the browser laid out); the cells marked `repeat` (a task's name and funds, an
 *   indicator's name) are shown again on the continuation, a text cell that ended on the
 *   first part is empty there.
 */
import type { FormGrid } from './grid.js';

/** One laid-out line of a text cell: where it starts and its box, in px from the cell's top. */
export interface MeasuredLine {
  /** index of the item (numbered line) of the cell */
  item: number;
  /** UTF-16 offset in the item's text where the line starts */
  offset: number;
  top: number;
  bottom: number;
}

/** A cell's lines and padding (only for rows that may need a split). */
export interface MeasuredCell {
  padTop: number;
  padBottom: number;
  lines: MeasuredLine[];
}

/** What the browser measured of the whole form laid out on one endless page. */
export interface Measurement {
  /** height of the title block above the table on the first page, px */
  headHeight: number;
  /** per section: the heights of its header rows, px */
  header: number[][];
  /** per section: the heights of its body rows, px */
  rows: number[][];
  /** "section.row" → cell index → lines, for rows taller than SPLIT_THRESHOLD of a page */
  lines: Record<string, Record<number, MeasuredCell>>;
}

/** Where a text is cut: item index and offset in it. */
export interface Cut {
  item: number;
  offset: number;
}

/** A part of a split row: per split cell, the range of its content shown. */
export type Part = Record<number, { from: Cut | undefined; to: Cut | undefined }>;

/** One body row (or part of one) placed on a page. */
export interface Placed {
  section: number;
  row: number;
  /** the part of a row split over pages; undefined = the whole row */
  part?: Part | undefined;
  /** a later part of a split row: cells that are not split show only when they `repeat` */
  continuation?: boolean;
}

/** Pages, each a list of placed rows (header rows are added by the page model). */
export interface PagePlan {
  pages: Placed[][];
}

/** The page box the form is printed in, px (CSS px, 96 per inch). */
export interface PageGeometry {
  /** height of the page's content area */
  height: number;
  /** kept free at the foot of every page against rounding in the print layout */
  slack: number;
}

/** A4 with the margins of form.css (14 mm top, 16 mm bottom): 267 mm of content. */
export const A4_CONTENT: PageGeometry = { height: (267 * 96) / 25.4, slack: 6 };

/**
 * Rows taller than this share of a page get their lines measured: such a row is split
 * when it does not fit in what is left of a page (a tall task would otherwise leave most
 * of a page empty), or when it is taller than a page.
 */
export const SPLIT_THRESHOLD = 0.25;

/** Less room than this at the foot of a page is not worth starting a split row in, px. */
const MIN_SPLIT_ROOM = 120;

interface Pending {
  section: number;
  row: number;
  height: number;
  part: Part | undefined;
  continuation: boolean;
  /** remaining lines per split cell, shifted so that the part starts at the top */
  lines: Record<number, MeasuredCell> | undefined;
}

/**
 * Cut the rows into pages. `reserve` takes px off given pages (the verification pass of
 * measure.ts gives back what a page overflowed by, and the plan is made again).
 */
export function paginate(grid: FormGrid, m: Measurement, geometry: PageGeometry = A4_CONTENT, reserve: Record<number, number> = {}): PagePlan {
  const pages: Placed[][] = [[]];
  const room = (page: number): number => geometry.height - geometry.slack - (reserve[page] ?? 0) - (page === 0 ? m.headHeight : 0);
  let used = 0;
  const newPage = (): void => {
    pages.push([]);
    used = 0;
  };
  const current = (): Placed[] => pages[pages.length - 1]!;
  const headerHeight = (s: number): number => (m.header[s] ?? []).reduce((a, b) => a + b, 0);
  /** the header rows are drawn above this row on the current page (section start or continued page) */
  const needsHeader = (s: number): boolean => !current().some((p) => p.section === s);

  grid.sections.forEach((section, s) => {
    section.rows.forEach((_, r) => {
      let pending: Pending | undefined = {
        section: s,
        row: r,
        height: m.rows[s]?.[r] ?? 0,
        part: undefined,
        continuation: false,
        lines: m.lines[`${s}.${r}`],
      };
      while (pending) {
        const header = needsHeader(s) ? headerHeight(s) : 0;
        if (used + header + pending.height <= room(pages.length - 1)) {
          current().push({ section: s, row: r, part: pending.part, continuation: pending.continuation });
          used += header + pending.height;
          pending = undefined;
          continue;
        }
        const left = room(pages.length - 1) - used - header;
        if (pending.lines === undefined) {
          if (current().length > 0) {
            newPage();
            continue;
          }
          // Alone on an empty page and still too tall, with nothing to split: place it
          // (Chromium will cut it) rather than loop.
          current().push({ section: s, row: r, part: pending.part, continuation: pending.continuation });
          used += header + pending.height;
          pending = undefined;
          continue;
        }
        if (left < MIN_SPLIT_ROOM && current().length > 0) {
          newPage();
          continue;
        }
        const split = splitRow(pending, Math.max(left, MIN_SPLIT_ROOM));
        current().push({ section: s, row: r, part: split.first, continuation: pending.continuation });
        used += header + split.firstHeight;
        pending = split.rest;
        if (pending) newPage();
      }
    });
  });
  return { pages: pages.filter((p) => p.length > 0) };
}

/** Split a pending row so that its first part is at most `budget` px tall. */
function splitRow(pending: Pending, budget: number): { first: Part; firstHeight: number; rest: Pending | undefined } {
  const first: Part = {};
  const restPart: Part = {};
  const restLines: Record<number, MeasuredCell> = {};
  let firstHeight = 0;
  let restHeight = 0;
  for (const [key, measured] of Object.entries(pending.lines ?? {})) {
    const index = Number(key);
    const from = pending.part?.[index]?.from;
    const to = pending.part?.[index]?.to;
    const lines = measured.lines;
    if (lines.length === 0) {
      // Ended on an earlier part: nothing more of it.
      first[index] = { from, to };
      restPart[index] = { from, to };
      restLines[index] = measured;
      continue;
    }
    // Lines that fit: their bottom (plus the cell's bottom padding) within the budget. At
    // least one line, so that the split always makes progress.
    let fit = 0;
    while (fit < lines.length && lines[fit]!.bottom + measured.padBottom <= budget) fit++;
    if (fit === 0) fit = 1;
    const lastFit = lines[fit - 1]!;
    firstHeight = Math.max(firstHeight, lastFit.bottom + measured.padBottom);
    if (fit >= lines.length) {
      // The whole (rest of the) cell fits: shown here, empty on the continuation.
      first[index] = { from, to };
      restPart[index] = { from: to ?? { item: Number.MAX_SAFE_INTEGER, offset: 0 }, to };
      restLines[index] = { ...measured, lines: [] };
      continue;
    }
    const cut: Cut = { item: lines[fit]!.item, offset: lines[fit]!.offset };
    first[index] = { from, to: cut };
    restPart[index] = { from: cut, to };
    const shift = lines[fit]!.top - measured.padTop;
    const rest = lines.slice(fit).map((l) => ({ ...l, top: l.top - shift, bottom: l.bottom - shift }));
    restLines[index] = { ...measured, lines: rest };
    restHeight = Math.max(restHeight, rest[rest.length - 1]!.bottom + measured.padBottom);
  }
  // Cells that are not split keep their own height (a name, an amount) on both parts.
  const others = pending.height - Math.max(...Object.values(pending.lines ?? {}).map((c) => (c.lines.at(-1)?.bottom ?? 0) + c.padBottom), 0);
  if (restHeight === 0) return { first, firstHeight: Math.max(firstHeight, others), rest: undefined };
  return {
    first,
    firstHeight: Math.min(budget, Math.max(firstHeight, 0)),
    rest: { ...pending, height: Math.max(restHeight, 0), part: restPart, continuation: true, lines: restLines },
  };
}

/** The items of a cell between two cuts (undefined = the start / the end). */
export function sliceItems<T extends { number: string; text: string }>(items: readonly T[], from: Cut | undefined, to: Cut | undefined): T[] {
  const out: T[] = [];
  items.forEach((item, i) => {
    const start = from === undefined || i > from.item ? 0 : i === from.item ? from.offset : Number.POSITIVE_INFINITY;
    const end = to === undefined || i < to.item ? item.text.length : i === to.item ? to.offset : Number.NEGATIVE_INFINITY;
    if (start === Number.POSITIVE_INFINITY || end === Number.NEGATIVE_INFINITY || end < start) return;
    if (start === end && !(start === 0 && item.text.length === 0)) return;
    // A line continued from the previous part carries no number.
    out.push({ ...item, number: start === 0 ? item.number : '', text: item.text.slice(start, end) });
  });
  return out;
}
