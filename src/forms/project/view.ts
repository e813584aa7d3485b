/**
 * Project form ─view─▶ view model ─grid─▶ the one grid (templates/form.hbs, the same
 * pipeline as the department form: src/render/{grid,paginate,layout,measure}.ts).
 * Same habits as the department view (src/render/view.ts): strings only, amounts
 * formatted here, goals numbered here, the indicator rows from the shared indicatorRows.
 * Takes a partial declaration so that `render --force` lays out a broken file.
 *
 * The grid: six columns shared by every section, so that every column rule runs from
 * the funds block through the goals to the indicators:
 *
 *     x (mm)     0    18   36    60           104        142        180
 *     identity   | 项目名称 | the value over the rest                    |
 *     funds      | 项目资金 | 实施期资金总额 | amount | 年度资金总额 | amount |
 *     goals      | 总体目标 | 实施期目标            | 年度目标             |
 *     indicators | 绩效指标 | 一级 | 二级 | 三级指标 | 实施期指标值 | 年度指标值 |
 *
 * 实施期目标 and 年度目标 side by side (forms.md, issue 13), 一级指标 on one line (and the
 * 一级 names of four characters), 三级指标 wide enough that a name of a dozen characters
 * stays on one line, 实施期指标值 and 年度指标值 as wide as each
 * other, each funds label on one line.
 */
import { cell, indicatorSection, label, listCell, sectionLabel, single, type FormGrid, type GridCell, type GridSection } from '../../render/grid.js';
import { filerLine, formatAmount, indicatorRows, numbered, UNCHECKED_MARK, type IndicatorRowView, type NumberedLine } from '../../render/view.js';
import type { ViewOptions } from '../types.js';
import { asProject, type PartialProjectDeclaration } from './types.js';

/** The form's printed title (kept here: the view must not import the definition). */
const TITLE = '项目支出绩效目标申报表';

/** Column widths in mm (sum 180 = the A4 text width); see the module comment. */
export const PROJECT_COLUMNS_MM = [18, 18, 24, 44, 38, 38] as const;

/** One funds row of 项目资金（万元）. */
export interface FundsRowView {
  total: string;
  appropriation: string;
  other: string;
}

