/**
 * Terminal display width and terminal-safe text.
 *
 * Columns in diagnostics count code points (cli.md), but a terminal gives a CJK or
 * fullwidth character two cells. Code frames therefore measure in display cells:
 * East Asian Width W/F = 2 (UAX #11, via get-east-asian-width), combining marks and
 * zero-width format characters = 0, everything else = 1. Ambiguous-width characters
 * (“”…①) count as 1, the UAX #11 default and what most terminals do outside CJK legacy
 * locales.
 */
import { eastAsianWidth } from 'get-east-asian-width';
import { escapeLines } from './escape.js';

/** What one code point becomes on a terminal: the text to print and the cells it takes. */
export interface Glyph {
  /** text to print (control characters are replaced by visible stand-ins) */
  text: string;
  /** display cells, 0–2 */
  width: number;
}

/** Bidirectional controls: printed raw they reorder the line ("Trojan Source"). */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** Zero-width: combining marks, ZWSP/ZWNJ/ZWJ, word joiner, BOM, variation selectors. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200B-\u200D\u2060\uFEFF]$/u;

/** The terminal rendering of one code point other than TAB. */
export function glyphOf(cp: number): Glyph {
  // C0 controls: the Control Pictures block (␀ … ␟) shows them without obeying them.
  if (cp < 0x20) return { text: String.fromCodePoint(0x2400 + cp), width: 1 };
  if (cp < 0x7f) return { text: String.fromCharCode(cp), width: 1 };
  if (cp === 0x7f) return { text: '\u2421', width: 1 };
  // C1 controls, lone surrogates, bidi controls: U+FFFD, never the raw character.
  if (cp < 0xa0 || (cp >= 0xd800 && cp <= 0xdfff)) return { text: '\uFFFD', width: 1 };
  const ch = String.fromCodePoint(cp);
  if (BIDI_CONTROLS.test(ch)) return { text: '\uFFFD', width: 1 };
  if (ZERO_WIDTH.test(ch)) return { text: cp === 0xfeff ? '' : ch, width: 0 };
  return { text: ch, width: eastAsianWidth(cp) };
}

/** Display width of a string without tabs or newlines (labels, messages). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += glyphOf(ch.codePointAt(0)!).width;
  return w;
}

/** Pad on the right to a display width. */
export function padEndDisplay(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}

/**
 * Make user-influenced text (file names, messages quoting YAML values) safe to print:
 * CRLF/CR become LF, TAB a space, and control, bidi, line-separator and lone-surrogate
 * characters visible escapes (`\x1b`, `\u202e`; escape.ts, the one escaping function).
 * An ESC in a YAML value must not drive the terminal. The wording itself is untouched.
 */
export function terminalText(s: string): string {
  return escapeLines(s);
}

/** Replace lone surrogates (which cannot be encoded as UTF-8 or percent-encoded) with U+FFFD. */
export function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
