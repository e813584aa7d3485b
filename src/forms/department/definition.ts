import { FRAMEWORK, INDICATOR_DIRECTIONS, INDICATOR_TYPES, LEVELS } from '../../model/framework.js';
import { departmentGrid } from '../../render/grid.js';
import { buildView } from '../../render/view.js';
import type { FieldDef, FormDefinition, SumDef, SummaryColumnDef, SummaryKeyDef, SummaryListDef } from '../types.js';
import { initSkeleton } from '../init-skeleton.js';

/**
 * init's indicator skeleton: the two mandatory 一级指标, the 成本指标 blank R010 asks for
 * (under 产出指标, the 2015 framework's place for it) and the satisfaction row R002 asks for.
 */
const INDICATOR_SKELETON = [
  '产出指标:                     # 必填：数量、质量、时效、成本指标',
  '  数量指标:',
  '    - name: ""                # 三级指标（填写）',
  '      period: ""              # 实施周期指标值，要有数字，如 不少于10场（填写）',
  '      annual: ""              # 年度指标值（填写）',
  '  成本指标:                   # 三级指标如 单场活动成本，指标值如 不超过0.5万元/场',
  '    - name: ""',
  '      period: ""',
  '      annual: ""',
  '效益指标:                     # 必填：经济效益、社会效益、生态效益、可持续影响指标',
  '  社会效益指标:',
  '    - name: ""',
  '      period: ""',
  '      annual: ""',
  '满意度指标:',
  '  服务对象满意度指标:',
  '    - name: 服务对象满意度',
  '      period: 不低于90%',
  '      annual: 不低于90%',
];

/**
 * The department form, 部门整体预算绩效目标申报表 (format.md), as a value.
 *
 * `fields` is the one table of its fields: order is format.md's (the printed form's)
 * order, parents before children. Labels serve the messages (「基本支出」(budget.expenditure.basic)),
 * the JSON Schema titles, the "did you mean" hints (a key typed as its label), fmt's key
 * order, init's template, diff's labels and the docs/format.md field table.
 */
