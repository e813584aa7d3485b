import { defineRule } from './rule.js';

/** M008 has no arguments. */
export type M008Args = Record<string, never>;

export const M008 = defineRule<M008Args>()({
  id: 'M008',
  forms: ['项目支出'],
  severity: 'warning',
  title: { zh: '项目支出申报表没有成本指标', en: 'project form without a cost indicator' },
  check({ decl, complete }) {
    // Only when the indicators could be read whole: a broken part is S001/S003's to report.
    if (!complete.has('indicators') || !decl.indicators) return [];
    const cost = decl.indicators['产出指标']?.['成本指标'];
    if (Array.isArray(cost) && cost.length > 0) return [];
    return [{ rule: 'M008', path: ['indicators'], atKey: true, args: {} }];
  },
  message(_f, lang) {
    return lang === 'zh'
      ? '项目支出申报表没有「成本指标」：项目资金按项目核定，请在 产出指标 下填写成本指标（如 项目预算控制数、单位成本）'
      : 'the project form has no 成本指标 (cost indicator): project funds are approved per project; add one under 产出指标';
  },
  docs: {
    what: {
      zh: '项目支出申报表的 产出指标 下应有 成本指标（至少一项三级指标）。',
      en: 'A project form should have a 成本指标 (cost indicator) under 产出指标, with at least one item.',
    },
    why: {
      zh: '项目支出是按项目逐项核定的资金，成本是评审项目预算是否合理、事后评价是否节约的依据（全面实施预算绩效管理要求将成本指标纳入项目绩效目标）；部门整体支出含人员和日常经费，项目支出则每一笔都要说明花多少、办成什么。',
      en: 'Project funds are approved project by project; cost is what a reviewer weighs the budget against and what the evaluation measures savings by (performance budgeting asks project targets to include cost).',
    },
    source: '《中共中央 国务院关于全面实施预算绩效管理的意见》（2018）；财预〔2015〕88号',
    failing: 'form: 项目支出\nindicators:\n  产出指标:\n    数量指标:\n      - { name: 送文化下基层场次, period: 不少于300场, annual: 不少于100场 }\n',
    fixed: 'form: 项目支出\nindicators:\n  产出指标:\n    数量指标:\n      - { name: 送文化下基层场次, period: 不少于300场, annual: 不少于100场 }\n    成本指标:\n      - { name: 每场演出成本, period: 不超过1.5万元, annual: 不超过1.5万元 }\n',
  },
});
