import type { DataPath } from '../diagnostic.js';
import type { PartialDeclaration } from '../model/declaration.js';
import { LEVEL1, canonicalLevel2, type Level1 } from '../model/framework.js';

/** One text of the declaration with its data path. */
export interface TextAt {
  /** the trimmed text */
  text: string;
  /** where it is */
  path: DataPath;
}

/** One 三级指标 with its place in the framework. */
export interface IndicatorAt {
  level1: Level1;
  level2: string;
  index: number;
  name?: string | undefined;
  period?: string | undefined;
  annual?: string | undefined;
  /** 指标值类型 (forms.md "More about an indicator"), as written */
  type?: string | undefined;
  /** 计量单位, as written */
  unit?: string | undefined;
  path: DataPath;
}

/**
 * The lists below, made once per declaration: a dozen rules ask for the same file's
 * indicators and three for its texts (issue 17), and each used to build them anew. Keyed
 * weakly by the declaration, so nothing outlives the file; the lists are read-only.
 */
const INDICATORS = new WeakMap<PartialDeclaration, readonly IndicatorAt[]>();
const TEXTS = new WeakMap<PartialDeclaration, readonly TextAt[]>();

/** Every readable 三级指标, in the file's order. */
export function indicatorsOf(decl: PartialDeclaration): readonly IndicatorAt[] {
  let list = INDICATORS.get(decl);
  if (list === undefined) INDICATORS.set(decl, (list = readIndicators(decl)));
  return list;
}

/** Every readable free text of the declaration (for R006, R007, R016), in file order. */
export function textsOf(decl: PartialDeclaration): readonly TextAt[] {
  let list = TEXTS.get(decl);
  if (list === undefined) TEXTS.set(decl, (list = readTexts(decl)));
  return list;
}

function readIndicators(decl: PartialDeclaration): IndicatorAt[] {
  const out: IndicatorAt[] = [];
  const ind = decl.indicators;
  if (!ind) return out;
  for (const l1 of Object.keys(ind) as Level1[]) {
    if (!LEVEL1.includes(l1)) continue;
    const group = ind[l1];
    if (!group) continue;
    for (const written of Object.keys(group)) {
      // a synonym (环境效益指标) is its canonical 二级指标 (生态效益指标); the path keeps the file's key
      const l2 = canonicalLevel2(l1, written);
      if (l2 === undefined) continue;
      const list = group[written];
      if (!Array.isArray(list)) continue;
      list.forEach((item, index) => {
        if (!item) return;
        out.push({ level1: l1, level2: l2, index, name: item.name, period: item.period, annual: item.annual, type: item.type, unit: item.unit, path: ['indicators', l1, written, index] });
      });
    }
  }
  return out;
}

function readTexts(decl: PartialDeclaration): TextAt[] {
  const out: TextAt[] = [];
  const add = (text: unknown, path: DataPath) => {
    if (typeof text === 'string') out.push({ text, path });
  };
  add(decl.department, ['department']);
  // The project form (forms.md): its identity texts and 总体目标 as 实施期目标 / 年度目标.
  const d = decl as Record<string, unknown>;
  add(d['project'], ['project']);
  add(d['implementer'], ['implementer']);
  if (Array.isArray(decl.goals)) decl.goals.forEach((g, i) => add(g, ['goals', i]));
  else if (decl.goals !== null && typeof decl.goals === 'object') {
    for (const [key, list] of Object.entries(decl.goals as Record<string, unknown>)) {
      if (Array.isArray(list)) list.forEach((g, i) => add(g, ['goals', key, i]));
    }
  }
  if (Array.isArray(decl.tasks)) decl.tasks.forEach((t, i) => {
    if (!t) return;
    add(t.name, ['tasks', i, 'name']);
    add(t.content, ['tasks', i, 'content']);
    add(t.expected, ['tasks', i, 'expected']);
  });
  if (Array.isArray(decl.other_tasks)) decl.other_tasks.forEach((t, i) => add(t, ['other_tasks', i]));
  for (const ind of indicatorsOf(decl)) {
    add(ind.name, [...ind.path, 'name']);
    add(ind.period, [...ind.path, 'period']);
    add(ind.annual, [...ind.path, 'annual']);
  }
  return out;
}
