import { numbersIn } from './numbers.js';
import { indicatorsOf } from './text.js';
import type { Finding, Rule } from './rule.js';

export const R005: Rule = {
  id: 'R005',
  severity: 'warning',
  title: { zh: '年度指标值大于实施周期指标值', en: 'annual target exceeds the period target' },
  check({ decl }) {
    const out: Finding[] = [];
    for (const ind of indicatorsOf(decl)) {
      if (typeof ind.annual !== 'string' || typeof ind.period !== 'string') continue;
      const annual = numbersIn(ind.annual);
      const period = numbersIn(ind.period);
      for (let i = 0; i < Math.min(annual.length, period.length); i++) {
        const a = annual[i]!;
        const p = period[i]!;
        // Same unit at the same position (rules.md R005), percentages included.
        if (a.unit !== p.unit) continue;
        if (a.value > p.value) {
          out.push({ rule: 'R005', path: [...ind.path, 'annual'], args: { annual: `${a.value}${a.unit}`, period: `${p.value}${p.unit}`, name: ind.name ?? '' } });
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