/** Everything the project form shows. */
export interface ProjectView {
  title: string;
  yearLine: string;
  documentTitle: string;
  /** 主管部门 (PDF Author) */
  department: string;
  project: string;
  implementer: string;
  kind: string;
  /** 「2023年—2025年」 */
  period: string;
  fundsPeriod: FundsRowView;
  fundsAnnual: FundsRowView;
  goalsPeriod: NumberedLine[];
  goalsAnnual: NumberedLine[];
  indicators: IndicatorRowView[];
  unchecked: boolean;
  uncheckedMark: string;
  uncheckedNote: string;
  generator: string;
  /** 填报单位（盖章）：… (forms.md "Who filed it"), "" without `filer` */
  filer: string;
  /** 「单位：万元」 */
  unitNote: string;
  /** in a bound volume: 「3　<项目名称>」; "" on its own */
  volumeEntry: string;
  /** its line in a bound volume's table of contents: the project */
  entryName: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = <T,>(v: readonly T[] | undefined | null): readonly T[] => (Array.isArray(v) ? v : []);

function fundsRow(row: NonNullable<PartialProjectDeclaration['funds']>['period'], places: 2 | 4): FundsRowView {
  const r = row !== null && typeof row === 'object' ? row : {};
  return { total: formatAmount(r.total, places), appropriation: formatAmount(r.appropriation, places), other: formatAmount(r.other, places) };
}

/** The view model of a (partial) project form. */
export function buildProjectView(decl: unknown, options: ViewOptions): ProjectView {
  const d = asProject(decl);
  const extra = (decl ?? {}) as { precision?: unknown };
  const places = extra.precision === 4 ? 4 : 2;
  const year = typeof d.year === 'number' ? String(d.year) : '';
  const department = text(d.department);
  const project = text(d.project);
  const p = d.period !== null && typeof d.period === 'object' ? d.period : {};
  const start = typeof p.start === 'number' ? `${p.start}年` : '';
  const end = typeof p.end === 'number' ? `${p.end}年` : '';
  const funds = d.funds !== null && typeof d.funds === 'object' ? d.funds : {};
  const goals = d.goals !== null && typeof d.goals === 'object' ? d.goals : {};
  return {
    title: TITLE,
    yearLine: `（${year}年度）`,
    documentTitle: [`${year}年度`, project, TITLE].filter((s) => s !== '' && s !== '年度').join(' '),
    department,
    project,
    implementer: text(d.implementer),
    kind: text(d.kind),
    period: start === '' && end === '' ? '' : `${start}—${end}`,
    fundsPeriod: fundsRow(funds.period, places),
    fundsAnnual: fundsRow(funds.annual, places),
    goalsPeriod: numbered(list(goals.period), true),
    goalsAnnual: numbered(list(goals.annual), true),
    indicators: indicatorRows(d.indicators),
    unchecked: options.unchecked === true,
    uncheckedMark: UNCHECKED_MARK,
    uncheckedNote: `${UNCHECKED_MARK}：本表有校验错误，仅供核对，不能作为正式申报表`,
    generator: `declare ${options.version}`,
    filer: filerLine(d.filer),
    unitNote: '单位：万元',
    volumeEntry: '',
    entryName: project,
  };
}

/** The project form (项目支出绩效目标申报表) on its one grid. */
export function projectGrid(view: ProjectView): FormGrid {
  const value = (t: string): GridCell => cell('text', 1, 5, t);
  const l = (col: number, span: number, t: string): GridCell => label(col, span, t, { nowrap: true });
  const amount = (col: number, span: number, t: string): GridCell => cell('amount', col, span, t);
  const fundsLabel = sectionLabel('funds', '项目资金（万元）');
  const funds: GridSection = {
    id: 'funds',
    label: '项目资金（万元）',
    header: [],
    rows: [
      [l(1, 2, '实施期资金总额'), amount(3, 1, view.fundsPeriod.total), l(4, 1, '年度资金总额'), amount(5, 1, view.fundsAnnual.total)],
      [l(1, 2, '其中：财政拨款'), amount(3, 1, view.fundsPeriod.appropriation), l(4, 1, '其中：财政拨款'), amount(5, 1, view.fundsAnnual.appropriation)],
      [l(1, 2, '其他资金'), amount(3, 1, view.fundsPeriod.other), l(4, 1, '其他资金'), amount(5, 1, view.fundsAnnual.other)],
    ].map((cells) => ({ cells: [fundsLabel, ...cells] })),
  };
  // 总体目标: 实施期目标 and 年度目标 side by side, their labels the section's column header
  // (repeated when a long goal list runs onto the next page).
  const goalsLabel = sectionLabel('goals', '总体目标');
  const goals: GridSection = {
    id: 'goals',
    label: '总体目标',
    header: [{ cells: [goalsLabel, label(1, 3, '实施期目标', { scope: 'col' }), label(4, 2, '年度目标', { scope: 'col' })] }],
    rows: [{ cells: [goalsLabel, listCell(1, 3, view.goalsPeriod), listCell(4, 2, view.goalsAnnual)] }],
  };
  return {
    columns: PROJECT_COLUMNS_MM,
    sections: [
      single('project', '项目名称', value(view.project)),
      single('department', '主管部门', value(view.department)),
      single('implementer', '实施单位', value(view.implementer)),
      single('kind', '项目属性', value(view.kind)),
      single('period', '项目期', value(view.period)),
      funds,
      goals,
      indicatorSection(view.indicators, {
        level1: [1, 1], level2: [2, 1], name: [3, 1], period: [4, 1], annual: [5, 1], periodLabel: '实施期指标值',
      }),
    ],
  };
}
