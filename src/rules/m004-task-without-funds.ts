import { defineMessages } from '../messages/catalogue.js';
import { defineRule, type FindingOf } from './rule.js';

/** M004's message arguments (also in `--format json`). */
export type M004Args = { name: string; index: number };

/** M004's sentences; `which` names the task. */
const m = defineMessages({
  zh: {
    named: (a: { name: string }) => `重点工作任务「${a.name}」`,
    numbered: (a: { index: number }) => `第 ${a.index} 项重点工作任务`,
    noFunds: (a: { which: string }) => `${a.which}没有填写拟投入的资金（万元）`,
  },
  en: {
    named: (a) => `task "${a.name}"`,
    numbered: (a) => `task ${a.index}`,
    noFunds: (a) => `${a.which} has no planned funds`,
  },
});

export const M004 = defineRule<M004Args>()({
  id: 'M004',
  // The sums of the department form's 预算整体情况 (format.md "Arithmetic").
  forms: ['部门整体'],
  severity: 'warning',
  title: { zh: '重点工作任务未填拟投入资金', en: 'task without funds' },
  check({ decl }) {
    const out: FindingOf<'M004', M004Args>[] = [];
    decl.tasks?.forEach((t, i) => {
      if (t && t.funds === null) out.push({ rule: 'M004', path: ['tasks', i, 'funds'], at: ['tasks', i, 'name'], atKey: true, args: { name: t.name ?? '', index: i + 1 } });
    });
    return out;
  },
  message({ args }, lang) {
    const t = m(lang);
    return t.noFunds({ which: args.name ? t.named({ name: args.name }) : t.numbered({ index: args.index }) });
  },
  docs: {
    what: {
      zh: '每项年度重点工作任务应填写拟投入的资金（万元）；未填写（省略或留空）时提示。',
      en: 'Each key task should state its planned funds; a task without (absent or null) is flagged.',
    },
    why: {
      zh: '没有资金的重点任务无法与预算对应，审核时常被要求补填或说明。',
      en: 'A task without funds cannot be matched to the budget; reviewers ask for it.',
    },
    source: '申报表“年度重点工作任务”的“拟投入的资金（万元）”栏；未找到规定此栏必填的文件，属审核惯例',
    failing: 'tasks:\n  - name: 深入抓好党的二十大精神的学习宣传贯彻\n    content: ……\n    expected: ……\n',
    fixed: 'tasks:\n  - name: 深入抓好党的二十大精神的学习宣传贯彻\n    content: ……\n    funds: 80.00\n    expected: ……\n',
    limits: {
      zh: '只看有没有填写金额，填 0 不提示；用基本支出完成、确实不另安排资金的任务也会提示，可用抑制注释说明。',
      en: 'Looks only for an amount; 0 is not flagged. A task done with basic expenditure and truly no funds of its own is flagged too: suppress it with a reason.',
    },
  },
});
