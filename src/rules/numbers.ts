/**
 * Numbers in indicator texts (rules.md, last paragraph of version 1 and the second edition).
 *
 * A number is a run of Arabic digits (full-width included, thousands separators allowed,
 * optional decimal part) or a Chinese numeral (八, 十五, 一万二千, 一万二千零五, 两, 零点五,
 * 二〇二三 before 年), read exactly into a Decimal (rules never compare JavaScript floats).
 * Its unit is the text right after it; the unit, together with the clause before it, says
 * what kind of quantity it is, so that R005 can compare only what adds up over a period
 * (counts and amounts) and never percentages, rates, averages, per-unit values or dates.
 * Comparison words around it say whether it is a lower or an upper bound; two numbers
 * joined by - – — ~ ～ 至 到 are one range.
 *
 * Chinese numerals are words as well as numbers (统一, 一流, 二十大, 十四五, 四个意识), so a
 * Chinese numeral counts only where a reader would read a quantity: before a unit or a
 * measure word (两场, 三个, 十五家), before 成 (八成 = 80%), after 百分之 (百分之九十 = 90%),
 * as the start of a range (八至九成), or when it is a multi-digit numeral such as 一万二千.
 */
import { Decimal } from 'decimal.js';

/** What a number measures; only `count` and `amount` add up over a period (R005). */
export type NumberKind =
  /** a count of things or events: 场 家 个 篇 次 人次 件 项 份 期 … */
  | 'count'
  /** money: 元 千元 万元 亿元 */
  | 'amount'
  /** a share: % ％ ‰ 成 百分之… 百分点 */
  | 'percent'
  /** a bare number in a clause about a rate (…率 0.95) */
  | 'rate'
  /** an average (平均, 人均, 户均 … before it) */
  | 'average'
  /** a value per unit: 元/人, 次/年, or 每… before it */
  | 'per-unit'
  /** a calendar point: 2023年, 二〇二三年, 12月, 30日, 2023-12-31 */
  | 'date'
  /** a length of time: 3天, 半年, 10个工作日, 24小时 */
  | 'duration'
  /** one side of a ratio (1:1, 1∶3, 1比1) */
  | 'ratio'
  /** a rank or position (第3, 第一名) */
  | 'ordinal'
  /** a score (90分) */
  | 'score'
  /** a physical measure (公里, 平方米, 吨 …) */
  | 'measure'
  /** a number with no unit */
  | 'number'
  /** a number followed by a word that is not a known unit */
  | 'other';

/** One number found in a text. */
export interface TextNumber {
  /** the exact value (the lower end of a range); 八成 is 80, 0.8 stays 0.8 */
  value: Decimal;
  /** the unit as written, normalised: ％ → %, 成 and 百分之 → %, '' when none; a 万/亿 scale stays in it (万元, 万人次) */
  unit: string;
  /** what the number measures */
  kind: NumberKind;
  /** 'lower' for 不少于/不低于/至少/以上/≥/达到 …, 'upper' for 不超过/不高于/以内/≤/…前; absent when neither */
  bound?: 'lower' | 'upper';
  /** offset of the first character of the number (UTF-16 units; 百分之 included) */
  start: number;
  /** offset just after the number and its unit */
  end: number;
  /** both ends when the text gives a range (85%–90%, 八至九成); `value` is `low` */
  range?: { low: Decimal; high: Decimal };
  /** how it was written */
  script: 'arabic' | 'chinese';
}

/** Kinds that add up over a period: the only ones R005 compares (rules.md, second edition). */
export const ADDITIVE_KINDS: ReadonlySet<NumberKind> = new Set<NumberKind>(['count', 'amount']);

/** Does the number add up over a period (a count or an amount)? */
export function isAdditive(n: TextNumber): boolean {
  return ADDITIVE_KINDS.has(n.kind);
}

// ---------------------------------------------------------------------------------------
// Chinese numerals

const CN_DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
/** 十 百 千: powers of ten inside a four-digit section. */
const CN_SMALL: Record<string, number> = { 十: 1, 拾: 1, 百: 2, 佰: 2, 千: 3, 仟: 3 };
/** 万 亿: section multipliers. */
const CN_BIG: Record<string, number> = { 万: 4, 亿: 8 };
/** The numeral characters (a set: asked of every character of a run, issue 17). */
const CN_CHARS: ReadonlySet<string> = new Set([...'零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿']);
const CN_DIGITS: ReadonlySet<string> = new Set(Object.keys(CN_DIGIT));
const isCnChar = (c: string | undefined): boolean => c !== undefined && CN_CHARS.has(c);
const isCnDigit = (c: string | undefined): boolean => c !== undefined && CN_DIGITS.has(c);

