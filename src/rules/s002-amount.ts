import { fieldName } from '../model/fields.js';
import type { AmountProblem } from '../model/amount.js';
import { defineRule } from './rule.js';

/** Amount problems with a fixed explanation. */
type Plain = Exclude<AmountProblem, Fixable>;

const PROBLEM: Record<Plain, { zh: string; en: string }> = {
  empty: { zh: '未填写', en: 'it is empty' },
  negative: { zh: '不能为负数', en: 'it is negative' },
  'negative-zero': { zh: '金额不带正负号：写 0', en: 'amounts carry no sign: write 0' },
  exponent: { zh: '不能用科学计数法', en: 'exponent notation is not allowed' },
  special: { zh: '不是一个数', en: 'it is not a number' },
  decimals: { zh: '最多两位小数', en: 'it has more than two decimal places' },
  grouping: { zh: '千位分隔符位置不对（应每三位一组，如 1,499.73）', en: 'the thousands separators are misplaced (groups of three, e.g. 1,499.73)' },
  'too-large': { zh: '超过 1,000,000,000 万元上限', en: 'it is not below 1,000,000,000 万元' },
  fullwidth: { zh: '用了全角数字或标点，请改为半角（如 1499.73）', en: 'it uses full-width digits or punctuation; write 1499.73' },
  unit: { zh: '不要写单位：金额单位固定为万元，只写数字', en: 'leave out the unit: amounts are always in 万元' },
  'not-a-number': { zh: '不是数字', en: 'it is not a number' },
};

/** Amount problems whose explanation shows the fixed spelling. */
type Fixable = 'plus-sign' | 'leading-point' | 'trailing-point';

function isFixable(p: AmountProblem): p is Fixable {
  return Object.hasOwn(FIXABLE, p);
}

/** Numbers written in a way the format does not take, with the spelling it does take. */
const FIXABLE: Record<Fixable, (src: string) => { zh: string; en: string }> = {
  'plus-sign': (s) => ({ zh: `不要写正号「+」：写 ${s.slice(1)}`, en: `no leading +: write ${s.slice(1)}` }),
  'leading-point': (s) => ({ zh: `小数点前要写 0：写 0${s}`, en: `write the 0 before the point: 0${s}` }),
  'trailing-point': (s) => ({ zh: `小数点后没有数字：写 ${s.slice(0, -1)} 或 ${s}00`, en: `no digits after the point: write ${s.slice(0, -1)} or ${s}00` }),
};

/**
 * S002's message arguments (also in `--format json`): why the amount is not one, the
 * source text, and the declaration's level (it names the row 「<level>本级使用资金」).
 */
export type S002Args = { problem: AmountProblem; source: string; level?: string };

export const S002 = defineRule<S002Args>()({
  id: 'S002',
  severity: 'error',
  title: { zh: '金额格式错误', en: 'not an amount' },
  message({ args, path }, lang) {
    const f = fieldName(path, lang, args.level);
    const src = args.source;
    const p = isFixable(args.problem) ? FIXABLE[args.problem](src.trim()) : PROBLEM[args.problem];
    if (lang === 'zh') return `${f} 必须是不小于 0、最多两位小数的金额（万元）：${src ? `「${src}」` : '此处'}${p.zh}`;
    return `${f} must be an amount ≥ 0 with at most two decimals (万元): ${src ? `"${src}": ` : ''}${p.en}`;
  },
  docs: {
    what: {
      zh: '金额（万元）必须是不小于 0、最多两位小数、小于 10 亿的数，可以写成 1499.73 或带千位分隔符的 "1,499.73"。负数、科学计数法、.inf、三位小数、错误的千位分组和文字都不是金额。',
      en: 'An amount (万元) is a number ≥ 0 with at most two decimals, below one billion, written 1499.73 or "1,499.73" with proper thousands groups. Negatives, exponents, .inf, three decimals, bad grouping and text are not amounts.',
    },
    why: {
      zh: '预算表以万元为单位精确到分（0.01 万元）；多一位小数或格式不清的数字会让合计对不上。',
      en: 'Budget tables are exact to 0.01 万元; an extra decimal or an unclear number breaks the totals.',
    },
    source: 'format.md “Amount”（本项目的格式说明）',
    failing: 'budget:\n  expenditure:\n    basic: 1499.735\n',
    fixed: 'budget:\n  expenditure:\n    basic: 1499.74\n',
    limits: {
      zh: '允许的小数位数按表单的精度（默认两位，即万元精确到百元）；带单位（100万元）或用中文数字写的金额不读取。',
      en: 'The decimals allowed follow the form’s precision (two by default: 万元 to the hundred yuan); an amount written with its unit (100万元) or in Chinese numerals is not read.',
    },
  },
});
