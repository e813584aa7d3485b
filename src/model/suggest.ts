import { indexFields, type FieldDef } from './fields.js';

/**
 * "Did you mean": the closest candidate to a mistyped key, or undefined. Catches typos
 * (Levenshtein), plurals (`expenditures`), shortened Chinese keys (`数量` → 数量指标) and a
 * key typed as its form label (`基本支出` → basic; with the form's `fields`).
 */
export function suggest(key: string, candidates: readonly string[], fields?: readonly FieldDef[], parentPattern?: string): string | undefined {
  if (candidates.length === 0) return undefined;
  const k = key.trim();
  const lower = k.toLowerCase();
  for (const c of candidates) if (c.toLowerCase() === lower) return c;
  if (fields !== undefined && parentPattern !== undefined) {
    const prefix = parentPattern === '' ? '' : `${parentPattern}.`;
    for (const c of candidates) {
      const label = indexFields(fields).get(prefix + c);
      if (label && (label.zh === k || label.zh.replace(/（.*）$/, '') === k)) return c;
    }
  }
  // 数量 → 数量指标, 社会效益 → 社会效益指标
  const containing = candidates.filter((c) => k.length >= 2 && (c.startsWith(k) || k.startsWith(c) || c.includes(k)));
  if (containing.length === 1) return containing[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = levenshtein(lower, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(Math.max([...k].length, 2) / 3));
  return bestDistance <= limit ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length] ?? 0;
}
