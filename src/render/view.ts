/**
 * Declaration ─view─▶ view model: every string the form shows, ready to lay out.
 *
 * The templates (templates/*.hbs) do no arithmetic and no logic beyond each/if
 * (STYLE.md habit 6), so everything that needs a decision is made here: amount
 * formatting (layout.md "Amounts"), goal numbering, the 「<level>本级使用资金」 label,
 * the canonical indicator order (format.md "The indicator framework") and the row
 * spans of the merged cells (layout.md "The table").
 *
 * It takes a PartialDeclaration so that `render --force` can lay out a file whose
 * schema failed: every missing leaf becomes an empty cell.
 */
import { Decimal } from 'decimal.js';
import type { PartialDeclaration } from '../model/declaration.js';
import { FRAMEWORK, LEVEL1, canonicalLevel2, isLevel1, type Level1 } from '../model/framework.js';
import { readValid } from '../model/schema.js';
import type { FieldDef } from '../model/fields.js';
import { isScalarValue } from '../load/scalar.js';

/** The form's fixed title (layout.md "Page"). */
export const FORM_TITLE = '部门整体预算绩效目标申报表';

/** The text of the mark on every page of a form rendered with --force (cli.md). */
export const UNCHECKED_MARK = '未通过校验';

/**
 * Put after a 一级/二级 key that is not in the framework (S003), in its cell: under
 * --force such rows are laid out under the key as written, never dropped, and marked.
 */
export const UNKNOWN_KEY_MARK = '（指标类别有误）';

/** One numbered line of a list cell (总体绩效目标, 其他需完成的任务). */
export interface NumberedLine {
  /** "1." … or "" when the list is not numbered */
  number: string;
  /** the text, as written (line breaks kept by CSS) */
  text: string;
}

/** The eight amounts of 预算整体情况, formatted, and the level-dependent label. */
export interface BudgetView {
  /** 基本支出 */
  basic: string;
  /** 项目支出 */
  project: string;
  /** 财政专项资金 */
  special: string;
  /** 其他事业发展性支出 */
  developmentOther: string;
  /** 财政拨款 */
  appropriation: string;
  /** 其他资金 */
  incomeOther: string;
  /** <level>本级使用资金 */
  own: string;
  /** 拟用于对下转移支付资金 */
  transfer: string;
  /** 「区本级使用资金」 etc. */
  ownLabel: string;
}

/** One row of 年度重点工作任务. */
export interface TaskRowView {
  /** 名称 */
  name: string;
  /** 主要实施内容 */
  content: string;
  /** 拟投入的资金（万元）, "" for a blank cell */
  funds: string;
  /** 期望达到的目标（概述） */
  expected: string;
}

/** A merged cell that starts on this row. */
export interface SpanCell {
  /** the cell's text */
  text: string;
  /** how many rows it covers (≥ 1) */
  rowSpan: number;
}

/** One 三级指标 row of 绩效指标, with the merged cells that start on it. */
export interface IndicatorRowView {
  /** the 一级指标 cell when it starts on this row (the key is always present: strict templates) */
  level1: SpanCell | undefined;
  /** the 二级指标 cell when it starts on this row (the key is always present: strict templates) */
  level2: SpanCell | undefined;
  /** 三级指标 */
  name: string;
  /** 实施周期指标值 */
  period: string;
  /** 年度指标值 */
  annual: string;
}

