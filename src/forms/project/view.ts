/**
 * Project form ─view─▶ view model (templates/project.hbs): every string the form shows.
 * Same habits as the department view (src/render/view.ts): strings only, amounts
 * formatted here, goals numbered here, the indicator rows and their spans from the shared
 * indicatorRows. Takes a partial declaration so that `render --force` lays out a broken file.
 */
import { formatAmount, indicatorRows, numbered, UNCHECKED_MARK, type IndicatorRowView, type NumberedLine } from '../../render/view.js';
import type { ViewOptions } from '../types.js';
import { asProject, type PartialProjectDeclaration } from './types.js';

/** The form's printed title (kept here: the view must not import the definition). */
const TITLE = '项目支出绩效目标申报表';

/** One funds row of 项目资金（万元）. */
export interface FundsRowView {
  total: string;
  appropriation: string;
  other: string;
}

/** Everything templates/project.hbs shows. */
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
  indicatorsRowSpan: number;
  unchecked: boolean;
  uncheckedMark: string;
  uncheckedNote: string;
  generator: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = <T,>(v: readonly T[] | undefined | null): readonly T[] => (Array.isArray(v) ? v : []);

/** One funds row, with the file's precision (forms.md "Amount precision": four decimals with `precision: 4`). */
function fundsRow(row: NonNullable<PartialProjectDeclaration['funds']>['period'], places: 2 | 4): FundsRowView {
  const r = row !== null && typeof row === 'object' ? row : {};
  return { total: formatAmount(r.total, places), appropriation: formatAmount(r.appropriation, places), other: formatAmount(r.other, places) };
}

/** The view model of a (partial) project form. */
export function buildProjectView(decl: unknown, options: ViewOptions): ProjectView {
  const d = asProject(decl);
  const year = typeof d.year === 'number' ? String(d.year) : '';
  const department = text(d.department);
  const project = text(d.project);
  const p = d.period !== null && typeof d.period === 'object' ? d.period : {};
  const start = typeof p.start === 'number' ? `${p.start}年` : '';
  const end = typeof p.end === 'number' ? `${p.end}年` : '';
  const funds = d.funds !== null && typeof d.funds === 'object' ? d.funds : {};
  const goals = d.goals !== null && typeof d.goals === 'object' ? d.goals : {};
  const indicators = indicatorRows(d.indicators);
  const places = d.precision === 4 ? 4 : 2;
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
    indicators,
    indicatorsRowSpan: Math.max(indicators.length, 1),
    unchecked: options.unchecked === true,
    uncheckedMark: UNCHECKED_MARK,
    uncheckedNote: `${UNCHECKED_MARK}：本表有校验错误，仅供核对，不能作为正式申报表`,
    generator: `declare ${options.version}`,
  };
}