const pow10 = (e: number): bigint => 10n ** BigInt(e);

/** The integer part of a Chinese numeral, or undefined when it is not a well-formed one. */
function parseCnInteger(s: string): bigint | undefined {
  if (s === '') return undefined;
  const chars = [...s];
  // Digit by digit (二〇二三, 零): no 十 百 千 万 亿 at all.
  if (chars.every((c) => isCnDigit(c))) {
    if (chars.length > 1 && chars.includes('两')) return undefined;
    return BigInt(chars.map((c) => CN_DIGIT[c]).join(''));
  }
  let total = 0n;
  let section = 0n;
  let digit: number | null = null;
  let zero = false;
  /** exponent of the last 十/百/千 in this section (they must decrease) */
  let lastSmall = 4;
  /** exponent of the last 万/亿 (they must decrease) */
  let lastBig = 16;
  /** exponent of the last unit of any size, for the elided final unit (一万二 = 12000) */
  let lastUnit = -1;
  /** did something come before in this section (a digit or a unit)? */
  let sectionUsed = false;
  for (const c of chars) {
    if (isCnDigit(c)) {
      const d = CN_DIGIT[c]!;
      if (d === 0) {
        if (digit !== null) return undefined; // 五零 is not a numeral
        zero = true;
        continue;
      }
      if (digit !== null) return undefined;
      digit = d;
      sectionUsed = true;
    } else if (c in CN_SMALL) {
      const e = CN_SMALL[c]!;
      if (e >= lastSmall) return undefined;
      // A bare 十 / 百 / 千 at the start of a section, or after 零, means one of it (十五, 一万零十).
      const d = digit ?? (!sectionUsed || zero ? 1 : undefined);
      if (d === undefined) return undefined;
      section += BigInt(d) * pow10(e);
      digit = null;
      zero = false;
      lastSmall = e;
      lastUnit = e;
      sectionUsed = true;
    } else if (c in CN_BIG) {
      const e = CN_BIG[c]!;
      if (e >= lastBig) return undefined;
      section += BigInt(digit ?? 0);
      if (section === 0n) return undefined;
      total += section * pow10(e);
      section = 0n;
      digit = null;
      zero = false;
      lastSmall = 4;
      lastBig = e;
      lastUnit = e;
      sectionUsed = false;
    } else {
      return undefined;
    }
  }
  if (digit !== null) {
    // 一万二 / 三百五 / 两千五: a final digit right after a unit of 百 or more stands for the
    // next lower unit; after 零 (一万零五) or after 十 (十五) it is the ones digit.
    section += !zero && lastUnit >= 2 ? BigInt(digit) * pow10(lastUnit - 1) : BigInt(digit);
  }
  return total + section;
}

/**
 * The value of a Chinese numeral: 十五 → 15, 一万二千零五 → 12005, 一万二 → 12000,
 * 两千 → 2000, 零点五 → 0.5, 二〇二三 → 2023. Undefined when `s` is not one.
 */
export function parseChineseNumeral(s: string): Decimal | undefined {
  // No real numeral is this long; a run of numeral characters this long is not a number
  // (and would make BigInt parsing quadratic).
  if (s.length > 40) return undefined;
  const known = CN_NUMERALS.get(s);
  if (known !== undefined) return known ?? undefined;
  const value = readChineseNumeral(s);
  remember(CN_NUMERALS, s, value ?? null);
  return value;
}

/**
 * Values already read, by their text: the same few numerals and digits recur in every
 * file (一, 十, 91, 2023), and a Decimal is immutable, so one instance serves them all
 * (issue 17: parsing them again was a tenth of reading numbers). Bounded: emptied when full.
 */
const CN_NUMERALS = new Map<string, Decimal | null>();
const DECIMALS = new Map<string, Decimal>();
const REMEMBERED = 4096;
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= REMEMBERED) map.clear();
  map.set(key, value);
}

/** `new Decimal(digits)`, shared with earlier readings of the same digits. */
function decimalOf(digits: string): Decimal {
  let d = DECIMALS.get(digits);
  if (d === undefined) {
    d = new Decimal(digits);
    remember(DECIMALS, digits, d);
  }
  return d;
}

