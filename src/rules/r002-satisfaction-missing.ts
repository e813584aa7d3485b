import { defineMessages } from '../messages/catalogue.js';
import { categoryState, indicatorsReadable } from './categories.js';
import { defineRule } from './rule.js';

/** R002's message arguments (also in `--format json`). */
export type R002Args = Record<never, never>;

const messages = defineMessages({
  zh: { missing: '绩效指标没有「满意度指标」：建议设置服务对象满意度指标（如 服务对象满意度不低于90%）' },
  en: { missing: 'no 满意度指标: add a 服务对象满意度指标 (e.g. satisfaction ≥ 90%)' },
});

export const R002 = defineRule<R002Args>()({
  id: 'R002',
  severity: 'warning',
  title: { zh: '没有满意度指标', en: 'no 满意度指标' },
  check(ctx) {
    // As R001: judged from what could be read, never on top of the S error of a 满意度指标
    // that is written but unreadable.
    if (!indicatorsReadable(ctx) || categoryState(ctx, '满意度指标') !== 'absent') return [];
    return [{ rule: 'R002', path: ['indicators'], atKey: true, args: {} }];
  },
  message(_f, lang) {
    return messages(lang).missing;
  },
  docs: {
    what: { zh: '绩效指标中没有满意度指标时提示。', en: 'Flags indicators without a 满意度指标 (satisfaction).' },
    why: {
      zh: '2021 年核心绩效指标指引要求面向社会公众或服务对象的支出设置满意度指标；没有时审核常会追问。',
      en: 'The 2021 core-indicator guideline expects satisfaction indicators for spending that serves the public; reviewers ask when there is none.',
    },
    source: '《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）（满意度指标；为中央部门项目支出制定，不是区级部门整体表，未核对具体条文）',
    failing: 'indicators:\n  产出指标: { … }\n  效益指标: { … }\n',
    fixed: 'indicators:\n  产出指标: { … }\n  效益指标: { … }\n  满意度指标:\n    服务对象满意度指标:\n      - name: 群众满意度\n        period: 不低于90%\n        annual: 不低于90%\n',
    limits: {
      zh: '不区分支出是否面向社会公众或服务对象：纯内部运转的部门也会提示，可在配置中关闭（R002: off）。',
      en: 'Does not tell whether the spending serves the public: a purely internal unit is flagged too; turn it off in the configuration (R002: off).',
    },
  },
});
