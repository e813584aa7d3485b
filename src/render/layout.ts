/**
 * Grid + page plan ─▶ the page model the template lays out: per page the rows, per row
 * the cells with their colspan and rowspan on that page. Merge keys become rowspans here,
 * page by page, so a merged cell never runs over a page break: it ends at the foot of
 * one page (closed by the table's rule) and starts again at the head of the next, with
 * its text (a section label with 「（续）」).
 *
 * Pure. Without a plan (HTML written without a browser) the whole form is one page of
 * the model and the browser's own page breaks apply (templates/form.css).
 */
import type { FormGrid, GridCell } from './grid.js';
import { sliceItems, type PagePlan, type Placed } from './paginate.js';
import type { NumberedLine } from './view.js';

/** One cell as the template writes it. */
export interface CellView {
  /** th (labels) or td */
  th: boolean;
  /** CSS classes */
  cls: string;
  colspan: number;
  rowspan: number;
  /** th scope ("" for none) */
  scope: string;
  /** the lines of the cell */
  items: NumberedLine[];
  /** the section label where its section starts: written as an h2 (PDF bookmark) */
  heading: boolean;
  /** data-cell: the cell's index in its grid row (measure.ts finds split cells by it) */
  index: number;
}

/** One table row. */
export interface RowView {
  /** data-row: "s.r" for body row r of section s, "s.hN" for header row N */
  key: string;
  /** data-section: the section id */
  section: string;
  /** the row is a column header row (repeated on continued pages) */
  header: boolean;
  cells: CellView[];
}

/** One printed page (a sheet of its own in the HTML). */
export interface PageView {
  /** the first page of the form: the title block is above its table */
  first: boolean;
  /** the CSS page name of this sheet ("" for none): a bound volume's per-page footer (combine.ts) */
  name: string;
  rows: RowView[];
}

/** The whole form laid out as one page (no plan): every row, in order. */
export function onePagePlan(grid: FormGrid): PagePlan {
  const page: Placed[] = [];
  grid.sections.forEach((section, s) => section.rows.forEach((_, r) => page.push({ section: s, row: r })));
  return { pages: [page] };
}

interface Line {
  key: string;
  section: string;
  header: boolean;
  cells: { cell: GridCell; index: number; items: NumberedLine[] }[];
}

/** The page model of a plan. */
export function layoutPages(grid: FormGrid, plan: PagePlan, pageName: (index: number) => string = () => ''): PageView[] {
  /** merge keys already shown on an earlier page (a cell of such a key continues) */
  const seen = new Set<string>();
  /** sections already started (their heading is written once) */
  const started = new Set<number>();
  return plan.pages.map((placed, pageIndex) => {
    const lines: Line[] = [];
    let previous: number | undefined;
    for (const p of placed) {
      const section = grid.sections[p.section]!;
      if (p.section !== previous) {
        section.header.forEach((row, h) => {
          lines.push({ key: `${p.section}.h${h}`, section: section.id, header: true, cells: row.cells.map((cell, index) => ({ cell, index, items: cell.items })) });
        });
      }
      previous = p.section;
      const row = section.rows[p.row]!;
      lines.push({
        key: `${p.section}.${p.row}`,
        section: section.id,
        header: false,
        cells: row.cells.map((cell, index) => {
          const range = p.part?.[index];
          if (range) return { cell, index, items: sliceItems(cell.items, range.from, range.to) };
          if (p.continuation && cell.repeat !== true && cell.merge === undefined) return { cell, index, items: [] };
          return { cell, index, items: cell.items };
        }),
      });
    }
    const rows: RowView[] = lines.map((line, li) => {
      const cells: CellView[] = [];
      for (const { cell, index, items } of line.cells) {
        let rowspan = 1;
        if (cell.merge !== undefined) {
          const above = lines[li - 1]?.cells.some((c) => c.cell.merge === cell.merge && c.cell.col === cell.col);
          if (above) continue; // covered by the merged cell that starts above
          while (lines[li + rowspan]?.cells.some((c) => c.cell.merge === cell.merge && c.cell.col === cell.col)) rowspan++;
        }
        const continues = cell.merge !== undefined && seen.has(cell.merge);
        const sectionIndex = Number(line.key.split('.')[0]);
        const heading = cell.heading === true && !continues && !started.has(sectionIndex);
        if (heading) started.add(sectionIndex);
        // A continued section label: the label, and 「（续）」 on a line of its own.
        const shown = continues && cell.continued !== undefined ? cell.continued.split('\n').map((text) => ({ number: '', text })) : items;
        cells.push({
          th: cell.kind === 'label',
          cls: [cell.kind, cell.nowrap ? 'nowrap' : '', cell.repeat ? 'repeat' : '', cell.merge !== undefined && cell.col === 0 ? 'section' : '', cell.merge !== undefined && cell.col > 0 ? 'level' : ''].filter((c) => c !== '').join(' '),
          colspan: cell.span,
          rowspan,
          scope: cell.scope ?? '',
          items: shown,
          heading,
          index,
        });
      }
      return { key: line.key, section: line.section, header: line.header, cells };
    });
    for (const line of lines) for (const { cell } of line.cells) if (cell.merge !== undefined) seen.add(cell.merge);
    return { first: pageIndex === 0, name: pageName(pageIndex), rows };
  });
}