function readChineseNumeral(s: string): Decimal | undefined {
  const dot = s.indexOf('点');
  const intPart = dot < 0 ? s : s.slice(0, dot);
  const int = parseCnInteger(intPart);
  if (int === undefined) return undefined;
  if (dot < 0) return new Decimal(int.toString());
  const frac = [...s.slice(dot + 1)];
  if (frac.length === 0 || !frac.every((c) => isCnDigit(c) && c !== '两')) return undefined;
  return new Decimal(`${int}.${frac.map((c) => CN_DIGIT[c]).join('')}`);
}

// ---------------------------------------------------------------------------------------
// Units

/** Units and measure words, by kind (the kind before any 每/平均/率 context). */
const UNIT_KINDS: [NumberKind, string[]][] = [
  ['percent', ['%', '‰', '个百分点', '百分点']],
  ['amount', ['元', '千元']],
  ['duration', ['个工作日', '工作日', '个小时', '小时', '分钟', '秒', '天', '周', '个星期', '星期', '个月', '个季度', '季度', '学时', '课时', '年', '年度', '月', '日', '号']],
  ['measure', ['平方公里', '平方米', '公里', '千米', '米', '公顷', '亩', '吨', '千克', '公斤', '立方米', '千瓦时', '千瓦']],
  ['count', [
    '人次', '场次', '户次', '批次', '家次', '件次', '条次', '期次', '班次', '车次', '架次',
    '场', '家', '个', '篇', '次', '件', '项', '份', '期', '人', '名', '户', '所', '台', '套', '部', '本', '册',
    '条', '处', '支', '座', '间', '幅', '块', '张', '首', '集', '课', '节', '门', '类', '种', '组', '队', '轮',
    '堂', '栋', '辆', '艘', '株', '棵', '盏', '枚', '卷', '版', '则', '例', '宗', '起', '笔', '万字', '千字', '字', '档', '栏', '村', '所',
  ]],
  ['score', ['分']],
];
const UNIT_KIND = new Map<string, NumberKind>();
for (const [kind, units] of UNIT_KINDS) for (const u of units) if (!UNIT_KIND.has(u)) UNIT_KIND.set(u, kind);
/** Longest first, so 人次 wins over 人 and 个月 over 个. */
const UNITS = [...UNIT_KIND.keys()].sort((a, b) => b.length - a.length);
/**
 * The units by their first character, each list longest first (as UNITS): looking up a
 * unit tries only the few that can match, not all hundred (issue 17: it was a tenth of
 * reading numbers).
 */
const UNITS_BY_FIRST = new Map<string, string[]>();
for (const u of UNITS) {
  const list = UNITS_BY_FIRST.get(u[0]!);
  if (list) list.push(u);
  else UNITS_BY_FIRST.set(u[0]!, [u]);
}

/** The longest known unit at offset `at` of `s` (the start by default). */
function unitAt(s: string, at = 0): string | undefined {
  const list = UNITS_BY_FIRST.get(s[at] ?? '');
  if (list === undefined) return undefined;
  for (const u of list) if (s.startsWith(u, at)) return u;
  return undefined;
}

/** A scale written between the number and its unit: 5万元, 1.2万人次, 3亿元. */
const SCALE: Record<string, number> = { 万: 4, 亿: 8 };
/** 10 to the power of each SCALE, made once (Decimals are immutable). */
const SCALE_FACTOR: Record<string, Decimal> = Object.fromEntries(Object.entries(SCALE).map(([c, e]) => [c, new Decimal(10).pow(e)]));
const ONE = new Decimal(1);

/**
 * `x.times(factor)`, without the multiplication when the factor is one and the product
 * would be `x` itself (it rounds only past Decimal.precision significant digits).
 */
function scaled(x: Decimal, factor: Decimal): Decimal {
  return factor === ONE && x.sd() <= Decimal.precision ? x : x.times(factor);
}

/**
 * The quantity with its 万/亿 scale folded into the value, for comparing numbers written
 * differently: 1.2万人次 → 12000 人次, 五万元 → 50000 元, 3千元 → 3000 元.
 */
export function baseQuantity(n: Pick<TextNumber, 'value' | 'unit'> & { range?: TextNumber['range'] }): { low: Decimal; high: Decimal; unit: string } {
  let unit = n.unit;
  let factor = ONE;
  const first = unit[0];
  if (first !== undefined && first in SCALE) {
    factor = SCALE_FACTOR[first]!;
    unit = unit.slice(1);
  }
  if (unit === '千元') {
    factor = factor.times(1000);
    unit = '元';
  }
  const low = scaled(n.range?.low ?? n.value, factor);
  const high = scaled(n.range?.high ?? n.value, factor);
  return { low, high, unit };
}

