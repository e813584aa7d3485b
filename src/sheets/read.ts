/**
 * Bytes of a workbook someone sent us ─▶ the cells of its sheets (cli.md "Spreadsheets and
 * documents", `declare import`). Bounded before any parsing: the file's size (the caller
 * reads at most MAX_FILE_BYTES), an .xlsx archive's declared and actual unpacked sizes
 * (zip.ts), the number of rows read per sheet; an encrypted (password-protected) file is
 * recognised and refused with its own reason.
 *
 * .xlsx and .xls are parsed by SheetJS (one reader for both, the old binary format
 * included); .csv by the small RFC 4180 reader below, so every CSV cell stays the text it
 * was (a spreadsheet's CSV parser would turn `1,499.73` or `2023-01-05` into numbers).
 *
 * Pure: bytes in, data out; never throws for any input.
 */
import { isUtf8 } from 'node:buffer';
import { readZip, looksLikeZip, writeZip, type ZipProblem } from './zip.js';

/** What a cell holds. */
export type CellKind = 'text' | 'number' | 'bool' | 'date' | 'error' | 'empty';

/** One non-empty cell (or a formula cell without a value). */
export interface SheetCell {
  /** 0-based row */
  row: number;
  /** 0-based column */
  col: number;
  /** what it holds */
  kind: CellKind;
  /** text as shown (formatted number, error code); for text cells the text itself */
  text: string;
  /** a number cell's value as the shortest decimal text of the double (`1499.73`) */
  number?: string;
  /** the formula, without `=`, when the cell has one */
  formula?: string;
}

/** A merged range, 0-based and inclusive. */
export interface MergeRange {
  /** first row */
  r0: number;
  /** first column */
  c0: number;
  /** last row */
  r1: number;
  /** last column */
  c1: number;
}

/** One sheet. */
export interface SheetData {
  /** its name (the tab) */
  name: string;
  /** its non-empty cells, row by row */
  cells: SheetCell[];
  /** its merged ranges */
  merges: MergeRange[];
  /** more rows than MAX_ROWS: only the first were read */
  truncated: boolean;
}

/** Why a workbook could not be read at all (exit 2). */
export type ReadProblem =
  | { kind: 'encrypted' }
  | { kind: 'zip'; problem: ZipProblem }
  | { kind: 'unreadable'; detail: string }
  | { kind: 'unknown-type' };

/** The outcome of reading. */
export type ReadResult = { ok: true; sheets: SheetData[] } | { ok: false; problem: ReadProblem };

/** Rows read per sheet: a form has about a hundred; more is not a form (and bounds the work). */
export const MAX_ROWS = 5000;

/** Limits on an .xlsx archive's parts: real forms unpack to well under a megabyte. */
export const XLSX_LIMITS = { maxEntries: 1000, maxEntryBytes: 32 * 1024 * 1024, maxTotalBytes: 48 * 1024 * 1024 } as const;

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Whether the bytes are an OLE compound file (.xls, or an encrypted .xlsx). */
export function looksLikeOle(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && OLE_MAGIC.every((b, i) => bytes[i] === b);
}

/** The file's type by its content first, its extension second. */
export function fileType(bytes: Uint8Array, name: string): 'xlsx' | 'xls' | 'csv' | undefined {
  if (looksLikeZip(bytes)) return 'xlsx';
  if (looksLikeOle(bytes)) return 'xls';
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') return 'csv';
  if (ext === 'xlsx' || ext === 'xls') return ext; // damaged: the reader says why
  return undefined;
}