const fields = [
  { path: '', zh: '申报表', en: 'declaration', kind: 'mapping', required: true },
  { path: 'form', zh: '表单', en: 'form', kind: 'form', required: false, doc: '申报表的种类（可省略，默认 部门整体）', example: '部门整体', init: { omit: true } },
  { path: 'version', zh: '格式版本', en: 'format version', kind: 'version', required: false, doc: '格式版本，固定为 1（可省略）', example: '1', init: { value: '1', note: '' } },
  { path: 'precision', zh: '金额小数位数', en: 'amount precision', kind: 'precision', required: false, doc: '金额（万元）的小数位数：2（默认）或 4（精确到元，如 724.2318）；为 4 时金额最多四位小数，打印四位小数（可省略）', example: '4', init: { omit: true } },
  { path: 'year', zh: '预算年度', en: 'budget year', kind: 'year', required: true, doc: '预算年度，2000–2100 的整数', example: '2023', init: { value: '{year}', note: '预算年度' } },
  { path: 'department', zh: '部门名称', en: 'department name', kind: 'text', required: true, doc: '部门名称', example: '中国共产党广州市花都区委员会宣传部', init: { value: '{department!q}', note: '部门名称{fill}', gap: 2 } },
  { path: 'level', zh: '预算级次', en: 'budget level', kind: 'enum', values: LEVELS, required: true, doc: '部门的预算级次：省、市、区、县、镇之一；决定「<级次>本级使用资金」一行的名称', example: '区', init: { value: '{level|区}', note: '预算级次：省 市 区 县 镇' } },
  { path: 'filer', zh: '填报信息', en: 'filed by', kind: 'mapping', required: false, doc: '填报单位、填报人、联系电话、填报日期（可省略，各项均可省略）；打印在标题与表格之间的一行', init: { omit: true } },
  { path: 'filer.unit', zh: '填报单位（盖章）', en: 'filing unit', kind: 'text', required: false, example: '中国共产党广州市花都区委员会宣传部' },
  { path: 'filer.person', zh: '填报人', en: 'filed by', kind: 'text', required: false, example: '张三' },
  { path: 'filer.phone', zh: '联系电话', en: 'phone', kind: 'text', required: false, example: '020-12345678' },
  { path: 'filer.date', zh: '填报日期', en: 'filing date', kind: 'date', required: false, doc: '填报日期，YYYY-MM-DD，须是实际存在的日期', example: '2023-01-15' },
  { path: 'budget', zh: '预算整体情况', en: 'overall budget', kind: 'mapping', required: true, doc: '预算整体情况（万元）' },
  { path: 'budget.expenditure', zh: '部门预算支出', en: 'department expenditure', kind: 'mapping', required: true },
  { path: 'budget.expenditure.basic', zh: '基本支出', en: 'basic expenditure', kind: 'amount', required: true, example: '1499.73' },
  { path: 'budget.expenditure.project', zh: '项目支出', en: 'project expenditure', kind: 'amount', required: true, example: '1354.87' },
  { path: 'budget.development', zh: '事业发展性支出', en: 'development expenditure', kind: 'mapping', required: true },
  { path: 'budget.development.special', zh: '财政专项资金', en: 'special fiscal funds', kind: 'amount', required: true, example: '0.00', init: { value: '0.00' } },
  { path: 'budget.development.other', zh: '其他事业发展性支出', en: 'other development expenditure', kind: 'amount', required: true, example: '942.46', init: { note: '其他事业发展性支出（填写，没有则写 0.00）' } },
  { path: 'budget.income', zh: '收入来源', en: 'income sources', kind: 'mapping', required: true, init: { note: '收入来源（收入合计 = 支出合计）' } },
  { path: 'budget.income.appropriation', zh: '财政拨款', en: 'fiscal appropriation', kind: 'amount', required: true, example: '3797.06' },
  { path: 'budget.income.other', zh: '其他资金', en: 'other funds', kind: 'amount', required: true, example: '0.00', init: { value: '0.00' } },
  { path: 'budget.allocation', zh: '按预算级次划分', en: 'allocation by budget level', kind: 'mapping', required: true, init: { note: '按预算级次划分（合计 = 收入合计）' } },
  { path: 'budget.allocation.own', zh: '本级使用资金', en: 'funds used at own level', kind: 'amount', required: true, example: '3707.06', init: { note: '{level|区}本级使用资金（填写）' } },
  { path: 'budget.allocation.transfer', zh: '拟用于对下转移支付资金', en: 'transfers to lower levels', kind: 'amount', required: true, example: '90.00', init: { value: '0.00' } },
  { path: 'goals', zh: '总体绩效目标', en: 'overall performance goals', kind: 'list', required: true, doc: '总体绩效目标，每项一段文字，渲染时自动编号', init: { note: '总体绩效目标：每项一段，打印时自动编号' } },
  { path: 'goals.*', zh: '总体绩效目标', en: 'overall performance goal', kind: 'text', required: true, example: '高举思想旗帜，深入学习宣传贯彻习近平新时代中国特色社会主义思想。' },
  { path: 'tasks', zh: '年度重点工作任务', en: 'key annual tasks', kind: 'list', required: true, init: { note: '年度重点工作任务：每项一个任务' } },
  { path: 'tasks.*', zh: '年度重点工作任务', en: 'key annual task', kind: 'mapping', required: true },
  { path: 'tasks.*.name', zh: '名称', en: 'task name', kind: 'text', required: true, example: '持续推动花都城市文化综合实力出新出彩' },
  { path: 'tasks.*.content', zh: '主要实施内容', en: 'main content', kind: 'text', required: true, example: '做好全国公共图书馆评估定级工作。' },
  { path: 'tasks.*.funds', zh: '拟投入的资金（万元）', en: 'planned funds', kind: 'optional-amount', required: false, doc: '拟投入的资金（万元），可省略或留空（表格中为空白）', example: '50.00', init: { note: '拟投入的资金（万元）（填写；确无资金可留空，校验时会提示 M004）' } },
  { path: 'tasks.*.expected', zh: '期望达到的目标（概述）', en: 'expected result', kind: 'text', required: true, example: '做好全国公共图书馆评估定级工作。' },
  { path: 'other_tasks', zh: '其他需完成的任务（可选填）', en: 'other tasks', kind: 'list', required: false, minItems: 0, doc: '其他需完成的任务（可选填），每项一段文字' },
  { path: 'other_tasks.*', zh: '其他需完成的任务', en: 'other task', kind: 'text', required: true },
  { path: 'indicators', zh: '绩效指标', en: 'performance indicators', kind: 'framework', required: true, doc: '绩效指标：一级指标 → 二级指标 → 三级指标列表', init: { note: '绩效指标：一级指标 → 二级指标 → 三级指标', lines: INDICATOR_SKELETON } },
  { path: 'indicators.*', zh: '一级指标', en: 'level-1 indicator', kind: 'framework', required: false },
  { path: 'indicators.*.*', zh: '二级指标', en: 'level-2 indicator', kind: 'list', required: false },
  { path: 'indicators.*.*.*', zh: '三级指标', en: 'level-3 indicator', kind: 'mapping', required: true },
  { path: 'indicators.*.*.*.name', zh: '三级指标', en: 'indicator name', kind: 'text', required: true, example: '媒体合作数量、主题宣传数量' },
  { path: 'indicators.*.*.*.period', zh: '实施周期指标值', en: 'target for the whole period', kind: 'text', required: true, example: '与中央、省市媒体（含网络）合作15家' },
  { path: 'indicators.*.*.*.annual', zh: '年度指标值', en: 'annual target', kind: 'text', required: true, example: '与中央、省市媒体（含网络）合作15家' },
  { path: 'indicators.*.*.*.type', zh: '指标值类型', en: 'value type', kind: 'enum', values: INDICATOR_TYPES, required: false, doc: '指标值类型：定量（要有数字）或 定性（可省略；不打印）', example: '定量' },
  { path: 'indicators.*.*.*.unit', zh: '计量单位', en: 'unit', kind: 'text', required: false, doc: '计量单位，应与指标值中的单位一致（可省略；不打印）', example: '"%"' },
  { path: 'indicators.*.*.*.direction', zh: '指标方向', en: 'direction', kind: 'enum', values: INDICATOR_DIRECTIONS, required: false, doc: '指标方向：正向（越高越好）、反向（越低越好）或 区间（可省略；不打印）', example: '正向' },
  { path: 'indicators.*.*.*.note', zh: '指标解释', en: 'explanation', kind: 'text', required: false, doc: '指标解释（可省略；不打印）', example: '抽样调查满意的人数占调查总人数的比例' },
] as const satisfies readonly FieldDef[];

