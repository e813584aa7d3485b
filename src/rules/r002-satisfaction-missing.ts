import { defineRule } from './rule.js';

/** R002's message arguments (also in `--format json`). */
export type R002Args = Record<never, never>;

export const R002 = defineRule<R002Args>()({
  id: 'R002',
  severity: 'warning',
  title: { zh: '没有满意度指标', en: 'no 满意度指标' },
  check({ decl, complete }) {
    if (!complete.has('indicators') || !decl.indicators || decl.indicators.满意度指标) return [];
    return [{ rule: 'R002', path: ['indicators'], atKey: true, args: {} }];
  },
  message(_f, lang) {
    return lang === 'zh'
      ? '绩效指标没有「满意度指标」：建议设置服务对象满意度指标（如 服务对象满意度不低于90%）'
      : 'no 满意度指标: add a 服务对象满意度指标 (e.g. satisfaction ≥ 90%)';
  },
  docs: {
    what: { zh: '绩效指标中没有满意度指标时提示。', en: 'Flags indicators without a 满意度指标 (satisfaction).' },
    why: {
      zh: '2021 年核心绩效指标指引要求面向社会公众或服务对象的支出设置满意度指标；没有时审核常会追问。',
      en: 'The 2021 core-indicator guideline expects satisfaction indicators for spending that serves the public; reviewers ask when there is none.',
    },
    source: '财预〔2021〕101号',
    failing: 'indicators:\n  产出指标: { … }\n  效益指标: { … }\n',
    fixed: 'indicators:\n  产出指标: { … }\n  效益指标: { … }\n  满意度指标:\n    服务对象满意度指标:\n      - name: 群众满意度\n        period: 不低于90%\n        annual: 不低于90%\n',
  },
});