/** Everything the template shows, as strings, spans and flags. */
export interface FormView {
  /** 部门整体预算绩效目标申报表 */
  title: string;
  /** 「（2023年度）」 */
  yearLine: string;
  /** HTML <title> and PDF Title: 「2023年度 <部门名称> 部门整体预算绩效目标申报表」 */
  documentTitle: string;
  /** 部门名称 */
  department: string;
  /** 预算整体情况 */
  budget: BudgetView;
  /** 总体绩效目标, numbered */
  goals: NumberedLine[];
  /** 年度重点工作任务 rows */
  tasks: TaskRowView[];
  /** rowspan of the 「年度重点工作任务」 label: header row + task rows */
  tasksRowSpan: number;
  /** 其他需完成的任务（可选填）; empty list = empty cell */
  otherTasks: NumberedLine[];
  /** 绩效指标 rows in canonical order */
  indicators: IndicatorRowView[];
  /** rowspan of the 「绩效指标」 label cell (rows after the column-header row) */
  indicatorsRowSpan: number;
  /** rendered with --force although the file has errors: show the mark */
  unchecked: boolean;
  /** the mark's text (「未通过校验」) */
  uncheckedMark: string;
  /** the banner under the mark, one line */
  uncheckedNote: string;
  /** "declare 0.1.0", for the generator meta tag */
  generator: string;
  /**
   * 填报单位（盖章）：… 填报人：… 联系电话：… 填报日期：… (forms.md "Who filed it"), one line
   * between the title block and the table; "" when the file has no `filer`.
   */
  filer: string;
  /** 「单位：万元」, at the right above the table as real forms print it */
  unitNote: string;
  /**
   * In a bound volume (combine.ts): the form's entry line above its title, 「3　<部门名称>」,
   * its bookmark (the title is then not a heading); "" for a form on its own.
   */
  volumeEntry: string;
  /** its line in a bound volume's table of contents: the department */
  entryName: string;
}


/** Options of `buildView`. */
export interface ViewOptions {
  /** the program's version, for the generator meta tag */
  version: string;
  /** the file has error diagnostics and is rendered anyway (--force) */
  unchecked?: boolean;
}

/**
 * Format an amount in 万元 as layout.md wants: thousands separators, exactly two
 * decimals (`1,499.73`, `0.00`), or four with the file's `precision: 4` (`724.2318`,
 * `243.9600`: forms.md "Amount precision"). Decimal.toFixed rounds half-up in decimal, never through
 * a binary float (STYLE.md habit 5). Undefined (a part that --force could not read) is
 * an empty cell.
 */