/** The sums of format.md "Arithmetic", declared once (M001–M003, summary, diff). */
const sums = {
  /** 支出合计 = 基本支出 + 项目支出 + 财政专项资金 + 其他事业发展性支出 */
  expenditure: { zh: '支出合计', en: 'total expenditure', parts: ['budget.expenditure.basic', 'budget.expenditure.project', 'budget.development.special', 'budget.development.other'] },
  /** 收入合计 = 财政拨款 + 其他资金 */
  income: { zh: '收入合计', en: 'total income', parts: ['budget.income.appropriation', 'budget.income.other'] },
  /** 按预算级次划分的合计 = 本级使用资金 + 拟用于对下转移支付资金 */
  allocation: { zh: '按预算级次划分合计', en: 'allocation total', parts: ['budget.allocation.own', 'budget.allocation.transfer'] },
  /** 事业发展性支出 = 财政专项资金 + 其他事业发展性支出 */
  development: { zh: '事业发展性支出', en: 'development expenditure', parts: ['budget.development.special', 'budget.development.other'] },
  /** What the 年度重点工作任务 may draw on (M003): 项目支出 + 事业发展性支出 */
  taskBudget: { zh: '项目支出与事业发展性支出', en: 'project and development expenditure', parts: ['budget.expenditure.project', 'budget.development.special', 'budget.development.other'] },
} as const satisfies Record<string, SumDef>;

