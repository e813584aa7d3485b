import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Declaration, PartialDeclaration } from '../../src/model/declaration.js';
import { renderHtml } from '../../src/render/html.js';
import { UNKNOWN_KEY_MARK, buildView, formatAmount, withIndicatorsAsWritten } from '../../src/render/view.js';
import { check } from '../../src/check.js';
import { load } from '../../src/load/load.js';
import { sampleDeclaration } from './sample.js';

const d = (s: string) => new Decimal(s);

describe('formatAmount (layout.md "Amounts")', () => {
  it.each([
    ['1499.73', '1,499.73'],
    ['0', '0.00'],
    ['0.00', '0.00'],
    ['90', '90.00'],
    ['942.4', '942.40'],
    ['1000', '1,000.00'],
    ['999999999.99', '999,999,999.99'],
    ['123456789.01', '123,456,789.01'],
    ['0.1', '0.10'],
    ['1234567.005', '1,234,567.01'], // half-up in decimal, never through a float
  ])('%s → %s', (input, expected) => {
    expect(formatAmount(d(input))).toBe(expected);
  });

  it('keeps precision a JavaScript number would lose', () => {
    expect(formatAmount(d('999999999999999.99'))).toBe('999,999,999,999,999.99');
  });

  it('shows a missing amount as an empty cell', () => {
    expect(formatAmount(undefined)).toBe('');
    expect(formatAmount(null)).toBe('');
  });
});

describe('buildView', () => {
  const view = buildView(sampleDeclaration(), { version: '9.9.9' });

  it('formats the budget and names the level row', () => {
    expect(view.budget).toEqual({
      basic: '1,499.73',
      project: '1,354.87',
      special: '0.00',
      developmentOther: '942.46',
      appropriation: '3,797.06',
      incomeOther: '0.00',
      own: '3,707.06',
      transfer: '90.00',
      ownLabel: '区本级使用资金',
    });
  });

  it.each([['省'], ['市'], ['区'], ['县'], ['镇']] as const)('level %s → %s本级使用资金', (level) => {
    const decl = { ...sampleDeclaration(), level } as Declaration;
    expect(buildView(decl, { version: '1' }).budget.ownLabel).toBe(`${level}本级使用资金`);
  });

  it('numbers the goals 1. 2. …', () => {
    expect(view.goals).toEqual([
      { number: '1.', text: '高举思想旗帜。' },
      { number: '2.', text: '做好风险防控。' },
    ]);
  });

  it('numbers other tasks only when there are several', () => {
    const one = buildView({ ...sampleDeclaration(), other_tasks: ['只有一项'] }, { version: '1' });
    expect(one.otherTasks).toEqual([{ number: '', text: '只有一项' }]);
    const two = buildView({ ...sampleDeclaration(), other_tasks: ['甲', '乙'] }, { version: '1' });
    expect(two.otherTasks.map((t) => t.number)).toEqual(['1.', '2.']);
    expect(view.otherTasks).toEqual([]);
  });

  it('shows a task without funds as an empty cell', () => {
    expect(view.tasks.map((t) => t.funds)).toEqual(['', '50.00']);
    expect(view.tasksRowSpan).toBe(3);
  });

  it('puts indicators in the canonical order with row spans, whatever the file order', () => {
    const rows = view.indicators.map((r) => [r.level1?.text ?? '', r.level1?.rowSpan ?? 0, r.level2?.text ?? '', r.level2?.rowSpan ?? 0, r.name]);
    expect(rows).toEqual([
      ['产出指标', 3, '数量指标', 2, '数量一'],
      ['', 0, '', 0, '数量二'],
      ['', 0, '时效指标', 1, '时效一'],
      ['效益指标', 2, '社会效益指标', 1, '社会一'],
      ['', 0, '可持续影响指标', 1, '持续一'],
      ['满意度指标', 1, '服务对象满意度指标', 1, '满意一'],
    ]);
    expect(view.indicatorsRowSpan).toBe(6);
  });

  it('titles the document 「<year>年度 <部门> 部门整体预算绩效目标申报表」', () => {
    expect(view.documentTitle).toBe('2023年度 中国共产党广州市花都区委员会宣传部 部门整体预算绩效目标申报表');
    expect(view.yearLine).toBe('（2023年度）');
    expect(view.generator).toBe('declare 9.9.9');
  });

  it('lays out a partial declaration (--force on a broken file) with empty cells', () => {
    const v = buildView({ year: 2023, budget: { expenditure: { basic: d('1') } }, tasks: [undefined], indicators: { 产出指标: { 数量指标: [] } } }, { version: '1', unchecked: true });
    expect(v.unchecked).toBe(true);
    expect(v.budget.basic).toBe('1.00');
    expect(v.budget.project).toBe('');
    expect(v.budget.ownLabel).toBe('本级使用资金');
    expect(v.tasks).toEqual([{ name: '', content: '', funds: '', expected: '' }]);
    expect(v.indicators).toHaveLength(1);
    expect(v.indicators[0]!.level2).toEqual({ text: '数量指标', rowSpan: 1 });
  });

  it('survives whatever a broken file leaves in a partial declaration', () => {
    const junk = {
      year: 'x', department: 5, level: ['区'], budget: 'none', goals: 'not a list', tasks: { a: 1 }, other_tasks: [1, null, '甲'],
      indicators: { 产出指标: 'abc', 效益指标: { 社会效益指标: 'x', 可持续影响指标: [null, 3, { name: 7, period: '周期' }] }, 未知指标: null },
    } as unknown as PartialDeclaration;
    const v = buildView(junk, { version: '1', unchecked: true });
    expect(v.goals).toEqual([]);
    expect(v.tasks).toEqual([]);
    expect(v.otherTasks).toEqual([{ number: '', text: '甲' }]);
    expect(v.budget.basic).toBe('');
    expect(v.indicators.map((r) => [r.level1?.text, r.level2?.text, r.name, r.period])).toEqual([
      ['产出指标', undefined, '', ''],
      ['效益指标', '社会效益指标', '', ''],
      [undefined, '可持续影响指标', '', ''],
      [undefined, undefined, '', ''],
      [undefined, undefined, '', '周期'],
      // A key outside the framework keeps its place, marked (issue 10 item 6).
      [`未知指标${UNKNOWN_KEY_MARK}`, undefined, '', ''],
    ]);
    expect(() => renderHtml(junk, { version: '1', unchecked: true })).not.toThrow();
    expect(renderHtml({}, { version: '1', unchecked: true })).toContain('未通过校验');
  });
});