// ---------------------------------------------------------------------------------------
// Bounds, clauses, exclusions

/** Words before a number, longest match wins (不低于 is a lower bound although it ends in 低于). */
const BEFORE: [string, 'lower' | 'upper'][] = [
  ['不少于', 'lower'], ['不低于', 'lower'], ['不小于', 'lower'], ['大于等于', 'lower'], ['至少', 'lower'], ['最少', 'lower'],
  ['达到', 'lower'], ['达', 'lower'], ['≥', 'lower'], ['≧', 'lower'], ['⩾', 'lower'], ['＞', 'lower'], ['>', 'lower'],
  ['大于', 'lower'], ['超过', 'lower'], ['高于', 'lower'], ['多于', 'lower'], ['优于', 'lower'],
  ['不超过', 'upper'], ['不高于', 'upper'], ['不多于', 'upper'], ['不大于', 'upper'], ['小于等于', 'upper'], ['至多', 'upper'],
  ['最多', 'upper'], ['≤', 'upper'], ['≦', 'upper'], ['⩽', 'upper'], ['＜', 'upper'], ['<', 'upper'],
  ['少于', 'upper'], ['低于', 'upper'], ['小于', 'upper'], ['控制在', 'upper'],
];
const AFTER: [string, 'lower' | 'upper'][] = [
  ['及以上', 'lower'], ['以上', 'lower'], ['及以下', 'upper'], ['以下', 'upper'], ['以内', 'upper'], ['之内', 'upper'],
  ['内', 'upper'], ['底前', 'upper'], ['之前', 'upper'], ['前', 'upper'],
];

/** Where a clause starts: the context words (每, 平均, 率) of a number are read back to here. */
const CLAUSE_BREAK = /[，,。；;、\n：:（(]/;

/** Set phrases whose numerals are not quantities (slogans and words that contain a numeral). */
const NOT_QUANTITY = [
  '两个确立', '两个维护', '四个意识', '四个自信', '四个全面', '五位一体', '三会一课', '两学一做', '一带一路', '一国两制',
  '一件事', '一次办', '一次性', '一网通', '一网统管', '一张图', '一门式', '一站式', '一把手', '一揽子', '一系列',
  '十分', '万分', '一体', '一致', '零星', '零售', '零散', '零部件', '零件', '零钱', '零碎', '一点一滴',
];
/** Characters that make a following 一 part of a word (统一, 唯一, 之一, 万一 …). */
const WORD_BEFORE_YI = /[统唯同单划专逐归合万之如第]/;

/** 成 after a numeral that is not a share (一成不变, 三成为…). */
const NOT_CHENG_AFTER = /^成(?:不变|为|果|效|立|本|员|绩|就|功|长|熟|型)/;

function halfWidth(s: string): string {
  // One UTF-16 unit for one: offsets into the result are offsets into the original.
  return s.replace(/[０-９．％～：／]/g, (c) => {
    switch (c) {
      case '．': return '.';
      case '％': return '%';
      case '～': return '~';
      case '：': return ':';
      case '／': return '/';
      default: return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }
  });
}

/**
 * Is the number at `index` a list enumerator like "1. ", "2、" or "（3）" at the start of an
 * item? Those are numbering, not targets, and would shift R005's positions.
 */
function isEnumerator(text: string, index: number, end: number): boolean {
  const before = index === 0 ? '' : text[index - 1]!;
  const after = text.slice(end, end + 2);
  if ((before === '（' || before === '(') && /^[）)]/.test(after)) return true;
  const atItemStart = index === 0 || /[\s。；;，,]/.test(before);
  return atItemStart && /^([.．、）)](?![0-9０-９])|\s*[、])/.test(after);
}

/** A raw number before its unit is read. */
interface Token {
  value: Decimal;
  start: number;
  /** end of the digits (before any scale or unit) */
  end: number;
  script: 'arabic' | 'chinese';
  /** written as 百分之… */
  percentWord?: boolean;
  /** a date written as 2023-12-31 / 2023/12 */
  isoDate?: boolean;
  /** the raw Chinese run (for acceptance checks) */
  raw: string;
}

// Sticky (y): matched at an offset of the whole text, so a long text is never copied per number.
const ISO_DATE = /(?:19|20)\d{2}([-/.])(?:0?[1-9]|1[0-2])(?:\1(?:0?[1-9]|[12]\d|3[01]))?(?!\d)/y;
const ARABIC_GROUPED = /\d{1,3}(?:,\d{3})+(?![\d])(?:\.\d+)?/y;
const ARABIC = /\d+(?:\.\d+)?/y;
const ARABIC_AT_START = /^\d+(?:\.\d+)?/;

