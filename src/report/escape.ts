import { isUtf8 } from 'node:buffer';

/**
 * The one escaping function for everything `declare` prints for people: file names,
 * messages quoting YAML values, code frames, the text of summary / diff / fmt / init /
 * rules, error messages (issue 10 item 5, docs/SECURITY.md "What the tool prints").
 *
 * A file name or a YAML value is written by whoever wrote the file. Printed raw, an ESC
 * drives the terminal (colours, cursor moves, window titles, OSC 8 links), a bidi control
 * reorders the line ("Trojan Source", CVE-2021-42574), and a newline starts a new log line,
 * which a CI runner reads as a workflow command (`::error::`, `::stop-commands::`). So
 * every such character is shown as a visible escape instead: `\n`, `\r`, `\t`, `\x1b`,
 * `\x9b`, `\u202e`, `\u2028`. Normal text (including CJK, emoji, combining marks) is
 * untouched, so the output for normal input is byte-identical to what it was.
 */

/**
 * What is escaped: C0 controls (U+0000–U+001F), DEL, C1 controls (U+0080–U+009F), the
 * bidi controls (ALM, LRM, RLM, LRE…RLO, LRI…PDI), the Unicode line and paragraph
 * separators (U+2028, U+2029: line breaks for some terminals and log viewers), and lone
 * surrogates (not encodable; U+FFFD would hide what was there).
 */
const UNSAFE =
  /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Same set, to ask whether a text has any (no `g`: test() keeps no state). */
const UNSAFE_ANY = new RegExp(UNSAFE.source);

/** Same set, for one code point. */
const UNSAFE_ONE = new RegExp(`^(?:${UNSAFE.source})$`);

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The visible escape of one unsafe character: `\n`, `\x1b`, `\u202e`. */
export function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const cu = ch.charCodeAt(0);
  return cu < 0x100 ? `\\x${cu.toString(16).padStart(2, '0')}` : `\\u${cu.toString(16).padStart(4, '0')}`;
}

/** Whether a code point must not be printed raw (see UNSAFE). */
export function isUnsafeCodePoint(cp: number): boolean {
  if (cp >= 0x20 && cp < 0x7f) return false;
  return UNSAFE_ONE.test(String.fromCodePoint(cp)) || (cp >= 0xd800 && cp <= 0xdfff);
}

/**
 * Make text safe to print on one line: every unsafe character (newlines included) becomes
 * its visible escape. Use it for file names, messages and anything else that quotes input.
 */
export function escapeText(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}

/** Whether `s` has no unsafe character (so escapeText returns it unchanged, line breaks included). */
export function isSafeText(s: string): boolean {
  return !UNSAFE_ANY.test(s);
}

/**
 * Like escapeText, but a text that is meant to span lines keeps its line breaks (CRLF and
 * CR become LF) and TAB becomes a space. Only for multi-line values shown indented on a
 * terminal (diff, summary notes); never for anything a CI runner parses as commands
 * without the caller indenting every continuation line.
 */
export function escapeLines(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(UNSAFE, (ch) => (ch === '\n' ? ch : escapeChar(ch)));
}

/**
 * Characters JSON.stringify leaves raw although a terminal or log viewer acts on them:
 * DEL, C1 controls, bidi controls, U+2028/2029 (C0 controls are escaped by JSON itself).
 */
const JSON_RAW = /[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * JSON text (JSON, SARIF, summary/diff JSON) with those characters written as `\uXXXX`
 * escapes: the same data for a parser, nothing a terminal acts on when the report is
 * printed (`cat report.json`). They can only occur inside strings, so the rewrite is
 * safe on the whole document.
 */
export function jsonSafe(json: string): string {
  return json.replace(JSON_RAW, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Text for XML (JUnit) with the same characters as numeric character references: the
 * same text for an XML parser. Call after `&` has been escaped.
 */
export function xmlSafe(xml: string): string {
  return xml.replace(JSON_RAW, (ch) => `&#x${ch.charCodeAt(0).toString(16)};`);
}

/** The SGR codes the stylish report's colours use (chalk level 1: bold, dim, underline, red, green, yellow and their resets). */
const REPORT_SGR = new Set([1, 2, 4, 22, 24, 31, 32, 33, 39]);

/**
 * Whether UTF-8 bytes may be written to a terminal as they are (validate --cache prints
 * stored report blocks, which come from a file anyone may have written): well-formed
 * UTF-8 (so no lone surrogates), none of UNSAFE's characters but the line feed, and,
 * with `color`, an ESC only as one of the report's own colour codes (`ESC [ n m`, n in
 * REPORT_SGR). The same set as UNSAFE, on bytes: a test compares them code point by code point.
 */
export function isTerminalSafe(bytes: Uint8Array, color: boolean): boolean {
  if (!isUtf8(bytes)) return false;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b >= 0x20 && b < 0x7f) continue;
    if (b === 0x0a) continue;
    if (b === 0x1b) {
      if (!color) return false;
      const end = sgrEnd(bytes, i);
      if (end < 0) return false;
      i = end - 1;
      continue;
    }
    // continuation bytes (0x80–0xBF) and most lead bytes are fine; the lead bytes of UNSAFE's
    // characters are checked with what follows them (isUtf8 guarantees it is there)
    if (b < 0x20 || b === 0x7f) return false;
    if (b === 0xc2 && bytes[i + 1]! < 0xa0) return false; // U+0080–U+009F
    if (b === 0xd8 && bytes[i + 1] === 0x9c) return false; // U+061C
    if (b === 0xe2) {
      const b1 = bytes[i + 1]!;
      const b2 = bytes[i + 2]!;
      if (b1 === 0x80 && (b2 === 0x8e || b2 === 0x8f || (b2 >= 0xa8 && b2 <= 0xae))) return false; // U+200E, U+200F, U+2028–U+202E
      if (b1 === 0x81 && b2 >= 0xa6 && b2 <= 0xa9) return false; // U+2066–U+2069
    }
  }
  return true;
}

/** The end (exclusive) of the report colour code at `i` (an ESC), or -1 when it is not one. */
function sgrEnd(bytes: Uint8Array, i: number): number {
  if (bytes[i + 1] !== 0x5b) return -1;
  let j = i + 2;
  let code = 0;
  while (j < bytes.length && j < i + 5 && bytes[j]! >= 0x30 && bytes[j]! <= 0x39) code = code * 10 + bytes[j++]! - 0x30;
  return j > i + 2 && bytes[j] === 0x6d && REPORT_SGR.has(code) ? j + 1 : -1;
}