describe('renderHtml', () => {
  it('escapes every piece of user text and keeps template syntax literal', () => {
    const decl = sampleDeclaration();
    decl.department = '<img src=http://127.0.0.1:9/x>{{department}}';
    decl.goals = ['<script>alert(1)</script>', "a & b \" ' `x` = y"];
    decl.tasks[0]!.name = '{{#each goals}}x{{/each}}';
    const html = renderHtml(decl, { version: '1' });
    expect(html).not.toContain('<img src=http');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;img src&#x3D;http://127.0.0.1:9/x&gt;{{department}}');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a &amp; b &quot; &#x27; &#x60;x&#x60; &#x3D; y');
    expect(html).toContain('{{#each goals}}x{{/each}}');
  });

  it('is pure: the same declaration gives the same string, with no date in it', () => {
    const a = renderHtml(sampleDeclaration(), { version: '1' });
    expect(renderHtml(sampleDeclaration(), { version: '1' })).toBe(a);
    expect(a).not.toMatch(/20\d\d-\d\d-\d\d/);
  });

  it('has no 「未通过校验」 mark unless unchecked, and then a page-repeating one', () => {
    expect(renderHtml(sampleDeclaration(), { version: '1' })).not.toContain('未通过校验');
    const marked = renderHtml(sampleDeclaration(), { version: '1', unchecked: true });
    expect(marked).toContain('<div class="unchecked-mark" aria-hidden="true">未通过校验</div>');
    expect(marked).toContain('@top-center');
  });

  it('keeps the form labels of layout.md, character for character', () => {
    const html = renderHtml(sampleDeclaration(), { version: '1' });
    for (const label of [
      '部门名称', '预算整体情况', '部门预算支出', '预算金额（万元）', '收入来源', '基本支出', '财政拨款', '项目支出',
      '其他资金', '事业发展性支出', '按预算级次划分', '财政专项资金', '区本级使用资金', '其他事业发展性支出',
      '拟用于对下转移支付资金', '总体绩效目标', '年度重点工作任务', '名称', '主要实施内容', '拟投入的资金（万元）',
      '期望达到的目标（概述）', '其他需完成的任务（可选填）', '绩效指标', '一级指标', '二级指标', '三级指标',
      '实施周期指标值', '年度指标值', '部门整体预算绩效目标申报表', '（2023年度）',
    ]) {
      expect(html).toContain(`>${label}<`);
    }
  });
});

describe('withIndicatorsAsWritten (render --force, issue 10 item 6)', () => {
  const rows = (yaml: string) => {
    const out = check(yaml, 'x.yaml');
    const decl = withIndicatorsAsWritten(out.partial, load(yaml).value);
    return { before: out.partial, rows: buildView(decl, { version: '1', unchecked: true }).indicators.map((r) => [r.level1?.text, r.level2?.text, r.name]) };
  };
  const row = (name: string) => `      - name: ${name}\n        period: 全年\n        annual: 全年\n`;

  it('keeps known keys first, then every other key in file order, each marked once', () => {
    const { rows: r } = rows(`indicators:\n  产出指标:\n    数量指量:\n${row('甲')}    数量指标:\n${row('乙')}  满意指标:\n    服务对象满意度指标:\n${row('丙')}`);
    expect(r).toEqual([
      ['产出指标', '数量指标', '乙'],
      [undefined, `数量指量${UNKNOWN_KEY_MARK}`, '甲'],
      [`满意指标${UNKNOWN_KEY_MARK}`, '服务对象满意度指标', '丙'],
    ]);
  });

  it('a list written straight under a 一级 key goes under an empty, marked 二级 cell', () => {
    const { rows: r, before } = rows(`indicators:\n  产出指标:\n  - name: 丁\n    period: 全年\n    annual: 全年\n`);
    expect(r).toEqual([['产出指标', UNKNOWN_KEY_MARK, '丁']]);
    expect(before.indicators).toEqual({}); // the schema's partial is not changed
  });
});
