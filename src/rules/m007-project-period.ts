import { MAX_PROJECT_YEARS } from '../forms/project/definition.js';
import { asProject } from '../forms/project/types.js';
import { defineRule } from './rule.js';

/** M007's message arguments (also in `--format json`), one shape per problem with the 项目期. */
export type M007Args =
  | { kind: 'reversed'; start: number; end: number }
  | { kind: 'too-long'; start: number; end: number; years: number; max: number }
  | { kind: 'year-outside'; year: number; start: number; end: number };

export const M007 = defineRule<M007Args>()({
  id: 'M007',
  forms: ['项目支出'],
  severity: 'error',
  title: { zh: '项目期有误：起止颠倒、超过 10 年或不含预算年度', en: 'project period: reversed, over 10 years, or not containing the budget year' },
  check({ decl }) {
    const d = asProject(decl);
    const start = d.period?.start;
    const end = d.period?.end;
    if (typeof start !== 'number' || typeof end !== 'number') return [];
    if (end < start) return [{ rule: 'M007', path: ['period', 'end'], args: { kind: 'reversed', start, end } }];
    const years = end - start + 1;
    const out: { rule: 'M007'; path: (string | number)[]; args: M007Args }[] = [];
    if (years > MAX_PROJECT_YEARS) out.push({ rule: 'M007', path: ['period', 'end'], args: { kind: 'too-long', start, end, years, max: MAX_PROJECT_YEARS } });
    if (typeof d.year === 'number' && (d.year < start || d.year > end)) out.push({ rule: 'M007', path: ['year'], args: { kind: 'year-outside', year: d.year, start, end } });
    return out;
  },
  message({ args }, lang) {
    const zh = lang === 'zh';
    switch (args.kind) {
      case 'reversed':
        return zh ? `项目期结束年度 ${args.end} 早于开始年度 ${args.start}` : `the project period ends (${args.end}) before it starts (${args.start})`;
      case 'too-long':
        return zh ? `项目期 ${args.start}—${args.end} 共 ${args.years} 年，超过最长 ${args.max} 年` : `the project period ${args.start}–${args.end} is ${args.years} years, more than ${args.max}`;
      case 'year-outside':
        return zh ? `预算年度 ${args.year} 不在项目期 ${args.start}—${args.end} 内` : `budget year ${args.year} is outside the project period ${args.start}–${args.end}`;
    }
  },
  docs: {
    what: {
      zh: '项目期的开始年度不晚于结束年度，最长 10 年，并且包含申报表的预算年度（开始年度 ≤ 预算年度 ≤ 结束年度）。',
      en: 'The project period starts no later than it ends, lasts at most 10 years, and contains the budget year (start ≤ year ≤ end).',
    },
    why: {
      zh: '项目支出按项目期安排实施期资金，预算年度不在项目期内的项目不能申报当年资金；超长的项目期通常是年份写错。',
      en: 'Period funds are planned over the project period; a project cannot ask for funds in a year outside it; an overlong period is usually a typo.',
    },
    source: 'forms.md "The project form"',
    failing: 'form: 项目支出\nyear: 2024\nperiod: { start: 2021, end: 2023 }\n',
    fixed: 'form: 项目支出\nyear: 2024\nperiod: { start: 2022, end: 2024 }\n',
  },
});
