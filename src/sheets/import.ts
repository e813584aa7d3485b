/**
 * The cells of a filled-in form ─▶ a declaration as YAML (cli.md "Spreadsheets and
 * documents", `declare import`).
 *
 * Labels are found by their text, never by fixed cells, so inserted rows and columns,
 * merged cells, blank rows, other sheets and a title row do not matter. What to look for
 * comes from the form definition (src/forms): every field's printed label (`zh`):
 *
 * - a leaf field (text, amount, enum, year) is the value to the right of its label;
 * - a list of texts (总体绩效目标) is the cell to the right of its label, numbered lines
 *   split into items (or one item per row when the label is merged down over rows);
 * - a list of mappings (年度重点工作任务) is a header row of its children's labels and
 *   the rows below it;
 * - the indicator framework (绩效指标) is a header row of 一级指标 / 二级指标 and the
 *   三级指标's fields, with 一级/二级 cells merged down (or left blank) over their rows.
 *
 * A few facts are not a label beside a value; IMPORT_HINTS says where they are for
 * each form (the year in the title line 「（2023年度）」, the level in 「区本级使用资金」).
 *
 * The YAML is built as text with a comment naming each value's cell (`# Sheet1!C5`), then
 * put in fmt's canonical form. A value that cannot be read as its field wants is written
 * as it was read (validate then names the line) and reported as a problem naming the cell.
 *
 * Pure: cells in, text and problems out.
 */
import { Decimal } from 'decimal.js';
import { DEFAULT_FORM } from '../forms/index.js';
import type { FieldDef, FormDefinition } from '../forms/types.js';
import { parseAmount } from '../model/amount.js';
import { formatDeclaration } from '../review/fmt.js';
import type { MergeRange, SheetCell, SheetData } from './read.js';

/** Where a fact of a form is when it is not a label beside its value. */
export interface ImportHints {
  /** the field taken from the year in the title line 「（2023年度）」 when it has no label */
  yearFromTitle?: string;
  /** a label that starts with one of an enum field's values (「区本级使用资金」 gives level 区) */
  prefixed?: { path: string; enumPath: string };
  /** fields never printed (format version): not looked for */
  skip?: readonly string[];
  /** fixed words of the layout that are labels too (stop a table) but not fields */
  words?: readonly string[];
  /** lists the form always numbers (总体绩效目标); the others are numbered only with more than one item */
  alwaysNumbered?: readonly string[];
  /** lists whose text is below their label, not beside it (实施期目标 and 年度目标 side by side) */
  below?: readonly string[];
  /** a mapping of two years printed in one cell beside its label (项目期 「2023年—2025年」) */
  yearRange?: { path: string; start: string; end: string };
  /**
   * Fields whose label repeats (财政拨款, 其他资金 for the period and for the year): the
   * label taken is the one under the named field's label, in its column (or else the next
   * one right of it, in its row).
   */
  under?: Readonly<Record<string, string>>;
}

/** Each form's hints, by form id. */
export const IMPORT_HINTS: Readonly<Record<string, ImportHints>> = {
  部门整体: {
    yearFromTitle: 'year',
    prefixed: { path: 'budget.allocation.own', enumPath: 'level' },
    skip: ['version'],
    words: ['预算金额（万元）'],
    alwaysNumbered: ['goals'],
  },
  项目支出: {
    yearFromTitle: 'year',
    skip: ['version'],
    alwaysNumbered: ['goals.period', 'goals.annual'],
    below: ['goals.period', 'goals.annual'],
    yearRange: { path: 'period', start: 'period.start', end: 'period.end' },
    under: {
      'funds.period.appropriation': 'funds.period.total',
      'funds.period.other': 'funds.period.total',
      'funds.annual.appropriation': 'funds.annual.total',
      'funds.annual.other': 'funds.annual.total',
    },
  },
};

/** A problem with one cell or part (data: the message catalogue words it). */
export type ImportProblem =
  | { code: 'formula'; severity: 'warning'; at: string; formula: string; value: string }
  | { code: 'formulaNoValue'; severity: 'error'; at: string; formula: string; label: string }
  | { code: 'date'; severity: 'error'; at: string; label: string; text: string }
  | { code: 'notAmount'; severity: 'error'; at: string; label: string; text: string }
  | { code: 'notYears'; severity: 'error'; at: string; label: string; text: string }
  | { code: 'errorCell'; severity: 'error'; at: string; label: string; text: string }
  | { code: 'labelMissing'; severity: 'warning'; sheet: string; label: string }
  | { code: 'truncated'; severity: 'warning'; sheet: string; rows: number };

/** The result of importing. */
export interface ImportResult {
  /** the form recognised */
  form: FormDefinition;
  /** the sheet read */
  sheet: string;
  /** the declaration, canonical YAML with a source-cell comment per value */
  yaml: string;
  /** what could not be read cleanly, in sheet order */
  problems: ImportProblem[];
}

/**
 * Normalise a label for comparison: NFKC (full-width brackets, colons, digits), no white
 * space, no trailing colon, no leading 「其中：」 (the forms print 「其中：财政拨款」 for a part).
 */
