/**
 * Messages of the review commands (src/review): diff and summary. Their keys follow the
 * review modules' types (Totals, Level1); the modules check that they cover them.
 */
import { defineMessages } from './catalogue.js';

/** review/diff.ts: the semantic diff's words and sentences. */
export const diffMessages = defineMessages({
  zh: {
    old: '旧',
    new: '新',
    colon: '：',
    identical: '两份申报表内容相同（注释、键的顺序、引号和金额写法的差异不计）。',
    incomplete: (a: { label: string; errors: number }) => `${a.label} 有 ${a.errors} 个错误，其中有结构错误：只比较了能读出的部分（「无效」表示该项缺失或无效；运行 declare validate 查看）。`,
    header: '基本信息',
    totals: '合计（万元）',
    tasks: '年度重点工作任务',
    indicators: '绩效指标',
    reordered: '（顺序有变化）',
    reorderedIn: (a: { where: string }) => `（${a.where} 的顺序有变化）`,
    renamed: '改名',
    funds: '拟投入',
    fundsOf: (a: { amount: string }) => `（拟投入 ${a.amount}）`,
    renamedNote: '（改名）',
    item: '项目',
    headOld: '旧',
    headNew: '新',
    change: '变化',
    invalid: '无效',
    none: '空白',
    changes: (a: { count: number }) => `共 ${a.count} 处变化。`,
  },
  en: {
    old: 'old',
    new: 'new',
    colon: ': ',
    identical: 'The declarations are the same (comments, key order, quoting and amount spelling do not count).',
    incomplete: (a) => `${a.label} has ${a.errors} error(s), including structure errors: only what could be read is compared ("invalid" = missing or invalid; run declare validate).`,
    header: 'General',
    totals: 'Totals (万元)',
    tasks: 'Key annual tasks',
    indicators: 'Performance indicators',
    reordered: '(order changed)',
    reorderedIn: (a) => `(order changed in ${a.where})`,
    renamed: 'renamed',
    funds: 'funds',
    fundsOf: (a) => ` (funds ${a.amount})`,
    renamedNote: ' (renamed)',
    item: 'Item',
    headOld: 'Old',
    headNew: 'New',
    change: 'Change',
    invalid: 'invalid',
    none: 'blank',
    changes: (a) => `${a.count} change(s).`,
  },
});


/** review/summary.ts: column headers and notes (the amount columns' headers come from the form definition). */
export const summaryMessages = defineMessages({
  zh: {
    file: '文件',
    department: '部门',
    year: '年度',
    level: '级次',
    tasks: '任务数',
    taskFunds: '任务资金',
    errors: '错误',
    warnings: '警告',
    suppressed: '已抑制',
    included: '计入合计',
    yes: '是',
    no: '否',
    totals: (a: { files: number }) => `合计（${a.files} 份）`,
    excluded: (a: { names: readonly string[] }) => `有错误的 ${a.names.length} 份申报表未计入合计：${a.names.join('、')}`,
  },
  en: {
    file: 'File',
    department: 'Department',
    year: 'Year',
    level: 'Level',
    tasks: 'Tasks',
    taskFunds: 'Task funds',
    errors: 'Errors',
    warnings: 'Warnings',
    suppressed: 'Suppressed',
    included: 'In totals',
    yes: 'yes',
    no: 'no',
    totals: (a) => `Total (${a.files} files)`,
    excluded: (a) => `${a.names.length} declaration(s) with errors left out of the totals: ${a.names.join(', ')}`,
  },
});

/** review/summary.ts: the level-1 indicator columns' headers. */
export const summaryIndicatorHeaders = defineMessages({
  zh: { 产出指标: '产出指标', 成本指标: '成本指标', 效益指标: '效益指标', 满意度指标: '满意度指标' },
  en: { 产出指标: 'Output', 成本指标: 'Cost', 效益指标: 'Benefit', 满意度指标: 'Satisfaction' },
});
