import { CST, Lexer, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { Positions } from './positions.js';
import { ScalarValue, type MappingValue } from './scalar.js';
import { treeOf, type TreeNode } from './tree.js';
import { fastTree } from './fast-tree.js';

/**
 * Loading (STYLE.md "load"): bytes → text → one YAML document → a plain tree for the
 * schema, with every YAML problem turned into one Y001 finding at the parser's position.
 * Limits are documented in the README ("Limits").
 */

import { MAX_FILE_BYTES, type Encoding } from './encodings.js';
export { ENCODINGS, MAX_FILE_BYTES, type Encoding } from './encodings.js';
/** Deepest nesting of mappings/lists accepted. A declaration needs 5. */
export const MAX_DEPTH = 64;
/**
 * Most entries in one list or mapping, counted before parsing (Y001): twice the 10,000
 * tasks that are tested to check and render in seconds; a real form has a few dozen of
 * anything. MAX_NODES below is the bound on the total.
 */
export const MAX_ENTRIES = 20_000;
/**
 * Most values (texts, numbers, aliases, flow collections, list items, explicit keys) in one
 * file, counted before parsing: 10,000 complete tasks need 90,000; a real form about 300. Parsing costs
 * about 3 µs and 1.5 KB per value, so this bounds a file to about a second and 200 MB.
 */
export const MAX_NODES = 100_000;
/** Most nodes that alias expansion may add (billion laughs guard). */
export const MAX_ALIAS_NODES = 10_000;
/** Most characters of text that alias expansion may add (one huge text aliased many times). */
export const MAX_ALIAS_CHARS = 1_000_000;

/** Why a file is not acceptable YAML; each code has a Chinese and English explanation. */
export type YamlProblemCode =
  | 'TOO_LARGE'
  | 'NOT_UTF8'
  | 'UTF16'
  | 'UTF16_NO_BOM'
  | 'UTF32'
  | 'GBK'
  | 'LONE_CR'
  | 'BINARY'
  | 'TOO_DEEP'
  | 'TOO_MANY'
  | 'ALIAS_LIMIT'
  | 'UNSUPPORTED_TAG'
  | 'COMPLEX_KEY'
  | 'DUPLICATE_KEY'
  | 'MULTIPLE_DOCS'
  | 'TAB_AS_INDENT'
  | 'FULLWIDTH_COLON'
  | 'FULLWIDTH_SPACE'
  | 'SYNTAX';

/** A Y001 finding: the loader's only kind of finding. */
export interface YamlProblem {
  /** which problem */
  code: YamlProblemCode;
  /** the parser's own (English) wording, if any */
  detail: string;
  /** offset range into `text` */
  start: number;
  end: number;
}

/** The outcome of loading one file. */
export interface Loaded {
  /** the decoded text, without a BOM (positions refer to it) */
  text: string;
  /** offset → line:column */
  positions: Positions;
  /** the YAML document, when the file is valid YAML */
  doc?: Document.Parsed;
  /** the converted tree (mappings, arrays, ScalarValue), when valid; undefined for an empty file */
  value?: unknown;
  /** where each node sits (src/load/tree.ts), when valid; undefined for an empty file */
  tree?: TreeNode;
  /** set when the file is not acceptable YAML */
  problem?: YamlProblem;
}

const ALLOWED_TAGS = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
]);

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** How to read the bytes. */
export interface LoadOptions {
  /** the file's encoding (default utf-8); gbk / gb18030 for files saved by Chinese Windows */
  encoding?: Encoding;
  /** the keys the forms know (check.ts hands them in, from the form definitions): a known key typed with ： or indented with 　 is named in Y001 */
  knownKeys?: readonly string[];
}

