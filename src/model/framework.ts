/**
 * The indicator framework (format.md, "The indicator framework"): legal 一级指标 and
 * their 二级指标 in canonical order, from 财预〔2015〕88号 and 财预〔2021〕101号.
 * Rendering and `fmt` always use this order, whatever order the file has.
 */
export const FRAMEWORK = {
  产出指标: ['数量指标', '质量指标', '时效指标', '成本指标'],
  成本指标: ['经济成本指标', '社会成本指标', '生态环境成本指标'],
  效益指标: ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'],
  满意度指标: ['服务对象满意度指标'],
} as const;

/** A legal 一级指标. */
export type Level1 = keyof typeof FRAMEWORK;
/** A legal 二级指标 (of any 一级指标). */
export type Level2 = (typeof FRAMEWORK)[Level1][number];

/** 一级指标 in canonical order. */
export const LEVEL1: readonly Level1[] = Object.keys(FRAMEWORK) as Level1[];

/** Every legal 二级指标, canonical order, with the 一级指标 it belongs to. */
export const LEVEL2_PARENT: ReadonlyMap<string, Level1> = new Map(
  LEVEL1.flatMap((l1) => FRAMEWORK[l1].map((l2) => [l2, l1] as const)),
);

export function isLevel1(key: string): key is Level1 {
  return Object.hasOwn(FRAMEWORK, key);
}

export function isLevel2Of(l1: Level1, key: string): boolean {
  return (FRAMEWORK[l1] as readonly string[]).includes(key);
}

/** 预算级次 of a department; names the row 「<level>本级使用资金」. */
export const LEVELS = ['省', '市', '区', '县', '镇'] as const;
export type Level = (typeof LEVELS)[number];

/** 指标值类型 of a 三级指标 (forms.md "More about an indicator"). */
export const INDICATOR_TYPES = ['定量', '定性'] as const;
/** 指标方向 of a 三级指标: 正向 (higher is better), 反向, 区间. */
export const INDICATOR_DIRECTIONS = ['正向', '反向', '区间'] as const;

/**
 * Labels real forms use for a framework category (forms.md "Labels as real forms write
 * them"): written key → the canonical 二级指标 it means. Accepted as that key by the
 * schema, the rules, summary and diff; render and fmt keep the file's own word.
 */
export const LEVEL2_SYNONYMS: Readonly<Record<string, Level2>> = {
  社会公众或服务对象满意度指标: '服务对象满意度指标',
  社会公众满意度指标: '服务对象满意度指标',
  环境效益指标: '生态效益指标',
  生态环境成本: '生态环境成本指标',
};

/** The synonyms of the 二级指标 in `l2s` (a 一级指标's list), in table order. */
export function synonymsOf(l2s: readonly string[]): string[] {
  return Object.keys(LEVEL2_SYNONYMS).filter((s) => l2s.includes(LEVEL2_SYNONYMS[s]!));
}

/** The canonical 二级指标 a key under `l1` means (itself, or the synonym's), or undefined. */
export function canonicalLevel2(l1: Level1, key: string): string | undefined {
  if (isLevel2Of(l1, key)) return key;
  const c = Object.hasOwn(LEVEL2_SYNONYMS, key) ? LEVEL2_SYNONYMS[key] : undefined;
  return c !== undefined && isLevel2Of(l1, c) ? c : undefined;
}
