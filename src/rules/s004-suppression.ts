import { defineMessages } from '../messages/catalogue.js';
import { defineRule } from './rule.js';

/** S004's message arguments (also in `--format json`). */
export type S004Args =
  | { kind: 'no-reason' }
  | { kind: 'no-rule' }
  | { kind: 'unknown-rule'; rule: string }
  | { kind: 'fixed-rule'; rule: string }
  | { kind: 'locked-rule'; rule: string };

/** S004's sentences. */
const m = defineMessages({
  zh: {
    noReason: '抑制注释必须写明理由：# declare-disable-next-line R003 -- 理由',
    noRule: '抑制注释必须写明规则编号，如 # declare-disable-next-line R003 -- 理由',
    unknownRule: (a: { rule: string }) => `抑制注释中的规则 ${a.rule} 不存在（用 declare rules 查看规则目录）`,
    lockedRule: (a: { rule: string }) => `规则 ${a.rule} 不能被抑制：支出与收入、资金分配的算术错误会使申报表本身错误，必须修正（该问题照常报告）`,
    fixedRule: (a: { rule: string }) => `规则 ${a.rule} 不能被抑制：YAML 和结构错误（Y、S 开头）必须修正`,
  },
  en: {
    noReason: 'a suppression needs a reason: # declare-disable-next-line R003 -- reason',
    noRule: 'a suppression must name rule IDs, e.g. # declare-disable-next-line R003 -- reason',
    unknownRule: (a) => `the suppression names ${a.rule}, which is not a rule (see declare rules)`,
    lockedRule: (a) => `${a.rule} cannot be suppressed: an arithmetic error makes the form itself wrong and must be fixed (it is still reported)`,
    fixedRule: (a) => `${a.rule} cannot be suppressed: YAML and structure errors (Y, S) must be fixed`,
  },
});

export const S004 = defineRule<S004Args>()({
  id: 'S004',
  severity: 'error',
  title: { zh: '抑制注释写法错误', en: 'malformed suppression comment' },
  message({ args }, lang) {
    const t = m(lang);
    switch (args.kind) {
      case 'no-reason':
        return t.noReason;
      case 'no-rule':
        return t.noRule;
      case 'unknown-rule':
        return t.unknownRule({ rule: args.rule });
      case 'locked-rule':
        return t.lockedRule({ rule: args.rule });
      case 'fixed-rule':
        return t.fixedRule({ rule: args.rule });
    }
  },
  docs: {
    what: {
      zh: '抑制注释 # declare-disable-next-line / # declare-disable-line 必须写明规则编号和 “-- 理由”，只能用于 M、R 规则；M001、M002（算术错误）不能被抑制。',
      en: 'Suppression comments must name rule IDs and give a reason after "--", and only M and R rules can be suppressed, except M001 and M002 (arithmetic errors).',
    },
    why: {
      zh: '没有理由的抑制会让审核者无法判断为什么接受了一个警告；YAML 和结构错误不修正就无法审核。',
      en: 'A suppression without a reason leaves reviewers guessing why a warning was accepted; YAML and structure errors must be fixed to review at all.',
    },
    source: 'declare 的抑制注释（README“抑制注释”、docs/SECURITY.md “Who may silence a check”）',
    failing: '  # declare-disable-next-line R003\n  annual: 按要求开展\n',
    fixed: '  # declare-disable-next-line R003 -- 上级文件未规定数量，按实际需要开展\n  annual: 按要求开展\n',
    limits: {
      zh: '只检查注释的格式和所列规则，不判断理由是否充分。',
      en: 'Checks the form of the comment and the rules it names, not whether the reason is a good one.',
    },
  },
});
