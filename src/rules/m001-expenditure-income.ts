import { formatAmount } from '../model/amount.js';
import { expenditureTotal, incomeTotal } from './sums.js';
import { defineMessages } from '../messages/catalogue.js';
import { defineRule } from './rule.js';

/** M001's message arguments (also in `--format json`). */
export type M001Args = { expenditure: string; income: string; difference: string };

/** M001's sentence. */
const m = defineMessages({
  zh: { message: (a: M001Args) => `支出合计 ${a.expenditure} 与收入合计 ${a.income} 不相等，相差 ${a.difference}（支出合计 = 基本支出 + 项目支出 + 财政专项资金 + 其他事业发展性支出；收入合计 = 财政拨款 + 其他资金）` },
  en: { message: (a) => `total expenditure ${a.expenditure} ≠ total income ${a.income}, a difference of ${a.difference} (expenditure = basic + project + special + other development; income = appropriation + other)` },
});

export const M001 = defineRule<M001Args>()({
  id: 'M001',
  // The sums of the department form's 预算整体情况 (format.md "Arithmetic").
  forms: ['部门整体'],
  severity: 'error',
  title: { zh: '支出合计与收入合计不相等', en: 'total expenditure ≠ total income' },
  check({ decl }) {
    const out = expenditureTotal(decl);
    const inc = incomeTotal(decl);
    if (!out || !inc || out.eq(inc)) return [];
    return [{
      rule: 'M001',
      path: ['budget', 'income'],
      atKey: true,
      args: { expenditure: formatAmount(out), income: formatAmount(inc), difference: formatAmount(out.minus(inc).abs()) },
    }];
  },
  message({ args }, lang) {
    return m(lang).message(args);
  },
  docs: {
    what: {
      zh: '支出合计（基本支出 + 项目支出 + 财政专项资金 + 其他事业发展性支出）必须等于收入合计（财政拨款 + 其他资金），精确到 0.01 万元。',
      en: 'Total expenditure (basic + project + special + other development) must equal total income (appropriation + other), exactly to 0.01 万元.',
    },
    why: {
      zh: '部门预算收支必须平衡，这是审核时首先核对的数。',
      en: 'A department budget must balance; it is the first figure a reviewer checks.',
    },
    source: '《中华人民共和国预算法》第十二条（收支平衡原则，已核对条文）；format.md “Arithmetic”',
    failing: 'budget:\n  expenditure: { basic: 1499.73, project: 1354.87 }\n  development: { special: 0.00, other: 942.46 }\n  income: { appropriation: 3797.05, other: 0.00 }\n',
    fixed: 'budget:\n  expenditure: { basic: 1499.73, project: 1354.87 }\n  development: { special: 0.00, other: 942.46 }\n  income: { appropriation: 3797.06, other: 0.00 }\n',
    limits: {
      zh: '只核对两个合计是否相等，不核对各项金额本身是否与预算批复一致。',
      en: 'Checks only that the two totals agree, not that each amount matches the approved budget.',
    },
  },
});
