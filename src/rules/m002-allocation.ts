import { formatAmount } from '../model/amount.js';
import { allocationTotal, incomeTotal } from './sums.js';
import { defineMessages } from '../messages/catalogue.js';
import { defineRule } from './rule.js';

/** M002's message arguments (also in `--format json`). */
export type M002Args = { allocation: string; income: string; difference: string; level: string };

/** M002's sentence. */
const m = defineMessages({
  zh: { message: (a: M002Args) => `按预算级次划分合计 ${a.allocation}（${a.level}本级使用资金 + 拟用于对下转移支付资金）与收入合计 ${a.income} 不相等，相差 ${a.difference}` },
  en: { message: (a) => `allocation by level ${a.allocation} (own level + transfers) ≠ total income ${a.income}, a difference of ${a.difference}` },
});

export const M002 = defineRule<M002Args>()({
  id: 'M002',
  // The sums of the department form's 预算整体情况 (format.md "Arithmetic").
  forms: ['部门整体'],
  severity: 'error',
  title: { zh: '按预算级次划分合计与收入合计不相等', en: 'allocation by level ≠ total income' },
  check({ decl }) {
    const split = allocationTotal(decl);
    const inc = incomeTotal(decl);
    if (!split || !inc || split.eq(inc)) return [];
    return [{
      rule: 'M002',
      path: ['budget', 'allocation'],
      atKey: true,
      args: { allocation: formatAmount(split), income: formatAmount(inc), difference: formatAmount(split.minus(inc).abs()), level: decl.level ?? '' },
    }];
  },
  message({ args }, lang) {
    return m(lang).message(args);
  },
  docs: {
    what: {
      zh: '本级使用资金与拟用于对下转移支付资金之和必须等于收入合计。',
      en: 'Funds used at the own level plus transfers to lower levels must equal total income.',
    },
    why: {
      zh: '按预算级次划分是对同一笔收入的另一种切分，两者必须一致。',
      en: 'The split by budget level divides the same income another way; the two must agree.',
    },
    source: 'format.md “Arithmetic”；申报表“按预算级次划分”栏（本级使用资金 + 对下转移支付资金 = 收入合计）',
    failing: 'budget:\n  income: { appropriation: 3797.06, other: 0.00 }\n  allocation: { own: 3707.06, transfer: 80.00 }\n',
    fixed: 'budget:\n  income: { appropriation: 3797.06, other: 0.00 }\n  allocation: { own: 3707.06, transfer: 90.00 }\n',
    limits: {
      zh: '只核对合计，不判断本级与转移支付的划分是否正确。',
      en: 'Checks only the sum, not whether the split between own use and transfers is right.',
    },
  },
});
