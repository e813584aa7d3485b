import { defineMessages } from '../messages/catalogue.js';
import { FRAMEWORK } from '../model/framework.js';
import { categoryState, indicatorsReadable } from './categories.js';
import { defineRule } from './rule.js';

/** R010's message arguments (also in `--format json`). */
export type R010Args = { form?: '项目支出' };

const messages = defineMessages({
  zh: {
    project: '项目支出申报表没有成本指标：项目资金按项目逐项核定，成本是评审预算是否合理、事后评价是否节约的依据；请在 产出指标 下设置「成本指标」，如 项目预算控制数、单位成本',
    missing: '绩效指标没有成本指标（既没有产出指标下的「成本指标」，也没有一级指标「成本指标」）：请设置成本指标，如 人均培训成本、单位建设成本、成本控制数' },
  en: {
    project: 'the project form has no 成本指标: project funds are approved project by project, and cost is what a reviewer weighs the budget against and what the evaluation measures savings by; add a 成本指标 under 产出指标, e.g. a cost ceiling or unit cost',
    missing: 'the indicators have no 成本指标 (neither 产出指标 → 成本指标 nor the level-1 成本指标): add a cost indicator, e.g. cost per trainee, unit cost, a cost ceiling' },
});

export const R010 = defineRule<R010Args>()({
  id: 'R010',
  severity: 'warning',
  title: { zh: '没有成本指标', en: 'no 成本指标' },
  check(ctx) {
    if (!indicatorsReadable(ctx)) return [];
    // Either place counts: 产出指标 → 成本指标 (the 2015 framework) or the 一级 成本指标
    // with its 二级 (the 2021 one). A cost key written but unreadable has its S error.
    const output = categoryState(ctx, '产出指标', '成本指标');
    const level1 = categoryState(ctx, '成本指标', undefined, FRAMEWORK.成本指标);
    if (output !== 'absent' || level1 !== 'absent') return [];
    // The project form's own wording: cost weighs more where funds are approved per project.
    return [{ rule: 'R010', path: ['indicators'], atKey: true, args: ctx.form === '项目支出' ? { form: '项目支出' } : {} }];
  },
  message({ args }, lang) {
    return args.form === '项目支出' ? messages(lang).project : messages(lang).missing;
  },
  docs: {
    what: {
      zh: '绩效指标中既没有产出指标下的“成本指标”，也没有一级指标“成本指标”（经济成本、社会成本、生态环境成本指标）时提示。只要有其中一处即可，哪怕该处某些行另有结构错误。',
      en: 'Flags indicators with neither 产出指标 → 成本指标 nor the level-1 成本指标 (经济成本, 社会成本, 生态环境成本指标). Either one is enough, even when some of its rows have structure errors.',
    },
    why: {
      zh: '全面实施预算绩效管理要求绩效目标覆盖成本：财政部 2021 年指引把绩效目标定义为“预期达到的产出和效果以及相应的成本控制要求”。没有成本指标，就无法判断花了多少钱办成了多少事。项目支出申报表更是如此：项目资金按项目逐项核定，成本是评审项目预算是否合理、事后评价是否节约的依据，所以项目支出表的提示另有措辞。',
      en: 'Performance budgeting asks targets to cover cost: the 2021 MOF guideline defines a performance target as “the outputs and effects expected, with the matching cost-control requirements”. Without a cost indicator nobody can tell what the outputs cost. All the more on a project form: project funds are approved project by project, and cost is what the budget is reviewed and the savings evaluated against, so the project form gets its own wording.',
    },
    source: '《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号，绩效目标涵盖成本，未核对原文条款）；《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号，“相应的成本控制要求”，已核对；为中央部门项目支出制定，不是区级部门整体表）',
    failing: 'indicators:\n  产出指标:\n    数量指标:\n      - name: 宣讲场次\n        period: 不少于20场\n        annual: 不少于20场\n',
    fixed: 'indicators:\n  产出指标:\n    数量指标:\n      - name: 宣讲场次\n        period: 不少于20场\n        annual: 不少于20场\n    成本指标:\n      - name: 单场宣讲成本\n        period: 不超过0.5万元/场\n        annual: 不超过0.5万元/场\n',
    limits: {
      zh: '只看有没有成本指标这一类，不看成本指标的值是否可衡量（那是 R003）；部门整体表是否必须设成本指标，各地口径不一，可在配置中关闭（R010: off）。',
      en: 'Checks only that a cost category exists, not whether its values are measurable (that is R003); whether a 部门整体 form must have a cost indicator varies by locality, so it can be turned off (R010: off).',
    },
  },
});
