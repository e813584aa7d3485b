import { defineMessages } from '../messages/catalogue.js';
import { fieldName } from '../model/fields.js';
import { numbersIn } from './numbers.js';
import { indicatorsOf } from './text.js';
import { defineRule, type FindingOf } from './rule.js';

/**
 * Words that give a time (rules.md R014): a point or a span of the calendar, a deadline, a
 * frequency. Numbers with a date or duration unit (2023年12月, 3个工作日) are read by
 * numbers.ts; these are the words around or instead of them.
 */
const TIME_WORDS = new RegExp([
  // year, half-year, quarter, month, week, day words (not 年 alone: 青少年, 老年)
  '全年', '当年', '本年', '年度', '年内', '年底', '年末', '年初', '年中', '上半年', '下半年', '次年', '每年', '逐年',
  '季度', '每季', '按季', '季末', '季初',
  '每月', '按月', '逐月', '当月', '次月', '月内', '月底', '月末', '月初', '月中', '月度', '月份',
  '每周', '按周', '周内', '每旬', '每日', '每天', '按日', '当日', '当天', '日内', '工作日', '小时',
  // deadlines
  '截至', '截止', '之前', '以前', '期限', '时限', '限期', '期间', '汛期', '开学', '学期', '假期',
  // at once
  '实时', '即时', '当即', '当场',
  // named dates (Huadu: 「在七一、国庆等时间节点」)
  '七一', '八一', '五一', '国庆', '春节', '元旦', '清明', '端午', '中秋', '重阳', '元宵', '建党', '建军', '纪念日', '周年',
].join('|'));

/** …前 after a time or an event: 12月底前, 6月30日前, 开学前, 会前, 节前. */
const DEADLINE = /[底末初中日号节期会年月季周]前/;

/** A 时效指标 whose value is the share done on time (按时完成率 100%): the time is the plan's. */
const ON_TIME_RATE = /(?:按时|及时|准时|按期|如期|限时).*率/;

/** Does the text give a time? */
export function givesTime(text: string): boolean {
  if (TIME_WORDS.test(text) || DEADLINE.test(text)) return true;
  return numbersIn(text).some((n) => n.kind === 'date' || n.kind === 'duration' || (n.kind === 'per-unit' && /\/(?:年|月|季|周|日|天)/.test(n.unit)));
}

/** R014's message arguments (also in `--format json`). */
export type R014Args = { name: string; value: string };

const messages = defineMessages({
  zh: {
    noTime: (a: { field: string; name: string; value: string }) => `时效指标「${a.name}」的${a.field}「${a.value}」没有给出时间：请写明完成时限或频次（如 2023年12月底前、每季度、5个工作日内）`,
  },
  en: {
    noTime: (a) => `${a.field} "${a.value}" of the 时效指标 "${a.name}" gives no time: state a deadline or a frequency (e.g. 2023年12月底前, 每季度, 5个工作日内)`,
  },
});

export const R014 = defineRule<R014Args>()({
  id: 'R014',
  severity: 'warning',
  title: { zh: '时效指标没有时间', en: '时效指标 without a time' },
  check({ decl }) {
    const out: FindingOf<'R014', R014Args>[] = [];
    for (const ind of indicatorsOf(decl)) {
      if (ind.level2 !== '时效指标') continue;
      const name = ind.name ?? '';
      for (const field of ['period', 'annual'] as const) {
        const v = ind[field];
        if (typeof v !== 'string' || givesTime(v)) continue;
        // 按时完成率 ≥95%: the share done on time is a timeliness target (published indicator
        // libraries list 按时完成率 under 时效指标); its deadline is the plan's.
        if (ON_TIME_RATE.test(name) || ON_TIME_RATE.test(v)) continue;
        out.push({ rule: 'R014', path: [...ind.path, field], args: { name, value: v } });
      }
    }
    return out;
  },
  message({ args, path }, lang) {
    return messages(lang).noTime({ field: fieldName(path, lang), name: args.name, value: args.value });
  },
  docs: {
    what: {
      zh: '时效指标的指标值没有给出任何时间时提示：没有日期、月份、季度、年份（2023年12月、全年、年底），没有期限（……前、……内、截至），也没有频次（每月、按季度、每周）。“七一”“国庆”等节日也算日期。按时完成率、及时率这类“按时完成的比例”不提示。',
      en: 'Flags a 时效指标 value that gives no time at all: no date, month, quarter or year (2023年12月, 全年, 年底), no deadline (…前, …内, 截至) and no frequency (每月, 按季度, 每周). Festivals (七一, 国庆) count as dates. A share done on time (按时完成率, 及时率) is not flagged.',
    },
    why: {
      zh: '时效指标衡量完成的及时程度，指标值必须有可核对的时间标准；“按要求完成”“及时开展”到年底无法判断是否达标。',
      en: 'A timeliness indicator measures how promptly the work is done, so its value needs a time that can be checked; “按要求完成” or “及时开展” cannot be judged at year end.',
    },
    source: '《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号，时效指标；为中央部门项目支出制定，不是区级部门整体表；所引各条未逐条核对原文）',
    failing: '时效指标:\n  - name: 宣讲活动完成时间\n    period: 按要求及时完成\n    annual: 按要求及时完成\n',
    fixed: '时效指标:\n  - name: 宣讲活动完成时间\n    period: 2023年12月底前\n    annual: 2023年12月底前\n',
    limits: {
      zh: '只看有没有时间词，不看时间是否合理（如年度指标写成下一年）；“规定时限内”“期限内”算给出了时间（时限在别处规定）；名称或指标值是“按时……率”的一律不提示。',
      en: 'Looks only for a time word, not whether the time makes sense (an annual target dated the next year); 规定时限内 / 期限内 count as a time (set elsewhere); a name or value that is an on-time rate (按时…率) is never flagged.',
    },
  },
});
