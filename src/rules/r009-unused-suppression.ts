import { defineMessages } from '../messages/catalogue.js';
import { defineRule } from './rule.js';

/** R009's message arguments (also in `--format json`). */
export type R009Args = { rules: string; target: number };

const messages = defineMessages({
  zh: { unused: (a: { rules: string; target: number }) => `抑制注释中的 ${a.rules} 在第 ${a.target} 行没有对应的问题，请删除这条过时的注释` },
  en: { unused: (a) => `the suppression of ${a.rules} matches nothing on line ${a.target}; remove the stale comment` },
});

export const R009 = defineRule<R009Args>()({
  id: 'R009',
  severity: 'warning',
  title: { zh: '抑制注释没有抑制任何问题', en: 'unused suppression' },
  message({ args }, lang) {
    return messages(lang).unused({ rules: args.rules, target: args.target });
  },
  docs: {
    what: {
      zh: '抑制注释指向的行上没有它所列规则的问题时提示。',
      en: 'Flags a suppression comment whose rules report nothing on the line it covers.',
    },
    why: {
      zh: '问题修正后留下的抑制注释会越积越多，并可能在以后掩盖新的问题。',
      en: 'Suppressions left behind after a fix pile up and may hide a new problem later.',
    },
    source: 'declare 的抑制注释（README“抑制注释”）',
    failing: '  # declare-disable-next-line R003 -- 已确认\n  annual: 不少于10场\n',
    fixed: '  annual: 不少于10场\n',
    limits: {
      zh: '只在规则开启时判断：配置中关闭的规则不报告，其抑制注释也不会被判为过时。',
      en: 'Judged only for rules that run: a rule turned off reports nothing, and its suppressions are not reported as stale.',
    },
  },
});
