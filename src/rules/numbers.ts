/**
 * Numbers in indicator texts (rules.md, last paragraph): a run of digits with an optional
 * decimal part, full-width digits included; its unit is the text right after it; the
 * comparison words around it say whether it is a lower or an upper bound.
 */

/** One number found in a text. */
export interface TextNumber {
  /** the value (indicator texts are targets, not money: a JS number is fine here) */
  value: number;
  /** the unit right after it, normalised (％ → %), '' when none */
  unit: string;
  /** 'lower' for 不少于/不低于/至少/以上/≥/＞/达到, 'upper' for 不超过/不高于/以内/≤/＜ */
  bound: 'lower' | 'upper' | 'none';
  /** offset in the text */
  index: number;
}

const NUMBER = /[0-9０-９]+(?:[.．][0-9０-９]+)?/g;
const MULTI_CHAR_UNITS = ['万元', '人次', '工作日', '小时', '个月', '平方米', '万人', '千米', '公里', '分钟'];
/** Words before a number, longest match wins (不低于 is a lower bound although it ends in 低于). */
const BEFORE: [string, 'lower' | 'upper'][] = [
  ['不少于', 'lower'], ['不低于', 'lower'], ['至少', 'lower'], ['达到', 'lower'], ['≥', 'lower'], ['＞', 'lower'],
  ['>', 'lower'], ['大于', 'lower'], ['超过', 'lower'], ['高于', 'lower'], ['多于', 'lower'],
  ['不超过', 'upper'], ['不高于', 'upper'], ['不多于', 'upper'], ['不大于', 'upper'], ['≤', 'upper'], ['＜', 'upper'],
  ['<', 'upper'], ['少于', 'upper'], ['低于', 'upper'], ['小于', 'upper'], ['控制在', 'upper'],
];
const AFTER: [string, 'lower' | 'upper'][] = [['以上', 'lower'], ['以内', 'upper'], ['以下', 'upper'], ['内', 'upper']];

function halfWidth(s: string): string {
  return s.replace(/[０-９．]/g, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/**
 * Is the number at `index` a list enumerator like "1. " or "2、" at the start of an item?
 * Those are numbering, not targets, and would shift R005's positions.
 */
function isEnumerator(text: string, index: number, raw: string): boolean {
  const before = index === 0 ? '' : text[index - 1]!;
  const after = text.slice(index + raw.length, index + raw.length + 2);
  const atItemStart = index === 0 || /[\s。；;，,]/.test(before);
  return atItemStart && /^([.．、）)](?![0-9０-９])|\s*[、])/.test(after) && !/^[.．][0-9]/.test(after);
}

/** All target numbers of a text, in order, with units and bounds. */
export function numbersIn(text: string): TextNumber[] {
  const out: TextNumber[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const raw = m[0];
    const index = m.index ?? 0;
    if (isEnumerator(text, index, raw)) continue;
    const value = Number(halfWidth(raw));
    const rest = text.slice(index + raw.length).replace(/^\s+/, '');
    let unit = MULTI_CHAR_UNITS.find((u) => rest.startsWith(u)) ?? (rest ? String.fromCodePoint(rest.codePointAt(0)!) : '');
    if (unit === '％') unit = '%';
    if (/^[0-9０-９\s，。,;；、]$/.test(unit)) unit = '';
    const before = text.slice(Math.max(0, index - 6), index).replace(/\s+$/, '');
    const afterUnit = rest.slice(unit.length).replace(/^\s+/, '');
    let bound: TextNumber['bound'] = 'none';
    let longest = 0;
    for (const [w, dir] of BEFORE) {
      if (before.endsWith(w) && w.length > longest) {
        longest = w.length;
        bound = dir;
      }
    }
    if (bound === 'none') bound = AFTER.find(([w]) => afterUnit.startsWith(w))?.[1] ?? 'none';
    out.push({ value, unit, bound, index });
  }
  return out;
}

/** Does the text contain a number at all (R003)? */
export function hasNumber(text: string): boolean {
  return /[0-9０-９]/.test(text);
}
