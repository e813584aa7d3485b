import { defineMessages } from '../messages/catalogue.js';
import { fieldName } from '../model/fields.js';
import { hasNumber } from './numbers.js';
import { MEASURED_LEVEL2 } from './r003-measurable.js';
import { indicatorsOf } from './text.js';
import { defineRule, type FindingOf } from './rule.js';

/** R017's message arguments (also in `--format json`). */
export type R017Args = { name: string; value: string };

const messages = defineMessages({
  zh: {
    noNumber: (a: { field: string; name: string; value: string }) => `「${a.name}」标为定量指标，但${a.field}「${a.value}」中没有数字：请写明数值（如 不少于12场、≥90%），或把 type 改为 定性`,
  },
  en: {
    noNumber: (a) => `"${a.name}" is marked 定量 (quantitative) but its ${a.field} "${a.value}" has no number: state a value (e.g. ≥ 12, ≥ 90%) or set type to 定性 (qualitative)`,
  },
});

export const R017 = defineRule<R017Args>()({
  id: 'R017',
  severity: 'warning',
  title: { zh: '定量指标没有数字', en: '定量 indicator without a number' },
  check({ decl }) {
    const out: FindingOf<'R017', R017Args>[] = [];
    for (const ind of indicatorsOf(decl)) {
      if (ind.type !== '定量') continue;
      // R003 already reports a value without a number under these 二级指标: one finding is enough.
      if (MEASURED_LEVEL2.has(ind.level2) || ind.level1 === '成本指标') continue;
      for (const field of ['period', 'annual'] as const) {
        const v = ind[field];
        if (typeof v !== 'string' || hasNumber(v)) continue;
        out.push({ rule: 'R017', path: [...ind.path, field], args: { name: ind.name ?? '', value: v } });
      }
    }
    return out;
  },
  message({ args, path }, lang) {
    return messages(lang).noNumber({ field: fieldName(path, lang), name: args.name, value: args.value });
  },
  docs: {
    what: {
      zh: '三级指标写了 type: 定量，但实施周期指标值或年度指标值中没有数字时提示（阿拉伯数字或按数量读的中文数字，如 十五家、八成、百分之九十，与 R003 相同）。type: 定性 或没写 type 的指标不提示。数量指标、质量指标、成本指标和服务对象满意度指标下的值已由 R003 检查，不再重复提示。',
      en: 'Flags a 三级指标 marked type: 定量 whose period or annual value has no number (an Arabic digit or a Chinese numeral read as a quantity, such as 十五家, 八成, 百分之九十, as in R003). Indicators marked 定性, or with no type, are not flagged. Values under 数量指标, 质量指标, 成本指标 and 服务对象满意度指标 are R003\'s and are not reported twice.',
    },
    why: {
      zh: '标为定量的指标要用数值衡量；没有数字，年末无法判断是否完成，表上的“定量”与指标值自相矛盾。',
      en: 'A quantitative indicator is measured by a value; without a number it cannot be judged at year end, and the form contradicts itself.',
    },
    source: 'forms.md “More about an indicator”：各地预算管理一体化系统的三级指标属性（指标值类型 定量/定性）；未核对任何规章原文',
    failing: '社会效益指标:\n  - name: 理论宣讲覆盖群众\n    type: 定量\n    period: 覆盖面明显扩大\n    annual: 覆盖面明显扩大\n',
    fixed: '社会效益指标:\n  - name: 理论宣讲覆盖群众\n    type: 定量\n    period: 不少于10万人次\n    annual: 不少于2万人次\n',
    limits: {
      zh: '只看有没有数字，不看数字与单位是否相符（见 R018）；中文数字的读法与 R003 相同，少见量词（如“三幢”）会被漏读而误报。',
      en: 'Looks only for a number, not whether it fits the unit (see R018); Chinese numerals are read as in R003, so a rare measure word (三幢) is missed and flagged.',
    },
  },
});
