/**
 * Properties of number reading (src/rules/numbers.ts; rules.md second edition): a number
 * written in Arabic digits and the same number written in Chinese numerals read the same;
 * 85%, 百分之八十五 and 八成五 read the same; a range reads both ends.
 *
 * The Chinese spelling below is written independently of the reader: the standard form
 * (一万二千零五, 十五, 一万零一十), with 两 for 2 before 千 / 百 / 万 where it is idiomatic,
 * the elided final unit (一万二 for 12000), and 一十 at the start (一十五) as some write it.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseQuantity, numbersIn, parseChineseNumeral } from '../../src/rules/numbers.js';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const SMALL = ['', '十', '百', '千'];

/** A section 1..9999 in standard Chinese (零 for each run of inner zeros, none at the end). */
function section(n: number): string {
  const d = String(n).padStart(4, '0').split('').map(Number);
  let out = '';
  let pendingZero = false;
  let started = false;
  for (let k = 0; k < 4; k++) {
    const digit = d[k]!;
    const unit = SMALL[3 - k]!;
    if (digit === 0) {
      if (started) pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    started = true;
    out += DIGITS[digit]! + unit;
  }
  return out;
}

/** Spelling variants of an integer 0..99,999,999. */
interface Style {
  /** 两 for 2 before 千 / 百 / 万 */
  liang: boolean;
  /** drop the last unit when it follows the next bigger one directly (一万二千 → 一万二) */
  elide: boolean;
  /** keep 一十 at the very start (一十五) instead of 十五 */
  yiShi: boolean;
}

function chinese(n: number, style: Style): string {
  if (n === 0) return '零';
  const high = Math.floor(n / 10000);
  const low = n % 10000;
  let out = '';
  if (high > 0) {
    out += section(high) + '万';
    if (low > 0) out += (low < 1000 ? '零' : '') + section(low);
  } else {
    out = section(low);
  }
  if (!style.yiShi) out = out.replace(/^一十/, '十');
  if (style.liang) out = out.replace(/二(?=[千百])/g, '两').replace(/^二万/, '两万');
  if (style.elide) {
    const UNIT_EXP: Record<string, number> = { 十: 1, 百: 2, 千: 3, 万: 4 };
    const m = /([十百千万])([一二三四五六七八九两])([十百千])$/.exec(out);
    if (m && UNIT_EXP[m[3]!] === UNIT_EXP[m[1]!]! - 1 && UNIT_EXP[m[1]!]! >= 2) out = out.slice(0, -1);
  }
  return out;
}

const style = fc.record({ liang: fc.boolean(), elide: fc.boolean(), yiShi: fc.boolean() });
const integer = fc.integer({ min: 0, max: 99_999_999 });
const countUnit = fc.constantFrom('场', '家', '个', '篇', '次', '人次', '件', '项', '份', '期');

/** The one number read from a text, as strings (Decimal values compared exactly). */
function only(text: string) {
  const all = numbersIn(text);
  expect(all, text).toHaveLength(1);
  const n = all[0]!;
  const q = baseQuantity(n);
  return { low: q.low.toString(), high: q.high.toString(), unit: q.unit, kind: n.kind, range: n.range !== undefined };
}

describe('number reading: Arabic and Chinese numerals read the same', () => {
  it('any integer 0..99,999,999, in any spelling, parses to the same exact value', () => {
    fc.assert(
      fc.property(integer, style, (n, s) => {
        const cn = chinese(n, s);
        expect(parseChineseNumeral(cn)?.toString(), cn).toBe(String(n));
      }),
      { numRuns: 2000 },
    );
  });

  it('any integer count, written with a unit, reads the same in Arabic and in Chinese', () => {
    fc.assert(
      fc.property(integer, style, countUnit, (n, s, unit) => {
        // 零件 is a word (parts), not "zero pieces": the reader knows it as one.
        fc.pre(!(n === 0 && unit === '件'));
        const arabic = only(`开展活动不少于${n}${unit}`);
        const cn = only(`开展活动不少于${chinese(n, s)}${unit}`);
        expect(cn, chinese(n, s)).toEqual(arabic);
        expect(arabic).toEqual({ low: String(n), high: String(n), unit, kind: 'count', range: false });
      }),
      { numRuns: 1000 },
    );
  });

  it('thousands separators and full-width digits read the same as plain digits', () => {
    fc.assert(
      fc.property(integer, countUnit, (n, unit) => {
        const grouped = n.toLocaleString('en-US');
        const fullWidth = String(n).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
        const plain = only(`覆盖${n}${unit}`);
        expect(only(`覆盖${grouped}${unit}`)).toEqual(plain);
        expect(only(`覆盖${fullWidth}${unit}`)).toEqual(plain);
      }),
    );
  });

  it('decimals: 零点五 / 三点一四 read as 0.5 / 3.14, exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 }), (int, frac) => {
        const cn = `${chinese(int, { liang: false, elide: false, yiShi: false })}点${frac.map((d) => DIGITS[d]).join('')}`;
        expect(parseChineseNumeral(cn)?.toString(), cn).toBe(new Decimal(`${int}.${frac.join('')}`).toString());
      }),
    );
  });
});

