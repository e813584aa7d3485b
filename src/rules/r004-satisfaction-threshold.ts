import { defineMessages } from '../messages/catalogue.js';
import { fieldName } from '../model/fields.js';
import { Decimal } from 'decimal.js';
import { numbersIn, type TextNumber } from './numbers.js';
import { indicatorsOf } from './text.js';
import { defineRule, type FindingOf } from './rule.js';

/** R004's message arguments (also in `--format json`). */
export type R004Args = { value: string; min: string; written?: string };

/** R004's sentences; `f` is the field's name as the form says it. */
const messages = defineMessages({
  zh: {
    written: (a: { f: string; written: string; value: string; min: string }) => `${a.f} 的满意度目标「${a.written}」即 ${a.value}，低于 ${a.min}`,
    below: (a: { f: string; value: string; min: string }) => `${a.f} 的满意度目标 ${a.value} 低于 ${a.min}`,
  },
  en: {
    written: (a) => `${a.f}: satisfaction target "${a.written}" (${a.value}) is below ${a.min}`,
    below: (a) => `${a.f}: satisfaction target ${a.value} is below ${a.min}`,
  },
});

export const R004 = defineRule<R004Args>()({
  id: 'R004',
  severity: 'warning',
  title: { zh: '满意度目标低于 85%', en: 'satisfaction target below 85%' },
  check({ decl, options }) {
    const out: FindingOf<'R004', R004Args>[] = [];
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
          const value = `${pct.toString()}%`;
          const args: R004Args = halfWidthPercent(written) !== value ? { value, min: `${min}%`, written } : { value, min: `${min}%` };
          out.push({ rule: 'R004', path: [...ind.path, field], args });
          break;
        }
      }
    }
    return out;
  },
  message({ args, path }, lang) {
    // `written` is there when the text does not say the percentage as such (八成, 0.8).
    const t = messages(lang);
    const f = fieldName(path, lang);
    if (args.written !== undefined) return t.written({ f, written: args.written, value: args.value, min: args.min });
    return t.below({ f, value: args.value, min: args.min });
  },
  docs: {
    what: {
      zh: '服务对象满意度指标的目标百分比低于 85%（可在配置中调整：satisfactionThreshold）时提示。\n\n第二版：不写 % 的满意度也会读取：0.8 和 八成 是 80%，满意度指标下单独的 100 是 100%，百分之九十 是 90%，区间（80%-90%）取下限。上限（不满意率不超过5%）、数量（调查样本50份）、分数（90分）和日期不是满意度目标。',
      en: 'Flags a 服务对象满意度指标 whose percentage target is below 85% (configurable: satisfactionThreshold).\n\nSecond edition: satisfaction values written without % are read too: 0.8 and 八成 are 80%, a bare 100 under a 满意度 indicator is 100%, 百分之九十 is 90%, and a range (80%-90%) gives its lower end. Upper bounds (不满意率不超过5%), counts (调查样本50份), scores (90分) and dates are not satisfaction targets.',
    },
    why: {
      zh: '满意度指标是绩效指标的必设类别之一；85% 这一门槛是本地审核惯例（广州市审核口径），没有找到规定它的文件，因此可以配置。',
      en: 'Satisfaction is one of the indicator categories a target sets; the 85% threshold is local review practice (Guangzhou): no document was found that sets it, so it is configurable.',
    },
    source: '《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）（满意度指标；为中央部门项目支出制定，不是区级部门整体表）；85% 为本地审核惯例，没有找到规定它的文件，可在配置中调整（satisfactionThreshold）',
    failing: '服务对象满意度指标:\n  - name: 群众满意度\n    period: 八成以上\n    annual: 不低于80%\n',
    fixed: '服务对象满意度指标:\n  - name: 群众满意度\n    period: 不低于90%\n    annual: 不低于90%\n',
    limits: {
      zh: '满意度指标下不带单位的数字一律按比例读（不大于 1 的按小数，1 到 100 之间的按百分数），所以“4.5（5分制）”会被误读为 4.5%。',
      en: 'A number without a unit under a 满意度 indicator is always read as a share (up to 1 as a fraction, from 1 to 100 as a percentage), so “4.5 (out of 5)” is misread as 4.5%.',
    },
  },
});

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