/** How far a unit or a comparison word is looked for around a number (keeps reading linear). */
const WINDOW = 24;
/** The few characters after `at`. */
const peek = (text: string, at: number): string => text.slice(at, at + WINDOW);

/** `re` (sticky) matched at offset `at` of `text`. */
function execAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}
const RANGE_JOIN = /^\s*(?:-|–|—|~|至|到)\s*/;

/** A character that can start a number: a digit, a numeral, 百 (百分之), 半. */
const START = /[0-9零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿半]/g;

/** Every raw number of the (half-width) text, in order. */
function tokens(text: string, original: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    // Jump to the next character that can start a number.
    START.lastIndex = i;
    if (!START.test(text)) break;
    i = START.lastIndex - 1;
    const c = text[i]!;
    if (c >= '0' && c <= '9') {
      const iso = execAt(ISO_DATE, text, i);
      // 2023.5 is a number (2023.5万元); with dots only a full 2023.12.31 is a date.
      if (iso && (iso[1] !== '.' || iso[0].split('.').length === 3)) {
        out.push({ value: decimalOf(iso[0].slice(0, 4)), start: i, end: i + iso[0].length, script: 'arabic', isoDate: true, raw: iso[0] });
        i += iso[0].length;
        continue;
      }
      // Thousands separators: ASCII comma, or a full-width one between full-width digits.
      let m = execAt(ARABIC_GROUPED, text, i);
      if (!m && /[０-９]/.test(original[i]!)) m = execAt(ARABIC_GROUPED, text.slice(i, i + 4 * WINDOW).replace(/，(?=\d{3})/g, ','), 0);
      m ??= execAt(ARABIC, text, i)!;
      out.push({ value: decimalOf(m[0].includes(',') ? m[0].replace(/,/g, '') : m[0]), start: i, end: i + m[0].length, script: 'arabic', raw: m[0] });
      i += m[0].length;
      continue;
    }
    const rest = peek(text, i);
    if (rest.startsWith('百分之')) {
      const after = rest.slice(3);
      const arabic = ARABIC_AT_START.exec(after);
      const run = arabic ? undefined : cnRun(after, 0);
      const value = arabic ? decimalOf(arabic[0]) : run ? parseChineseNumeral(run) : undefined;
      const len = arabic ? arabic[0].length : run ? run.length : 0;
      if (value) {
        out.push({ value, start: i, end: i + 3 + len, script: arabic ? 'arabic' : 'chinese', percentWord: true, raw: rest.slice(0, 3 + len) });
        i += 3 + len;
        continue;
      }
    }
    if (rest.startsWith('百分百')) {
      out.push({ value: new Decimal(100), start: i, end: i + 3, script: 'chinese', percentWord: true, raw: '百分百' });
      i += 3;
      continue;
    }
    if (isCnChar(c) || (c === '半' && !isCnChar(text[i - 1]))) {
      if (c === '半') {
        out.push({ value: new Decimal(0.5), start: i, end: i + 1, script: 'chinese', raw: '半' });
        i += 1;
        continue;
      }
      const run = cnRun(text, i);
      const value = parseChineseNumeral(run);
      if (value) out.push({ value, start: i, end: i + run.length, script: 'chinese', raw: run });
      i += run.length;
      continue;
    }
    i += 1;
  }
  return out;
}

/** The longest run of numeral characters at `from`, with a decimal part (点五) if any. */
function cnRun(s: string, from: number): string {
  let n = from;
  while (n < s.length && isCnChar(s[n])) n++;
  if (n > from && s[n] === '点' && isCnDigit(s[n + 1])) {
    let m = n + 1;
    while (m < s.length && isCnDigit(s[m])) m++;
    return s.slice(from, m);
  }
  return s.slice(from, n);
}

/**
 * Is offset `at` of `text` inside a set phrase that is not a quantity? Asked only of the
 * few numbers that need it (a Chinese numeral, a 成), so no mask of the whole text is
 * built (issue 17: building one per text was a sixth of reading numbers).
 */
function inPhrase(text: string, at: number): boolean {
  for (const p of NOT_QUANTITY) {
    for (let from = Math.max(0, at - p.length + 1); from <= at; from++) if (text.startsWith(p, from)) return true;
  }
  return false;
}

