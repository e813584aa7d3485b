import type { DataPath, Lang } from '../diagnostic.js';

/**
 * Every field of format.md with the label the printed form uses. One table serves the
 * messages (「基本支出」(budget.expenditure.basic)), the JSON Schema titles and the
 * "did you mean" hints (a key typed as its Chinese label is pointed to its real name).
 * Patterns use `*` for a list index or a free key (indicator names).
 */
export const FIELDS: Record<string, { zh: string; en: string; doc?: string }> = {
  '': { zh: '申报表', en: 'declaration' },
  version: { zh: '格式版本', en: 'format version', doc: '格式版本，固定为 1（可省略）' },
  year: { zh: '预算年度', en: 'budget year', doc: '预算年度，2000–2100 的整数' },
  department: { zh: '部门名称', en: 'department name', doc: '部门名称' },
  level: { zh: '预算级次', en: 'budget level', doc: '部门的预算级次：省、市、区、县、镇之一；决定「<级次>本级使用资金」一行的名称' },
  budget: { zh: '预算整体情况', en: 'overall budget', doc: '预算整体情况（万元）' },
  'budget.expenditure': { zh: '部门预算支出', en: 'department expenditure' },
  'budget.expenditure.basic': { zh: '基本支出', en: 'basic expenditure' },
  'budget.expenditure.project': { zh: '项目支出', en: 'project expenditure' },
  'budget.development': { zh: '事业发展性支出', en: 'development expenditure' },
  'budget.development.special': { zh: '财政专项资金', en: 'special fiscal funds' },
  'budget.development.other': { zh: '其他事业发展性支出', en: 'other development expenditure' },
  'budget.income': { zh: '收入来源', en: 'income sources' },
  'budget.income.appropriation': { zh: '财政拨款', en: 'fiscal appropriation' },
  'budget.income.other': { zh: '其他资金', en: 'other funds' },
  'budget.allocation': { zh: '按预算级次划分', en: 'allocation by budget level' },
  'budget.allocation.own': { zh: '本级使用资金', en: 'funds used at own level' },
  'budget.allocation.transfer': { zh: '拟用于对下转移支付资金', en: 'transfers to lower levels' },
  goals: { zh: '总体绩效目标', en: 'overall performance goals', doc: '总体绩效目标，每项一段文字，渲染时自动编号' },
  'goals.*': { zh: '总体绩效目标', en: 'overall performance goal' },
  tasks: { zh: '年度重点工作任务', en: 'key annual tasks' },
  'tasks.*': { zh: '年度重点工作任务', en: 'key annual task' },
  'tasks.*.name': { zh: '名称', en: 'task name' },
  'tasks.*.content': { zh: '主要实施内容', en: 'main content' },
  'tasks.*.funds': { zh: '拟投入的资金（万元）', en: 'planned funds', doc: '拟投入的资金（万元），可省略或留空（表格中为空白）' },
  'tasks.*.expected': { zh: '期望达到的目标（概述）', en: 'expected result' },
  other_tasks: { zh: '其他需完成的任务（可选填）', en: 'other tasks', doc: '其他需完成的任务（可选填），每项一段文字' },
  'other_tasks.*': { zh: '其他需完成的任务', en: 'other task' },
  indicators: { zh: '绩效指标', en: 'performance indicators', doc: '绩效指标：一级指标 → 二级指标 → 三级指标列表' },
  'indicators.*': { zh: '一级指标', en: 'level-1 indicator' },
  'indicators.*.*': { zh: '二级指标', en: 'level-2 indicator' },
  'indicators.*.*.*': { zh: '三级指标', en: 'level-3 indicator' },
  'indicators.*.*.*.name': { zh: '三级指标', en: 'indicator name' },
  'indicators.*.*.*.period': { zh: '实施周期指标值', en: 'target for the whole period' },
  'indicators.*.*.*.annual': { zh: '年度指标值', en: 'annual target' },
};

/** `["tasks", 0, "name"]` → `tasks.*.name`. */
export function patternOf(path: DataPath): string {
  const parts = path.map((seg) => (typeof seg === 'number' ? '*' : seg));
  // indicator keys are free names: indicators.<一级>.<二级>.<i>.<field>
  if (parts[0] === 'indicators') {
    for (let i = 1; i < Math.min(parts.length, 3); i++) parts[i] = '*';
  }
  return parts.join('.');
}

/** `["tasks", 0, "name"]` → `tasks[0].name`. */
export function dottedPath(path: DataPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** The field's form label, e.g. 「基本支出」(budget.expenditure.basic). */
export function fieldName(path: DataPath, lang: Lang, level?: string | number): string {
  const entry = FIELDS[patternOf(path)];
  const dotted = dottedPath(path);
  if (!entry) return dotted === '' ? (lang === 'zh' ? '文件' : 'the file') : dotted;
  let label = lang === 'zh' ? entry.zh : entry.en;
  if (lang === 'zh' && patternOf(path) === 'budget.allocation.own' && level) label = `${level}${label}`;
  if (dotted === '') return lang === 'zh' ? `「${label}」` : label;
  return lang === 'zh' ? `「${label}」(${dotted})` : `${label} (${dotted})`;
}

/** The keys a mapping at `pattern` may have, in format.md order. */
export function childKeys(pattern: string): string[] {
  const prefix = pattern === '' ? '' : `${pattern}.`;
  return Object.keys(FIELDS)
    .filter((p) => p.startsWith(prefix) && p !== pattern && !p.slice(prefix.length).includes('.') && !p.endsWith('*'))
    .map((p) => p.slice(prefix.length));
}
