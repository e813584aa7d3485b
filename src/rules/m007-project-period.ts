import { MAX_PROJECT_YEARS } from '../forms/project/definition.js';
import { asProject } from '../forms/project/types.js';
import { defineMessages } from '../messages/catalogue.js';
import { defineRule } from './rule.js';

/** M007's message arguments (also in `--format json`), one shape per problem with the 项目期. */
export type M007Args =
  | { kind: 'reversed'; start: number; end: number }
  | { kind: 'too-long'; start: number; end: number; years: number; max: number }
  | { kind: 'year-outside'; year: number; start: number; end: number };

type Reversed = Extract<M007Args, { kind: 'reversed' }>;
type TooLong = Extract<M007Args, { kind: 'too-long' }>;
type Outside = Extract<M007Args, { kind: 'year-outside' }>;

/** M007's sentences, one per problem. */
const m = defineMessages({
  zh: {
    reversed: (a: Reversed) => `项目期结束年度 ${a.end} 早于开始年度 ${a.start}`,
    tooLong: (a: TooLong) => `项目期 ${a.start}—${a.end} 共 ${a.years} 年，超过最长 ${a.max} 年`,
    outside: (a: Outside) => `预算年度 ${a.year} 不在项目期 ${a.start}—${a.end} 内`,
  },
  en: {
    reversed: (a) => `the project period ends (${a.end}) before it starts (${a.start})`,
    tooLong: (a) => `the project period ${a.start}–${a.end} is ${a.years} years, more than ${a.max}`,
    outside: (a) => `budget year ${a.year} is outside the project period ${a.start}–${a.end}`,
  },
});

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
    const t = m(lang);
    switch (args.kind) {
      case 'reversed':
        return t.reversed(args);
      case 'too-long':
        return t.tooLong(args);
      case 'year-outside':
        return t.outside(args);
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
    limits: {
      zh: '只看年份：项目期按整年计，起止月份不在格式之内；10 年上限是本工具的约定（forms.md），各地对长期项目的规定不一。',
      en: 'Years only: the period is whole years, months are not in the format; the 10-year limit is this tool’s convention (forms.md), local rules on long projects vary.',
    },
  },
});