/** The kind of a unit in its place: 年 after 2023 is a date, after 3 a duration. */
function kindOfUnit(unit: string, tok: Token, text: string, afterUnit: string): NumberKind {
  if (unit === '') return 'number';
  const bare = unit[0]! in SCALE && unit.length > 1 ? unit.slice(1) : unit;
  if (bare.includes('/')) return 'per-unit';
  const kind = UNIT_KIND.get(bare);
  if (kind === undefined) return unit[0]! in SCALE ? 'number' : 'other';
  const v = tok.value;
  if (bare === '年' || bare === '年度') {
    const yearLike = v.isInteger() && v.gte(1900) && v.lte(2100);
    const digitByDigit = tok.script === 'chinese' && [...tok.raw].every((ch) => isCnDigit(ch)) && tok.raw.length === 4;
    return yearLike || digitByDigit ? 'date' : 'duration';
  }
  if (bare === '月') return v.isInteger() && v.gte(1) && v.lte(12) ? 'date' : 'duration';
  if (bare === '日' || bare === '号') {
    if (text[tok.start - 1] === '月' || /^(?:前|之前|起|止|底)/.test(afterUnit)) return 'date';
    return bare === '号' ? 'date' : 'duration';
  }
  return kind;
}

/**
 * Read a unit after a number: the longest known unit, a 万/亿 scale before it, a per-unit
 * tail (元/人), or else (Arabic numbers only, as in version 1) the first character.
 */
function readUnit(text: string, from: number, script: Token['script']): { unit: string; end: number; known: boolean } {
  let at = from;
  while (text[at] === ' ') at++;
  let unit = '';
  let known = false;
  const scale = text[at];
  if (scale !== undefined && scale in SCALE && script === 'arabic') {
    unit = scale;
    at++;
    known = true;
  }
  const u = unitAt(text, at);
  if (u) {
    unit += u;
    at += u.length;
    known = true;
    const per = /^\/([\u4e00-\u9fff]+)/.exec(peek(text, at));
    if (per) {
      const den = unitAt(per[1]!) ?? per[1]!.slice(0, 1);
      unit += `/${den}`;
      at += 1 + den.length;
    }
  } else if (unit === '' && script === 'arabic') {
    const ch = text[at];
    const boundWord = AFTER.some(([w]) => text.startsWith(w, at));
    // 3至5场: 至 joins a range, it is not the unit of 3.
    const joins = (ch === '至' || ch === '到') && startsNumber(peek(text, at + 1));
    if (ch !== undefined && !boundWord && !joins && !isCnChar(ch) && !/[\d\s，。,;；、:∶~\-–—.()（）]/.test(ch)) {
      unit = String.fromCodePoint(text.codePointAt(at)!);
      at += unit.length;
    }
  }
  return { unit, end: unit === '' ? from : at, known };
}

/** The last characters of the BEFORE words: a number after any other has no bound before it. */
const BEFORE_LAST = new Set(BEFORE.map(([w]) => w[w.length - 1]!));
const SPACE = /\s/;

function boundBefore(text: string, start: number): TextNumber['bound'] {
  // The six characters before the number, trailing white space left out (as a slice would be trimmed).
  const from = Math.max(0, start - 6);
  let end = start;
  while (end > from && SPACE.test(text[end - 1]!)) end--;
  if (end === from || !BEFORE_LAST.has(text[end - 1]!)) return undefined;
  let bound: TextNumber['bound'];
  let longest = 0;
  for (const [w, dir] of BEFORE) {
    if (w.length > longest && end - w.length >= from && text.startsWith(w, end - w.length)) {
      longest = w.length;
      bound = dir;
    }
  }
  return bound;
}

function boundAfter(text: string, end: number): TextNumber['bound'] {
  const after = peek(text, end).replace(/^\s+/, '');
  return AFTER.find(([w]) => after.startsWith(w))?.[1];
}

/** The clause before `start` (back to the last comma, full stop, colon or bracket). */
export function clauseBefore(text: string, start: number): string {
  let k = start;
  const limit = Math.max(0, start - 4 * WINDOW);
  while (k > limit && !CLAUSE_BREAK.test(text[k - 1]!)) k--;
  return text.slice(k, start);
}

/** Turn context into kind: 元/人 and 每… are per-unit, 人均… is an average, …率 0.95 a rate. */
function inContext(kind: NumberKind, clause: string): NumberKind {
  if (!['count', 'amount', 'measure', 'number', 'other', 'score'].includes(kind)) return kind;
  if (/平均|人均|户均|场均|次均|年均|月均|日均|均值/.test(clause)) return 'average';
  if (/每/.test(clause)) return 'per-unit';
  if ((kind === 'number' || kind === 'other') && /率/.test(clause)) return 'rate';
  return kind;
}

