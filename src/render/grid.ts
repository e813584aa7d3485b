/**
 * View model ─▶ one grid (layout.md "Continued pages and one grid").
 *
 * The whole form is one table on a grid of eight columns shared by every section, so
 * that a column rule of the budget block, of the tasks and of the indicators falls on the
 * same x, and every rule is the table's one rule (no tables stacked on each other):
 *
 *     x (mm)     0    18   32    56          107    129   143.5  151      180
 *     budget     | 预算 | 部门预算支出 | 金额        | 收入来源             | 金额    |
 *     tasks      | 任务 | 名称        | 主要实施内容 | 资金  | 期望达到的目标（概述） |
 *     indicators | 绩效 | 一级 | 二级  | 三级指标    | 实施周期指标值 | 年度指标值     |
 *
 * 主要实施内容 and 期望达到的目标 are equally wide (both are long texts: a task row is as
 * tall as the longer), 名称 wide enough that a name breaks into lines of several
 * characters, 拟用于对下转移支付资金 fits on one line.
 *
 * A merged cell is not a rowspan here but a merge key: consecutive rows that carry a
 * cell with the same key in the same column show one cell. The paginator (paginate.ts)
 * cuts the rows into pages and the page model (layout.ts) turns keys into rowspans per
 * page, so a merged cell that runs onto the next page starts again there, with its
 * text (and 「（续）」 for a section label), and is closed by a rule at the foot of the
 * page it leaves.
 *
 * Pure data, no HTML: the templates lay it out (templates/form.hbs).
 */
import type { FormView, IndicatorRowView, NumberedLine } from './view.js';

/** Column widths in mm (sum 180 = the A4 text width); see the module comment. */
export const GRID_COLUMNS_MM = [18, 14, 24, 51, 22, 14.5, 7.5, 29] as const;

/** Appended to a section label on a page it continues on. */
export const CONTINUED = '（续）';

/** How a cell is drawn (templates/form.css). */
export type CellKind = 'label' | 'text' | 'amount' | 'list';

/** One cell of a grid row. */
export interface GridCell {
  /** label (th: bold, centred), text (top-aligned, line breaks kept), amount (right, tabular), list (numbered lines) */
  kind: CellKind;
  /** first grid column (0-based) */
  col: number;
  /** grid columns covered (≥ 1) */
  span: number;
  /** the content: one line with an empty number for a plain text, amount or label */
  items: NumberedLine[];
  /** merge key: consecutive rows with a cell of the same key in this column show one merged cell */
  merge?: string;
  /** the text of a merged cell on a page it continues on, lines split by \n (a section label gets 「（续）」) */
  continued?: string;
  /** a section's label: a bookmark (h2) where the section starts */
  heading?: boolean;
  /** a label that must stay on one line (the budget block's labels) */
  nowrap?: boolean;
  /** on a row split over pages, this cell is shown again on the continuation (names, amounts) */
  repeat?: boolean;
  /** th scope */
  scope?: 'row' | 'col' | 'rowgroup';
}

/** One row of the grid. */
export interface GridRow {
  cells: GridCell[];
}

/** A section: rows that a page break continues, with the header rows repeated. */
export interface GridSection {
  /** stable id (data attribute, tests) */
  id: string;
  /** the section's label, for bookmarks and the continued-page check */
  label: string;
  /** column header rows: repeated at the top of every page the section continues on */
  header: GridRow[];
  /** the body rows */
  rows: GridRow[];
}

/** The grid of one form. */
export interface FormGrid {
  /** column widths in mm */
  columns: readonly number[];
  sections: GridSection[];
}

const line = (text: string): NumberedLine[] => [{ number: '', text }];

/*
 * The building blocks every form's grid is made of (the department form's below, the
 * project form's in src/forms/project/view.ts): a form plugs its sections into the one
 * pipeline (paginate.ts, layout.ts, measure.ts, templates/form.hbs) by building a
 * FormGrid from them.
 */

/** A label cell (th). */
export function label(col: number, span: number, text: string, extra: Partial<GridCell> = {}): GridCell {
  return { kind: 'label', col, span, items: line(text), ...extra };
}

/** A content cell of one line (text or amount). */
export function cell(kind: CellKind, col: number, span: number, text: string, extra: Partial<GridCell> = {}): GridCell {
  return { kind, col, span, items: line(text), ...extra };
}

/** A numbered list cell (goals, other tasks). */
export function listCell(col: number, span: number, items: NumberedLine[]): GridCell {
  return { kind: 'list', col, span, items };
}

/** A section's merged label cell in the first column. */
export function sectionLabel(id: string, text: string): GridCell {
  return label(0, 1, text, { merge: id, continued: `${text}\n${CONTINUED}`, heading: true, scope: 'rowgroup' });
}

/** A one-row section: its label in the first column, the content over the rest. */
export function single(id: string, text: string, content: GridCell): GridSection {
  return { id, label: text, header: [], rows: [{ cells: [sectionLabel(id, text), content] }] };
}

/** Where the indicator table's columns lie on a form's grid: [first column, span]. */
export interface IndicatorColumns {
  level1: readonly [number, number];
  level2: readonly [number, number];
  name: readonly [number, number];
  period: readonly [number, number];
  annual: readonly [number, number];
  /** the period column's label (实施周期指标值 on the department form, 实施期指标值 on the project form) */
  periodLabel: string;
}