export function normLabel(s: string): string {
  return s.normalize('NFKC').replace(/[\s\u3000]+/g, '').replace(/[:：]+$/, '').replace(/^其中[:：]+(?=.)/, '');
}

/** `C5` for 0-based row 4, column 2. */
export function cellName(row: number, col: number): string {
  let c = col + 1;
  let letters = '';
  while (c > 0) {
    const m = (c - 1) % 26;
    letters = String.fromCharCode(65 + m) + letters;
    c = Math.floor((c - 1) / 26);
  }
  return `${letters}${row + 1}`;
}

/** `Sheet1!C5`, the sheet name quoted as spreadsheets do when it is not a plain word. */
export function placeOf(sheet: string, row: number, col: number): string {
  const name = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${cellName(row, col)}`;
}

/** Most merged cells indexed per sheet (a form has a few hundred). */
const MAX_MERGED_CELLS = 200_000;

/** One sheet with lookups. */
class Sheet {
  readonly byPos = new Map<string, SheetCell>();
  readonly mergeAt = new Map<string, MergeRange>();
  readonly labels = new Map<string, SheetCell[]>();
  constructor(readonly data: SheetData) {
    for (const c of data.cells) {
      this.byPos.set(`${c.row},${c.col}`, c);
      if (c.kind === 'text') {
        const k = normLabel(c.text);
        if (k !== '') this.labels.set(k, [...(this.labels.get(k) ?? []), c]);
      }
    }
    // Cap what merges can make us index: a real form merges a few hundred cells in all.
    let budget = MAX_MERGED_CELLS;
    for (const m of data.merges) {
      const size = (m.r1 - m.r0 + 1) * (m.c1 - m.c0 + 1);
      if (size > budget) continue;
      budget -= size;
      for (let r = m.r0; r <= m.r1; r++) for (let c = m.c0; c <= m.c1; c++) this.mergeAt.set(`${r},${c}`, m);
    }
    let maxCol = 0;
    let maxRow = 0;
    for (const c of data.cells) {
      maxCol = Math.max(maxCol, c.col);
      maxRow = Math.max(maxRow, c.row);
    }
    for (const g of data.merges) maxCol = Math.max(maxCol, Math.min(g.c1, maxCol + 64));
    this.maxCol = maxCol;
    this.maxRow = maxRow;
  }
  /** the last column with a cell (or a merge reaching a little past it) */
  readonly maxCol: number;
  /** the last row with a cell */
  readonly maxRow: number;
  get name(): string {
    return this.data.name;
  }
  at(row: number, col: number): SheetCell | undefined {
    return this.byPos.get(`${row},${col}`);
  }
  /** The merge a cell belongs to, or the cell alone. */
  extent(row: number, col: number): MergeRange {
    return this.mergeAt.get(`${row},${col}`) ?? { r0: row, c0: col, r1: row, c1: col };
  }
  /** The cell whose value shows at (row, col): the merge's top-left one. */
  shown(row: number, col: number): SheetCell | undefined {
    const m = this.extent(row, col);
    return this.at(m.r0, m.c0);
  }
  find(label: string): SheetCell[] {
    return this.labels.get(normLabel(label)) ?? [];
  }
}

/** A value read from a cell. */
interface Read {
  /** YAML scalar source text */
  yaml: string;
  /** where it came from */
  at: string;
}

/** The tree of read values, shaped like the declaration. */
type Tree = { [key: string]: Tree | Read | (Tree | Read)[] };

function isRead(v: unknown): v is Read {
  return typeof v === 'object' && v !== null && 'yaml' in v && 'at' in v;
}

const yamlText = (s: string): string => JSON.stringify(s);

/** Set `value` at a dotted path of the tree. */
function put(tree: Tree, path: string, value: Tree | Read | (Tree | Read)[]): void {
  const keys = path.split('.');
  let cur: Tree = tree;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    if (next === undefined || isRead(next) || Array.isArray(next)) cur[k] = {};
    cur = cur[k] as Tree;
  }
  cur[keys[keys.length - 1]!] = value;
}

/** Importing one sheet as one form. */
class Importer {
  readonly problems: ImportProblem[] = [];
  readonly tree: Tree = {};
  readonly hints: ImportHints;
  readonly known: Set<string>;
  /** the first amount read with three or four decimals (a form kept to the yuan: `precision: 4`) */
  fourPlaces: string | undefined;
  constructor(readonly form: FormDefinition, readonly sheet: Sheet) {
    this.hints = IMPORT_HINTS[form.id] ?? {};
    this.known = new Set([...form.fields.map((f) => normLabel(f.zh)), ...(this.hints.words ?? []).map(normLabel), normLabel(form.title)]);
  }

  /** Whether a cell's text is one of the form's labels (prefixed ones included). */
  isLabel(cell: SheetCell | undefined): boolean {
    if (!cell || cell.kind !== 'text') return false;
    const k = normLabel(cell.text);
    if (this.known.has(k)) return true;
    const p = this.hints.prefixed;
    return p !== undefined && this.prefixOf(k, p.path) !== undefined;
  }

  /** For a prefixed label (「区本级使用资金」): the prefix when it is one of the enum's values. */
  prefixOf(normText: string, path: string): string | undefined {
    const p = this.hints.prefixed;
    if (p === undefined || p.path !== path) return undefined;
    const base = normLabel(this.field(path).zh);
    if (!normText.endsWith(base) || normText.length === base.length) return undefined;
    const prefix = normText.slice(0, normText.length - base.length);
    return (this.field(p.enumPath).values ?? []).includes(prefix) ? prefix : undefined;
  }

  field(path: string): FieldDef {
    const f = this.form.fields.find((x) => x.path === path);
    if (!f) throw new Error(`no field ${path}`);
    return f;
  }

  place(cell: { row: number; col: number }): string {
    return placeOf(this.sheet.name, cell.row, cell.col);
  }

  /** The value cell right of a label: the first non-empty cell after its merge, up to the next label. */
  valueRight(label: SheetCell): SheetCell | undefined {
    const m = this.sheet.extent(label.row, label.col);
    let c = m.c1 + 1;
    const last = Math.min(this.sheet.maxCol, m.c1 + 6);
    while (c <= last) {
      const cell = this.sheet.shown(label.row, c);
      if (this.isLabel(cell)) return undefined;
      if (cell && cell.row === label.row) return cell;
      c = this.sheet.extent(label.row, c).c1 + 1;
    }
    return undefined;
  }

  /** Label cells of a leaf field, in sheet order (prefixed ones too). */
  labelCells(path: string): SheetCell[] {
    const f = this.field(path);
    const exact = this.sheet.find(f.zh);
    if (this.hints.prefixed?.path !== path) return exact;
    const prefixed = this.sheet.data.cells.filter((c) => c.kind === 'text' && this.prefixOf(normLabel(c.text), path) !== undefined);
    return [...exact, ...prefixed].sort((a, b) => a.row - b.row || a.col - b.col);
  }

  run(): void {
    const fields = this.form.fields;
    const byPath = new Map(fields.map((f) => [f.path, f]));
    const skip = new Set(this.hints.skip ?? []);
    for (const f of fields) {
      if (skip.has(f.path) || f.path === '') continue;
      if (f.path === 'filer' && f.kind === 'mapping') {
        this.filer(fields.filter((c) => c.path.startsWith('filer.') && c.path.split('.').length === 2));
        continue;
      }
      if (f.path.startsWith('filer.')) continue;
      const parentPattern = f.path.includes('.') ? f.path.slice(0, f.path.lastIndexOf('.')) : '';
      // Children of lists and frameworks are read with their list.
      if (f.path.includes('*')) continue;
      if (parentPattern !== '' && byPath.get(parentPattern)?.kind !== 'mapping') continue;
      switch (f.kind) {
        case 'text':
        case 'amount':
        case 'optional-amount':
        case 'year':
        case 'enum':
          this.leaf(f);
          break;
        case 'list': {
          const item = byPath.get(`${f.path}.*`);
          if (item?.kind === 'text') this.textList(f, item);
          else if (item?.kind === 'mapping') this.table(f);
          break;
        }
        case 'framework':
          this.framework(f);
          break;
        default:
          break;
      }
    }
  }

  leaf(f: FieldDef): void {
    if (f.path === this.hints.yearFromTitle && this.sheet.find(f.zh).length === 0) return this.yearFromTitle(f);
    const range = this.hints.yearRange;
    if (range !== undefined && (f.path === range.start || f.path === range.end) && this.sheet.find(f.zh).length === 0) return this.yearRange(range, f);
    const p = this.hints.prefixed;
    if (p !== undefined && f.path === p.enumPath && this.sheet.find(f.zh).length === 0) return; // read with its prefixed label
    const labels = this.labelCells(f.path);
    if (labels.length === 0) {
      if (f.required) this.problems.push({ code: 'labelMissing', severity: 'warning', sheet: this.sheet.name, label: f.zh });
      return;
    }
    const anchor = this.hints.under?.[f.path];
    // The first label with something beside it (a label may repeat, e.g. in a note), or
    // for a repeated label the one under its anchor's.
    const label = anchor !== undefined ? this.underAnchor(labels, anchor) : (labels.find((l) => this.valueRight(l) !== undefined) ?? labels[0]!);
    if (label === undefined) {
      if (f.required) this.problems.push({ code: 'labelMissing', severity: 'warning', sheet: this.sheet.name, label: f.zh });
      return;
    }
    if (p !== undefined && f.path === p.path) {
      const prefix = this.prefixOf(normLabel(label.text), f.path);
      if (prefix !== undefined) put(this.tree, p.enumPath, { yaml: yamlText(prefix), at: this.place(label) });
    }
    const cell = this.valueRight(label);
    if (cell === undefined) return;
    const read = this.scalar(f, cell);
    if (read) put(this.tree, f.path, read);
  }

  /**
   * 填报信息 (forms.md "Who filed it"): a line of 「label：value」 pairs (填报单位（盖章）：…　　
   * 填报人：…) in one cell or several, above or below the table, as offices type it and as
   * `render --xlsx` writes it; or a label alone in its cell with the value right of it. A
   * date is written YYYY-MM-DD when it reads as one (2023-01-15, 2023年1月15日, 2023/1/15,
   * 2023.1.15), else as it was read (validate then names the line).
   */
  filer(children: readonly FieldDef[]): void {
    if (children.length === 0) return;
    // A label's bracketed part may be left out (填报单位：…), in either width (（盖章） or (盖章)).
    const escape = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const source = (zh: string): string =>
      zh.split(/[（(]([^）)]*)[）)]/).map((part, i) => (i % 2 === 0 ? escape(part) : `(?:[（(]\\s*${escape(part)}\\s*[）)])?`)).join('');
    const alternatives = children.map((c) => `(${source(c.zh)})`).join('|');
    // 填报单位（盖章）：… 填报人：… : each label with its colon; the value runs to the next label.
    const pairs = new RegExp(`(?:${alternatives})[\\s\u3000]*[:：]`, 'g');
    const found = new Map<string, Read>();
    for (const cell of this.sheet.data.cells) {
      if (cell.kind !== 'text') continue;
      const hits = [...cell.text.matchAll(pairs)];
      hits.forEach((m, i) => {
        const which = m.slice(1).findIndex((g) => g !== undefined);
        const f = children[which];
        if (f === undefined || found.has(f.path)) return;
        const end = i + 1 < hits.length ? hits[i + 1]!.index : cell.text.length;
        const value = cell.text.slice(m.index + m[0].length, end).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
        if (value !== '') found.set(f.path, this.filerValue(f, value, this.place(cell)));
      });
    }
    for (const f of children) {
      if (found.has(f.path)) continue;
      const label = this.sheet.find(f.zh).find((l) => this.valueRight(l) !== undefined);
      const cell = label === undefined ? undefined : this.valueRight(label);
      if (cell === undefined || cell.kind === 'empty' || cell.kind === 'error') continue;
      const text = cell.text.trim();
      if (text !== '') found.set(f.path, this.filerValue(f, text, this.place(cell)));
    }
    for (const f of children) {
      const read = found.get(f.path);
      if (read !== undefined) put(this.tree, f.path, read);
    }
  }

  filerValue(f: FieldDef, text: string, at: string): Read {
    if (f.kind === 'date') {
      const d = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.normalize('NFKC'));
      if (d) return { yaml: `${d[1]}-${d[2]!.padStart(2, '0')}-${d[3]!.padStart(2, '0')}`, at };
    }
    return { yaml: yamlText(text), at };
  }

  /** Of a repeated label's cells, the one under the anchor field's label (same columns), else the next right of it (same row). */
  underAnchor(labels: readonly SheetCell[], anchorPath: string): SheetCell | undefined {
    const anchors = this.labelCells(anchorPath);
    const anchor = anchors.find((l) => this.valueRight(l) !== undefined) ?? anchors[0];
    if (anchor === undefined) return undefined;
    const m = this.sheet.extent(anchor.row, anchor.col);
    const below = labels.filter((l) => l.row > anchor.row && l.col >= m.c0 && l.col <= m.c1).sort((a, b) => a.row - b.row)[0];
    if (below !== undefined) return below;
    return labels.filter((l) => l.row >= m.r0 && l.row <= m.r1 && l.col > m.c1).sort((a, b) => a.col - b.col)[0];
  }

  /** The two years of 项目期 from the cell beside its label: 「2023年—2025年」, 「2023-2025」, one year for both. */
  yearRange(range: { path: string; start: string; end: string }, f: FieldDef): void {
    if (this.tree[range.path] !== undefined && !isRead(this.tree[range.path]) && (this.tree[range.path] as Tree)[f.path.slice(range.path.length + 1)] !== undefined) return;
    const labels = this.sheet.find(this.field(range.path).zh);
    const label = labels.find((l) => this.valueRight(l) !== undefined);
    if (label === undefined) {
      if (f.path === range.start) this.problems.push({ code: 'labelMissing', severity: 'warning', sheet: this.sheet.name, label: this.field(range.path).zh });
      return;
    }
    const cell = this.valueRight(label)!;
    const at = this.place(cell);
    const text = (cell.kind === 'number' ? (cell.number ?? cell.text) : cell.text).normalize('NFKC').trim();
    const years = [...text.matchAll(/(?<!\d)((?:19|20|21)\d{2})(?!\d)/g)].map((x) => x[1]!);
    if (cell.formula) this.problems.push({ code: 'formula', severity: 'warning', at, formula: cell.formula, value: cell.text });
    if (years.length === 0 || years.length > 2) {
      // Written as read: validate names the line and what a year is.
      this.problems.push({ code: 'notYears', severity: 'error', at, label: this.field(range.path).zh, text });
      put(this.tree, range.start, { yaml: yamlText(text), at });
      put(this.tree, range.end, { yaml: yamlText(text), at });
      return;
    }
    put(this.tree, range.start, { yaml: years[0]!, at });
    put(this.tree, range.end, { yaml: years[years.length - 1]!, at });
  }

  yearFromTitle(f: FieldDef): void {
    // The title line: 「（2023年度）」, or a title that holds the year (「2023年度部门整体…」).
    const title = normLabel(this.form.title);
    const titleCell = this.sheet.data.cells.find((c) => c.kind === 'text' && normLabel(c.text).includes(title));
    const top = titleCell?.row ?? 0;
    const candidates = this.sheet.data.cells.filter((c) => c.kind === 'text' && c.row <= top + 3).sort((a, b) => a.row - b.row || a.col - b.col);
    for (const c of candidates) {
      const m = /((?:19|20|21)\d{2})\s*年/.exec(c.text.normalize('NFKC'));
      if (m) {
        put(this.tree, f.path, { yaml: m[1]!, at: this.place(c) });
        return;
      }
    }
    this.problems.push({ code: 'labelMissing', severity: 'warning', sheet: this.sheet.name, label: f.zh });
  }

  /** A scalar of field `f` from a cell, with problems for what does not fit. */
  scalar(f: FieldDef, cell: SheetCell): Read | undefined {
    const at = this.place(cell);
    if (f.kind === 'amount' || f.kind === 'optional-amount') return this.amount(f, cell, at);
    if (cell.kind === 'error') {
      this.problems.push({ code: 'errorCell', severity: 'error', at, label: f.zh, text: cell.text });
      return undefined;
    }
    if (cell.kind === 'empty') {
      if (cell.formula) this.problems.push({ code: 'formulaNoValue', severity: 'error', at, formula: cell.formula, label: f.zh });
      return undefined;
    }
    if (cell.formula) this.problems.push({ code: 'formula', severity: 'warning', at, formula: cell.formula, value: cell.text });
    const text = cell.text.trim();
    if (f.kind === 'year') return { yaml: /^\d{4}$/.test(text.normalize('NFKC')) ? text.normalize('NFKC') : yamlText(text), at };
    return { yaml: yamlText(text), at };
  }

  amount(f: FieldDef, cell: SheetCell, at: string): Read | undefined {
    if (cell.formula && cell.kind === 'empty') {
      this.problems.push({ code: 'formulaNoValue', severity: 'error', at, formula: cell.formula, label: f.zh });
      return undefined;
    }
    if (cell.kind === 'error') {
      this.problems.push({ code: 'errorCell', severity: 'error', at, label: f.zh, text: cell.text });
      return undefined;
    }
    if (cell.kind === 'date') {
      this.problems.push({ code: 'date', severity: 'error', at, label: f.zh, text: cell.text });
      return { yaml: yamlText(cell.text), at };
    }
    if (cell.formula) this.problems.push({ code: 'formula', severity: 'warning', at, formula: cell.formula, value: cell.number ?? cell.text });
    if (cell.kind === 'number' && cell.number !== undefined) {
      // The double's shortest decimal form is the number as typed (1499.73), exactly.
      const d = /^-?\d+(\.\d+)?$/.test(cell.number) ? new Decimal(cell.number) : undefined;
      if (d !== undefined) return this.placesSeen({ yaml: d.toFixed(Math.max(2, d.decimalPlaces())), at }, d.decimalPlaces());
      this.problems.push({ code: 'notAmount', severity: 'error', at, label: f.zh, text: cell.text });
      return { yaml: yamlText(cell.number), at };
    }
    const text = amountText(cell.text);
    if (text === '') return undefined;
    const parsed = parseAmount(text);
    if (parsed.ok) return this.placesSeen({ yaml: parsed.value.toFixed(Math.max(2, parsed.value.decimalPlaces())), at }, parsed.value.decimalPlaces());
    // Four decimals (precision: 4) are written as read: validate decides.
    if (/^\d+\.\d{3,4}$/.test(text)) return this.placesSeen({ yaml: text, at }, text.length - text.indexOf('.') - 1);
    this.problems.push({ code: 'notAmount', severity: 'error', at, label: f.zh, text: cell.text });
    return { yaml: yamlText(cell.text.trim()), at };
  }

  /** Note the first amount given to the yuan (3–4 decimals): the form then reads as `precision: 4`. */
  placesSeen(read: Read, places: number): Read {
    if (places >= 3 && places <= 4) this.fourPlaces ??= read.at;
    return read;
  }

  /**
   * `precision: 4` (forms.md "Amount precision") is not a cell of the form: a workbook whose
   * amounts go to the yuan (724.2318, as `render --xlsx` writes a four-decimal form) is read
   * as one, so that it validates as it was filed; the comment names the first such cell.
   */
  precision(): void {
    if (this.fourPlaces === undefined || !this.form.fields.some((f) => f.path === 'precision')) return;
    put(this.tree, 'precision', { yaml: '4', at: this.fourPlaces });
  }

  /** 总体绩效目标 and the like: one cell of numbered lines, or one row per item under a merged label. */
  textList(f: FieldDef, item: FieldDef): void {
    const labels = [...this.sheet.find(f.zh), ...(item.zh !== f.zh ? this.sheet.find(item.zh) : [])];
    if (labels.length === 0) {
      if (f.required) this.problems.push({ code: 'labelMissing', severity: 'warning', sheet: this.sheet.name, label: f.zh });
      return;
    }
    if ((this.hints.below ?? []).includes(f.path)) return this.textListBelow(f, labels);
    const label = labels.find((l) => this.valueRight(l) !== undefined) ?? labels[0]!;
    const span = this.sheet.extent(label.row, label.col);
    // Without a merge (a CSV, a hand-made sheet), the rows below whose label column is
    // empty continue the list, up to the next label.
    let last = span.r1;
    while (last < this.sheet.maxRow && this.sheet.shown(last + 1, label.col) === undefined && !this.rowHasOtherLabel(last + 1, new Set()) && this.valueRight({ ...label, row: last + 1 }) !== undefined) last++;
    const items: Read[] = [];
    for (let r = span.r0; r <= last; r++) {
      const cell = this.valueRight({ ...label, row: r });
      if (!cell || cell.row !== r) continue;
      const at = this.place(cell);
      const text = cell.text;
      for (const t of splitList(text, (this.hints.alwaysNumbered ?? []).includes(f.path))) items.push({ yaml: yamlText(t), at });
    }
    if (items.length > 0) put(this.tree, f.path, items);
  }

  /** The cell of a list below its label (in the label's first column), if it starts on `row` and is not a label. */
  valueBelow(row: number, col: number): SheetCell | undefined {
    const cell = this.sheet.shown(row, col);
    if (!cell || cell.row !== row || this.isLabel(cell) || cell.kind === 'empty') return undefined;
    return cell;
  }

  /**
   * 实施期目标 / 年度目标: a header label with its text in the cell below (numbered lines),
   * or one item per row below it, down to the next row with a label or an empty cell.
   */
  textListBelow(f: FieldDef, labels: readonly SheetCell[]): void {
    const first = (l: SheetCell) => this.sheet.extent(l.row, l.col);
    const label = labels.find((l) => this.valueBelow(first(l).r1 + 1, l.col) !== undefined) ?? labels[0]!;
    const items: Read[] = [];
    const always = (this.hints.alwaysNumbered ?? []).includes(f.path);
    for (let r = first(label).r1 + 1; r <= this.sheet.maxRow; ) {
      const cell = this.valueBelow(r, label.col);
      if (!cell || (r > first(label).r1 + 1 && this.rowHasOtherLabel(r, new Set()))) break;
      const at = this.place(cell);
      for (const t of splitList(cell.text, always)) items.push({ yaml: yamlText(t), at });
      r = this.sheet.extent(cell.row, cell.col).r1 + 1;
    }
    if (items.length > 0) put(this.tree, f.path, items);
  }

  /** A header row holding the labels of `children` (≥ 2, the first included): row and column of each. */
  headerRow(children: readonly FieldDef[], extra: readonly string[] = []): { row: number; cols: Map<string, number> } | undefined {
    const wanted = [...extra, ...children.map((c) => c.zh)];
    const rows = new Map<number, Map<string, number>>();
    for (const label of wanted) {
      for (const cell of this.sheet.find(label)) {
        const m = rows.get(cell.row) ?? new Map<string, number>();
        if (!m.has(label)) m.set(label, cell.col);
        rows.set(cell.row, m);
      }
    }
    const first = wanted[0]!;
    const best = [...rows.entries()].filter(([, m]) => m.has(first) && m.size >= 2).sort((a, b) => b[1].size - a[1].size || a[0] - b[0])[0];
    return best ? { row: best[0], cols: best[1] } : undefined;
  }

  /**
   * Rows of a table below its header (below the header's own merges: a header cell may be
   * merged over two rows): within the section label's merge when there is one, else up to
   * the next row holding another label.
   */
  bodyRows(header: { row: number; cols: Map<string, number> }, section: FieldDef, tableLabels: Set<string>): number[] {
    const headerRow = header.row;
    let headerEnd = headerRow;
    for (const col of header.cols.values()) headerEnd = Math.max(headerEnd, this.sheet.extent(headerRow, col).r1);
    const sectionCell = this.sheet.find(section.zh).find((c) => {
      const m = this.sheet.extent(c.row, c.col);
      return m.r0 <= headerRow && m.r1 > headerRow;
    });
    const end = sectionCell ? this.sheet.extent(sectionCell.row, sectionCell.col).r1 : this.sheet.maxRow;
    const rows: number[] = [];
    for (let r = headerEnd + 1; r <= end; r++) {
      if (!sectionCell && this.rowHasOtherLabel(r, tableLabels)) break;
      rows.push(r);
    }
    return rows;
  }

  rowHasOtherLabel(row: number, allowed: Set<string>): boolean {
    for (let c = 0; c <= this.sheet.maxCol; c++) {
      const cell = this.sheet.at(row, c);
      if (cell && this.isLabel(cell) && !allowed.has(normLabel(cell.text))) return true;
    }
    return false;
  }

  /** The cell of a table row in a header's column: only a cell that starts on this row. */
  rowCell(row: number, col: number): SheetCell | undefined {
    const m = this.sheet.extent(row, col);
    if (m.r0 !== row) return undefined;
    return this.at(m.r0, m.c0);
  }

  at(row: number, col: number): SheetCell | undefined {
    return this.sheet.at(row, col);
  }

  /** 年度重点工作任务: one item per row under the header of its children's labels. */
  table(f: FieldDef): void {
    const children = this.form.fields.filter((c) => c.path.startsWith(`${f.path}.*.`) && c.path.split('.').length === f.path.split('.').length + 2);
    const header = this.headerRow(children);
    if (!header) {
      if (f.required) this.problems.push({ code: 'labelMissing', severity: 'warning', sheet: this.sheet.name, label: f.zh });
      return;
    }
    const allowed = new Set([f.zh, ...children.map((c) => c.zh)].map(normLabel));
    const items: Tree[] = [];
    for (const r of this.bodyRows(header, f, allowed)) {
      const item: Tree = {};
      let any = false;
      for (const child of children) {
        const col = header.cols.get(child.zh);
        if (col === undefined) continue;
        const cell = this.rowCell(r, col);
        if (!cell || this.isLabel(cell)) continue;
        const read = this.scalar(child, cell);
        if (read) {
          item[child.path.slice(child.path.lastIndexOf('.') + 1)] = read;
          any = true;
        }
      }
      if (any) items.push(item);
    }
    if (items.length > 0) put(this.tree, f.path, items);
  }

  /** 绩效指标: 一级 / 二级 columns (merged down or blank = as above) and the 三级指标's fields. */
  framework(f: FieldDef): void {
    const l1f = this.field(`${f.path}.*`);
    const l2f = this.field(`${f.path}.*.*`);
    const leaves = this.form.fields.filter((c) => c.path.startsWith(`${f.path}.*.*.*.`));
    const header = this.headerRow(leaves, [l1f.zh, l2f.zh]);
    if (!header) {
      if (f.required) this.problems.push({ code: 'labelMissing', severity: 'warning', sheet: this.sheet.name, label: f.zh });
      return;
    }
    const allowed = new Set([f.zh, l1f.zh, l2f.zh, ...leaves.map((c) => c.zh)].map(normLabel));
    const c1 = header.cols.get(l1f.zh)!;
    const c2 = header.cols.get(l2f.zh);
    const tree: Tree = {};
    let l1: Read | undefined;
    let l2: Read | undefined;
    for (const r of this.bodyRows(header, f, allowed)) {
      const k1 = this.sheet.shown(r, c1);
      if (this.isLabel(k1)) continue; // a header repeated further down
      if (k1 && k1.kind === 'text' && k1.text.trim() !== '' && k1.row <= r) {
        const text = k1.text.trim();
        if (l1?.yaml !== yamlText(text)) l2 = undefined;
        l1 = { yaml: yamlText(text), at: this.place(k1) };
      }
      const k2 = c2 === undefined ? undefined : this.sheet.shown(r, c2);
      if (k2 && k2.kind === 'text' && k2.text.trim() !== '' && k2.row <= r) l2 = { yaml: yamlText(k2.text.trim()), at: this.place(k2) };
      const item: Tree = {};
      let any = false;
      for (const leaf of leaves) {
        const col = header.cols.get(leaf.zh);
        if (col === undefined) continue;
        const cell = this.rowCell(r, col);
        if (!cell || this.isLabel(cell)) continue;
        const read = this.scalar(leaf, cell);
        if (read) {
          item[leaf.path.slice(leaf.path.lastIndexOf('.') + 1)] = read;
          any = true;
        }
      }
      if (!any || l1 === undefined) continue;
      const key1 = JSON.parse(l1.yaml) as string;
      const key2 = l2 ? (JSON.parse(l2.yaml) as string) : '';
      const m1 = (tree[key1] ??= {}) as Tree;
      const list = (m1[key2] ??= []) as Tree[];
      list.push(item);
    }
    if (Object.keys(tree).length > 0) put(this.tree, f.path, tree);
  }
}

/** An amount as typed in a text cell, without what people add around it: ¥, 万元, spaces. */
export function amountText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s]+/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/[（(]?万元[）)]?$/, '')
    .trim();
}

/**
 * A list cell's items. Lines numbered 1. 2. 3. (or 1、 1．) in sequence start items;
 * other lines continue the item before them. Without numbering, each line is an item —
 * except for a list that is not always numbered, where an unnumbered cell is one item
 * with its line breaks (the form numbers such a list only when it has more than one).
 */
export function splitList(text: string, alwaysNumbered: boolean): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const numbered = (line: string, n: number): string | undefined => {
    const m = new RegExp(`^\\s*${n}\\s*[.．、]\\s?`).exec(line);
    return m ? line.slice(m[0].length) : undefined;
  };
  // Numbering may start past 1 when each item has a row of its own (「2、…」).
  const start = Number(/^\s*(\d{1,3})\s*[.．、]/.exec(lines[0] ?? '')?.[1] ?? 0);
  if (start > 0 && numbered(lines[0] ?? '', start) !== undefined) {
    const items: string[] = [];
    for (const line of lines) {
      const rest = numbered(line, start + items.length);
      if (rest !== undefined) items.push(rest);
      else if (items.length > 0) items[items.length - 1] += `\n${line}`;
    }
    // A single numbered line in a list that is not always numbered is text that begins with 「1.」.
    if (!alwaysNumbered && items.length === 1 && !text.includes('\n')) return [text.trim()];
    return items.map((t) => t.trim()).filter((t) => t !== '');
  }
  if (!alwaysNumbered) return text.trim() === '' ? [] : [text.trim()];
  return lines.map((l) => l.trim()).filter((l) => l !== '');
}

/** How well a sheet matches a form: its title found counts most, then each label found. */
function score(form: FormDefinition, sheet: Sheet): number {
  const title = normLabel(form.title);
  const hasTitle = sheet.data.cells.some((c) => c.kind === 'text' && normLabel(c.text).includes(title));
  let labels = 0;
  for (const f of form.fields) if (f.path !== '' && sheet.find(f.zh).length > 0) labels++;
  return (hasTitle ? 1000 : 0) + labels;
}

/** The least number of a form's labels a sheet without the title must show to be taken for it. */
const MIN_LABELS = 6;

/**
 * Import the best-matching sheet of a workbook as the best-matching form. Undefined when
 * no sheet looks like any of the forms (neither a title nor MIN_LABELS labels).
 */
export function importWorkbook(sheets: readonly SheetData[], forms: readonly FormDefinition[], header: string): ImportResult | undefined {
  let best: { form: FormDefinition; sheet: Sheet; score: number } | undefined;
  for (const data of sheets) {
    const sheet = new Sheet(data);
    for (const form of forms) {
      if (IMPORT_HINTS[form.id] === undefined) continue;
      const s = score(form, sheet);
      if (!best || s > best.score) best = { form, sheet, score: s };
    }
  }
  if (!best || best.score < MIN_LABELS) return undefined;
  const importer = new Importer(best.form, best.sheet);
  if (best.sheet.data.truncated) importer.problems.push({ code: 'truncated', severity: 'warning', sheet: best.sheet.name, rows: best.sheet.data.cells.length > 0 ? Math.max(...best.sheet.data.cells.map((c) => c.row)) + 1 : 0 });
  importer.run();
  importer.precision();
  // The default form needs no `form` key (format.md); any other names itself.
  const withForm: Tree = best.form.id === DEFAULT_FORM.id ? {} : { form: { yaml: /^[\p{L}\p{N}]+$/u.test(best.form.id) ? best.form.id : yamlText(best.form.id), at: '' } };
  const text = emit({ version: { yaml: '1', at: '' }, ...withForm, ...importer.tree }, header);
  const formatted = formatDeclaration(text);
  return { form: best.form, sheet: best.sheet.name, yaml: formatted.ok ? formatted.text : text, problems: importer.problems };
}

/** The tree as YAML text (block style; fmt makes it canonical). */
function emit(tree: Tree, header: string): string {
  const out: string[] = header === '' ? [] : header.split('\n').map((l) => `# ${l}`);
  const comment = (r: Read) => (r.at === '' ? '' : `  # ${r.at}`);
  // A multi-line text as a block scalar, its cell on the header line (fmt would do the
  // same, but keep the comment at the far column of the one-line form).
  const scalar = (r: Read, indent: string): string => {
    if (!r.yaml.startsWith('"') || !r.yaml.includes('\\n')) return `${r.yaml}${comment(r)}`;
    const text = JSON.parse(r.yaml) as string;
    const blockable = !/^[ \t]/.test(text) && !/\n$/.test(text) && !/[ \t]\n|[ \t]$/.test(text) && !/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029\ufeff]/.test(text);
    if (!blockable) return `${r.yaml}${comment(r)}`;
    return `|-${comment(r)}\n${text.split('\n').map((l) => (l === '' ? '' : `${indent}  ${l}`)).join('\n')}`;
  };
  const walk = (node: Tree, indent: string): void => {
    for (const [key, value] of Object.entries(node)) {
      const k = /^[\p{L}\p{N}_]+$/u.test(key) && key !== '' ? key : yamlText(key);
      if (isRead(value)) out.push(`${indent}${k}: ${scalar(value, indent)}`);
      else if (Array.isArray(value)) {
        out.push(`${indent}${k}:`);
        for (const item of value) {
          if (isRead(item)) out.push(`${indent}  - ${scalar(item, `${indent}  `)}`);
          else {
            const entries = Object.entries(item);
            entries.forEach(([ik, iv], i) => {
              const prefix = i === 0 ? `${indent}  - ` : `${indent}    `;
              if (isRead(iv)) out.push(`${prefix}${ik}: ${scalar(iv, `${indent}    `)}`);
            });
          }
        }
      } else {
        out.push(`${indent}${k}:`);
        walk(value, `${indent}  `);
      }
    }
  };
  walk(tree, '');
  return `${out.join('\n')}\n`;
}
