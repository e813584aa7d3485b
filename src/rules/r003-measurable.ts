import { defineMessages } from '../messages/catalogue.js';
import { fieldName } from '../model/fields.js';
import { hasNumber } from './numbers.js';
import { indicatorsOf } from './text.js';
import { defineRule, type FindingOf } from './rule.js';

/** 二级指标 whose values must be measurable (rules.md R003). */
export const MEASURED_LEVEL2: ReadonlySet<string> = new Set(['数量指标', '质量指标', '成本指标', '经济成本指标', '社会成本指标', '生态环境成本指标', '服务对象满意度指标']);

/** R003's message arguments (also in `--format json`). */
export type R003Args = { level2: string; name: string };

/** R003's sentence; `f` is the field's name as the form says it. */
const messages = defineMessages({
  zh: { noNumber: (a: { f: string; level2: string; name: string }) => `${a.level2}「${a.name}」的${a.f} 没有数字，无法衡量：请写明数量、比例或金额（如 不少于10场、≥95%）` },
  en: { noNumber: (a) => `${a.f} of ${a.level2} "${a.name}" has no number and cannot be measured; state a count, rate or amount (e.g. ≥ 10, ≥ 95%)` },
});

export const R003 = defineRule<R003Args>()({
  id: 'R003',
  severity: 'warning',
  title: { zh: '指标值不可衡量（没有数字）', en: 'indicator value is not measurable' },
  check({ decl }) {
    const out: FindingOf<'R003', R003Args>[] = [];
    for (const ind of indicatorsOf(decl)) {
      const measured = MEASURED_LEVEL2.has(ind.level2) || ind.level1 === '成本指标';
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
    return messages(lang).noNumber({ f: fieldName(path, lang), level2: args.level2, name: args.name });
  },
  docs: {
    what: {
      zh: '数量指标、质量指标、成本指标（两个层级）和服务对象满意度指标的实施周期指标值、年度指标值中必须有数字。\n\n第二版：中文数字也是数字（八成以上、百分之九十、十五家、两场、三个、一万二千人次、零投诉）。词语里的数字字不算（统一、进一步、二十大、“十四五”、“两个维护”、第一时间）。',
      en: 'Under 数量指标, 质量指标, 成本指标 (either level) and 服务对象满意度指标, the period and annual values must contain a number.\n\nSecond edition: Chinese numerals count as numbers (八成以上, 百分之九十, 十五家, 两场, 三个, 一万二千人次, 零投诉). Numeral characters inside words do not (统一, 进一步, 二十大, 十四五, 两个维护, 第一时间).',
    },
    why: {
      zh: '绩效目标应当细化、量化；没有数字的定量指标无法在年末评价是否完成。',
      en: 'Performance targets must be specific and quantified; a quantitative indicator without a number cannot be evaluated at year end.',
    },
    source: '《中央部门预算绩效目标管理办法》（财预〔2015〕88号）（绩效目标应细化、量化，未核对具体条文；为中央部门制定）',
    failing: '数量指标:\n  - name: 理论宣讲场次\n    period: 按要求开展\n    annual: 按要求开展\n',
    fixed: '数量指标:\n  - name: 理论宣讲场次\n    period: 不少于20场\n    annual: 不少于20场\n',
    limits: {
      zh: '中文数字只在后面跟着单位或量词（场、家、个、人次、万元、年……）、“成”，前面是“百分之”，或本身是“一万二千”这样的多位数时才算数字；不在排除表中的固定提法（如新的“X个Y”口号）会被当作数字，少见量词（如“三幢”）会被漏读。',
      en: 'A Chinese numeral counts only before a unit or measure word (场, 家, 个, 人次, 万元, 年 …), before 成, after 百分之, or when it is a multi-digit numeral such as 一万二千; a set phrase not on the exclusion list (a new “X个Y” slogan) is read as a number, and a rare measure word (三幢) is missed.',
    },
  },
});