/** The department form's sums, by name. */
export type DepartmentSum = keyof typeof sums;

/** `declare summary`'s amount columns, in table order (short headers: the table is wide). */
const summaryColumns = [
  { id: 'total', sum: 'expenditure', zh: '支出合计', en: 'Total' },
  { id: 'basic', field: 'budget.expenditure.basic', zh: '基本支出', en: 'Basic' },
  { id: 'project', field: 'budget.expenditure.project', zh: '项目支出', en: 'Project' },
  { id: 'development', sum: 'development', zh: '事业发展性支出', en: 'Development' },
  { id: 'appropriation', field: 'budget.income.appropriation', zh: '财政拨款', en: 'Appropriation' },
  { id: 'own', field: 'budget.allocation.own', zh: '本级', en: 'Own level' },
  { id: 'transfer', field: 'budget.allocation.transfer', zh: '转移支付', en: 'Transfers' },
] as const satisfies readonly SummaryColumnDef<string, DepartmentSum>[];

/** `declare summary`'s describing and list columns (short headers: the table is wide). */
const summaryKeys = [
  { id: 'department', field: 'department', zh: '部门', en: 'Department' },
  { id: 'year', field: 'year', zh: '年度', en: 'Year' },
  { id: 'level', field: 'level', zh: '级次', en: 'Level' },
] as const satisfies readonly SummaryKeyDef[];
const summaryLists = [
  { id: 'tasks', list: 'tasks', zh: '任务数', en: 'Tasks' },
  { id: 'taskFunds', list: 'tasks', amount: 'funds', zh: '任务资金', en: 'Task funds' },
] as const satisfies readonly SummaryListDef[];

/** The department form's summary column ids. */
export type DepartmentColumn = (typeof summaryColumns)[number]['id'];

/** The form's printed title. */
const title = '部门整体预算绩效目标申报表';

/** init's comment lines after the title line. */
const INIT_INTRO = ['填写所有标「填写」的项，然后运行：npx declare validate 本文件', '金额单位：万元，最多两位小数，可写 1499.73 或 "1,499.73"。'];

/** 部门整体预算绩效目标申报表. */
export const DEPARTMENT_FORM = {
  id: '部门整体',
  title,
  fields,
  framework: FRAMEWORK,
  sums,
  summaryColumns,
  summaryKeys,
  summaryLists,
  diff: {
    header: ['year', 'department', 'level', 'precision', 'filer.unit', 'filer.person', 'filer.phone', 'filer.date'],
    amounts: { zh: '预算整体情况（万元）', en: 'Budget (万元)' },
    lists: [
      { field: 'goals', zh: '总体绩效目标', en: 'Overall goals' },
      { field: 'other_tasks', zh: '其他需完成的任务', en: 'Other tasks' },
    ],
    totals: [
      { id: 'expenditure', sum: 'expenditure', zh: '支出合计', en: 'Total expenditure' },
      { id: 'income', sum: 'income', zh: '收入合计', en: 'Total income' },
      { id: 'allocation', sum: 'allocation', zh: '本级 + 转移支付', en: 'Own level + transfers' },
      { id: 'taskFunds', list: 'taskFunds', zh: '任务资金合计', en: 'Task funds' },
    ],
  },
  // The department's 项目支出 beside the sum of its projects' annual funds; those may not
  // exceed 项目支出 + 事业发展性支出 (M008).
  rollup: { field: 'budget.expenditure.project', zh: '部门项目支出', en: 'Department project exp.', limit: 'taskBudget' },
  render: { template: 'form.hbs', stylesheet: 'form.css', view: buildView, grid: departmentGrid },
  init: (values) => initSkeleton({ title, fields }, INIT_INTRO, values),
} as const satisfies FormDefinition<DepartmentSum, DepartmentColumn>;
