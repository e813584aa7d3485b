import { defineMessages } from '../messages/catalogue.js';
import { categoryState, indicatorsReadable } from './categories.js';
import { defineRule, type FindingOf } from './rule.js';

/** R001's message arguments (also in `--format json`). */
export type R001Args = { level1: string };

const messages = defineMessages({
  zh: { missing: (a: { level1: string }) => `绩效指标缺少一级指标「${a.level1}」：产出指标和效益指标都必须填写` },
  en: { missing: (a) => `the indicators lack "${a.level1}": both 产出指标 and 效益指标 are mandatory` },
});

export const R001 = defineRule<R001Args>()({
  id: 'R001',
  severity: 'error',
  title: { zh: '缺少产出指标或效益指标', en: 'missing 产出指标 or 效益指标' },
  check(ctx) {
    // Judged from what could be read (rules.md second edition): rows with S errors elsewhere
    // do not hide a missing category; a category that is written but unreadable (its S001 /
    // S003 says so) is not reported twice.
    if (!indicatorsReadable(ctx)) return [];
    const out: FindingOf<'R001', R001Args>[] = [];
    for (const l1 of ['产出指标', '效益指标'] as const) {
      if (categoryState(ctx, l1) === 'absent') out.push({ rule: 'R001', path: ['indicators'], atKey: true, args: { level1: l1 } });
    }
    return out;
  },
  message({ args }, lang) {
    return messages(lang).missing({ level1: args.level1 });
  },
  docs: {
    what: { zh: '绩效指标必须同时包含产出指标和效益指标。', en: 'The indicators must include both 产出指标 (outputs) and 效益指标 (effects).' },
    why: {
      zh: '绩效目标要说明“做什么”（产出）和“带来什么”（效益），缺一不可，否则不予受理。',
      en: 'A performance goal says what is done (outputs) and what it brings (effects); without either the form is not accepted.',
    },
    source: '《中央部门预算绩效目标管理办法》（财预〔2015〕88号）（绩效指标含产出、效益指标，未核对具体条文；为中央部门制定，区级部门整体表参照执行）；《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）（为中央部门项目支出制定）',
    failing: 'indicators:\n  产出指标:\n    数量指标:\n      - name: 宣传活动\n        period: 不少于10场\n        annual: 不少于10场\n',
    fixed: 'indicators:\n  产出指标:\n    数量指标:\n      - name: 宣传活动\n        period: 不少于10场\n        annual: 不少于10场\n  效益指标:\n    社会效益指标:\n      - name: 社会文明程度\n        period: 持续提升\n        annual: 持续提升\n',
    limits: {
      zh: '只看类别是否存在，不看其中的指标是否有意义；类别写了但无法读取（拼错、放错层级）时只报结构错误，不再重复提示。',
      en: 'Looks only at whether the category exists, not whether its indicators mean anything; a category written but unreadable (misspelt, misplaced) gets its structure error only, not this one too.',
    },
  },
});
