import { defineMessages } from '../messages/catalogue.js';
import { hasNumber, numbersIn } from './numbers.js';
import { MEASURED_LEVEL2 } from './r003-measurable.js';
import { indicatorsOf } from './text.js';
import { defineRule, type FindingOf } from './rule.js';

/** R018's message arguments (also in `--format json`). */
/** `used`: the units the values do use, joined by 、 ('' when none has a unit) */
export type R018Args = { name: string; unit: string; used: string };

const messages = defineMessages({
  zh: {
    unused: (a: { name: string; unit: string; values: string }) => `「${a.name}」的计量单位「${a.unit}」在指标值中没有用到${a.values}：请让计量单位与指标值的单位一致`,
    used: (a: { names: string[] }) => `（指标值用的是 ${a.names.join('、')}）`,
  },
  en: {
    unused: (a) => `unit "${a.unit}" of "${a.name}" is used by none of its values${a.values}: make the unit and the values agree`,
    used: (a) => ` (the values use ${a.names.join(', ')})`,
  },
});

/**
 * The unit as numbers.ts writes it: full-width ％ → %, and the words for a share
 * (百分比, 百分率, 百分之) → %, since numbers.ts reads 百分之九十 and 八成 as %.
 */
export function normaliseUnit(unit: string): string {
  const u = unit.trim().replace(/％/g, '%').replace(/／/g, '/');
  return /^(?:%|百分比|百分率|百分之)$/.test(u) ? '%' : u;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Does the value use `unit` (normalised)? */
export function usesUnit(value: string, unit: string): boolean {
  if (numbersIn(value).some((n) => normaliseUnit(n.unit) === unit)) return true;
  // A unit numbers.ts does not know (km, kWh, 平方千米) written right after a digit or numeral.
  if (unit === '%') return false;
  return new RegExp(`[0-9０-９零〇一二两三四五六七八九十百千万亿][\\s]*${escape(unit)}`).test(value);
}

/** Does R003 or R017 already report this indicator's values for having no number? */
function noNumberReported(ind: { level1: string; level2: string; type?: unknown }): boolean {
  return ind.type === '定量' || MEASURED_LEVEL2.has(ind.level2) || ind.level1 === '成本指标';
}

export const R018 = defineRule<R018Args>()({
  id: 'R018',
  severity: 'warning',
  title: { zh: '计量单位与指标值不符', en: 'unit not used by the values' },
  check({ decl }) {
    const out: FindingOf<'R018', R018Args>[] = [];
    for (const ind of indicatorsOf(decl)) {
      if (typeof ind.unit !== 'string' || ind.unit.trim() === '') continue;
      const unit = normaliseUnit(ind.unit);
      const values = [ind.period, ind.annual].filter((v): v is string => typeof v === 'string');
      // No number anywhere: where R003 (its 二级指标) or R017 (type 定量) already says "no
      // number", one finding is enough; elsewhere (a 定性 indicator with a unit, as real forms
      // fill the column by default) the unit is used by no value, and nothing else says so.
      if (!values.some((v) => hasNumber(v)) && noNumberReported(ind)) continue;
      if (values.some((v) => usesUnit(v, unit))) continue;
      const used = [...new Set(values.flatMap((v) => numbersIn(v).map((n) => n.unit)).filter((u) => u !== ''))].join('、');
      out.push({ rule: 'R018', path: [...ind.path, 'unit'], args: { name: ind.name ?? '', unit: ind.unit, used } });
    }
    return out;
  },
  message({ args }, lang) {
    const m = messages(lang);
    const values = args.used !== '' ? m.used({ names: args.used.split('、') }) : '';
    return m.unused({ name: args.name, unit: args.unit, values });
  },
  docs: {
    what: {
      zh: '三级指标写了计量单位（unit），但实施周期指标值和年度指标值中没有一个数字带这个单位时提示。单位按数字后面读到的单位比较：“%”与 90%、≥90%、百分之九十、八成相符；“万元”只与 50万元 相符（与 50元 不符）；“场”与 不少于12场 相符。读数字的规则不认识的单位（如 km）只要紧跟在数字后面也算用到。指标值中根本没有数字时：若 R003（数量、质量、成本、服务对象满意度指标）或 R017（type: 定量）已提示“没有数字”，不再重复；其他情况（如 type: 定性 却写了计量单位“%”、指标值为“应保尽保”）照样提示。',
      en: 'Flags a 三级指标 whose unit is used by no number of its period and annual values. Units are compared with those read after each number: "%" matches 90%, ≥90%, 百分之九十 and 八成; 万元 matches only 50万元 (not 50元); 场 matches 不少于12场. A unit the number reader does not know (km) counts when written right after a number. When no value has a number at all: not flagged where R003 (数量, 质量, 成本, 服务对象满意度指标) or R017 (type 定量) already reports the missing number; flagged otherwise (a 定性 indicator with unit % and the value 应保尽保, as a real form has it).',
    },
    why: {
      zh: '计量单位是指标值的单位；两者不一致（单位写“%”，指标值写“12场”），年末按哪个口径评价就说不清。',
      en: 'The unit is the unit of the values; when they disagree (unit %, value 12场) it is unclear what is measured at year end.',
    },
    source: 'forms.md “More about an indicator”：各地预算管理一体化系统的三级指标属性（计量单位）；未核对任何规章原文',
    failing: '数量指标:\n  - name: 理论宣讲场次\n    unit: "%"\n    period: 不少于12场\n    annual: 不少于12场\n',
    fixed: '数量指标:\n  - name: 理论宣讲场次\n    unit: 场\n    period: 不少于12场\n    annual: 不少于12场\n',
    limits: {
      zh: '按字面比较，不换算：单位“元”与 50万元 不符，“次”与 100人次 不符（读数字时 人次 是一个单位）；只要有一个数字用到单位就不提示，不看其他数字。',
      en: 'Compares as written, without conversion: 元 does not match 50万元, and 次 does not match 100人次 (the number reader reads 人次 as one unit); one number using the unit is enough, the others are not looked at.',
    },
  },
});
