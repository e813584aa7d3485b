/**
 * Number reading by example (src/rules/numbers.ts; rules.md second edition): what each
 * kind of number in real indicator texts reads as, and the words that look like numerals
 * but are not quantities.
 */
import { describe, expect, it } from 'vitest';
import { hasNumber, isAdditive, numbersIn } from '../../src/rules/numbers.js';

/** A compact view of every number read: written text, value (or low–high), unit, kind, bound. */
function read(text: string): string[] {
  return numbersIn(text).map((n) => {
    const v = n.range ? `${n.range.low.toString()}–${n.range.high.toString()}` : n.value.toString();
    return [text.slice(n.start, n.end), v, n.unit || '-', n.kind, n.bound ?? ''].join(' ').trimEnd();
  });
}

describe('numbersIn: Chinese numerals', () => {
  it.each([
    ['八成以上', ['八成 80 % percent lower']],
    ['八成五', ['八成五 85 % percent']],
    ['百分之九十', ['百分之九十 90 % percent']],
    ['百分之九十五点五', ['百分之九十五点五 95.5 % percent']],
    ['合作十五家', ['十五家 15 家 count']],
    ['开展两场', ['两场 2 场 count']],
    ['打造三个品牌', ['三个 3 个 count']],
    ['覆盖一万二千人次', ['一万二千人次 12000 人次 count']],
    ['覆盖一万二千零五人次', ['一万二千零五人次 12005 人次 count']],
    ['不超过五万元', ['五万元 5 万元 amount upper']],
    ['误差零点五', ['零点五 0.5 - number']],
    ['二〇二三年完成', ['二〇二三年 2023 年 date']],
    ['半年内完成', ['半年 0.5 年 duration upper']],
    ['三个月内', ['三个月 3 个月 duration upper']],
    ['零投诉', ['零 0 - number']],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it.each([
    '学习宣传贯彻党的二十大精神',
    '服务“十四五”规划',
    '坚决做到“两个维护”，增强“四个意识”',
    '统一部署，进一步提升',
    '第一时间发布',
    '七一、国庆等时间节点',
    '一流服务，一站式办理',
    '千万不能松懈，惠及百姓',
    '十分满意',
    '一次性补助',
  ])('%s has no quantity', (text) => {
    expect(read(text)).toEqual([]);
    expect(hasNumber(text)).toBe(false);
  });
});

describe('numbersIn: Arabic digits, separators, ranges', () => {
  it.each([
    ['合作15家', ['15家 15 家 count']],
    ['１２，０００人次', ['１２，０００人次 12000 人次 count']],
    ['投入10,000元', ['10,000元 10000 元 amount']],
    ['不少于1.2万人次', ['1.2万人次 1.2 万人次 count lower']],
    ['满意度不低于８０％', ['８０％ 80 % percent lower']],
    ['85%–90%', ['85%–90% 85–90 % percent']],
    ['85%-90%', ['85%-90% 85–90 % percent']],
    ['85~90%', ['85~90% 85–90 % percent']],
    ['八至九成', ['八至九成 80–90 % percent']],
    ['10-15场', ['10-15场 10–15 场 count']],
    ['3至5场', ['3至5场 3–5 场 count']],
    ['获评率90以上', ['90 90 - rate lower']],
    ['提高2个百分点', ['2个百分点 2 个百分点 percent']],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });
});

describe('numbersIn: additive and non-additive quantities', () => {
  it.each([
    ['覆盖率≥90%', ['90% 90 % percent lower']],
    ['人均成本 500元/人', ['500元/人 500 元/人 per-unit']],
    ['单次成本300元/次', ['300元/次 300 元/次 per-unit']],
    ['每个不超过2万元', ['2万元 2 万元 per-unit upper']],
    ['每季度开展1次，全年不少于4次', ['1次 1 次 per-unit', '4次 4 次 count lower']],
    ['平均每场100人', ['100人 100 人 average']],
    ['人均培训20小时', ['20小时 20 小时 duration']],
    ['3天内办结', ['3天 3 天 duration upper']],
    ['2023年12月底前', ['2023年 2023 年 date', '12月 12 月 date upper']],
    ['2023年12月31日前', ['2023年 2023 年 date', '12月 12 月 date', '31日 31 日 date upper']],
    ['2023-12-31前完成', ['2023-12-31 2023 - date upper']],
    ['2023-2025年', ['2023-2025年 2023–2025 年 date']],
    ['实施周期3年', ['3年 3 年 duration']],
    ['配套比例1:1', ['1 1 - ratio', '1 1 - ratio']],
    ['全省排名第3', ['3 3 - ordinal']],
    ['评分90分以上', ['90分 90 分 score lower']],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it('only counts and amounts add up', () => {
    const additive = numbersIn('开展10场，投入5万元，覆盖率90%，人均500元/人，2023年，3天内').filter(isAdditive);
    expect(additive.map((n) => `${n.value.toString()}${n.unit}`)).toEqual(['10场', '5万元']);
  });
});

describe('numbersIn: list numbering is not a target (version 1 behaviour kept)', () => {
  it.each([
    ['1.开展宣讲10场；2.发布稿件20篇', ['10场 10 场 count', '20篇 20 篇 count']],
    ['1、开展宣讲10场', ['10场 10 场 count']],
    ['（1）开展宣讲10场', ['10场 10 场 count']],
    ['1) 开展宣讲10场', ['10场 10 场 count']],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });
});