/** A number being assembled, before ranges are joined. */
interface Reading extends TextNumber {
  /** a Chinese numeral kept only if a range joins it to an accepted number */
  pendingRange?: boolean;
  /** read as tenths (八成) */
  cheng?: boolean;
}

/**
 * All target numbers of a text, in order, with units, kinds, bounds and ranges (read-only).
 *
 * Not remembered by text: a cache across files (tried in issue 17) kept every reading, and
 * through its keys the texts, alive past the minor GCs until a major one, which raised
 * validate's peak at 10,000 files by a third and cost more CPU than reading again
 * (whole-process pairs, interleaved: 0.95× CPU and 115-120 MiB vs 164 MiB without it).
 */
export function numbersIn(original: string): readonly Readonly<TextNumber>[] {
  return readNumbers(original);
}

function readNumbers(original: string): TextNumber[] {
  const text = halfWidth(original);
  const readings: Reading[] = [];
  for (const tok of tokens(text, original)) {
    // A unit read as one character never swallows the next number, but stay safe.
    const previous = readings[readings.length - 1];
    if (previous && tok.start < previous.end) continue;
    if (tok.script === 'arabic' && !tok.isoDate && !tok.percentWord && isEnumerator(text, tok.start, tok.end)) continue;
    let value = tok.value;
    let digitsEnd = tok.end;
    let unit: string;
    let end: number;
    let kind: NumberKind;
    let cheng = false;
    let pendingRange = false;
    if (tok.isoDate) {
      unit = '';
      end = tok.end;
      kind = 'date';
    } else if (tok.percentWord) {
      unit = '%';
      end = tok.end;
      kind = 'percent';
    } else {
      // A Chinese numeral ending in 万/亿 before a unit keeps the scale in the unit, as 5万元 does.
      let scale = '';
      if (tok.script === 'chinese' && tok.raw.length > 1 && /[万亿]$/.test(tok.raw) && unitAt(text, tok.end)) {
        const head = parseChineseNumeral(tok.raw.slice(0, -1));
        if (head) {
          value = head;
          scale = tok.raw.slice(-1);
          digitsEnd = tok.end - 1;
        }
      }
      const afterDigits = peek(text, digitsEnd);
      if (afterDigits.startsWith('成') && !NOT_CHENG_AFTER.test(afterDigits) && value.lte(10) && !inPhrase(text, tok.start)) {
        // 八成 = 80%, 八成五 = 85%, 8成 = 80%.
        cheng = true;
        value = value.times(10);
        end = digitsEnd + 1;
        const next = text[end];
        if (next !== undefined && (isCnDigit(next) || /\d/.test(next)) && !isCnChar(text[end + 1]) && !/\d/.test(text[end + 1] ?? '')) {
          value = value.plus(isCnDigit(next) ? CN_DIGIT[next]! : Number(next));
          end += 1;
        }
        unit = '%';
        kind = 'percent';
      } else {
        const read = scale
          ? { ...readUnit(text, digitsEnd + 1, 'chinese'), known: true }
          : readUnit(text, digitsEnd, tok.script);
        unit = scale ? scale + read.unit : read.unit;
        end = read.end;
        kind = kindOfUnit(unit, tok, text, peek(text, end));
        if (tok.script === 'chinese') {
          const accepted = chineseAccepted(tok, text, read.known, kind);
          if (!accepted) {
            const next = peek(text, tok.end);
            if (RANGE_JOIN.test(next) && startsNumber(next.replace(RANGE_JOIN, ''))) pendingRange = true;
            else continue;
          }
        }
      }
    }
    if (text[tok.start - 1] === '第' || (tok.script === 'chinese' && text.slice(tok.start - 2, tok.start) === '排名')) kind = 'ordinal';
    if (!tok.isoDate && kind !== 'percent' && kind !== 'ordinal') kind = inContext(kind, clauseBefore(text, tok.start));
    const reading: Reading = { value, unit, kind, start: tok.start, end, script: tok.script };
    const bound = boundBefore(text, tok.start) ?? boundAfter(text, end);
    if (bound) reading.bound = bound;
    if (cheng) reading.cheng = true;
    if (pendingRange) reading.pendingRange = true;
    readings.push(reading);
  }
  return joinRanges(text, readings);
}

