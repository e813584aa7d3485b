import { defineMessages } from '../messages/catalogue.js';
import { defineRule } from './rule.js';

/** M008's message arguments (also in `--format json`). */
export type M008Args = { projects: string; count: number; total: string; limit: string; difference: string };

/** M008's sentence. */
const m = defineMessages({
  zh: { message: (a: M008Args) => `本部门 ${a.count} 个项目支出申报表（${a.projects}）的年度资金合计 ${a.total} 超过项目支出与事业发展性支出之和 ${a.limit}，超出 ${a.difference}` },
  en: { message: (a) => `the annual funds of this department's ${a.count} project forms (${a.projects}) total ${a.total}, more than project + development expenditure ${a.limit} by ${a.difference}` },
});

/**
 * The department/project cross-check (issue 13). Not a per-file rule: src/cross-check.ts
 * emits it over one run's files, after each file was checked on its own.
 */
export const M008 = defineRule<M008Args>()({
  id: 'M008',
  severity: 'warning',
  title: { zh: '项目支出申报表的年度资金超过部门的项目支出与事业发展性支出', en: "project forms' annual funds exceed the department's project + development expenditure" },
  message({ args }, lang) {
    return m(lang).message(args);
  },
  docs: {
    what: {
      zh: '同一次校验中既有部门整体申报表又有其项目支出申报表时（如 declare validate 部门.yaml 项目/），按主管部门名称和预算年度配对：各项目的年度资金总额之和不应超过部门的 项目支出 + 财政专项资金 + 其他事业发展性支出。提示在部门整体申报表上，列出各项目文件和超出的金额。',
      en: 'When one run has a department form and its project forms (declare validate dept.yaml projects/), they are paired by department name and budget year: the projects\' annual totals should add up to at most the department\'s project + special + other development expenditure. Reported on the department form, naming the project files and the excess.',
    },
    why: {
      zh: '项目支出申报表是部门预算中项目支出的明细；各项目当年要的钱比部门预算里安排的还多，说明有项目没有预算来源，或金额填错。财政部门审核时正是这样对照的。',
      en: 'Project forms detail the department budget\'s project spending; projects asking for more than the budget holds have no source of funds or a wrong figure: the finance bureau checks exactly this.',
    },
    source: 'forms.md "The project form"; issue 13',
    failing: '# 部门.yaml: budget: { expenditure: { project: 100.00 }, development: { special: 0.00, other: 0.00 } }\n# 项目/a.yaml: funds: { annual: { total: 80.00 } }\n# 项目/b.yaml: funds: { annual: { total: 40.00 } }\n',
    fixed: '# 部门.yaml: budget: { expenditure: { project: 120.00 }, development: { special: 0.00, other: 0.00 } }\n# 项目/a.yaml: funds: { annual: { total: 80.00 } }\n# 项目/b.yaml: funds: { annual: { total: 40.00 } }\n',
    limits: {
      zh: '只比较同一次运行中给出的文件，按部门名称逐字配对（简称、全称不同则配不上）；严重级别由部门整体申报表的配置决定；内联抑制注释写在部门整体申报表「项目支出」一行的上一行（# declare-disable-next-line M008 -- 理由）或该行行尾（# declare-disable-line M008 -- 理由），且不会因本次运行没有项目而报 R009。',
      en: 'Compares only the files of one run, pairing department names character for character (a short and a full name do not match); the department file\'s configuration sets its severity; an inline suppression goes on the line above the department form\'s 项目支出 line (# declare-disable-next-line M008 -- reason) or at its end (# declare-disable-line M008 -- reason), and is not R009 in a run without projects.',
    },
  },
});
