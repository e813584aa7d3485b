import { defineMessages } from '../messages/catalogue.js';
import { fieldName } from '../model/fields.js';
import { COVERED_ASTRAL, COVERED_BMP } from '../render/glyph-coverage.js';
import { textsOf } from './text.js';
import { defineRule, type FindingOf } from './rule.js';

/**
 * R016 (issue 10 item 7): a character that no font of the PDF can show prints as a box
 * (CJK Extension B and later) or not at all (emoji). What the fonts show comes from
 * their cmaps at build time (src/render/glyph-coverage.ts, scripts/gen-glyph-coverage.ts),
 * so the rule knows exactly what the PDF's fonts (Noto Serif SC, then the fallbacks Noto
 * Serif HK and Noto Emoji) can print, without reading a font file at run time.
 */

/** How many distinct characters one message names; the rest are counted. */
const LISTED = 5;

/**
 * Characters that need no glyph of their own: controls and line breaks (R007's business),
 * format characters (zero-width joiner, bidi marks), separators (spaces print blank
 * whatever the font), and variation selectors (an ideographic variation sequence the
 * font does not know prints its base character). U+FFFD is R007's: the text is already
 * damaged there.
 */
const NO_GLYPH = /[\p{Cc}\p{Cf}\p{Z}\p{Variation_Selector}\ufffd]/u;

/** The decoded table: a bitmap of the Basic Multilingual Plane, ranges for the rest. */
interface Coverage {
  /** bit `cp & 7` of byte `cp >> 3` is set where a BMP code point is shown */
  bmp: Uint8Array;
  /** starts of the ranges from U+10000 on, ascending */
  starts: number[];
  /** their ends, inclusive */
  ends: number[];
}

/** Decoded on first use: the bitmap natively, and a few hundred astral ranges. */
let table: Coverage | undefined;

function coverage(): Coverage {
  if (table) return table;
  const bmp = new Uint8Array(Buffer.from(COVERED_BMP, 'base64'));
  const starts: number[] = [];
  const ends: number[] = [];
  let prevEnd = 0xffff;
  for (const pair of (COVERED_ASTRAL as string).split(',').filter(Boolean)) {
    const dot = pair.indexOf('.');
    const start = prevEnd + 1 + parseInt(pair.slice(0, dot), 36);
    const end = start + parseInt(pair.slice(dot + 1), 36) - 1;
    starts.push(start);
    ends.push(end);
    prevEnd = end;
  }
  table = { bmp, starts, ends };
  return table;
}

/** Whether a font of the PDF has a glyph for the code point. */
export function pdfFontsShow(cp: number): boolean {
  const { bmp, starts, ends } = coverage();
  if (cp < 0x10000) return ((bmp[cp >> 3]! >> (cp & 7)) & 1) === 1;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < starts[mid]!) hi = mid - 1;
    else if (cp > ends[mid]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The distinct characters of `text` the PDF fonts cannot show, in order of appearance. */
export function missingGlyphs(text: string): string[] {
  const out: string[] = [];
  const { bmp } = coverage();
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    // Printable ASCII is always covered: skip the lookup for the common case.
    if (cp >= 0x20 && cp < 0x7f) continue;
    // A shown BMP character that is not a surrogate: pdfFontsShow's test, inline (issue 17).
    if ((cp < 0xd800 || cp >= 0xe000) && ((bmp[cp >> 3]! >> (cp & 7)) & 1) === 1) continue;
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (pdfFontsShow(cp)) continue;
    const ch = String.fromCodePoint(cp);
    if (!NO_GLYPH.test(ch) && !out.includes(ch)) out.push(ch);
  }
  return out;
}

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** R016's message arguments (also in `--format json`). */
export type R016Args = { chars: string; more: number };

/**
 * R016's sentence and the pieces of its list of characters: each character with its code
 * point, the separator, and the count of the characters not listed (`total` in Chinese,
 * `more` in English); `f` is the field's name as the form says it.
 */
const messages = defineMessages({
  zh: {
    char: (a: { char: string; code: string }) => `「${a.char}」${a.code}`,
    separator: '、',
    more: (a: { total: number; more: number }) => ` 等 ${a.total} 个字符`,
    missing: (a: { f: string; list: string }) => `${a.f} 含有 PDF 自带字体中没有的字符 ${a.list}，PDF 只能借用本机字体显示，本机没有时打印为方框或空白；请改用通用规范汉字或文字说明，确需保留的请在打印件上手写补全`,
  },
  en: {
    char: (a) => `"${a.char}" ${a.code}`,
    separator: ', ',
    more: (a) => ` and ${a.more} more`,
    missing: (a) => `${a.f} has characters the PDF's own fonts do not contain: ${a.list}; the PDF can only borrow them from fonts on this computer and prints boxes or blanks where there are none. Use a standard character or a description instead, or write them in by hand on the printout`,
  },
});

export const R016 = defineRule<R016Args>()({
  id: 'R016',
  severity: 'warning',
  title: { zh: 'PDF 字体无法显示的字符', en: 'characters the PDF fonts cannot show' },
  check({ decl }) {
    const out: FindingOf<'R016', R016Args>[] = [];
    for (const t of textsOf(decl)) {
      const missing = missingGlyphs(t.text);
      if (missing.length === 0) continue;
      out.push({ rule: 'R016', path: t.path, args: { chars: missing.slice(0, LISTED).join(''), more: Math.max(0, missing.length - LISTED) } });
    }
    return out;
  },
  message({ args, path }, lang) {
    const t = messages(lang);
    const chars = [...String(args.chars)];
    const more = Number(args.more);
    const list = chars.map((c) => t.char({ char: c, code: codePoint(c) })).join(t.separator) + (more > 0 ? t.more({ total: chars.length + more, more }) : '');
    return t.missing({ f: fieldName(path, lang), list });
  },
  docs: {
    what: {
      zh: '文字中含有 PDF 所嵌入的字体（思源宋体 Noto Serif SC，后备字体 Noto Serif HK、Noto Emoji）都没有字形的字符时提示，如大部分 CJK 扩展 B 区及以后的生僻字。提示中给出字符及其码位（如「𠀀」U+20000）。',
      en: 'Flags text with characters that none of the fonts embedded in the PDF (Noto Serif SC, with Noto Serif HK and Noto Emoji as fallbacks) has a glyph for, such as most rare characters of CJK Extension B and later; the message names each character and its code point (e.g. "𠀀" U+20000).',
    },
    why: {
      zh: '字体中没有的字符在 PDF 中显示为方框或直接消失，打印件上的人名、地名会缺字而不易察觉；提前提示可以改用规范字、加注说明或在打印件上手写补全。',
      en: 'A character the fonts lack prints as a box or vanishes, so a name on the printout loses a character without anyone noticing; warned in advance, the author can use a standard character, add a note, or write it in by hand.',
    },
    source: 'declare：PDF 嵌入的字体（src/render/fonts.ts）；《通用规范汉字表》（国务院 2013 年公布，文号未核对）',
    failing: '- name: 开展𠀀字文化宣传活动\n  content: 举办专题讲座\n',
    fixed: '- name: 开展汉字文化宣传活动\n  content: 举办专题讲座\n',
    limits: {
      zh: '只按 PDF 嵌入的字体判断：在本机其他字体中有字形的字符也会提示；变体选择符序列按基本字符判断。',
      en: 'Judged by the fonts embedded in the PDF only: a character another font of this computer has is flagged too; a variation sequence is judged by its base character.',
    },
  },
});
