import { Decimal } from 'decimal.js';
import type { Declaration, Indicator } from '../../src/model/declaration.js';
import { check } from '../../src/check.js';
import { huadu, root } from './pdf-helpers.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The stress inputs of the visual tests (issue 14 "What it must show"), each built from
 * the Huadu example with one thing pushed to its limit.
 */
const SENTENCE = '持续深化文明城市、文明村镇、文明单位、文明家庭、文明校园建设，深入开展“花漾花都·文化进万家”等品牌活动。';

/** A text of exactly `n` characters, of real sentences. */
export function longText(n: number): string {
  let s = '';
  while (s.length < n) s += SENTENCE;
  return s.slice(0, n - 1) + '。';
}

/** 60 indicator rows under every 一级指标 of the framework. */
export function sixtyIndicators(): Declaration {
  const decl = huadu();
  decl.indicators = sixtyRows();
  return decl;
}

/** The 60 indicator rows themselves, under every 一级指标 of the framework. */
function sixtyRows(): Declaration['indicators'] {
  const rows = (from: number, n: number): Indicator[] =>
    Array.from({ length: n }, (_, k) => ({ name: `第${from + k + 1}项三级指标：开展宣传活动场次`, period: `不少于${from + k + 10}场`, annual: `≥${from + k + 5}场` }));
  return {
    产出指标: { 数量指标: rows(0, 14), 质量指标: rows(14, 8), 时效指标: rows(22, 6), 成本指标: rows(28, 4) },
    效益指标: { 社会效益指标: rows(32, 12), 可持续影响指标: rows(44, 8) },
    满意度指标: { 服务对象满意度指标: rows(52, 8) },
  };
}

/** A task whose 主要实施内容 has 1,700 characters (taller than a page). */
export function longContent(): Declaration {
  const decl = huadu();
  decl.tasks[0]!.content = longText(1700);
  return decl;
}

/** Twelve tasks. */
export function twelveTasks(): Declaration {
  const decl = huadu();
  const base = decl.tasks;
  decl.tasks = Array.from({ length: 12 }, (_, i) => ({ ...base[i % base.length]!, name: `${base[i % base.length]!.name}（${i + 1}）` }));
  return decl;
}

/** Amounts written with four decimals (as text in the form: 1,499.7300). */
export function fourDecimals(): Declaration {
  const decl = huadu();
  const d = (s: string) => new Decimal(s);
  decl.budget.expenditure = { basic: d('11499.7318'), project: d('1354.8712') };
  decl.budget.income = { appropriation: d('12854.6030'), other: d('0.0000') };
  decl.budget.allocation = { own: d('12764.6030'), transfer: d('90.0000') };
  decl.tasks[1]!.funds = d('50.1234');
  // forms.md "Amount precision" (the view reads it leniently)
  Object.assign(decl, { precision: 4 });
  return decl;
}

/** A department name of 60 characters. */
export function longDepartment(): Declaration {
  const decl = huadu();
  decl.department = '中国共产党广州市花都区委员会宣传部暨广州市花都区文化广电旅游体育局（广州市花都区新闻出版局、广州市花都区版权局）联合办公室'.slice(0, 60);
  return decl;
}

/** Every stress input by name. */
export const STRESS: Record<string, () => Declaration> = {
  'indicators-60': sixtyIndicators,
  'content-1700': longContent,
  'tasks-12': twelveTasks,
  'amounts-4dp': fourDecimals,
  'department-60': longDepartment,
};

/** A project example (examples/), as checked. */
export function projectExample(): Record<string, unknown> {
  const file = 'huadu-project-heritage-2023.yaml';
  const out = check(readFileSync(path.join(root, 'examples', file)), file);
  if (out.declaration === undefined) throw new Error(`${file} does not check`);
  return out.declaration as unknown as Record<string, unknown>;
}

/** The project form's stress inputs (issue 14): a 60-row indicator list, a long 实施期目标. */
export const PROJECT_STRESS: Record<string, () => Record<string, unknown>> = {
  'indicators-60': () => ({ ...projectExample(), indicators: sixtyRows() }),
  'goals-long': () => {
    const decl = projectExample();
    const goals = decl['goals'] as { period: string[]; annual: string[] };
    return { ...decl, goals: { period: [longText(1700), ...goals.period], annual: goals.annual } };
  },
};
