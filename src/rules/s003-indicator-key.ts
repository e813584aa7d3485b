import { defineMessages } from '../messages/catalogue.js';
import { defineRule } from './rule.js';

/** S003's message arguments (also in `--format json`). */
export type S003Args =
  | { kind: 'level2-at-top'; key: string; belongs: string }
  | { kind: 'wrong-level1'; key: string; level1: string; belongs: string }
  | { kind: 'unknown-level2'; key: string; level1: string; suggestion?: string }
  | { kind: 'unknown-level1'; key: string; suggestion?: string };

/** S003's sentences; `hint` is the "did you mean" part, empty when there is no suggestion. */
const m = defineMessages({
  zh: {
    didYouMean: (a: { suggestion: string }) => `，是不是要写「${a.suggestion}」？`,
    level2AtTop: (a: { key: string; belongs: string }) => `「${a.key}」是二级指标，应放在一级指标「${a.belongs}」之下`,
    wrongLevel1: (a: { key: string; level1: string; belongs: string }) => `二级指标「${a.key}」不属于「${a.level1}」，应放在一级指标「${a.belongs}」之下`,
    unknownLevel2: (a: { key: string; level1: string; hint: string }) => `「${a.level1}」下没有二级指标「${a.key}」${a.hint || '，可用：见 declare rules S003'}`,
    unknownLevel1: (a: { key: string; hint: string }) => `未知的一级指标「${a.key}」${a.hint || '，应为 产出指标、成本指标、效益指标、满意度指标 之一'}`,
  },
  en: {
    didYouMean: (a) => `; did you mean "${a.suggestion}"?`,
    level2AtTop: (a) => `"${a.key}" is a level-2 indicator; it belongs under "${a.belongs}"`,
    wrongLevel1: (a) => `"${a.key}" does not belong under "${a.level1}"; it belongs under "${a.belongs}"`,
    unknownLevel2: (a) => `"${a.level1}" has no level-2 indicator "${a.key}"${a.hint || '; see declare rules S003'}`,
    unknownLevel1: (a) => `unknown level-1 indicator "${a.key}"${a.hint || '; use 产出指标, 成本指标, 效益指标 or 满意度指标'}`,
  },
});

export const S003 = defineRule<S003Args>()({
  id: 'S003',
  severity: 'error',
  title: { zh: '指标层级错误', en: 'indicator not in the framework' },
  message({ args }, lang) {
    const t = m(lang);
    const hintOf = (suggestion: string | undefined) => (suggestion ? t.didYouMean({ suggestion }) : '');
    switch (args.kind) {
      case 'level2-at-top':
        return t.level2AtTop({ key: args.key, belongs: args.belongs });
      case 'wrong-level1':
        return t.wrongLevel1({ key: args.key, level1: args.level1, belongs: args.belongs });
      case 'unknown-level2':
        return t.unknownLevel2({ key: args.key, level1: args.level1, hint: hintOf(args.suggestion) });
      case 'unknown-level1':
        return t.unknownLevel1({ key: args.key, hint: hintOf(args.suggestion) });
    }
  },
  docs: {
    what: {
      zh: '一级、二级指标必须来自官方指标体系：产出指标（数量、质量、时效、成本指标）、成本指标（经济成本、社会成本、生态环境成本指标）、效益指标（经济效益、社会效益、生态效益、可持续影响指标）、满意度指标（服务对象满意度指标），且二级指标放在所属的一级指标下。',
      en: 'Level-1 and level-2 indicators come from the official framework, and each level-2 indicator sits under its own level-1 indicator.',
    },
    why: {
      zh: '财政部门按指标体系汇总和评价；放错层级（如把社会效益指标放在产出指标下）会被退回。',
      en: 'Finance bureaus aggregate and evaluate by the framework; a misplaced indicator (社会效益指标 under 产出指标) gets the form sent back.',
    },
    source: '《中央部门预算绩效目标管理办法》（财预〔2015〕88号）；《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：一级、二级指标体系；二者为中央部门制定，本项目的指标体系见 format.md，未逐条核对原文',
    failing: 'indicators:\n  产出指标:\n    社会效益指标:\n      - name: 宣传覆盖\n        period: 覆盖全区\n        annual: 覆盖全区\n',
    fixed: 'indicators:\n  效益指标:\n    社会效益指标:\n      - name: 宣传覆盖\n        period: 覆盖全区\n        annual: 覆盖全区\n',
    limits: {
      zh: '只接受指标体系中的名称和表单定义收录的别称，其他地方写法一律报错；“你是不是要写”按字形相近提示，不按含义猜测。',
      en: 'Accepts only the framework’s names and the synonyms the form definition lists; any other local wording is an error. “Did you mean” goes by spelling, never guesses by meaning.',
    },
  },
});
