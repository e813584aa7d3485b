import type { DataPath } from '../diagnostic.js';
import type { PartialDeclaration } from '../model/declaration.js';
import { LEVEL1, canonicalLevel2, type Level1 } from '../model/framework.js';

/**
 * One text of the declaration with its data path. The path is made when asked (a rule
 * asks only for a text it reports): a file has hundreds of texts, and a path array for
 * each was most of reading them (issue 17).
 */
export class TextAt {
  constructor(
    /** the trimmed text */
    readonly text: string,
    /** where it is, or where its parent is when `key` is given */
    private readonly at: DataPath,
    /** its key in the parent at `at` */
    private readonly key?: string | number,
  ) {}

  /** where it is */
  get path(): DataPath {
    return this.key === undefined ? this.at : [...this.at, this.key];
  }
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
 * indicators and three for its texts (issue 17), and each used to build them anew. Kept on
 * the declaration itself (a symbol key, not enumerable, so it is not part of the value:
 * JSON, structuredClone and equality do not see it), so nothing outlives the file. Not in
 * a WeakMap: V8's minor GC keeps a WeakMap's values alive whatever their keys, so every
 * file's lists and the declaration under them were promoted and lived until a major GC
 * (issue 17). The lists are read-only.
 */
const INDICATORS = Symbol('indicators');
const TEXTS = Symbol('texts');
type Held = PartialDeclaration & { [INDICATORS]?: readonly IndicatorAt[]; [TEXTS]?: readonly TextAt[] };

/** Every readable 三级指标, in the file's order. */
export function indicatorsOf(decl: PartialDeclaration): readonly IndicatorAt[] {
  const held = decl as Held;
  let list = held[INDICATORS];
  if (list === undefined) Object.defineProperty(held, INDICATORS, { value: (list = readIndicators(decl)) });
  return list;
}

/** Every readable free text of the declaration (for R006, R007, R016), in file order. */
export function textsOf(decl: PartialDeclaration): readonly TextAt[] {
  const held = decl as Held;
  let list = held[TEXTS];
  if (list === undefined) Object.defineProperty(held, TEXTS, { value: (list = readTexts(decl)) });
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
  const add = (text: unknown, at: DataPath, key?: string | number) => {
    if (typeof text === 'string') out.push(new TextAt(text, at, key));
  };
  add(decl.department, ['department']);
  // The project form (forms.md): its identity texts and 总体目标 as 实施期目标 / 年度目标.
  const d = decl as Record<string, unknown>;
  add(d['project'], ['project']);
  add(d['implementer'], ['implementer']);
  if (Array.isArray(decl.goals)) {
    const at = ['goals'];
    decl.goals.forEach((g, i) => add(g, at, i));
  } else if (decl.goals !== null && typeof decl.goals === 'object') {
    for (const [key, list] of Object.entries(decl.goals as Record<string, unknown>)) {
      const at = ['goals', key];
      if (Array.isArray(list)) list.forEach((g, i) => add(g, at, i));
    }
  }
  if (Array.isArray(decl.tasks)) decl.tasks.forEach((t, i) => {
    if (!t) return;
    const at = ['tasks', i];
    add(t.name, at, 'name');
    add(t.content, at, 'content');
    add(t.expected, at, 'expected');
  });
  if (Array.isArray(decl.other_tasks)) {
    const at = ['other_tasks'];
    decl.other_tasks.forEach((t, i) => add(t, at, i));
  }
  for (const ind of indicatorsOf(decl)) {
    add(ind.name, ind.path, 'name');
    add(ind.period, ind.path, 'period');
    add(ind.annual, ind.path, 'annual');
  }
  return out;
}
