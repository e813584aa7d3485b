import { FRAMEWORK, INDICATOR_DIRECTIONS, INDICATOR_TYPES } from '../../model/framework.js';
import type { FieldDef, FormDefinition, SumDef, SummaryColumnDef, SummaryKeyDef } from '../types.js';
import { initSkeleton } from '../init-skeleton.js';
import { buildProjectView, projectGrid } from './view.js';

/** The values of 项目属性 (forms.md). */
export const PROJECT_KINDS = ['新增', '延续'] as const;

/** The longest project period, in years (forms.md: at most 10 years). */
export const MAX_PROJECT_YEARS = 10;

/** init's indicator skeleton: the mandatory 一级指标, a 成本指标 (M008) and the satisfaction row R002 asks for. */
const INDICATOR_SKELETON = [
  '产出指标:                     # 必填：数量、质量、时效、成本指标',
  '  数量指标:',
  '    - name: ""                # 三级指标（填写）',
  '      period: ""              # 实施期指标值，要有数字，如 不少于10场（填写）',
  '      annual: ""              # 年度指标值（填写）',
  '  成本指标:',
  '    - name: ""                # 如 项目预算控制数（填写）',
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
 * The project form, 项目支出绩效目标申报表 (forms.md "The project form"), as a value: one
 * file per project. Same indicator framework and rows as the department form; its own
 * identity rows, funds for the implementation period and the year, and goals for both.
 */
const fields = [
  { path: '', zh: '申报表', en: 'declaration', kind: 'mapping', required: true },
  { path: 'form', zh: '表单', en: 'form', kind: 'form', required: true, doc: '申报表的种类：项目支出', example: '项目支出', init: { value: '项目支出', note: '项目支出绩效目标申报表' } },
  { path: 'version', zh: '格式版本', en: 'format version', kind: 'version', required: false, doc: '格式版本，固定为 1（可省略）', example: '1', init: { value: '1', note: '' } },
  { path: 'precision', zh: '金额小数位数', en: 'amount precision', kind: 'precision', required: false, doc: '金额（万元）的小数位数：2（默认）或 4（精确到元，如 10606.7522）；为 4 时金额最多四位小数，打印四位小数（可省略）', example: '4', init: { omit: true } },
  { path: 'year', zh: '预算年度', en: 'budget year', kind: 'year', required: true, doc: '预算年度，2000–2100 的整数，在项目期内', example: '2024', init: { value: '{year}', note: '预算年度' } },
  { path: 'project', zh: '项目名称', en: 'project name', kind: 'text', required: true, example: '花都区公共文化服务体系建设', init: { note: '项目名称（填写）' } },
  { path: 'department', zh: '主管部门', en: 'supervising department', kind: 'text', required: true, doc: '主管部门（部门整体申报表的部门名称）', example: '中国共产党广州市花都区委员会宣传部', init: { value: '{department!q}', note: '主管部门{fill}', gap: 2 } },
  { path: 'implementer', zh: '实施单位', en: 'implementing unit', kind: 'text', required: true, example: '广州市花都区文化馆', init: { note: '实施单位（填写）' } },
  { path: 'kind', zh: '项目属性', en: 'project kind', kind: 'enum', values: PROJECT_KINDS, required: true, doc: '项目属性：新增 或 延续', example: '延续', init: { value: '延续', note: '项目属性：新增 延续' } },
  { path: 'period', zh: '项目期', en: 'project period', kind: 'mapping', required: true, doc: '项目期（起止年度，最长 10 年，含预算年度）', init: { note: '项目期：起止年度（最长 10 年，含预算年度）' } },
  { path: 'period.start', zh: '项目期开始年度', en: 'first year', kind: 'year', required: true, example: '2023', init: { value: '{year}' } },
  { path: 'period.end', zh: '项目期结束年度', en: 'last year', kind: 'year', required: true, example: '2025', init: { value: '{year}' } },
  { path: 'filer', zh: '填报信息', en: 'filed by', kind: 'mapping', required: false, doc: '填报单位、填报人、联系电话、填报日期（可省略，各项均可省略）；打印在标题与表格之间的一行', init: { omit: true } },
  { path: 'filer.unit', zh: '填报单位（盖章）', en: 'filing unit', kind: 'text', required: false, example: '广州市花都区文化馆' },
  { path: 'filer.person', zh: '填报人', en: 'filed by', kind: 'text', required: false, example: '张三' },
  { path: 'filer.phone', zh: '联系电话', en: 'phone', kind: 'text', required: false, example: '020-12345678' },
  { path: 'filer.date', zh: '填报日期', en: 'filing date', kind: 'date', required: false, doc: '填报日期，YYYY-MM-DD，须是实际存在的日期', example: '2024-01-15' },
  { path: 'funds', zh: '项目资金（万元）', en: 'project funds', kind: 'mapping', required: true, doc: '项目资金（万元）', init: { note: '项目资金（万元）：资金总额 = 财政拨款 + 其他资金' } },
  { path: 'funds.period', zh: '实施期资金', en: 'funds for the whole period', kind: 'mapping', required: true },
  { path: 'funds.period.total', zh: '实施期资金总额', en: 'period funds total', kind: 'amount', required: true, example: '900.00' },
  { path: 'funds.period.appropriation', zh: '财政拨款', en: 'period fiscal appropriation', kind: 'amount', required: true, example: '900.00' },
  { path: 'funds.period.other', zh: '其他资金', en: 'period other funds', kind: 'amount', required: true, example: '0.00', init: { value: '0.00' } },
  { path: 'funds.annual', zh: '年度资金', en: 'funds for the year', kind: 'mapping', required: true, init: { note: '年度资金（不超过实施期资金）' } },
  { path: 'funds.annual.total', zh: '年度资金总额', en: 'annual funds total', kind: 'amount', required: true, example: '300.00' },
  { path: 'funds.annual.appropriation', zh: '财政拨款', en: 'annual fiscal appropriation', kind: 'amount', required: true, example: '300.00' },
  { path: 'funds.annual.other', zh: '其他资金', en: 'annual other funds', kind: 'amount', required: true, example: '0.00', init: { value: '0.00' } },
  { path: 'goals', zh: '总体目标', en: 'overall goals', kind: 'mapping', required: true, doc: '总体目标：实施期目标与年度目标' },
  { path: 'goals.period', zh: '实施期目标', en: 'goals for the whole period', kind: 'list', required: true, doc: '实施期目标，每项一段文字，渲染时自动编号', init: { note: '实施期目标：每项一段' } },
  { path: 'goals.period.*', zh: '实施期目标', en: 'goal for the whole period', kind: 'text', required: true, example: '建成覆盖全区的公共文化服务体系。' },
  { path: 'goals.annual', zh: '年度目标', en: 'goals for the year', kind: 'list', required: true, doc: '年度目标，每项一段文字，渲染时自动编号', init: { note: '年度目标：每项一段' } },
  { path: 'goals.annual.*', zh: '年度目标', en: 'goal for the year', kind: 'text', required: true, example: '开展送文化下基层活动不少于100场。' },
  { path: 'indicators', zh: '绩效指标', en: 'performance indicators', kind: 'framework', required: true, doc: '绩效指标：一级指标 → 二级指标 → 三级指标列表', init: { note: '绩效指标：一级指标 → 二级指标 → 三级指标', lines: INDICATOR_SKELETON } },
  { path: 'indicators.*', zh: '一级指标', en: 'level-1 indicator', kind: 'framework', required: false },
  { path: 'indicators.*.*', zh: '二级指标', en: 'level-2 indicator', kind: 'list', required: false },
  { path: 'indicators.*.*.*', zh: '三级指标', en: 'level-3 indicator', kind: 'mapping', required: true },
  { path: 'indicators.*.*.*.name', zh: '三级指标', en: 'indicator name', kind: 'text', required: true, example: '送文化下基层场次' },
  { path: 'indicators.*.*.*.period', zh: '实施期指标值', en: 'target for the whole period', kind: 'text', required: true, example: '不少于300场' },
  { path: 'indicators.*.*.*.annual', zh: '年度指标值', en: 'annual target', kind: 'text', required: true, example: '不少于100场' },
  { path: 'indicators.*.*.*.type', zh: '指标值类型', en: 'value type', kind: 'enum', values: INDICATOR_TYPES, required: false, doc: '指标值类型：定量（要有数字）或 定性（可省略；不打印）', example: '定量' },
  { path: 'indicators.*.*.*.unit', zh: '计量单位', en: 'unit', kind: 'text', required: false, doc: '计量单位，应与指标值中的单位一致（可省略；不打印）', example: '"%"' },
  { path: 'indicators.*.*.*.direction', zh: '指标方向', en: 'direction', kind: 'enum', values: INDICATOR_DIRECTIONS, required: false, doc: '指标方向：正向（越高越好）、反向（越低越好）或 区间（可省略；不打印）', example: '正向' },
  { path: 'indicators.*.*.*.note', zh: '指标解释', en: 'explanation', kind: 'text', required: false, doc: '指标解释（可省略；不打印）', example: '抽样调查满意的人数占调查总人数的比例' },
] as const satisfies readonly FieldDef[];

/** The sums of the project form (forms.md "Arithmetic"): each total = appropriation + other. */
const sums = {
  /** 实施期资金总额 = 财政拨款 + 其他资金 */
  periodTotal: { zh: '实施期财政拨款与其他资金之和', en: 'period appropriation + other', parts: ['funds.period.appropriation', 'funds.period.other'] },
  /** 年度资金总额 = 财政拨款 + 其他资金 */
  annualTotal: { zh: '年度财政拨款与其他资金之和', en: 'annual appropriation + other', parts: ['funds.annual.appropriation', 'funds.annual.other'] },
} as const satisfies Record<string, SumDef>;

/** The project form's sums, by name. */
export type ProjectSum = keyof typeof sums;

/** Each annual amount and the period amount it may not exceed (M006), in table order. */
export const ANNUAL_WITHIN_PERIOD = [
  { annual: 'funds.annual.total', period: 'funds.period.total' },
  { annual: 'funds.annual.appropriation', period: 'funds.period.appropriation' },
  { annual: 'funds.annual.other', period: 'funds.period.other' },
] as const;

/** The amount totals and the sum each must equal (M005). */
export const TOTALS = [
  { total: 'funds.period.total', sum: 'periodTotal' },
  { total: 'funds.annual.total', sum: 'annualTotal' },
] as const satisfies readonly { total: string; sum: ProjectSum }[];

/** `declare summary`'s amount columns for project forms, in table order. */
const summaryColumns = [
  { id: 'periodTotal', field: 'funds.period.total', zh: '实施期资金', en: 'Period funds' },
  { id: 'periodAppropriation', field: 'funds.period.appropriation', zh: '实施期财政拨款', en: 'Period appropriation' },
  { id: 'periodOther', field: 'funds.period.other', zh: '实施期其他资金', en: 'Period other' },
  { id: 'annualTotal', field: 'funds.annual.total', zh: '年度资金', en: 'Annual funds' },
  { id: 'annualAppropriation', field: 'funds.annual.appropriation', zh: '年度财政拨款', en: 'Annual appropriation' },
  { id: 'annualOther', field: 'funds.annual.other', zh: '年度其他资金', en: 'Annual other' },
] as const satisfies readonly SummaryColumnDef<string, ProjectSum>[];

/** `declare summary`'s describing columns: which project, whose, which year, what kind, how long. */
const summaryKeys = [
  { id: 'project', field: 'project', zh: '项目名称', en: 'Project' },
  { id: 'department', field: 'department', zh: '主管部门', en: 'Department' },
  { id: 'implementer', field: 'implementer', zh: '实施单位', en: 'Implementer' },
  { id: 'year', field: 'year', zh: '年度', en: 'Year' },
  { id: 'kind', field: 'kind', zh: '项目属性', en: 'Kind' },
  { id: 'period', field: 'period.start', to: 'period.end', zh: '项目期', en: 'Period' },
] as const satisfies readonly SummaryKeyDef[];

/** The project form's summary column ids. */
export type ProjectColumn = (typeof summaryColumns)[number]['id'];

/** The form's printed title. */
export const PROJECT_TITLE = '项目支出绩效目标申报表';

/** init's comment lines after the title line. */
const INIT_INTRO = ['每个项目一个文件。填写所有标「填写」的项，然后运行：npx declare validate 本文件', '金额单位：万元，最多两位小数；资金总额 = 财政拨款 + 其他资金，年度资金不超过实施期资金。'];

/** 项目支出绩效目标申报表. */
export const PROJECT_FORM = {
  id: '项目支出',
  title: PROJECT_TITLE,
  fields,
  framework: FRAMEWORK,
  sums,
  summaryColumns,
  summaryKeys,
  summaryLists: [],
  diff: {
    header: ['year', 'project', 'department', 'implementer', 'kind', 'period.start', 'period.end', 'precision', 'filer.unit', 'filer.person', 'filer.phone', 'filer.date'],
    amounts: { zh: '项目资金（万元）', en: 'Project funds (万元)' },
    lists: [
      { field: 'goals.period', zh: '实施期目标', en: 'Goals for the whole period' },
      { field: 'goals.annual', zh: '年度目标', en: 'Goals for the year' },
    ],
    totals: [
      { id: 'periodTotal', sum: 'periodTotal', zh: '实施期财政拨款 + 其他资金', en: 'Period appropriation + other' },
      { id: 'annualTotal', sum: 'annualTotal', zh: '年度财政拨款 + 其他资金', en: 'Annual appropriation + other' },
    ],
  },
  rollup: { field: 'funds.annual.total', zh: '项目年度资金合计', en: 'Projects (annual)' },
  render: { template: 'form.hbs', stylesheet: 'form.css', view: buildProjectView, grid: projectGrid },
  init: (values) => initSkeleton({ title: PROJECT_TITLE, fields }, INIT_INTRO, values),
} as const satisfies FormDefinition<ProjectSum, ProjectColumn>;