/** Decode and load a file's content. Never throws for any input. */
export function load(input: string | Uint8Array, options: LoadOptions = {}): Loaded {
  let text: string;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    if (text.length > MAX_FILE_BYTES) return fail('', 'TOO_LARGE', '', 0, 0);
  } else {
    if (input.length > MAX_FILE_BYTES) return fail('', 'TOO_LARGE', '', 0, 0);
    const decoded = decode(input, options.encoding ?? 'utf-8');
    if ('problem' in decoded) return decoded.problem;
    text = decoded.text;
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return fail(text, 'BINARY', '', nul, nul + 1);

  // The fast loader (fast-tree.ts) takes plain block YAML; it declines the rest, and every
  // error, which then goes the full way below. Its result is the same (test/load/fast-tree.test.ts).
  const fast = fastTree(text);
  if (fast && !fullWidthTypo(text, options.knownKeys ?? [])) return new FastLoaded(text, new Positions(text), fast.value, fast.tree);

  // Limits first: everything after them (the typo scan, the parser) is then bounded.
  const over = prescan(text);
  if (over) return fail(text, over.code, over.detail, over.offset, over.offset + 1);

  const typo = fullWidthTypo(text, options.knownKeys ?? []);
  if (typo) return fail(text, typo.code, typo.key, typo.offset, typo.offset + 1);

  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, PARSE_OPTIONS) as Document.Parsed[];
  } catch (err) {
    // The parser recurses on nesting; absurd nesting ends here as a RangeError.
    if (err instanceof RangeError) return fail(text, 'TOO_DEEP', '', 0, 0);
    throw err;
  }
  if (!Array.isArray(docs)) return { text, positions: new Positions(text) }; // empty stream
  const first = docs[0];
  if (first === undefined) return { text, positions: new Positions(text) };
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const code: YamlProblemCode =
        err.code === 'DUPLICATE_KEY' ? 'DUPLICATE_KEY' : err.code === 'TAB_AS_INDENT' ? 'TAB_AS_INDENT' : 'SYNTAX';
      return fail(text, code, err.message, err.pos[0], err.pos[1]);
    }
  }
  if (docs.length > 1) {
    const second = docs[1]!;
    return fail(text, 'MULTIPLE_DOCS', '', second.range[0], second.range[0] + 3);
  }
  const warn = first.warnings[0];
  if (warn) return fail(text, 'UNSUPPORTED_TAG', warn.message, warn.pos[0], warn.pos[1]);

  const converted = convert(first);
  if ('problem' in converted) {
    const p = converted.problem;
    return fail(text, p.code, p.detail, p.start, p.end);
  }
  return { text, positions: new Positions(text), doc: first, value: converted.value, tree: treeOf(first) };
}

// uniqueKeys: false — the parser compares each key with every earlier one (quadratic:
// 40,000 keys took 52 s); convert() finds duplicates with a hash instead.
const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: true, merge: false } as const;

/**
 * A fast load: the `yaml` library's document is parsed only if asked for (fmt needs its
 * comments). A class with the getter on its prototype, not a getter closure per load:
 * measured (issue 17, --trace-gc), a closure made per file in hot code kept what it holds
 * (here the text) alive through minor GCs until a major one, so each file's data was
 * promoted to the old generation (likely: V8's optimised code allocates closures made
 * many times in the old generation).
 */
class FastLoaded implements Loaded {
  #doc: Document.Parsed | undefined;
  constructor(
    readonly text: string,
    readonly positions: Positions,
    readonly value: unknown,
    readonly tree: TreeNode | undefined,
  ) {}