describe('number reading: percentages', () => {
  it('85%, 85％, 百分之八十五 and (for 10..99) 八成五 read the same', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), style, (p, s) => {
        const expected = { low: String(p), high: String(p), unit: '%', kind: 'percent', range: false };
        expect(only(`满意度不低于${p}%`)).toEqual(expected);
        expect(only(`满意度不低于${p}％`)).toEqual(expected);
        expect(only(`满意度不低于百分之${chinese(p, { ...s, liang: false, elide: false })}`)).toEqual(expected);
        if (p >= 10 && p <= 99) {
          const tenths = DIGITS[Math.floor(p / 10)]!;
          const ones = p % 10 === 0 ? '' : DIGITS[p % 10]!;
          expect(only(`满意度${tenths}成${ones}以上`), `${tenths}成${ones}`).toEqual(expected);
        }
      }),
    );
  });
});

describe('number reading: ranges', () => {
  it('a 万 at the end of a range: shared when the range rises, else the first end is a plain number', () => {
    expect(only('开展三至五万人')).toEqual({ low: '30000', high: '50000', unit: '人', kind: 'count', range: true });
    expect(only('开展一至一万场')).toEqual({ low: '1', high: '10000', unit: '场', kind: 'count', range: true });
    expect(only('开展1至1万场')).toEqual({ low: '1', high: '10000', unit: '场', kind: 'count', range: true });
    expect(only('开展五至三万场')).toEqual({ low: '5', high: '30000', unit: '场', kind: 'count', range: true });
    expect(only('开展二至三万五千场')).toEqual({ low: '2', high: '35000', unit: '场', kind: 'count', range: true });
  });

  const pair = fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99_999 })).filter(([a, b]) => a < b);

  it('a range reads both ends, however it is joined', () => {
    fc.assert(
      fc.property(pair, countUnit, fc.constantFrom('-', '–', '—', '~', '～', '至', '到'), style, ([a, b], unit, join, s) => {
        const expected = { low: String(a), high: String(b), unit, kind: 'count', range: true };
        expect(only(`开展${a}${join}${b}${unit}`)).toEqual(expected);
        expect(only(`开展${a}${unit}${join}${b}${unit}`)).toEqual(expected);
        // 三至五万 is 3万 to 5万: a first end without a scale shares the second's 万 when that
        // makes a rising range (一至一万 stays 1 to 10,000)
        const shared = chinese(b, s).endsWith('万') && a * 10000 < b;
        expect(only(`开展${chinese(a, s)}至${chinese(b, s)}${unit}`), `${chinese(a, s)}至${chinese(b, s)}`).toEqual(shared ? { ...expected, low: String(a * 10000) } : expected);
      }),
    );
  });

  it('a percentage range reads both ends: 85%–90%, 85~90%, 八至九成', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 9 }), (x, dy) => {
        const y = Math.min(9, x + dy);
        if (y === x) return;
        const expected = { low: String(x * 10), high: String(y * 10), unit: '%', kind: 'percent', range: true };
        expect(only(`${x * 10}%–${y * 10}%`)).toEqual(expected);
        expect(only(`${x * 10}~${y * 10}%`)).toEqual(expected);
        expect(only(`${DIGITS[x]}至${DIGITS[y]}成`)).toEqual(expected);
      }),
    );
  });
});

describe('number reading: any text', () => {
  const ch = fc.constantFrom(...'0123456789０１２３．，,.%％成百分之零〇一二两三十百千万亿点半个场元万元/人每率平均年月日第-–~～至到:∶比 （）(、)以上内前不少于≥≤'.split(''));

  it('never throws; every number lies inside the text, in order, with a finite value', () => {
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 30 }).map((a) => a.join('')), (text) => {
        let last = 0;
        for (const n of numbersIn(text)) {
          expect(n.start, text).toBeGreaterThanOrEqual(last);
          expect(n.end, text).toBeGreaterThan(n.start);
          expect(n.end, text).toBeLessThanOrEqual(text.length);
          expect(n.value.isFinite(), text).toBe(true);
          last = n.end;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