/** Read a workbook. `name` is the file name (CSV: the sheet's name is its stem). */
export async function readWorkbook(bytes: Uint8Array, name: string): Promise<ReadResult> {
  const type = fileType(bytes, name);
  if (type === undefined) return { ok: false, problem: { kind: 'unknown-type' } };
  if (type === 'csv') return { ok: true, sheets: [readCsv(bytes, name)] };
  let input: Uint8Array = bytes;
  if (type === 'xlsx') {
    // Unpack with every size checked, then hand SheetJS the verified parts stored
    // uncompressed: it never inflates anything itself.
    const zip = readZip(bytes, XLSX_LIMITS);
    if (!zip.ok) return { ok: false, problem: zip.problem.kind === 'encrypted' ? { kind: 'encrypted' } : { kind: 'zip', problem: zip.problem } };
    input = writeZip(zip.entries, { store: true });
  }
  try {
    const XLSX = await import('@e965/xlsx');
    if (type === 'xls') {
      // An encrypted .xlsx is an OLE file holding EncryptedPackage (MS-OFFCRYPTO 2.3.4).
      const cfb = XLSX.CFB.read(Buffer.from(bytes), { type: 'buffer' });
      if (cfb.FullPaths.some((p: string) => /\/(EncryptionInfo|EncryptedPackage)$/i.test(p))) return { ok: false, problem: { kind: 'encrypted' } };
      const cp = await import('@e965/xlsx/dist/cpexcel.full.mjs');
      XLSX.set_cptable(cp);
    }
    const wb = XLSX.read(Buffer.from(input), { type: 'buffer', cellFormula: true, cellNF: true, cellText: true, cellDates: false, sheetRows: MAX_ROWS + 1, dense: true });
    const sheets: SheetData[] = [];
    for (const sheetName of wb.SheetNames) {
      const ws = wb.Sheets[sheetName];
      if (ws === undefined) continue;
      sheets.push(sheetOf(XLSX, sheetName, ws));
    }
    return { ok: true, sheets };
  } catch (err) {
    const detail = (err as Error)?.message ?? String(err);
    if (/password|encrypt/i.test(detail)) return { ok: false, problem: { kind: 'encrypted' } };
    return { ok: false, problem: { kind: 'unreadable', detail } };
  }
}

type XlsxModule = typeof import('@e965/xlsx');

function sheetOf(XLSX: XlsxModule, name: string, ws: import('@e965/xlsx').WorkSheet): SheetData {
  const cells: SheetCell[] = [];
  const dense = (ws as unknown as { '!data'?: (import('@e965/xlsx').CellObject | undefined)[][] })['!data'] ?? [];
  let truncated = false;
  for (let r = 0; r < dense.length; r++) {
    const row = dense[r];
    if (!row) continue;
    if (r >= MAX_ROWS) {
      truncated = true;
      break;
    }
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (!cell) continue;
      const out = cellOf(XLSX, cell, r, c);
      if (out) cells.push(out);
    }
  }
  const merges = (ws['!merges'] ?? []).map((m) => ({ r0: m.s.r, c0: m.s.c, r1: Math.min(m.e.r, MAX_ROWS), c1: m.e.c })).filter((m) => m.r0 < MAX_ROWS);
  return { name, cells, merges, truncated };
}

function cellOf(XLSX: XlsxModule, cell: import('@e965/xlsx').CellObject, row: number, col: number): SheetCell | undefined {
  const formula = typeof cell.f === 'string' && cell.f !== '' ? cell.f : undefined;
  const base = { row, col, ...(formula ? { formula } : {}) };
  const shown = typeof cell.w === 'string' ? cell.w : undefined;
  switch (cell.t) {
    case 's': {
      const text = String(cell.v ?? '').replace(/\r\n?/g, '\n');
      if (text === '' && !formula) return undefined;
      return { ...base, kind: 'text', text };
    }
    case 'n': {
      const v = cell.v as number;
      const isDate = typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z);
      return { ...base, kind: isDate ? 'date' : 'number', text: shown ?? String(v), number: String(v) };
    }
    case 'b':
      return { ...base, kind: 'bool', text: shown ?? String(cell.v) };
    case 'd':
      return { ...base, kind: 'date', text: shown ?? String(cell.v) };
    case 'e':
      return { ...base, kind: 'error', text: shown ?? '#ERROR' };
    default:
      return formula ? { ...base, kind: 'empty', text: '' } : undefined;
  }
}

/** CSV text: UTF-8 (with or without BOM), UTF-16 with a BOM, otherwise GB 18030 (Chinese Excel's default). */
function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (isUtf8(bytes)) return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  return new TextDecoder('gb18030').decode(bytes);
}

/** A CSV file as one sheet named after the file, every cell text (RFC 4180; tab-separated when the first line says so). */
export function readCsv(bytes: Uint8Array, name: string): SheetData {
  const text = decodeCsv(bytes);
  const firstLine = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  const sep = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const cells: SheetCell[] = [];
  let row = 0;
  let col = 0;
  let field = '';
  let quoted = false;
  let truncated = false;
  const push = () => {
    const value = field.replace(/\r\n?/g, '\n');
    if (value.trim() !== '') cells.push({ row, col, kind: 'text', text: value });
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) {
      push();
      col++;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      push();
      row++;
      col = 0;
      if (row >= MAX_ROWS) {
        truncated = i + 1 < text.length;
        break;
      }
    } else field += ch;
  }
  if (!truncated) push();
  const stem = name.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'Sheet1';
  return { name: stem, cells, merges: [], truncated };
}
