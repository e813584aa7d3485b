import { Decimal } from 'decimal.js';
import { formatAmount } from '../model/amount.js';
import { ANNUAL_WITHIN_PERIOD } from '../forms/project/definition.js';
import { valueAt } from '../forms/types.js';
import { defineMessages } from '../messages/catalogue.js';
import { defineRule } from './rule.js';

/** M006's message arguments (also in `--format json`). */
export type M006Args = { item: 'total' | 'appropriation' | 'other'; annual: string; period: string; difference: string };

const ITEM_ZH: Record<string, string> = { total: '资金总额', appropriation: '财政拨款', other: '其他资金' };
const ITEM_EN: Record<string, string> = { total: 'funds total', appropriation: 'appropriation', other: 'other funds' };

/** M006's sentence. */
const m = defineMessages({
  zh: { message: (a: M006Args) => `年度${ITEM_ZH[a.item] ?? a.item} ${a.annual} 超过实施期${ITEM_ZH[a.item] ?? a.item} ${a.period}，超出 ${a.difference}` },
  en: { message: (a) => `annual ${ITEM_EN[a.item] ?? a.item} ${a.annual} exceeds the period's ${a.period} by ${a.difference}` },
});

export const M006 = defineRule<M006Args>()({
  id: 'M006',
  forms: ['项目支出'],
  severity: 'error',
  title: { zh: '年度资金超过实施期资金', en: 'annual funds exceed the period funds' },
  check({ decl }) {
    const out = [];
    for (const pair of ANNUAL_WITHIN_PERIOD) {
      const annual = valueAt(decl, pair.annual);
      const period = valueAt(decl, pair.period);
      if (!(annual instanceof Decimal) || !(period instanceof Decimal) || annual.lte(period)) continue;
      const keys = pair.annual.split('.');
      const item = keys[2] as M006Args['item'];
      out.push({ rule: 'M006' as const, path: keys, args: { item, annual: formatAmount(annual), period: formatAmount(period), difference: formatAmount(annual.minus(period)) } });
    }
    return out;
  },
  message({ args }, lang) {
    return m(lang).message(args);
  },
  docs: {
    what: {
      zh: '年度资金总额、其中财政拨款、其他资金，各自不能超过实施期（整个项目期）的同一项。',
      en: 'The annual total, appropriation and other funds may each be at most the same item for the whole period.',
    },
    why: {
      zh: '实施期资金是项目各年度资金的总和，一年的资金不可能超过全部年度之和；超出说明两栏填反或数额有误。',
      en: 'The period funds are the sum over all the years; one year cannot exceed them: the columns are swapped or a figure is wrong.',
    },
    source: 'forms.md "The project form", Arithmetic',
    failing: 'form: 项目支出\nfunds:\n  period: { total: 300.00, appropriation: 300.00, other: 0.00 }\n  annual: { total: 900.00, appropriation: 900.00, other: 0.00 }\n',
    fixed: 'form: 项目支出\nfunds:\n  period: { total: 900.00, appropriation: 900.00, other: 0.00 }\n  annual: { total: 300.00, appropriation: 300.00, other: 0.00 }\n',
    limits: {
      zh: '只比较实施期与年度的同一项；各年度之和是否等于实施期资金（需要其他年度的申报表）不在检查之内。',
      en: 'Compares each annual item only with the same period item; whether the years add up to the period funds (which needs the other years’ forms) is not checked.',
    },
  },
});
