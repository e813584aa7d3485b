/**
 * Grid ─▶ .docx (cli.md "Spreadsheets and documents"): the official form as one Word
 * table, for offices that submit Word. The same grid as the workbook (grid.ts): merged
 * cells, 0.5 pt rules on every cell, 宋体 10.5 pt, the title rows marked as header rows
 * (repeated at the top of every page), rows that do not split across pages, A4 portrait,
 * 「第 X 页 共 Y 页」 in the footer, document title and author.
 *
 * The `docx` package writes the document; the archive is rewritten with fixed timestamps
 * and the document dates set to the caller's date (SOURCE_DATE_EPOCH), so the same input
 * gives the same bytes.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { Grid, GridCell } from './grid.js';
import { BODY_PT, TITLE_PT } from './grid.js';
import { FONT_NAME } from './xlsx.js';
import { readZip, writeZip } from './zip.js';

/** Options of `writeDocx`. */
export interface DocxOptions {
  /** the document's created and modified date */
  date: Date;
  /** the program that wrote it */
  generator: string;
}

/** A4 in twentieths of a point, and the text width inside 2 cm margins. */
const A4 = { width: 11906, height: 16838 } as const;
const MARGIN = 1134;
const TEXT_WIDTH = A4.width - 2 * MARGIN;

const RULE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const; // 4 eighths = 0.5 pt
const NO_RULE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;

function paragraphs(g: GridCell): Paragraph[] {
  const bold = g.kind === 'label' || g.kind === 'section' || g.kind === 'title';
  const size = Math.round((g.kind === 'title' ? TITLE_PT : g.kind === 'subtitle' ? 12 : BODY_PT) * 2);
  const alignment = g.kind === 'amount' ? AlignmentType.RIGHT : g.kind === 'text' || g.kind === 'filer' ? AlignmentType.LEFT : AlignmentType.CENTER;
  const lines = g.text === '' ? [''] : g.text.split('\n');
  return lines.map((line) => new Paragraph({ alignment, children: [new TextRun({ text: line, bold, size, font: FONT_NAME })] }));
}

/** Build the document's bytes. */
export async function writeDocx(grid: Grid, options: DocxOptions): Promise<Uint8Array> {
  const total = grid.columns.reduce((a, b) => a + b, 0);
  const widths = grid.columns.map((w) => Math.floor((w / total) * TEXT_WIDTH));
  const rows: TableRow[] = [];
  for (let r = 0; r < grid.rowCount; r++) {
    const starting = grid.cells.filter((g) => g.row === r);
    const cells = starting.map((g) => {
      const frameless = g.kind === 'title' || g.kind === 'subtitle' || g.kind === 'filer';
      const width = widths.slice(g.col, g.col + g.colSpan).reduce((a, b) => a + b, 0);
      return new TableCell({
        children: paragraphs(g),
        columnSpan: g.colSpan,
        rowSpan: g.rowSpan,
        width: { size: width, type: WidthType.DXA },
        verticalAlign: g.kind === 'text' || g.kind === 'amount' ? VerticalAlignTable.TOP : VerticalAlignTable.CENTER,
        margins: { top: 40, bottom: 40, left: 80, right: 80 },
        borders: frameless ? { top: NO_RULE, bottom: NO_RULE, left: NO_RULE, right: NO_RULE } : { top: RULE, bottom: RULE, left: RULE, right: RULE },
      });
    });
    const header = r >= grid.headerRows[0] && r <= grid.headerRows[1];
    rows.push(new TableRow({ children: cells, tableHeader: header, cantSplit: true }));
  }
  const table = new Table({
    rows,
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
  });
  const footer = new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'], font: FONT_NAME, size: 18 })] })],
  });
  const header = grid.unchecked
    ? { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: grid.uncheckedNote, bold: true, color: 'C00000', font: FONT_NAME, size: 20 })] })] }) }
    : undefined;
  const doc = new Document({
    creator: grid.author,
    title: grid.documentTitle,
    subject: grid.formTitle,
    lastModifiedBy: options.generator,
    styles: { default: { document: { run: { font: FONT_NAME, size: Math.round(BODY_PT * 2) } } } },
    sections: [
      {
        properties: { page: { size: { width: A4.width, height: A4.height, orientation: PageOrientation.PORTRAIT }, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } },
        footers: { default: footer },
        ...(header ? { headers: header } : {}),
        children: [table],
      },
    ],
  });
  const bytes = new Uint8Array(await Packer.toBuffer(doc));
  return fixDates(bytes, options.date);
}

/** The archive with fixed timestamps and docProps/core.xml's dates set to `date`. */
function fixDates(bytes: Uint8Array, date: Date): Uint8Array {
  const read = readZip(bytes, { maxEntries: 10_000, maxEntryBytes: 512 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024 });
  if (!read.ok) throw new Error(`internal: the document just written cannot be read (${read.problem.kind})`);
  const iso = `${date.toISOString().slice(0, 19)}Z`;
  const entries = read.entries.map((e) => {
    if (e.name !== 'docProps/core.xml') return e;
    const xml = Buffer.from(e.data).toString('utf8')
      .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${iso}$2`)
      .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${iso}$2`);
    return { name: e.name, data: Buffer.from(xml, 'utf8') };
  });
  return writeZip(entries);
}
