/**
 * Declaration ─view─▶ grid: the official form as one rectangular grid of cells (layout.md
 * "The table", "one grid"), the shape both the workbook (xlsx.ts) and the Word table
 * (docx.ts) are written from, so the two cannot drift apart.
 *
 * Labels come from the form definition (src/forms: a field's `zh`), the rows, their order,
 * numbering and merges from the view the printed form uses (src/render/view.ts); amounts
 * are taken from the declaration as exact Decimals (the view holds them as rounded
 * strings), so a workbook keeps four decimals under `precision: 4`.
 *
 * Pure: data in, data out.
 */
import { Decimal } from 'decimal.js';
import type { PartialDeclaration } from '../model/declaration.js';
import type { FieldDef, FormDefinition } from '../forms/types.js';
import { valueAt } from '../forms/types.js';
import { buildView, type FormView, type IndicatorRowView } from '../render/view.js';
import { buildProjectView } from '../forms/project/view.js';
import { displayWidth } from '../report/width.js';

/** What a cell is, for its style. */
export type GridCellKind =
  /** the form's title, large and bold, no border */
  | 'title'
  /** 「（2023年度）」 under the title, no border */
  | 'subtitle'
  /** the filer line (填报单位（盖章）：… 填报人：…) between the title block and the table, no border, left */
  | 'filer'
  /** a label the form prints (bold, centred) */
  | 'label'
  /** a section label merged down over its rows (bold, centred) */
  | 'section'
  /** text from the file (top-left, wrapped) */
  | 'text'
  /** an amount in 万元 (a number, right-aligned) */
  | 'amount';

/** One cell of the grid, at its top-left position; merged when a span is > 1. */
export interface GridCell {
  /** 0-based row */
  row: number;
  /** 0-based column */
  col: number;
  /** rows covered (≥ 1) */
  rowSpan: number;
  /** columns covered (≥ 1) */
  colSpan: number;
  /** style class */
  kind: GridCellKind;
  /** the text shown (an amount's formatted text, for the Word table) */
  text: string;
  /** an amount's exact value (kind amount); undefined for a blank amount cell */
  amount?: Decimal | undefined;
  /** the declaration path the value comes from (value cells), e.g. `budget.expenditure.basic`, `tasks.0.name` */
  path?: string;
}

/** The whole form as a grid. */
export interface Grid {
  /** the form's printed title (sheet name, document title) */
  formTitle: string;
  /** 「2023年度 <部门> <表名>」: the document title */
  documentTitle: string;
  /** the department (document author) */
  author: string;
  /** column widths, in characters of a Latin digit (CJK characters count two) */
  columns: readonly number[];
  /** number of rows */
  rowCount: number;
  /** rows repeated at the top of every printed page: [first, last], 0-based */
  headerRows: readonly [number, number];
  /** cells, row by row, left to right */
  cells: readonly GridCell[];
  /** suggested row heights in points (wrapped text in merged cells is not auto-fitted by spreadsheet engines) */
  rowHeights: readonly number[];
  /** decimal places of amounts: 2, or 4 under `precision: 4` */
  precision: 2 | 4;
  /** rendered with --force although the file has errors */
  unchecked: boolean;
  /** the mark shown when unchecked */
  uncheckedNote: string;
}

/** Options of `buildGrid`. */
export interface GridOptions {
  /** the program's version */
  version: string;
  /** the file has errors and is laid out anyway (--force) */
  unchecked?: boolean;
  /** decimal places of amounts (forms.md "Amount precision"); default 2 */
  precision?: 2 | 4;
}

/** Column header of the budget block's amounts (not a field: a fixed word of the form). */
export const AMOUNT_HEADER = '预算金额（万元）';

/** The six columns of the department form's grid (layout.md: "six-column grid"). */
const DEPARTMENT_COLUMNS = [13, 18, 26, 20, 17, 17] as const;

/** Body font size in points (layout.md: 10.5 pt). */
export const BODY_PT = 10.5;
/** Title font size in points. */
export const TITLE_PT = 18;

/** The label of a field of `form`, by its path pattern (`tasks.*.name`). */
export function labelOf(form: FormDefinition, path: string): string {
  const f = form.fields.find((x: FieldDef) => x.path === path);
  if (f === undefined) throw new Error(`no field ${path} in ${form.id}`);
  return f.zh;
}