/** Does `s` start with a number (Arabic digit or Chinese numeral)? */
function startsNumber(s: string): boolean {
  return /^\d/.test(s) || isCnChar(s[0]);
}

/** Is a Chinese numeral a quantity here (see the module comment)? */
function chineseAccepted(tok: Token, text: string, knownUnit: boolean, kind: NumberKind): boolean {
  if (inPhrase(text, tok.start)) return false;
  const chars = [...tok.raw];
  const digitByDigit = chars.every((c) => isCnDigit(c));
  // 二〇二三 is a numeral only as a year; 一二三 is not a number.
  if (digitByDigit && chars.length > 1) return kind === 'date';
  if (chars[0] === '一' && chars.length === 1 && WORD_BEFORE_YI.test(text[tok.start - 1] ?? '') && text[tok.start - 1] !== '第') return false;
  // 第一 / 排名前三 at the end of a clause: a rank.
  const after = text[tok.end];
  if ((text[tok.start - 1] === '第' || text.slice(tok.start - 3, tok.start) === '排名前') && (after === undefined || CLAUSE_BREAK.test(after) || /[名位]/.test(after))) return true;
  // A leading 百 / 千 / 万 / 亿 without a digit (千万, 百姓, 万一) is a word, not a number.
  if (/^[百佰千仟万亿]/.test(tok.raw)) return false;
  if (knownUnit) return true;
  // 零投诉, 零差错: zero of something is a target.
  if (tok.raw === '零') return true;
  // 零点五, 三点五: a numeral with a decimal part is a number.
  if (tok.raw.includes('点')) return true;
  // 一万二千, 三千: a multi-character numeral with 百 or more is read even without a unit.
  return chars.length > 1 && /[百佰千仟万亿]/.test(tok.raw) && isCnDigit(chars[0]);
}

/** Join `a – b` into one reading with both ends; drop pending Chinese starts left alone. */
function joinRanges(text: string, readings: Reading[]): TextNumber[] {
  const out: TextNumber[] = [];
  for (let k = 0; k < readings.length; k++) {
    const a = readings[k]!;
    const b = readings[k + 1];
    if (b && !b.pendingRange) {
      const between = text.slice(a.end, b.start);
      const sameUnit = a.unit === '' || a.unit === b.unit;
      if (RANGE_JOIN.test(between) && between.replace(RANGE_JOIN, '') === '' && sameUnit && a.kind !== 'ordinal') {
        // 八至九成: the first end is in tenths too. 三至五万: the first end shares the 万 of
        // the second, unless that would not make a rising range (一至一万 is 1 to 10,000).
        let low = b.cheng && a.unit === '' ? a.value.times(10) : a.value;
        const scale = a.unit === '' ? b.unit[0] : undefined;
        if (scale !== undefined && scale in SCALE && low.gte(b.value)) low = low.div(SCALE_FACTOR[scale]!);
        const range = { low: Decimal.min(low, b.value), high: Decimal.max(low, b.value) };
        const joined: TextNumber = { value: range.low, unit: b.unit, kind: b.kind, start: a.start, end: b.end, range, script: a.script };
        const bound = boundBefore(text, a.start) ?? b.bound;
        if (bound) joined.bound = bound;
        out.push(joined);
        k++;
        continue;
      }
    }
    if (a.pendingRange) continue;
    out.push(strip(a));
  }
  markRatios(text, out);
  return out;
}

function strip(r: Reading): TextNumber {
  // Only a 成 reading carries a key to drop here (a pending one never gets here): the others are returned as they are.
  if (r.cheng === undefined && r.pendingRange === undefined) return r;
  const { pendingRange: _p, cheng: _c, ...n } = r;
  return n;
}

/** 1:1, 1∶3, 1比1: both sides are one ratio, not quantities. */
function markRatios(text: string, out: TextNumber[]): void {
  for (let k = 0; k + 1 < out.length; k++) {
    const between = text.slice(out[k]!.end, out[k + 1]!.start).trim();
    if (between === ':' || between === '∶' || between === '比') {
      out[k]!.kind = 'ratio';
      out[k + 1]!.kind = 'ratio';
    }
  }
}

/**
 * Does the text contain a number at all (R003)? Any Arabic digit, as in version 1, or a
 * Chinese numeral read as a quantity (second edition: 八成以上, 两场, 百分之九十).
 */
export function hasNumber(text: string): boolean {
  return /[0-9０-９]/.test(text) || numbersIn(text).length > 0;
}