  get doc(): Document.Parsed | undefined {
    return (this.#doc ??= (parseAllDocuments(this.text, PARSE_OPTIONS) as Document.Parsed[])[0]);
  }
}

const typoPatterns = new WeakMap<readonly string[], { colon: RegExp; space: RegExp }>();

/** The typo patterns for a list of known keys (longest first), cached per list. */
function patternsFor(knownKeys: readonly string[]): { colon: RegExp; space: RegExp } {
  let p = typoPatterns.get(knownKeys);
  if (!p) {
    const alt = knownKeys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    p = {
      /** `department：宣传部` — a known key typed with a Chinese input method's colon. */
      colon: new RegExp(`^[ ]*(?:- )?(?:${alt})[ \u3000]*：`, 'u'),
      /** `　　expenditure: 1` — a known key indented with full-width spaces (U+3000). */
      space: new RegExp(`^[ ]*\u3000[ \u3000]*(?:- )?(?:${alt})[ ]*:(?:[ ]|$)`, 'u'),
    };
    typoPatterns.set(knownKeys, p);
  }
  return p;
}

/**
 * The two typing slips a Chinese input method makes in YAML keys. Only known keys at the
 * start of a line outside block scalars (`|`, `>`) are matched, so text that merely
 * contains ： or 　 is never taken for one.
 */
function fullWidthTypo(text: string, knownKeys: readonly string[]): { code: 'FULLWIDTH_COLON' | 'FULLWIDTH_SPACE'; key: string; offset: number } | undefined {
  if (knownKeys.length === 0 || (!text.includes('：') && !text.includes('\u3000'))) return undefined;
  const patterns = patternsFor(knownKeys);
  let blockScalarIndent = -1;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const indent = line.length - line.replace(/^ +/, '').length;
    if (line.trim() === '') continue;
    if (blockScalarIndent >= 0 && indent > blockScalarIndent) continue;
    blockScalarIndent = /(^|:\s|-\s)[|>][+-]?[0-9]?\s*(#.*)?$/.test(line.trim()) ? indent : -1;
    const colon = patterns.colon.exec(line);
    if (colon) return { code: 'FULLWIDTH_COLON', key: colon[0].trim(), offset: start + colon[0].length - 1 };
    const space = patterns.space.exec(line);
    if (space) return { code: 'FULLWIDTH_SPACE', key: space[0].trim(), offset: start + space[0].indexOf('\u3000') };
  }
  return undefined;
}

/**
 * Nesting and size are bounded before the parser builds anything (issue 10, items 8 and
 * 11): the parser's cost grows with nesting (`? ? ? …` on one line took 78 s and 3.3 GB)
 * and with the number of nodes, and it recurses on flow collections until V8 aborts.
 *
 * The scan runs the `yaml` package's own lexer, so quotes, comments, block scalars and
 * plain text (`名称[注1`, a `[` in a continued line) are told apart exactly as the parser
 * will tell them apart: a bracket or `- ` inside text is never counted. It is linear and
 * stops at the first limit. Depth is over-approximated from the tokens:
 *
 * - block context: a stack of the columns at which nodes start (every indicator `- `,
 *   `? `, the first content token of a line, and content after an indicator on the same
 *   line: `- ? - x` is three levels). A token closes every entry at a greater column, and
 *   at its own column the entry of a sibling; a `- ` at the column of a mapping key is a
 *   list inside that mapping (`a:\n- b`), so it is one level more. A scalar counts as a
 *   level too, which over-approximates by one.
 * - flow context: each open `[` or `{` counts two levels (an implicit pair `[a: [b: …]]`
 *   is a mapping inside the list).
 * - anchors and tags (`- &a - !!seq - x`) are properties of the node that follows; they
 *   add no level of their own.
 *
 * Entries are counted per collection (siblings at one column; commas at one flow level)
 * and nodes in total (content tokens), so a million goals or keys never reach the parser.
 */
function prescan(text: string): { code: 'TOO_DEEP' | 'TOO_MANY'; detail: string; offset: number } | undefined {
  const cols: number[] = []; // block stack: start column of each open node
  const dashes: boolean[] = []; // … whether it was opened by `- `
  const counts: number[] = []; // … entries of its collection so far (siblings seen)
  const flowCounts: number[] = []; // entries per open flow collection
  let flow = 0;
  let offset = 0;
  let lineStart = 0;
  let nodes = 0;
  const deep = (at: number) => ({ code: 'TOO_DEEP' as const, detail: `depth > ${MAX_DEPTH}`, offset: at });
  const many = (at: number) => ({ code: 'TOO_MANY' as const, detail: `> ${MAX_ENTRIES} entries`, offset: at });
  let content = false; // the lexer announced a plain or block scalar: the next token is its text
  for (const token of new Lexer().lex(text)) {
    // Marker tokens (document start, scalar follows, flow error) are not in the source.
    if (token === '\x02' || token === '\x18') continue;
    if (token === '\x1f') {
      content = true;
      continue;
    }
    const at = offset;
    offset += token.length;
    const type = content ? 'scalar' : CST.tokenType(token);
    content = false;
    switch (type) {
      case 'newline':
        lineStart = offset;
        continue;
      case 'space':
      case 'comment':
      case 'anchor':
      case 'tag':
      case 'byte-order-mark':
      case 'directive-line':
      case 'doc-end':
        continue;
      case 'doc-start':
        cols.length = 0;
        continue;
      case 'flow-map-start':
      case 'flow-seq-start':
        if (++nodes > MAX_NODES) return { code: 'TOO_MANY', detail: `> ${MAX_NODES} values`, offset: at };
        flowCounts[flow] = 0;
        flow++;
        if (cols.length + 2 * flow > MAX_DEPTH + 1) return deep(at);
        continue;
      case 'flow-map-end':
      case 'flow-seq-end':
        if (flow > 0) flow--;
        continue;
      case 'comma':
        if (flow > 0 && ++flowCounts[flow - 1]! >= MAX_ENTRIES) return many(at);
        continue;
      default:
        break;
    }
    // Values, and `- ` / `? ` (each may stand for an empty node: 5 million `-` lines fit in 10 MB).
    if (type === 'scalar' || type === 'single-quoted-scalar' || type === 'double-quoted-scalar' || type === 'alias' || type === 'block-scalar-header' || type === null || type === 'seq-item-ind' || type === 'explicit-key-ind') {
      if (++nodes > MAX_NODES) return { code: 'TOO_MANY', detail: `> ${MAX_NODES} values`, offset: at };
    }
    if (flow > 0) continue;
    // A block scalar's body (and a continued plain or quoted text) starts on a later line
    // and may begin with its indentation: the node's column is where its text begins.
    let col = at - lineStart;
    if (col < 0) col = 0;
    for (let k = 0; token.charCodeAt(k) === 0x20; k++) col++;
    const nl = token.lastIndexOf('\n');
    if (nl >= 0) lineStart = at + nl + 1;
    if (type === 'map-value-ind' && col > (cols.length > 0 ? cols[cols.length - 1]! : -1)) continue; // `a: b`: the key counts, not its colon
    const dash = type === 'seq-item-ind';
    let count = 1;
    while (cols.length > 0) {
      const top = cols[cols.length - 1]!;
      if (top < col) break;
      const topDash = dashes[dashes.length - 1]!;
      if (top === col && dash && !topDash) break; // a list inside the mapping at this column
      if (top === col && dash === topDash) count = counts[counts.length - 1]! + 1; // a sibling
      cols.pop();
      dashes.pop();
      counts.pop();
    }
    if (count > MAX_ENTRIES) return many(at);
    cols.push(col);
    dashes.push(dash);
    counts.push(count);
    if (cols.length > MAX_DEPTH + 1) return deep(at);
  }
  return undefined;
}

function fail(text: string, code: YamlProblemCode, detail: string, start: number, end: number): Loaded {
  return { text, positions: new Positions(text), problem: { code, detail, start, end } };
}

/**
 * Bytes → text in the given encoding, or the Y001 problem that says what the bytes are.
 * Checked in this order, because each pattern is a prefix of the next: UTF-32 BOMs
 * (FF FE 00 00 starts like the UTF-16 LE BOM), UTF-16 BOMs, UTF-16 without a BOM (NUL in
 * every other byte), then the encoding itself. Bytes that are not UTF-8 but read as GBK
 * (GB 18030) text with Chinese characters get their own message naming `--encoding gbk`.
 * A lone CR (classic Mac OS line ends) is refused: the YAML parser and the position
 * table would disagree on the line numbers, so every position reported would be wrong.
 */
function decode(bytes: Uint8Array, encoding: Encoding): { text: string } | { problem: Loaded } {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (b0 === 0 && b1 === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)) {
    return { problem: fail('', 'UTF32', b0 === 0xff ? 'UTF-32 LE' : 'UTF-32 BE', 0, 0) };
  }
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    return { problem: fail('', 'UTF16', b0 === 0xff ? 'UTF-16 LE' : 'UTF-16 BE', 0, 0) };
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { problem: fail('', 'UTF16_NO_BOM', utf16, 0, 0) };
  let text: string;
  if (encoding !== 'utf-8') {
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      return { problem: fail('', 'NOT_UTF8', `not valid ${encoding.toUpperCase()} either`, 0, 0) };
    }
  } else {
    try {
      text = decoder.decode(bytes); // strips a UTF-8 BOM
    } catch {
      // Find the first invalid sequence to point at it: decode the valid prefix.
      const bad = firstInvalidUtf8(bytes);
      const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
      const all = new TextDecoder('utf-8').decode(bytes);
      const start = prefix.charCodeAt(0) === 0xfeff ? prefix.length - 1 : prefix.length;
      const shown = all.charCodeAt(0) === 0xfeff ? all.slice(1) : all;
      const code: YamlProblemCode = looksGbk(bytes) ? 'GBK' : 'NOT_UTF8';
      return { problem: fail(shown, code, `byte ${bad}`, start, start + 1) };
    }
  }
  const cr = /\r(?!\n)/.exec(text);
  if (cr) return { problem: fail(text, 'LONE_CR', '', cr.index, cr.index + 1) };
  return { text };
}