/** Format an exact amount with thousands separators and `places` decimals (1,499.73). */
export function formatDecimal(value: Decimal, places: number): string {
  const fixed = value.toFixed(places, Decimal.ROUND_HALF_UP);
  const negative = fixed.startsWith('-');
  const [intPart = '0', frac = ''] = (negative ? fixed.slice(1) : fixed).split('.');
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac === '' ? '' : `.${frac}`}`;
}

/** A grid under construction. */
class GridBuilder {
  readonly cells: GridCell[] = [];
  /** rows added above the table (the filer line): every later row is shifted by it */
  offset = 0;
  constructor(readonly precision: 2 | 4) {}

  add(cell: Omit<GridCell, 'rowSpan' | 'colSpan'> & { rowSpan?: number; colSpan?: number }): void {
    this.cells.push({ rowSpan: 1, colSpan: 1, ...cell, row: cell.row + this.offset });
  }

  /**
   * The title block: the form's title, 「（2023年度）」 and, when the file has `filer`, the
   * filer line below them as the printed form has it (forms.md "Who filed it"); the rows
   * after it move down by one.
   */
  titleBlock(title: string, yearLine: string, filer: string): void {
    this.add({ row: 0, col: 0, colSpan: 6, kind: 'title', text: title });
    this.add({ row: 1, col: 0, colSpan: 6, kind: 'subtitle', text: yearLine });
    if (filer !== '') {
      this.add({ row: 2, col: 0, colSpan: 6, kind: 'filer', text: filer, path: 'filer' });
      this.offset = 1;
    }
  }

  label(row: number, col: number, text: string, colSpan = 1): void {
    this.add({ row, col, colSpan, kind: 'label', text });
  }

  text(row: number, col: number, text: string, path: string, colSpan = 1): void {
    this.add({ row, col, colSpan, kind: 'text', text, path });
  }

  amount(row: number, col: number, decl: PartialDeclaration, path: string, colSpan = 1): void {
    const v = valueAt(decl, path);
    const amount = v instanceof Decimal && v.isFinite() ? v : undefined;
    this.add({ row, col, colSpan, kind: 'amount', text: amount === undefined ? '' : formatDecimal(amount, this.precision), amount, path });
  }
}

/** A numbered list cell's text: 「1.…」 lines; an unnumbered item with a line break is numbered, so it reads back as one item. */
function listText(lines: FormView['goals']): string {
  if (lines.length === 1 && lines[0]!.number === '' && lines[0]!.text.includes('\n')) return `1.${lines[0]!.text}`;
  return lines.map((l) => `${l.number}${l.text}`).join('\n');
}

/**
 * The department form (部门整体预算绩效目标申报表) as a grid, top to bottom as layout.md
 * lists it. Six columns: A the section labels; B–F the budget block (label, amount, label,
 * amount over E:F), the tasks (名称, 主要实施内容, 拟投入的资金, 期望达到的目标 over E:F) and
 * the indicators (一级, 二级, 三级, 实施周期指标值, 年度指标值).
 */
export function buildDepartmentGrid(form: FormDefinition, decl: PartialDeclaration, options: GridOptions): Grid {
  const view = buildView(decl, { version: options.version, unchecked: options.unchecked === true });
  const precision = options.precision ?? 2;
  const g = new GridBuilder(precision);
  const L = (path: string) => labelOf(form, path);
  const last = DEPARTMENT_COLUMNS.length - 1;

  g.titleBlock(form.title, view.yearLine, view.filer);

  g.label(2, 0, L('department'));
  g.text(2, 1, view.department, 'department', last);

  // 预算整体情况: six rows, two label/amount pairs each (layout.md "The table" 2.)
  const b = 3;
  g.add({ row: b, col: 0, rowSpan: 6, kind: 'section', text: L('budget') });
  const pairs: readonly (readonly [string | undefined, string | undefined])[] = [
    ['budget.expenditure', 'budget.income'],
    ['budget.expenditure.basic', 'budget.income.appropriation'],
    ['budget.expenditure.project', 'budget.income.other'],
    ['budget.development', 'budget.allocation'],
    ['budget.development.special', 'budget.allocation.own'],
    ['budget.development.other', 'budget.allocation.transfer'],
  ];
  pairs.forEach(([left, right], i) => {
    const r = b + i;
    for (const [path, col] of [[left!, 1], [right!, 3]] as const) {
      const field = form.fields.find((f) => f.path === path)!;
      if (field.kind === 'mapping') {
        g.label(r, col, field.zh);
        g.label(r, col + 1, AMOUNT_HEADER, col === 3 ? 2 : 1);
      } else {
        g.label(r, col, path === 'budget.allocation.own' ? view.budget.ownLabel : field.zh);
        g.amount(r, col + 1, decl, path, col === 3 ? 2 : 1);
      }
    }
  });

  g.label(b + 6, 0, L('goals'));
  g.add({ row: b + 6, col: 1, colSpan: last, kind: 'text', text: listText(view.goals), path: 'goals' });

  // 年度重点工作任务: header row + one row per task (layout.md 4.)
  const t = b + 7;
  g.add({ row: t, col: 0, rowSpan: view.tasksRowSpan, kind: 'section', text: L('tasks') });
  g.label(t, 1, L('tasks.*.name'));
  g.label(t, 2, L('tasks.*.content'));
  g.label(t, 3, L('tasks.*.funds'));
  g.label(t, 4, L('tasks.*.expected'), 2);
  view.tasks.forEach((task, i) => {
    const r = t + 1 + i;
    g.text(r, 1, task.name, `tasks.${i}.name`);
    g.text(r, 2, task.content, `tasks.${i}.content`);
    g.amount(r, 3, decl, `tasks.${i}.funds`);
    g.text(r, 4, task.expected, `tasks.${i}.expected`, 2);
  });

  const o = t + view.tasksRowSpan;
  g.label(o, 0, L('other_tasks'));
  g.add({ row: o, col: 1, colSpan: last, kind: 'text', text: listText(view.otherTasks), path: 'other_tasks' });

  // 绩效指标: header row + one row per 三级指标, 一级/二级 merged down (layout.md 6.)
  const rowCount = indicatorSection(g, form, view.indicators, o + 1);

  return finishGrid(form, view, g, DEPARTMENT_COLUMNS, rowCount, precision);
}

/**
 * 绩效指标, the same on both forms: a header row of the field table's labels (一级指标,
 * 二级指标, 三级指标 and the form's own value columns) and one row per 三级指标 with
 * 一级/二级 merged down, in columns A (the section) to F. Returns the row after it.
 */
function indicatorSection(g: GridBuilder, form: FormDefinition, rows: readonly IndicatorRowView[], n: number): number {
  const L = (path: string) => labelOf(form, path);
  g.add({ row: n, col: 0, rowSpan: 1 + Math.max(rows.length, 1), kind: 'section', text: L('indicators') });
  g.label(n, 1, L('indicators.*'));
  g.label(n, 2, L('indicators.*.*'));
  g.label(n, 3, L('indicators.*.*.*.name'));
  g.label(n, 4, L('indicators.*.*.*.period'));
  g.label(n, 5, L('indicators.*.*.*.annual'));
  let l1 = '';
  let l2 = '';
  const counters = new Map<string, number>();
  rows.forEach((row, i) => {
    const r = n + 1 + i;
    if (row.level1) {
      l1 = row.level1.text;
      g.add({ row: r, col: 1, rowSpan: row.level1.rowSpan, kind: 'label', text: row.level1.text });
    }
    if (row.level2) {
      l2 = row.level2.text;
      g.add({ row: r, col: 2, rowSpan: row.level2.rowSpan, kind: 'label', text: row.level2.text });
    }
    const key = `${l1}.${l2}`;
    const k = counters.get(key) ?? 0;
    counters.set(key, k + 1);
    const base = `indicators.${l1}.${l2}.${k}`;
    g.text(r, 3, row.name, `${base}.name`);
    g.text(r, 4, row.period, `${base}.period`);
    g.text(r, 5, row.annual, `${base}.annual`);
  });
  if (rows.length === 0) for (let c = 1; c <= 5; c++) g.text(n + 1, c, '', 'indicators');
  return n + 1 + Math.max(rows.length, 1);
}

/** A layout word the project form prints before 财政拨款 (forms.md: 「其中：财政拨款」). */
export const AMONG_THEM = '其中：';

/**
 * The six columns of the project form's grid, in characters: about the printed form's
 * widths (PROJECT_COLUMNS_MM, 18 18 24 44 38 38 mm), A and B a little wider so that a
 * four-character label (项目名称, 一级指标) stays on one line in the Word table too.
 */
const PROJECT_COLUMNS = [13, 12, 15, 25, 23, 23] as const;

/**
 * The project form (项目支出绩效目标申报表) as a grid, in the rows and merges of its printed
 * form (projectGrid in src/forms/project/view.ts) and with forms.md's labels: 项目名称 /
 * 主管部门 / 实施单位 / 项目属性 / 项目期 rows (label in A, the value over B:F); 项目资金（万元）
 * merged down over three rows, 实施期资金总额 and its parts labelled over B:C with their
 * amounts in D, 年度资金总额 and its parts in E with their amounts in F; 总体目标 merged over
 * two rows, 实施期目标 (B:D) and 年度目标 (E:F) side by side with their texts below; then
 * 绩效指标 as on the department form, with 实施期指标值.
 */
export function buildProjectGrid(form: FormDefinition, decl: PartialDeclaration, options: GridOptions): Grid {
  const view = buildProjectView(decl, { version: options.version, unchecked: options.unchecked === true });
  const precision = options.precision ?? 2;
  const g = new GridBuilder(precision);
  const L = (path: string) => labelOf(form, path);
  const last = PROJECT_COLUMNS.length - 1;

  g.titleBlock(form.title, view.yearLine, view.filer);

  const identity: readonly (readonly [string, string])[] = [
    ['project', view.project],
    ['department', view.department],
    ['implementer', view.implementer],
    ['kind', view.kind],
    ['period', view.period],
  ];
  identity.forEach(([path, text], i) => {
    g.label(2 + i, 0, L(path));
    g.text(2 + i, 1, text, path, last);
  });

  // 项目资金（万元）: total, 其中：财政拨款, 其他资金 for the period (label B:C, amount D)
  // and the year (label E, amount F), as the printed form's grid has them.
  const f = 2 + identity.length;
  g.add({ row: f, col: 0, rowSpan: 3, kind: 'section', text: L('funds') });
  (['period', 'annual'] as const).forEach((which, side) => {
    const col = side === 0 ? 1 : 4;
    const span = side === 0 ? 2 : 1;
    (['total', 'appropriation', 'other'] as const).forEach((part, i) => {
      const path = `funds.${which}.${part}`;
      g.label(f + i, col, part === 'appropriation' ? `${AMONG_THEM}${L(path)}` : L(path), span);
      g.amount(f + i, col + span, decl, path);
    });
  });

  // 总体目标: 实施期目标 (B:D) and 年度目标 (E:F) side by side, each numbered text under its label.
  const o = f + 3;
  g.add({ row: o, col: 0, rowSpan: 2, kind: 'section', text: L('goals') });
  g.label(o, 1, L('goals.period'), 3);
  g.label(o, 4, L('goals.annual'), 2);
  g.add({ row: o + 1, col: 1, colSpan: 3, kind: 'text', text: listText(view.goalsPeriod), path: 'goals.period' });
  g.add({ row: o + 1, col: 4, colSpan: 2, kind: 'text', text: listText(view.goalsAnnual), path: 'goals.annual' });

  const rowCount = indicatorSection(g, form, view.indicators, o + 2);

  return finishGrid(form, view, g, PROJECT_COLUMNS, rowCount, precision);
}

/** What both forms' grids end with: the document facts from the view, cells in reading order, row heights. */
function finishGrid(
  form: FormDefinition,
  view: { documentTitle: string; department: string; unchecked: boolean; uncheckedNote: string },
  g: GridBuilder,
  columns: readonly number[],
  rowCount: number,
  precision: 2 | 4,
): Grid {
  return {
    formTitle: form.title,
    documentTitle: view.documentTitle,
    author: view.department,
    columns,
    rowCount: rowCount + g.offset,
    headerRows: [0, 1],
    cells: g.cells.sort((a, c) => a.row - c.row || a.col - c.col),
    rowHeights: rowHeights(g.cells, columns, rowCount + g.offset),
    precision,
    unchecked: view.unchecked,
    uncheckedNote: view.uncheckedNote,
  };
}

/** Line height of body text in points (10.5 pt type with leading). */
const LINE_PT = 14.25;

/**
 * Row heights that show every line of wrapped text: spreadsheet engines fit rows to their
 * text on their own only outside merged cells, and the form merges a lot. A row is as tall
 * as the tallest single-row cell starting on it needs (lines × line height); a cell merged
 * down over several rows (a section label, an 一级指标) takes what its rows already give.
 */
export function rowHeights(cells: readonly GridCell[], columns: readonly number[], rowCount: number): number[] {
  const heights = new Array<number>(rowCount).fill(LINE_PT + 6);
  for (const cell of cells) {
    if (cell.rowSpan !== 1) continue;
    if (cell.kind === 'title') {
      heights[cell.row] = TITLE_PT * 1.8;
      continue;
    }
    if (cell.kind === 'subtitle') {
      heights[cell.row] = LINE_PT * 1.6;
      continue;
    }
    let width = 0;
    for (let c = cell.col; c < cell.col + cell.colSpan; c++) width += columns[c] ?? 10;
    const lines = wrappedLines(cell.text, Math.max(4, width - 1));
    // Half a line to spare: a line often breaks before its last character (punctuation).
    heights[cell.row] = Math.max(heights[cell.row]!, (lines + (lines > 1 ? 0.5 : 0)) * LINE_PT + 6);
  }
  return heights.map((h) => Math.min(409, Math.round(h * 4) / 4)); // 409 pt: a spreadsheet row's limit
}

/** How many lines `text` takes in a column `width` characters wide (CJK characters count two). */
export function wrappedLines(text: string, width: number): number {
  let lines = 0;
  // 1.05: line breaks fall at character boundaries and not before closing punctuation,
  // so a line holds a little less than the column's width.
  for (const para of text.split('\n')) lines += Math.max(1, Math.ceil((displayWidth(para) * 1.05) / width));
  return lines;
}
