import { defineMessages } from '../messages/catalogue.js';
import type { Decimal } from 'decimal.js';
import { baseQuantity, isAdditive, numbersIn } from './numbers.js';
import { indicatorsOf } from './text.js';
import { defineRule, type FindingOf } from './rule.js';

/** A count or an amount, with its 万/亿 scale folded in (1.2万人次 = 12000人次). */
interface Quantity {
  low: Decimal;
  high: Decimal;
  unit: string;
  start: number;
  end: number;
}

/** The additive quantities of a text, in order. */
function additive(text: string): Quantity[] {
  const out: Quantity[] = [];
  for (const n of numbersIn(text)) {
    if (!isAdditive(n)) continue;
    // fields named, not spread: a spread into a literal was a tenth of this rule (issue 17)
    const { low, high, unit } = baseQuantity(n);
    out.push({ low, high, unit, start: n.start, end: n.end });
  }
  return out;
}

/** Quantities grouped by unit, each group in text order. */
function byUnit(list: Quantity[]): Map<string, Quantity[]> {
  const out = new Map<string, Quantity[]>();
  for (const q of list) {
    const group = out.get(q.unit);
    if (group) group.push(q);
    else out.set(q.unit, [q]);
  }
  return out;
}

/** R005's message arguments (also in `--format json`). */
export type R005Args = { annual: string; period: string; name: string };

const messages = defineMessages({
  zh: { exceeds: (a: { name: string; annual: string; period: string }) => `「${a.name}」的年度指标值 ${a.annual} 大于实施周期指标值 ${a.period}：年度目标不能超过整个实施周期` },
  en: { exceeds: (a) => `"${a.name}": the annual target ${a.annual} exceeds the period target ${a.period}; a year cannot exceed the whole period` },
});

export const R005 = defineRule<R005Args>()({
  id: 'R005',
  severity: 'warning',
  title: { zh: '年度指标值大于实施周期指标值', en: 'annual target exceeds the period target' },
  check({ decl }) {
    const out: FindingOf<'R005', R005Args>[] = [];
    for (const ind of indicatorsOf(decl)) {
      if (typeof ind.annual !== 'string' || typeof ind.period !== 'string') continue;
      const annualText = ind.annual;
      const periodText = ind.period;
      const annual = additive(annualText);
      const period = byUnit(additive(periodText));
      // Same unit, same position among the numbers of that unit (rules.md R005). Only
      // quantities that add up over the period are compared (second edition): a rate, an
      // average, a per-unit cost or a date of the year may well exceed the period's.
      const seen = new Map<string, number>();
      for (const a of annual) {
        const k = seen.get(a.unit) ?? 0;
        seen.set(a.unit, k + 1);
        const p = period.get(a.unit)?.[k];
        if (!p) continue;
        // A range exceeds only when even its lower end is above the other's upper end.
        if (a.low.gt(p.high)) {
          out.push({ rule: 'R005', path: [...ind.path, 'annual'], args: { annual: annualText.slice(a.start, a.end), period: periodText.slice(p.start, p.end), name: ind.name ?? '' } });
          break;
        }
      }
    }
    return out;
  },
  message({ args }, lang) {
    return messages(lang).exceeds({ name: args.name, annual: args.annual, period: args.period });
  },
  docs: {
    what: {
      zh: '同一指标的年度指标值中的数量，不应大于实施周期指标值中同一单位、同一位置的数量。\n\n第二版：只比较在周期内可以累加的数量：计数（场、家、个、篇、次、人次、件、项、份、期……，中文数字也算，如 十五家）和金额（元、万元，按同一单位换算：1.5万元 与 20000元 可比）；不比较百分比、比率、平均值、人均和单位值（500元/人、每场100人）、日期和时长。区间（10-15场）只有下限也超过周期值时才提示。',
      en: 'A quantity in the annual target must not exceed the quantity with the same unit, at the same position, in the period target.\n\nSecond edition: only quantities that add up over the period are compared: counts (场, 家, 个, 篇, 次, 人次, 件, 项, 份, 期 …, in Chinese numerals too, such as 十五家) and amounts (元, 万元, converted to one unit: 1.5万元 and 20000元 compare); never percentages, rates, averages, per-unit values (500元/人, 每场100人), dates or durations. A range (10-15场) is flagged only when even its lower end exceeds the period value.',
    },
    why: {
      zh: '年度是实施周期的一部分，可累加的年度目标超过周期目标说明两个值填反或填错；比率、人均值和日期则可以逐年提高。',
      en: 'The year is part of the period; an additive annual target above the period target means the two were swapped or mistyped, while rates, averages and dates may well rise year by year.',
    },
    source: '《中央部门预算绩效目标管理办法》（财预〔2015〕88号）（实施期目标与年度目标，未核对具体条文；为中央部门制定）',
    failing: '- name: 媒体合作数量\n  period: 与中央、省市媒体合作15家\n  annual: 与中央、省市媒体合作20家\n',
    fixed: '- name: 媒体合作数量\n  period: 与中央、省市媒体合作20家\n  annual: 与中央、省市媒体合作15家\n',
    limits: {
      zh: '不带单位的数字和长度、面积等度量（公里、平方米）不比较；同一单位的第几个数量对第几个，文字结构不同时可能配错。',
      en: 'Numbers without a unit and physical measures (公里, 平方米) are not compared; the k-th quantity of a unit is paired with the k-th, which can pair the wrong ones when the two texts are built differently.',
    },
  },
});
