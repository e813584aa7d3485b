import { defineMessages } from '../messages/catalogue.js';
import { fieldName } from '../model/fields.js';
import { textsOf } from './text.js';
import { defineRule, type FindingOf } from './rule.js';

/** A CJK character (the one repeated in the seed's OCR 大大大…). */
const HAN = /^\p{Script=Han}$/u;
/** How many times in a row the same CJK character is garbage. */
const REPEATS = 6;

/**
 * The first run of the same CJK character REPEATS or more times in a row, with its length
 * in characters: what `/(\p{Script=Han})\1{5,}/u` finds first, by one pass that compares
 * neighbours and asks the Unicode property only of a long run (issue 17: the regex, tried
 * at every character of every text, was 1.8% of validate's CPU).
 */
export function repeatedHan(text: string): { char: string; count: number } | undefined {
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    let next = i + width;
    let count = 1;
    while (next < text.length && text.codePointAt(next) === cp) {
      next += width;
      count++;
    }
    if (count >= REPEATS) {
      const char = String.fromCodePoint(cp);
      if (HAN.test(char)) return { char, count };
    }
    i = next;
  }
  return undefined;
}
/**
 * C0/C1 controls except tab and line breaks, bidi controls, zero-width and BOM characters:
 * `/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u`
 * as a test of one UTF-16 unit (all of them are BMP characters, none a surrogate).
 */
function isInvisible(c: number): boolean {
  if (c < 0x20) return c !== 0x09 && c !== 0x0a && c !== 0x0d;
  if (c < 0x7f) return false;
  if (c <= 0x9f) return true;
  if (c < 0x200b) return false;
  if (c <= 0x200f) return true;
  if (c < 0x202a) return false;
  if (c <= 0x202e) return true;
  if (c < 0x2060) return false;
  if (c <= 0x2069) return c !== 0x2065;
  return c === 0xfeff;
}

/** The first invisible character of `text` (see isInvisible), by one pass without a regex (issue 17). */
export function firstInvisible(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) if (isInvisible(text.charCodeAt(i))) return text[i];
  return undefined;
}

function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** R007's message arguments (also in `--format json`). */
export type R007Args = { kind: 'repeat'; char: string; count: number } | { kind: 'replacement'; char: string } | { kind: 'control'; char: string };

/** R007's sentences, one per kind; `f` is the field's name as the form says it. */
const messages = defineMessages({
  zh: {
    repeat: (a: { f: string; char: string; count: number }) => `${a.f} 疑似乱码：「${a.char}」连续出现 ${a.count} 次（常见于 OCR 识别错误），请核对原文`,
    replacement: (a: { f: string }) => `${a.f} 含有替换字符 U+FFFD（�），说明文字在转换编码时已损坏`,
    control: (a: { f: string; char: string }) => `${a.f} 含有不可见的控制字符 ${a.char}（如方向控制符、零宽字符），请删除`,
  },
  en: {
    repeat: (a) => `${a.f} looks garbled: "${a.char}" repeated ${a.count} times (typical OCR damage); check the original`,
    replacement: (a) => `${a.f} contains U+FFFD (�): the text was damaged in an encoding conversion`,
    control: (a) => `${a.f} contains the invisible control character ${a.char} (bidi override, zero-width, …); remove it`,
  },
});

export const R007 = defineRule<R007Args>()({
  id: 'R007',
  severity: 'warning',
  title: { zh: '疑似乱码', en: 'text looks garbled' },
  check({ decl }) {
    const out: FindingOf<'R007', R007Args>[] = [];
    for (const t of textsOf(decl)) {
      const rep = repeatedHan(t.text);
      if (rep) {
        out.push({ rule: 'R007', path: t.path, args: { kind: 'repeat', char: rep.char, count: rep.count } });
        continue;
      }
      if (t.text.includes('\ufffd')) {
        out.push({ rule: 'R007', path: t.path, args: { kind: 'replacement', char: 'U+FFFD' } });
        continue;
      }
      const inv = firstInvisible(t.text);
      if (inv !== undefined) out.push({ rule: 'R007', path: t.path, args: { kind: 'control', char: codePointName(inv) } });
    }
    return out;
  },
  message({ args, path }, lang) {
    const t = messages(lang);
    const f = fieldName(path, lang);
    switch (args.kind) {
      case 'repeat':
        return t.repeat({ f, char: args.char, count: args.count });
      case 'replacement':
        return t.replacement({ f });
      case 'control':
        return t.control({ f, char: args.char });
    }
  },
  docs: {
    what: {
      zh: '文字中同一汉字连续出现 6 次及以上、含有 U+FFFD 替换字符，或含有控制字符、双向文本控制符（如 U+202E）、零宽字符时提示。',
      en: 'Flags text with the same CJK character 6+ times in a row, U+FFFD, or control, bidi-override (U+202E) or zero-width characters.',
    },
    why: {
      zh: '从扫描件或 Excel 复制的文字常带乱码或不可见字符，打印出来无法阅读，不可见字符还可能让屏幕上看到的内容与实际不同。',
      en: 'Text copied from scans or Excel often carries garbage or invisible characters; printed it is unreadable, and invisible characters can make what is shown differ from what is stored.',
    },
    source: 'Unicode Technical Report #36 “Unicode Security Considerations”（不可见字符与双向控制符）；花都区委宣传部 2023 年申报表 OCR 文字中的乱码',
    failing: '- name: 加强思想道德建设\n  content: 持续深化大大大大大大大大\n',
    fixed: '- name: 加强思想道德建设\n  content: 持续深化文明城市、文明村镇建设。\n',
    limits: {
      zh: '只认出三种乱码：同一汉字连续 6 次以上、U+FFFD、控制字符；编码转换造成的“错字”（如 鏂囦欢）看起来像正常汉字，不会被发现。',
      en: 'Recognises three kinds only: one character 6+ times in a row, U+FFFD, control characters; mojibake that looks like real characters (鏂囦欢) is not found.',
    },
  },
});
