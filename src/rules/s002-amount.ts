import { fieldName } from '../model/fields.js';
import type { AmountProblem } from '../model/amount.js';
import { defineMessages } from '../messages/catalogue.js';
import { defineRule } from './rule.js';

/** Amount problems with a fixed explanation. */
type Plain = Exclude<AmountProblem, Fixable>;

const PROBLEM = defineMessages({
  zh: {
    empty: '未填写',
    negative: '不能为负数',
    'negative-zero': '金额不带正负号：写 0',
    exponent: '不能用科学计数法',
    special: '不是一个数',
    decimals: '最多两位小数',
    grouping: '千位分隔符位置不对（应每三位一组，如 1,499.73）',
    'too-large': '超过 1,000,000,000 万元上限',
    fullwidth: '用了全角数字或标点，请改为半角（如 1499.73）',
    unit: '不要写单位：金额单位固定为万元，只写数字',
    'not-a-number': '不是数字',
  } satisfies Record<Plain, string>,
  en: {
    empty: 'it is empty',
    negative: 'it is negative',
    'negative-zero': 'amounts carry no sign: write 0',
    exponent: 'exponent notation is not allowed',
    special: 'it is not a number',
    decimals: 'it has more than two decimal places',
    grouping: 'the thousands separators are misplaced (groups of three, e.g. 1,499.73)',
    'too-large': 'it is not below 1,000,000,000 万元',
    fullwidth: 'it uses full-width digits or punctuation; write 1499.73',
    unit: 'leave out the unit: amounts are always in 万元',
    'not-a-number': 'it is not a number',
  },
});

/** Amount problems whose explanation shows the fixed spelling. */
type Fixable = 'plus-sign' | 'leading-point' | 'trailing-point';

function isFixable(p: AmountProblem): p is Fixable {
  return Object.hasOwn(FIXABLE.tables.zh, p);
}

/** Numbers written in a way the format does not take, with the spelling it does take. */
const FIXABLE = defineMessages({
  zh: {
    'plus-sign': (a: { s: string }) => `不要写正号「+」：写 ${a.s.slice(1)}`,
    'leading-point': (a: { s: string }) => `小数点前要写 0：写 0${a.s}`,
    'trailing-point': (a: { s: string }) => `小数点后没有数字：写 ${a.s.slice(0, -1)} 或 ${a.s}00`,
  } satisfies Record<Fixable, unknown>,
  en: {
    'plus-sign': (a) => `no leading +: write ${a.s.slice(1)}`,
    'leading-point': (a) => `write the 0 before the point: 0${a.s}`,
    'trailing-point': (a) => `no digits after the point: write ${a.s.slice(0, -1)} or ${a.s}00`,
  },
});

/** S002's sentence around the explanation. */
const m = defineMessages({
  zh: { message: (a: { f: string; src: string; why: string }) => `${a.f} 必须是不小于 0、最多两位小数的金额（万元）：${a.src ? `「${a.src}」` : '此处'}${a.why}` },
  en: { message: (a) => `${a.f} must be an amount ≥ 0 with at most two decimals (万元): ${a.src ? `"${a.src}": ` : ''}${a.why}` },
});

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
    const why = isFixable(args.problem) ? FIXABLE(lang)[args.problem]({ s: src.trim() }) : PROBLEM(lang)[args.problem];
    return m(lang).message({ f, src, why });
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
