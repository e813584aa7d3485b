import { Decimal } from 'decimal.js';
import { formatAmount } from '../model/amount.js';
import { PROJECT_FORM, TOTALS } from '../forms/project/definition.js';
import { evaluateSum, valueAt } from '../forms/types.js';
import { defineMessages } from '../messages/catalogue.js';
import { defineRule } from './rule.js';

/** M005's message arguments (also in `--format json`): which row, its total, its parts' sum. */
export type M005Args = { row: 'period' | 'annual'; total: string; sum: string; difference: string };

const ROW_ZH: Record<string, string> = { period: '实施期', annual: '年度' };

/** M005's sentence. */
const m = defineMessages({
  zh: { message: (a: M005Args) => `${ROW_ZH[a.row] ?? a.row}资金总额 ${a.total} 不等于其中财政拨款与其他资金之和 ${a.sum}，相差 ${a.difference}` },
  en: { message: (a) => `${a.row} funds total ${a.total} ≠ appropriation + other ${a.sum} (difference ${a.difference})` },
});

export const M005 = defineRule<M005Args>()({
  id: 'M005',
  forms: ['项目支出'],
  severity: 'error',
  title: { zh: '项目资金总额不等于财政拨款与其他资金之和', en: 'project funds total ≠ appropriation + other' },
  check({ decl }) {
    const out = [];
    for (const { total: path, sum } of TOTALS) {
      const total = valueAt(decl, path);
      const parts = evaluateSum(PROJECT_FORM.sums[sum], decl);
      if (!(total instanceof Decimal) || !parts || total.eq(parts)) continue;
      const keys = path.split('.');
      out.push({
        rule: 'M005' as const,
        path: keys,
        args: { row: keys[1] === 'period' ? ('period' as const) : ('annual' as const), total: formatAmount(total), sum: formatAmount(parts), difference: formatAmount(total.minus(parts).abs()) },
      });
    }
    return out;
  },
  message({ args }, lang) {
    return m(lang).message(args);
  },
  docs: {
    what: {
      zh: '项目支出申报表的实施期资金总额、年度资金总额，各自必须等于其中财政拨款与其他资金之和（精确到分）。',
      en: 'On a project form, the period total and the annual total must each equal its fiscal appropriation plus other funds, exactly.',
    },
    why: {
      zh: '资金总额由财政拨款和其他资金构成，不相等说明有一个数填错；财政部门按财政拨款安排预算，错一个数就对不上账。',
      en: 'The total is made of appropriation and other funds; a mismatch means a wrong figure, and the finance bureau budgets by the appropriation.',
    },
    source: 'forms.md "The project form", Arithmetic',
    failing: 'form: 项目支出\nfunds:\n  period: { total: 900.00, appropriation: 800.00, other: 0.00 }\n  annual: { total: 300.00, appropriation: 300.00, other: 0.00 }\n',
    fixed: 'form: 项目支出\nfunds:\n  period: { total: 900.00, appropriation: 900.00, other: 0.00 }\n  annual: { total: 300.00, appropriation: 300.00, other: 0.00 }\n',
    limits: {
      zh: '只比较填写的三个数：资金总额的口径（是否含上年结转等）不在检查之内。',
      en: 'Compares only the three figures written: what the total includes (carry-overs and the like) is not checked.',
    },
  },
});
