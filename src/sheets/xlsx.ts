/**
 * Grid ─▶ .xlsx (cli.md "Spreadsheets and documents"): the official form as a workbook.
 * One sheet named after the form; merges, thin black borders on every cell of the grid,
 * 宋体 10.5 pt (title 18 pt bold), wrapped top-aligned text, amounts as numbers in
 * `#,##0.00` (or four decimals), A4 portrait fitted to the page width, the title rows
 * repeated on every printed page, document title and author.
 *
 * exceljs writes the workbook; the archive is then rewritten by zip.ts with a fixed
 * timestamp and order, and the document dates come from the caller (SOURCE_DATE_EPOCH),
 * so the same input gives the same bytes.
 */
import ExcelJS from 'exceljs';
import type { Grid, GridCell } from './grid.js';
import { BODY_PT, TITLE_PT } from './grid.js';
import { readZip, writeZip } from './zip.js';

/** Options of `writeXlsx`. */
export interface XlsxOptions {
  /** the document's created and modified date */
  date: Date;
  /** the program that wrote it, e.g. `declare 0.1.0` */
  generator: string;
}

/** The body font of the form (layout.md "Page": 宋体-like serif). */
export const FONT_NAME = '宋体';

const THIN = { style: 'thin', color: { argb: 'FF000000' } } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN } as const;

/** An Excel sheet name: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetNameOf(title: string): string {
  const clean = title.replace(/[:\\/?*[\]]/g, '_').replace(/^'+|'+$/g, '');
  return (clean === '' ? 'Sheet1' : clean).slice(0, 31);
}

function styleCell(cell: ExcelJS.Cell, g: GridCell, precision: number): void {
  const base = { name: FONT_NAME, size: BODY_PT, family: 1 } as const;
  switch (g.kind) {
    case 'title':
      cell.font = { ...base, size: TITLE_PT, bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle' };
      return;
    case 'subtitle':
      cell.font = { ...base, size: 12 };
      cell.alignment = { horizontal: 'center', vertical: 'middle' };
      return;
    case 'filer':
      cell.font = base;
      cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
      return;
    case 'label':
    case 'section':
      cell.font = { ...base, bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      break;
    case 'amount':
      cell.font = base;
      cell.alignment = { horizontal: 'right', vertical: 'top' };
      cell.numFmt = precision === 4 ? '#,##0.0000' : '#,##0.00';
      break;
    case 'text':
      cell.font = base;
      cell.alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
      break;
  }
  cell.border = BORDER;
}

/**
 * The workbook's cell value of a grid cell. An amount is a number: the one place where a
 * Decimal becomes a JavaScript number, because that is what a spreadsheet cell holds. It
 * is exact for the file's own digits (≤ 4 decimals below 10^9: at most 13 significant
 * digits, and a double's shortest form gives them back, which is how `import` reads it).
 */
function valueOf(g: GridCell): ExcelJS.CellValue {
  if (g.kind === 'amount') return g.amount === undefined ? null : Number(g.amount.toString());
  return g.text === '' ? null : g.text;
}

/** Build the workbook's bytes. */
export async function writeXlsx(grid: Grid, options: XlsxOptions): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = grid.author;
  wb.lastModifiedBy = options.generator;
  wb.title = grid.documentTitle;
  wb.subject = grid.formTitle;
  wb.created = options.date;
  wb.modified = options.date;
  wb.calcProperties = { fullCalcOnLoad: false };
  const ws = wb.addWorksheet(sheetNameOf(grid.formTitle), {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages as the form needs
      horizontalCentered: true,
      margins: { left: 0.6, right: 0.6, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
      printTitlesRow: `${grid.headerRows[0] + 1}:${grid.headerRows[1] + 1}`,
    },
    headerFooter: {
      oddFooter: '&C第 &P 页 共 &N 页',
      ...(grid.unchecked ? { oddHeader: `&C&B${grid.uncheckedNote.replace(/&/g, '&&')}` } : {}),
    },
    views: [{ showGridLines: false }],
  });
  ws.columns = grid.columns.map((width) => ({ width }));
  for (let r = 0; r < grid.rowCount; r++) ws.getRow(r + 1).height = grid.rowHeights[r]!;
  for (const g of grid.cells) {
    // Style every cell of a merge (borders are drawn per cell), then merge and set the value.
    for (let r = g.row; r < g.row + g.rowSpan; r++) {
      for (let c = g.col; c < g.col + g.colSpan; c++) styleCell(ws.getCell(r + 1, c + 1), g, grid.precision);
    }
    if (g.rowSpan > 1 || g.colSpan > 1) ws.mergeCells(g.row + 1, g.col + 1, g.row + g.rowSpan, g.col + g.colSpan);
    ws.getCell(g.row + 1, g.col + 1).value = valueOf(g);
  }
  const written = new Uint8Array(await wb.xlsx.writeBuffer());
  return deterministic(written);
}

/** Rewrite an archive written by a library: same entries, same order, fixed timestamps. */
export function deterministic(bytes: Uint8Array): Uint8Array {
  const read = readZip(bytes, { maxEntries: 10_000, maxEntryBytes: 512 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024 });
  if (!read.ok) throw new Error(`internal: the archive just written cannot be read (${read.problem.kind})`);
  return writeZip(read.entries);
}
