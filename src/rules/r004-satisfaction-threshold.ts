import { fieldName } from '../model/fields.js';
import { numbersIn } from './numbers.js';
import { indicatorsOf } from './text.js';
import type { Finding, Rule } from './rule.js';

export const R004: Rule = {
  id: 'R004',
  severity: 'warning',
  title: { zh: '满意度目标低于 85%', en: 'satisfaction target below 85%' },
  check({ decl, options }) {
    const out: Finding[] = [];
    const min = options.satisfactionThreshold;
    for (const ind of indicatorsOf(decl)) {
      if (ind.level2 !== '服务对象满意度指标') continue;
      for (const field of ['period', 'annual'] as const) {
        const v = ind[field];
        if (typeof v !== 'string') continue;
        // An upper bound ("不满意率不超过5%") is not a satisfaction target.
        const low = numbersIn(v).find((n) => n.unit === '%' && n.bound !== 'upper' && n.value < min);
        if (low) out.push({ rule: 'R004', path: [...ind.path, field], args: { value: `${low.value}%`, min: `${min}%` } });
      }
    }
    return out;
  },
  message({ args, path }, lang) {
    return lang === 'zh'
      ? `${fieldName(path, lang)} 的满意度目标 ${args.value} 低于 ${args.min}`
      : `${fieldName(path, lang)}: satisfaction target ${args.value} is below ${args.min}`;
  },
  docs: {
    what: {
      zh: '服务对象满意度指标的目标百分比低于 85%（可在配置中调整）时提示。',
      en: 'Flags a 服务对象满意度指标 whose percentage target is below 85% (configurable).',
    },
    why: {
      zh: '广州市各部门满意度目标一般不低于 85%，过低的目标在审核中会被要求上调。',
      en: 'Guangzhou departments generally set satisfaction targets of at least 85%; lower ones are sent back.',
    },
    source: '财预〔2021〕101号（满意度指标）；广州市财政局审核口径',
    failing: '服务对象满意度指标:\n  - name: 群众满意度\n    period: 不低于80%\n    annual: 不低于80%\n',
    fixed: '服务对象满意度指标:\n  - name: 群众满意度\n    period: 不低于90%\n    annual: 不低于90%\n',
  },
};
