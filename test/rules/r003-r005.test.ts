/**
 * R003–R005, second edition (rules.md), through check(): the satisfaction threshold stays
 * configurable for values written without % (八成, 0.8, 100), and the messages quote what
 * the form wrote (八成, 二十家, 1.5万元) next to what it means.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'rules');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const base = fixture('r004-bacheng.yaml');

/** The satisfaction row of the fixture with other period / annual values. */
function satisfaction(period: string, annual: string): string {
  const text = base.replace(/period: 满意度八成以上.*\n/, `period: ${period}\n`).replace(/annual: 满意度八成五以上.*\n/, `annual: ${annual}\n`);
  expect(text).toContain(`period: ${period}\n`);
  expect(text).toContain(`annual: ${annual}\n`);
  return text;
}

const r004 = (text: string, threshold?: number, lang: 'zh' | 'en' = 'zh') =>
  check(text, 'd.yaml', { lang, ...(threshold === undefined ? {} : { ruleOptions: { satisfactionThreshold: threshold } }) })
    .result.diagnostics.filter((d) => d.rule === 'R004')
    .map((d) => d.message);

describe('R004 threshold is configurable for every way of writing a satisfaction value', () => {
  it.each([
    ['八成', 80],
    ['0.8', 80],
    ['百分之八十', 80],
    ['80', 80],
    ['80%', 80],
  ])('%s is %i%%: below 85 (default) and 81, not below 80', (written, pct) => {
    const text = satisfaction(`满意度不低于${written}`, '满意度不低于90%');
    expect(r004(text)).toHaveLength(1);
    expect(r004(text, pct + 1)).toHaveLength(1);
    expect(r004(text, pct)).toEqual([]);
  });

  it('100 under 满意度 is 100%: fine even at a threshold of 100', () => {
    expect(r004(satisfaction('100', '100'), 100)).toEqual([]);
    expect(r004(satisfaction('100', '99'), 100)).toHaveLength(1);
  });
});

describe('messages quote what was written', () => {
  it('R004 says 「八成」即 80% (zh) and "八成" (80%) (en); a plain 80% is not repeated', () => {
    const text = satisfaction('满意度八成以上', '满意度不低于80%');
    expect(r004(text)).toEqual([
      '「实施周期指标值」(indicators.满意度指标.服务对象满意度指标[0].period) 的满意度目标「八成」即 80%，低于 85%',
      '「年度指标值」(indicators.满意度指标.服务对象满意度指标[0].annual) 的满意度目标 80% 低于 85%',
    ]);
    const en = r004(text, undefined, 'en');
    expect(en[0]).toContain('satisfaction target "八成" (80%) is below 85%');
    expect(en[1]).toContain('satisfaction target 80% is below 85%');
  });

  it('R005 quotes both quantities as written (二十家 / 十五家, 20000元 / 1.5万元)', () => {
    const messages = (name: string) =>
      check(fixture(name), name).result.diagnostics.filter((d) => d.rule === 'R005').map((d) => d.message);
    expect(messages('r005-chinese-count.yaml')).toEqual(['「媒体合作数量」的年度指标值 二十家 大于实施周期指标值 十五家：年度目标不能超过整个实施周期']);
    expect(messages('r005-amount-scale.yaml')).toEqual(['「宣讲活动成本」的年度指标值 20000元 大于实施周期指标值 1.5万元：年度目标不能超过整个实施周期']);
  });
});
