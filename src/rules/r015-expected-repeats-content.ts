import { defineMessages } from '../messages/catalogue.js';
import { defineRule, type FindingOf } from './rule.js';

/** How alike two texts must be to count as "nearly the same" (character-bigram Dice). */
const NEARLY = 0.9;

/** What letters() leaves out: spaces, punctuation and symbols. */
const NOT_LETTER = /[\p{P}\p{S}\p{Z}\s]/u;
/**
 * NOT_LETTER's answer for each UTF-16 unit outside the surrogates, filled as met (0 not yet
 * asked, 1 a letter, 2 not): a table look-up per character instead of a Unicode-property
 * regex over every task text (issue 17: that replace was 3% of validate's CPU).
 */
const BMP_CLASS = new Uint8Array(0x10000);

/** A high surrogate followed by a low one starts at `i`: one code point of two units. */
function pairAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
}

/**
 * The text without spaces, punctuation and symbols: what a reader compares. The same as
 * `text.replace(/[\p{P}\p{S}\p{Z}\s]/gu, '')` (a lone surrogate stays, as there).
 */
export function letters(text: string): string {
  let out = '';
  /** start of the run of kept characters not yet copied */
  let run = 0;
  for (let i = 0; i < text.length; ) {
    const width = pairAt(text, i) ? 2 : 1;
    if (dropped(text, i, width)) {
      if (i > run) out += text.slice(run, i);
      run = i + width;
    }
    i += width;
  }
  return run === 0 ? text : out + text.slice(run);
}

/** Does letters() leave out the character of `width` units at `i`? */
function dropped(text: string, i: number, width: number): boolean {
  if (width === 2) return NOT_LETTER.test(text.slice(i, i + 2));
  const c = text.charCodeAt(i);
  let k = BMP_CLASS[c]!;
  if (k === 0) BMP_CLASS[c] = k = NOT_LETTER.test(String.fromCharCode(c)) ? 2 : 1;
  return k === 2;
}

/** Does the text have a letter at all (`letters(text) !== ''`, stopping at the first)? */
function hasLetter(text: string): boolean {
  for (let i = 0; i < text.length; ) {
    const width = pairAt(text, i) ? 2 : 1;
    if (!dropped(text, i, width)) return true;
    i += width;
  }
  return false;
}

/** The number of code points of `s` (what `[...s].length` counts, without the array). */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i += pairAt(s, i) ? 2 : 1) n++;
  return n;
}

/**
 * The character (code point) bigrams of `s`, each as one number (first × 0x110000 +
 * second, exact below 2^53), sorted: two sorted lists count their shared bigrams in one
 * merge, with no string per bigram and no map (issue 17: the map of slices was most of R015).
 */
function bigrams(s: string): Float64Array {
  const out = new Float64Array(s.length);
  let n = 0;
  let previous = -1;
  for (let i = 0; i < s.length; ) {
    // A lone surrogate is one code point of its own (codePointAt gives its code unit).
    const cp = s.codePointAt(i)!;
    if (previous >= 0) out[n++] = previous * 0x110000 + cp;
    previous = cp;
    i += cp > 0xffff ? 2 : 1;
  }
  return out.subarray(0, n).sort();
}

/**
 * Dice coefficient of character bigrams (0 … 1): 1 for the same letters, still high when
 * a few characters differ, low when one text says something the other does not.
 */
export function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  const total = x.length + y.length;
  // Shared: the size of the bigrams' multiset intersection (the sum of the smaller counts).
  let shared = 0;
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    if (x[i]! < y[j]!) i++;
    else if (x[i]! > y[j]!) j++;
    else {
      shared++;
      i++;
      j++;
    }
  }
  return total === 0 ? (a === b ? 1 : 0) : (2 * shared) / total;
}

/** R015's message arguments (also in `--format json`). */
export type R015Args = { name: string; same: 'identical' | 'nearly' };

