import { fieldName } from '../model/fields.js';
import { hasNumber } from './numbers.js';
import { indicatorsOf } from './text.js';
import type { Finding, Rule } from './rule.js';

/** 二级指标 whose values must be measurable (rules.md R003). */
const MEASURED = new Set(['数量指标', '质量指标', '成本指标', '经济成本指标', '社会成本指标', '生态环境成本指标', '服务对象满意度指标']);

export const R003: Rule = {
  id: 'R003',
  severity: 'warning',
  title: { zh: '指标值不可衡量（没有数字）', en: 'indicator value is not measurable' },
  check({ decl }) {
    const out: Finding[] = [];
    for (const ind of indicatorsOf(decl)) {
      const measured = MEASURED.has(ind.level2) || ind.level1 === '成本指标';
      if (!measured) continue;
      for (const field of ['period', 'annual'] as const) {
        const v = ind[field];
        if (typeof v === 'string' && !hasNumber(v)) {
          out.push({ rule: 'R003', path: [...ind.path, field], args: { level2: ind.level2, name: ind.name ?? '' } });
        }
      }
    }
    return out;
  },
  message({ args, path }, lang) {
    return lang === 'zh'
      ? `${args.level2}「${args.name}」的${fieldName(path, lang)} 没有数字，无法衡量：请写明数量、比例或金额（如 不少于10场、≥95%）`
      : `${fieldName(path, lang)} of ${args.level2} "${args.name}" has no number and cannot be measured; state a count, rate or amount (e.g. ≥ 10, ≥ 95%)`;
  },
  docs: {
    what: {
      zh: '数量指标、质量指标、成本指标（两个层级）和服务对象满意度指标的实施周期指标值、年度指标值中必须有数字。',
      en: 'Under 数量指标, 质量指标, 成本指标 (either level) and 服务对象满意度指标, the period and annual values must contain a number.',
    },
    why: {
      zh: '绩效目标应当“指向明确、细化量化、合理可行”；没有数字的定量指标无法在年末评价是否完成。',
      en: 'Performance targets must be specific and quantified; a quantitative indicator without a number cannot be evaluated at year end.',
    },
    source: '财预〔2015〕88号 第八条（细化量化）',
    failing: '数量指标:\n  - name: 理论宣讲场次\n    period: 按要求开展\n    annual: 按要求开展\n',
    fixed: '数量指标:\n  - name: 理论宣讲场次\n    period: 不少于20场\n    annual: 不少于20场\n',
  },
};
