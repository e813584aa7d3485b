import { fieldName } from '../model/fields.js';
import { Decimal } from 'decimal.js';
import { numbersIn, type TextNumber } from './numbers.js';
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
        for (const n of numbersIn(v)) {
          // An upper bound ("不满意率不超过5%") is not a satisfaction target.
          if (n.bound === 'upper') continue;
          const pct = satisfactionPercent(n);
          if (pct === undefined || !pct.lt(min)) continue;
          const written = v.slice(n.start, n.end);
          const args: Record<string, string> = { value: `${pct.toString()}%`, min: `${min}%` };
          if (halfWidthPercent(written) !== args.value) args.written = written;
          out.push({ rule: 'R004', path: [...ind.path, field], args });
          break;
        }
      }
    }
    return out;
  },
  message({ args, path }, lang) {
    // `written` is there when the text does not say the percentage as such (八成, 0.8).
    if (args.written !== undefined) {
      return lang === 'zh'
        ? `${fieldName(path, lang)} 的满意度目标「${args.written}」即 ${args.value}，低于 ${args.min}`
        : `${fieldName(path, lang)}: satisfaction target "${args.written}" (${args.value}) is below ${args.min}`;
    }
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

/**
 * The satisfaction level a number states, in percent (rules.md R004, second edition):
 * 90% / 百分之九十 / 九成 as written; a bare number is a fraction up to 1 (0.8 → 80%, 1 →
 * 100%) and a percentage above that up to 100 (`100` → 100%); anything else (counts,
 * scores, dates, 个百分点) is not a satisfaction level. A range gives its lower end.
 */
export function satisfactionPercent(n: TextNumber): Decimal | undefined {
  if (n.kind === 'percent') return n.unit === '%' ? n.value : undefined;
  if ((n.kind === 'number' || n.kind === 'rate') && n.unit === '') {
    if (n.value.lte(1)) return n.value.times(100);
    if (n.value.lte(100)) return n.value;
  }
  return undefined;
}

/** ８０％ says 80% as such: no need to repeat what was written. */
function halfWidthPercent(s: string): string {
  return s.replace(/[０-９．％]/g, (c) => (c === '．' ? '.' : c === '％' ? '%' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}