const messages = defineMessages({
  zh: {
    identical: (a: { name: string }) => `重点工作任务「${a.name}」的期望达到的目标与主要实施内容完全相同：目标应写做完之后达到的结果（数量、质量、效果），而不是把要做的事再写一遍`,
    nearly: (a: { name: string }) => `重点工作任务「${a.name}」的期望达到的目标与主要实施内容几乎相同：目标应写做完之后达到的结果（数量、质量、效果），而不是把要做的事再写一遍`,
  },
  en: {
    identical: (a) => `task "${a.name}": 期望达到的目标 is the same text as 主要实施内容; state the result the work achieves (how many, how well, what effect), not the activity again`,
    nearly: (a) => `task "${a.name}": 期望达到的目标 nearly repeats 主要实施内容; state the result the work achieves (how many, how well, what effect), not the activity again`,
  },
});

export const R015 = defineRule<R015Args>()({
  id: 'R015',
  severity: 'warning',
  title: { zh: '期望目标重复实施内容', en: 'expected outcome repeats the activity' },
  check({ decl }) {
    const out: FindingOf<'R015', R015Args>[] = [];
    decl.tasks?.forEach((t, i) => {
      if (!t || typeof t.content !== 'string' || typeof t.expected !== 'string') return;
      // The same text (a pasted copy): the same letters, none built (issue 17).
      if (t.content === t.expected) {
        if (hasLetter(t.content)) out.push({ rule: 'R015', path: ['tasks', i, 'expected'], args: { name: typeof t.name === 'string' ? t.name : `${i + 1}`, same: 'identical' } });
        return;
      }
      const content = letters(t.content);
      const expected = letters(t.expected);
      if (content === '' || expected === '') return;
      const name = typeof t.name === 'string' ? t.name : `${i + 1}`;
      if (content === expected) {
        out.push({ rule: 'R015', path: ['tasks', i, 'expected'], args: { name, same: 'identical' } });
        return;
      }
      // Nearly: a few characters apart, and of about the same length (a real outcome added
      // to a restated activity makes the expected text longer: past 10%, not flagged).
      const [short, long] = content.length <= expected.length ? [content, expected] : [expected, content];
      if (codePoints(short) / codePoints(long) >= NEARLY && similarity(content, expected) >= NEARLY) {
        out.push({ rule: 'R015', path: ['tasks', i, 'expected'], args: { name, same: 'nearly' } });
      }
    });
    return out;
  },
  message({ args }, lang) {
    return messages(lang)[args.same]({ name: args.name });
  },
  docs: {
    what: {
      zh: '重点工作任务的“期望达到的目标”与“主要实施内容”相同或几乎相同（去掉标点和空格后一致，或字符二元组相似度不低于 0.9 且长度相近）时提示。',
      en: 'Flags a task whose 期望达到的目标 is the same as its 主要实施内容, or nearly (equal once punctuation and spaces are removed, or a character-bigram similarity of at least 0.9 at about the same length).',
    },
    why: {
      zh: '期望达到的目标是绩效目标，应说明完成后达到的产出和效果；照抄实施内容等于没有设定目标，审核时会被退回。',
      en: 'The expected outcome is the performance target: it says what the work achieves. Copying the activity sets no target, and reviewers send it back.',
    },
    source: '《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号，绩效目标是“预期达到的产出和效果”，已核对；为中央部门项目支出制定，不是区级部门整体表）；花都区委宣传部 2023 年申报表（四项任务均如此）',
    failing: '- name: 深入抓好党的二十大精神的学习宣传贯彻\n  content: 精心组织党的二十大精神宣讲。\n  funds: 80.00\n  expected: 精心组织党的二十大精神宣讲。\n',
    fixed: '- name: 深入抓好党的二十大精神的学习宣传贯彻\n  content: 精心组织党的二十大精神宣讲。\n  funds: 80.00\n  expected: 开展宣讲不少于50场，覆盖全区各镇街。\n',
    limits: {
      zh: '只比较文字：照抄的内容后面加上的结果超过原文长度一成（如“……，群众满意度达到90%”）就不再提示，哪怕其余都是照抄；用不同的字写了同样的活动也不提示。',
      en: 'Compares the text only: once the result added to a copied activity is more than a tenth of its length (“…，群众满意度达到90%”) it is no longer flagged, even if the rest is copied; the same activity in other words is not flagged either.',
    },
  },
});