/**
 * UTF-16 saved without a BOM: ASCII-heavy text (YAML keys, digits, spaces) has a NUL in
 * every other byte. Looked for in the first 4 KiB: at least 8 code units, a NUL in ≥ 40 %
 * of the odd (LE) or even (BE) bytes and almost none on the other side.
 */
function utf16WithoutBom(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 16) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const units = n / 2;
  if (odd >= units * 0.4 && even <= units * 0.05) return 'UTF-16 LE';
  if (even >= units * 0.4 && odd <= units * 0.05) return 'UTF-16 BE';
  return undefined;
}

/** Not UTF-8, but valid GB 18030 (a superset of GBK) with at least one CJK character. */
function looksGbk(bytes: Uint8Array): boolean {
  try {
    return /[\u4e00-\u9fff]/.test(new TextDecoder('gb18030', { fatal: true }).decode(bytes));
  } catch {
    return false;
  }
}

/** Offset of the first byte that does not start a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let n = 0;
    let min = 0;
    if (c < 0x80) { i++; continue; }
    else if (c >= 0xc2 && c <= 0xdf) { n = 1; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { n = 2; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 3; min = 0x10000; }
    else return i;
    if (i + n >= b.length + 0 && i + n > b.length - 0) {
      if (i + n > b.length - 1 + 1) return i;
    }
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return i;
}

interface ConvertProblem {
  code: YamlProblemCode;
  detail: string;
  start: number;
  end: number;
}

class Stop extends Error {
  constructor(readonly problem: ConvertProblem) {
    super(problem.code);
  }
}

/** Convert the document into plain data, guarding depth and alias expansion. */
function convert(doc: Document.Parsed): { value: unknown } | { problem: ConvertProblem } {
  const sizes = new Map<Node, { nodes: number; chars: number }>();
  let aliasNodes = 0;
  let aliasChars = 0;

  // Size of a node's expansion (nodes and text characters), memoised, so nested aliases
  // cost O(nodes) to measure.
  const sizeOf = (node: unknown, depth: number): { nodes: number; chars: number } => {
    if (depth > MAX_DEPTH) return { nodes: Infinity, chars: Infinity };
    if (isAlias(node)) return sizeOf(node.resolve(doc), depth + 1);
    if (isScalar(node)) return { nodes: 1, chars: typeof node.source === 'string' ? node.source.length : 0 };
    if (!isMap(node) && !isSeq(node)) return { nodes: 1, chars: 0 };
    const known = sizes.get(node);
    if (known !== undefined) return known;
    const total = { nodes: 1, chars: 0 };
    const add = (n: unknown) => {
      const s = sizeOf(n, depth + 1);
      total.nodes += s.nodes;
      total.chars += s.chars;
    };
    for (const item of node.items) {
      if (isPair(item)) {
        add(item.key);
        add(item.value);
      } else add(item);
    }
    sizes.set(node, total);
    return total;
  };

  const range = (node: unknown): [number, number] => {
    const r = (node as { range?: [number, number, number] } | null)?.range;
    return r ? [r[0], r[1]] : [0, 0];
  };

  const walk = (node: unknown, depth: number, inAlias = false): unknown => {
    if (depth > MAX_DEPTH) {
      const [s, e] = range(node);
      throw new Stop({ code: 'TOO_DEEP', detail: `depth > ${MAX_DEPTH}`, start: s, end: e });
    }
    if (node === null || node === undefined) return new ScalarValue(null, '', false);
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) {
        const [s, e] = range(node);
        throw new Stop({ code: 'SYNTAX', detail: `unresolved alias *${node.source}`, start: s, end: e });
      }
      // Count the whole expansion once, at the outermost alias (it includes nested ones).
      if (!inAlias) {
        const size = sizeOf(target, depth);
        aliasNodes += size.nodes;
        aliasChars += size.chars;
      }
      if (aliasNodes > MAX_ALIAS_NODES || aliasChars > MAX_ALIAS_CHARS) {
        const [s, e] = range(node);
        const detail = aliasNodes > MAX_ALIAS_NODES ? `> ${MAX_ALIAS_NODES} nodes` : `> ${MAX_ALIAS_CHARS} characters`;
        throw new Stop({ code: 'ALIAS_LIMIT', detail, start: s, end: e });
      }
      return walk(target, depth + 1, true);
    }
    checkTag(node);
    if (isScalar(node)) {
      const source = typeof node.source === 'string' ? node.source : String(node.value ?? '');
      const quoted = node.type !== 'PLAIN' && node.type !== undefined;
      return new ScalarValue(node.value, source, quoted);
    }
    if (isSeq(node)) return node.items.map((item) => walk(item, depth + 1, inAlias));
    if (isMap(node)) {
      const out: MappingValue = Object.create(null) as MappingValue;
      // The parser's own test (uniqueKeys): keys with equal values (`1` and `1.0`, `a` and
      // `'a'`) are duplicates; and so are keys with the same source text (keyName).
      const values = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (!isScalar(key)) {
          const [s, e] = range(key);
          throw new Stop({ code: 'COMPLEX_KEY', detail: '', start: s, end: e });
        }
        const name = keyName(key);
        const value = key.value;
        if (Object.hasOwn(out, name) || values.has(value)) {
          const [s] = range(key);
          throw new Stop({ code: 'DUPLICATE_KEY', detail: 'Map keys must be unique', start: s, end: s + 1 });
        }
        if (value === value) values.add(value); // NaN never equals a key, as in the parser
        out[name] = walk(pair.value, depth + 1, inAlias);
      }
      return out;
    }
    const [s, e] = range(node);
    throw new Stop({ code: 'SYNTAX', detail: 'unexpected node', start: s, end: e });
  };

  try {
    if (doc.contents === null) return { value: undefined };
    return { value: walk(doc.contents, 0) };
  } catch (err) {
    if (err instanceof Stop) return { problem: err.problem };
    if (err instanceof RangeError) return { problem: { code: 'TOO_DEEP', detail: '', start: 0, end: 0 } };
    throw err;
  }
}

function checkTag(node: unknown): void {
  const tag = (node as { tag?: string }).tag;
  if (tag && !ALLOWED_TAGS.has(tag)) {
    const r = (node as { range?: [number, number, number] }).range ?? [0, 0, 0];
    throw new Stop({ code: 'UNSUPPORTED_TAG', detail: tag, start: r[0], end: r[1] });
  }
}

/** The string a mapping key stands for (keys like `2023` are read from source). */
export function keyName(key: { value: unknown; source?: unknown }): string {
  if (typeof key.source === 'string') return key.source;
  return String(key.value);
}
