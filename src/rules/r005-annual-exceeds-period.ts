import type { Decimal } from 'decimal.js';
import { baseQuantity, isAdditive, numbersIn } from './numbers.js';
import { indicatorsOf } from './text.js';
import type { Finding, Rule } from './rule.js';

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
  return numbersIn(text)
    .filter(isAdditive)
    .map((n) => ({ ...baseQuantity(n), start: n.start, end: n.end }));
}

/** Quantities grouped by unit, each group in text order. */
function byUnit(list: Quantity[]): Map<string, Quantity[]> {
  const out = new Map<string, Quantity[]>();
  for (const q of list) out.set(q.unit, [...(out.get(q.unit) ?? []), q]);
  return out;
}

export const R005: Rule = {
  id: 'R005',
  severity: 'warning',
  title: { zh: '年度指标值大于实施周期指标值', en: 'annual target exceeds the period target' },
  check({ decl }) {
    const out: Finding[] = [];
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
    return lang === 'zh'
      ? `「${args.name}」的年度指标值 ${args.annual} 大于实施周期指标值 ${args.period}：年度目标不能超过整个实施周期`
      : `"${args.name}": the annual target ${args.annual} exceeds the period target ${args.period}; a year cannot exceed the whole period`;
  },
  docs: {
    what: {
      zh: '同一指标的年度指标值中的数字，不应大于实施周期指标值中同一位置、同一单位的数字。',
      en: 'A number in the annual target must not exceed the number at the same position, with the same unit, in the period target.',
    },
    why: {
      zh: '年度是实施周期的一部分，年度目标超过周期目标说明两个值填反或填错。',
      en: 'The year is part of the period; an annual target above the period target means the two were swapped or mistyped.',
    },
    source: '财预〔2015〕88号（绩效目标与实施周期）',
    failing: '- name: 媒体合作数量\n  period: 与中央、省市媒体合作15家\n  annual: 与中央、省市媒体合作20家\n',
    fixed: '- name: 媒体合作数量\n  period: 与中央、省市媒体合作20家\n  annual: 与中央、省市媒体合作15家\n',
  },
};
