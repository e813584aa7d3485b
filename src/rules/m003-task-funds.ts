import { Decimal } from 'decimal.js';
import { formatAmount } from '../model/amount.js';
import { taskBudget } from './sums.js';
import { defineMessages } from '../messages/catalogue.js';
import { defineRule } from './rule.js';

/** M003's message arguments (also in `--format json`). */
export type M003Args = { tasks: string; limit: string; difference: string };

/** M003's sentence. */
const m = defineMessages({
  zh: { message: (a: M003Args) => `重点工作任务拟投入资金合计 ${a.tasks} 超过项目支出与事业发展性支出之和 ${a.limit}，超出 ${a.difference}` },
  en: { message: (a) => `task funds total ${a.tasks} exceeds project + development expenditure ${a.limit} by ${a.difference}` },
});

export const M003 = defineRule<M003Args>()({
  id: 'M003',
  // The sums of the department form's 预算整体情况 (format.md "Arithmetic").
  forms: ['部门整体'],
  severity: 'warning',
  title: { zh: '重点工作任务资金超过项目支出与事业发展性支出之和', en: 'task funds exceed project + development expenditure' },
  check({ decl, complete }) {
    // Only when every task's funds could be read: a partial sum would mislead.
    if (!complete.has('tasks') || !decl.tasks) return [];
    const limit = taskBudget(decl);
    if (!limit) return [];
    let total = new Decimal(0);
    for (const t of decl.tasks) if (t?.funds) total = total.plus(t.funds);
    if (total.lte(limit)) return [];
    return [{
      rule: 'M003',
      path: ['tasks'],
      atKey: true,
      args: { tasks: formatAmount(total), limit: formatAmount(limit), difference: formatAmount(total.minus(limit)) },
    }];
  },
  message({ args }, lang) {
    return m(lang).message(args);
  },
  docs: {
    what: {
      zh: '各项重点工作任务的拟投入资金之和，不应超过项目支出 + 财政专项资金 + 其他事业发展性支出。',
      en: 'The funds of the key tasks should not add up to more than project + special + other development expenditure.',
    },
    why: {
      zh: '重点工作任务由项目支出和事业发展性支出保障，基本支出（人员和日常公用经费）不用于重点任务；超出说明金额填错或任务口径有误。',
      en: 'Key tasks are paid from project and development expenditure, not from basic expenditure (staff and running costs); more means a wrong figure.',
    },
    source: '《中央部门预算绩效目标管理办法》（财预〔2015〕88号）（部门整体支出绩效目标，未核对具体条文；为中央部门制定）',
    failing: 'budget:\n  expenditure: { basic: 100.00, project: 50.00 }\n  development: { special: 0.00, other: 0.00 }\ntasks:\n  - name: 任务一\n    content: ……\n    funds: 60.00\n    expected: ……\n',
    fixed: 'budget:\n  expenditure: { basic: 100.00, project: 50.00 }\n  development: { special: 0.00, other: 0.00 }\ntasks:\n  - name: 任务一\n    content: ……\n    funds: 50.00\n    expected: ……\n',
    limits: {
      zh: '只与 项目支出 + 事业发展性支出 比较：用基本支出安排的任务、跨年度的任务资金不在考虑之内。',
      en: 'Compares only with 项目支出 + 事业发展性支出: tasks paid from basic expenditure, or funds spread over several years, are not foreseen.',
    },
  },
});
