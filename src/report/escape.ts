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