export function formatAmount(value: Decimal | undefined | null, places: 2 | 4 = 2): string {
  if (value === undefined || value === null || !Decimal.isDecimal(value) || !value.isFinite()) return '';
  const fixed = value.toFixed(places, Decimal.ROUND_HALF_UP);
  const negative = fixed.startsWith('-');
  const [intPart = '0', frac = '00'] = (negative ? fixed.slice(1) : fixed).split('.');
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${frac}`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A list, or nothing: --force may hand us whatever a broken file had there. */
function list<T>(value: readonly T[] | undefined | null): readonly T[] {
  return Array.isArray(value) ? value : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function numbered(items: readonly (string | undefined)[], alwaysNumber: boolean): NumberedLine[] {
  const present = items.filter((t): t is string => typeof t === 'string');
  const numberIt = alwaysNumber || present.length > 1;
  return present.map((t, i) => ({ number: numberIt ? `${i + 1}.` : '', text: t }));
}

type PartialIndicators = NonNullable<PartialDeclaration['indicators']>;

/**
 * 一级 and 二级 keys in the framework's canonical order; keys the framework does not know
 * (only possible with --force on a file whose schema failed) follow in file order.
 */
function orderedKeys<T>(keys: readonly string[], canonical: readonly string[], map: Record<string, T>): string[] {
  const known = canonical.filter((k) => Object.hasOwn(map, k));
  const unknown = keys.filter((k) => !canonical.includes(k));
  return [...known, ...unknown];
}

export function indicatorRows(indicators: PartialIndicators | undefined): IndicatorRowView[] {
  const rows: IndicatorRowView[] = [];
  if (!isRecord(indicators)) return rows;
  const l1Map: Record<string, unknown> = indicators;
  for (const l1 of orderedKeys(Object.keys(l1Map), LEVEL1, l1Map)) {
    const l2Value = l1Map[l1];
    const l2Map: Record<string, unknown> = isRecord(l2Value) ? l2Value : {};
    const known1 = isLevel1(l1);
    const canonical2 = known1 ? (FRAMEWORK[l1] as readonly string[]) : [];
    const l1Start = rows.length;
    // A synonym (环境效益指标, forms.md) sits at its 二级指标's place and is printed as written.
    const rank = (k: string) => (known1 ? canonical2.indexOf(canonicalLevel2(l1, k) ?? '') : -1);
    const keys2 = Object.keys(l2Map);
    const ordered2 = [...keys2.filter((k) => rank(k) >= 0).sort((a, b) => rank(a) - rank(b)), ...keys2.filter((k) => rank(k) < 0)];
    for (const l2 of ordered2) {
      const given = list(l2Map[l2] as readonly unknown[] | undefined);
      const items = given.length > 0 ? given : [undefined]; // keep the 二级 cell visible under --force
      const l2Start = rows.length;
      for (const item of items) {
        const row = isRecord(item) ? item : {};
        const name = text(row['name']);
        const period = text(row['period']);
        const annual = text(row['annual']);
        rows.push({ level1: undefined, level2: undefined, name, period, annual });
      }
      // Under an unknown 一级 key its mark says it all; a misplaced or misspelt 二级 key
      // under a known 一级 key is marked itself. The empty key holds rows written
      // directly under a 一级-level key (withIndicatorsAsWritten).
      const mark2 = known1 && canonicalLevel2(l1, l2) === undefined ? UNKNOWN_KEY_MARK : '';
      rows[l2Start]!.level2 = { text: `${l2}${mark2}`, rowSpan: rows.length - l2Start };
    }
    if (rows.length === l1Start) rows.push({ level1: undefined, level2: undefined, name: '', period: '', annual: '' });
    rows[l1Start]!.level1 = { text: known1 ? l1 : `${l1}${UNKNOWN_KEY_MARK}`, rowSpan: rows.length - l1Start };
  }
  return rows;
}

/**
 * The indicator rows of a broken file under every key as written (render --force). The
 * schema keeps only the framework's keys, so the rows of a misspelt or misplaced 一级/二级
 * key (S003) would vanish from the form; this adds them back from the loaded tree, in
 * file order after the known ones, each list read by the schema's own lenient rules for
 * an indicator list (the same texts as anywhere else). A list written straight under a
 * 一级-level key (`社会效益指标: [...]` in `indicators`) goes under the empty 二级 key.
 * Pure: returns a new declaration, `decl` is not changed.
 */
export function withIndicatorsAsWritten(decl: PartialDeclaration, tree: unknown): PartialDeclaration {
  const top = mapping(tree);
  const written = mapping(top?.['indicators']);
  if (written === undefined) return decl;
  const merged: Record<string, Record<string, unknown>> = {};
  for (const [l1, v] of Object.entries(isRecord(decl.indicators) ? decl.indicators : {})) merged[l1] = { ...(isRecord(v) ? v : {}) };
  let added = false;
  for (const [l1, v1] of Object.entries(written)) {
    const known1 = isLevel1(l1);
    const m1 = mapping(v1);
    if (m1 === undefined) {
      // Rows written straight under a 一级-level key (no 二级 key): under the empty 二级 key.
      if (Array.isArray(v1)) merged[l1] = { '': indicatorList(v1) };
      else if (!known1) merged[l1] = {};
      else continue; // a known key with a scalar (S001): nothing to show
      added = true;
      continue;
    }
    for (const [l2, v2] of Object.entries(m1)) {
      if (known1 && canonicalLevel2(l1, l2) !== undefined) continue; // kept by the schema already
      (merged[l1] ??= {})[l2] = indicatorList(v2);
      added = true;
    }
    if (!known1 && merged[l1] === undefined) {
      merged[l1] = {};
      added = true;
    }
  }
  return added ? { ...decl, indicators: merged as PartialDeclaration['indicators'] } : decl;
}

/** A loaded mapping (plain object, not a list or a scalar), or undefined. */
function mapping(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) && !isScalarValue(value) ? value : undefined;
}

/** One indicator list as the lenient schema reads it, wherever it was written. */
function indicatorList(value: unknown): unknown[] {
  const l1 = LEVEL1[0]!;
  const l2 = FRAMEWORK[l1][0];
  const parsed = readValid({ fields: INDICATOR_FIELDS, framework: { [l1]: [l2] } }, { indicators: { [l1]: { [l2]: value } } }) as PartialDeclaration;
  const rows = (parsed.indicators as Record<string, Record<string, unknown>> | undefined)?.[l1]?.[l2];
  return Array.isArray(rows) ? rows : [];
}

/** The indicator rows' part of a field table: the rows under a key as written are read with it. */
const INDICATOR_FIELDS: readonly FieldDef[] = [
  { path: '', zh: '', en: '', kind: 'mapping', required: true },
  { path: 'indicators', zh: '绩效指标', en: '', kind: 'framework', required: true },
  { path: 'indicators.*', zh: '一级指标', en: '', kind: 'framework', required: false },
  { path: 'indicators.*.*', zh: '二级指标', en: '', kind: 'list', required: false },
  { path: 'indicators.*.*.*', zh: '三级指标', en: '', kind: 'mapping', required: true },
  { path: 'indicators.*.*.*.name', zh: '', en: '', kind: 'text', required: true },
  { path: 'indicators.*.*.*.period', zh: '', en: '', kind: 'text', required: true },
  { path: 'indicators.*.*.*.annual', zh: '', en: '', kind: 'text', required: true },
];
const formatAmountIn = formatAmount;

/** Turn a declaration (complete, or partial under --force) into the view model. */
export function buildView(decl: PartialDeclaration, options: ViewOptions): FormView {
  const year = typeof decl.year === 'number' ? String(decl.year) : '';
  const department = text(decl.department);
  const b = isRecord(decl.budget) ? decl.budget : undefined;
  // Every amount of the form with the file's precision (forms.md "Amount precision").
  const places = decl.precision === 4 ? 4 : 2;
  const amount = (v: Decimal | undefined | null): string => formatAmountIn(v, places);
  const formatAmount = amount;
  const tasks: TaskRowView[] = list(decl.tasks).map((t) => ({
    name: text(t?.name),
    content: text(t?.content),
    funds: amount(t?.funds),
    expected: text(t?.expected),
  }));
  const indicators = indicatorRows(decl.indicators);
  return {
    title: FORM_TITLE,
    yearLine: `（${year}年度）`,
    documentTitle: [`${year}年度`, department, FORM_TITLE].filter((s) => s !== '' && s !== '年度').join(' '),
    department,
    budget: {
      basic: amount(b?.expenditure?.basic),
      project: amount(b?.expenditure?.project),
      special: amount(b?.development?.special),
      developmentOther: amount(b?.development?.other),
      appropriation: amount(b?.income?.appropriation),
      incomeOther: amount(b?.income?.other),
      own: amount(b?.allocation?.own),
      transfer: amount(b?.allocation?.transfer),
      ownLabel: `${text(decl.level)}本级使用资金`,
    },
    goals: numbered(list(decl.goals), true),
    tasks,
    tasksRowSpan: tasks.length + 1,
    otherTasks: numbered(list(decl.other_tasks), false),
    indicators,
    indicatorsRowSpan: Math.max(indicators.length, 1),
    unchecked: options.unchecked === true,
    uncheckedMark: UNCHECKED_MARK,
    uncheckedNote: `${UNCHECKED_MARK}：本表有校验错误，仅供核对，不能作为正式申报表`,
    generator: `declare ${options.version}`,
    filer: filerLine(decl.filer),
    unitNote: '单位：万元',
    volumeEntry: '',
    entryName: department,
  };
}

/** The labels of `filer`'s fields, in the order real forms print them (forms.md). */
const FILER_FIELDS = [
  ['unit', '填报单位（盖章）'],
  ['person', '填报人'],
  ['phone', '联系电话'],
  ['date', '填报日期'],
] as const;

/**
 * The filer line, when the declaration carries `filer` (forms.md "Who filed it"; the
 * field itself is added to the model elsewhere: this reads whatever is there, leniently).
 * A field left out is left out of the line; a date may come as a string or a Date.
 */
export function filerLine(filer: unknown): string {
  if (!isRecord(filer)) return '';
  const parts: string[] = [];
  for (const [key, labelText] of FILER_FIELDS) {
    const value = filer[key];
    const shown = value instanceof Date && !Number.isNaN(value.getTime())
      ? value.toISOString().slice(0, 10)
      : typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    if (shown.trim() !== '') parts.push(`${labelText}：${shown}`);
  }
  return parts.join('\u3000\u3000');
}