/**
 * The 绩效指标 section, the same on every form: its header (一级指标 二级指标 三级指标, the
 * two value columns), one row per 三级指标 with 一级/二级 as merged cells (a row continued
 * on the next page shows them again: layout.ts).
 */
export function indicatorSection(rows: readonly IndicatorRowView[], at: IndicatorColumns): GridSection {
  const indicatorsLabel = sectionLabel('indicators', '绩效指标');
  const head = (c: readonly [number, number], text: string): GridCell => label(c[0], c[1], text, { scope: 'col' });
  const section: GridSection = {
    id: 'indicators',
    label: '绩效指标',
    header: [{
      cells: [indicatorsLabel, head(at.level1, '一级指标'), head(at.level2, '二级指标'), head(at.name, '三级指标'), head(at.period, at.periodLabel), head(at.annual, '年度指标值')],
    }],
    rows: [],
  };
  let l1 = 0;
  let l2 = 0;
  let l1Text = '';
  let l2Text = '';
  for (const r of rows) {
    if (r.level1) {
      l1++;
      l1Text = r.level1.text;
    }
    if (r.level2 || r.level1) {
      l2++;
      l2Text = r.level2?.text ?? '';
    }
    section.rows.push({
      cells: [
        indicatorsLabel,
        label(at.level1[0], at.level1[1], l1Text, { merge: `l1.${l1}`, scope: 'rowgroup' }),
        label(at.level2[0], at.level2[1], l2Text, { merge: `l2.${l2}`, scope: 'rowgroup' }),
        cell('text', at.name[0], at.name[1], r.name, { repeat: true }),
        cell('text', at.period[0], at.period[1], r.period),
        cell('text', at.annual[0], at.annual[1], r.annual),
      ],
    });
  }
  if (section.rows.length === 0) {
    section.rows.push({ cells: [indicatorsLabel, ...[at.level1, at.level2, at.name, at.period, at.annual].map((c) => cell('text', c[0], c[1], ''))] });
  }
  return section;
}

/** The department form (部门整体预算绩效目标申报表) as one grid. */
export function departmentGrid(view: FormView): FormGrid {
  const b = view.budget;
  const amount = (col: number, span: number, text: string): GridCell => cell('amount', col, span, text);
  const budgetLabel = sectionLabel('budget', '预算整体情况');
  const l = (col: number, span: number, text: string): GridCell => label(col, span, text, { nowrap: true });
  const budget: GridSection = {
    id: 'budget',
    label: '预算整体情况',
    header: [],
    rows: [
      [l(1, 2, '部门预算支出'), l(3, 1, '预算金额（万元）'), l(4, 3, '收入来源'), l(7, 1, '预算金额（万元）')],
      [l(1, 2, '基本支出'), amount(3, 1, b.basic), l(4, 3, '财政拨款'), amount(7, 1, b.appropriation)],
      [l(1, 2, '项目支出'), amount(3, 1, b.project), l(4, 3, '其他资金'), amount(7, 1, b.incomeOther)],
      [l(1, 2, '事业发展性支出'), l(3, 1, '预算金额（万元）'), l(4, 3, '按预算级次划分'), l(7, 1, '预算金额（万元）')],
      [l(1, 2, '财政专项资金'), amount(3, 1, b.special), l(4, 3, b.ownLabel), amount(7, 1, b.own)],
      [l(1, 2, '其他事业发展性支出'), amount(3, 1, b.developmentOther), l(4, 3, '拟用于对下转移支付资金'), amount(7, 1, b.transfer)],
    ].map((cells) => ({ cells: [budgetLabel, ...cells] })),
  };
  const tasksLabel = sectionLabel('tasks', '年度重点工作任务');
  const tasks: GridSection = {
    id: 'tasks',
    label: '年度重点工作任务',
    header: [{
      cells: [tasksLabel, label(1, 2, '名称', { scope: 'col' }), label(3, 1, '主要实施内容', { scope: 'col' }), label(4, 1, '拟投入的资金（万元）', { scope: 'col' }), label(5, 3, '期望达到的目标（概述）', { scope: 'col' })],
    }],
    rows: view.tasks.map((t) => ({
      cells: [tasksLabel, cell('text', 1, 2, t.name, { repeat: true }), cell('text', 3, 1, t.content), cell('amount', 4, 1, t.funds, { repeat: true }), cell('text', 5, 3, t.expected)],
    })),
  };
  if (tasks.rows.length === 0) tasks.rows.push({ cells: [tasksLabel, cell('text', 1, 2, ''), cell('text', 3, 1, ''), cell('amount', 4, 1, ''), cell('text', 5, 3, '')] });
  const indicators = indicatorSection(view.indicators, {
    level1: [1, 1], level2: [2, 1], name: [3, 1], period: [4, 2], annual: [6, 2], periodLabel: '实施周期指标值',
  });
  const list = (items: NumberedLine[]): GridCell => listCell(1, 7, items);
  return {
    columns: GRID_COLUMNS_MM,
    sections: [
      single('department', '部门名称', cell('text', 1, 7, view.department)),
      budget,
      single('goals', '总体绩效目标', list(view.goals)),
      tasks,
      single('other', '其他需完成的任务（可选填）', list(view.otherTasks)),
      indicators,
    ],
  };
}
