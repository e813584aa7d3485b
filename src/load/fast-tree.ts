import { ScalarValue, type MappingValue } from './scalar.js';
import type { TreeMap, TreeNode, TreeScalar, TreeSeq } from './tree.js';
import { MAX_ENTRIES, MAX_NODES } from './load.js';

/**
 * The fast loader (issue 17): one pass over the text for the YAML that declarations are
 * written in, building the converted tree (mappings, arrays, ScalarValue) and the position
 * tree (tree.ts) directly, with no token list, CST or Document in between.
 *
 * It accepts a strict subset of YAML and declines everything else: it returns undefined
 * for any construct it does not handle and for anything that is or might be an error,
 * and the caller then loads the file the full way (the `yaml` library), which gives the
 * Y001 diagnostics. So every YAML error, tag, alias, flow collection, multi-line plain or
 * quoted text, odd indentation or limit is reported exactly as before; for what it does
 * accept, test/load/fast-tree.test.ts proves the result equal to the full loader's on the
 * whole fixture corpus and on mutations of it.
 *
 * Accepted: a block mapping at column 0 as the root; block mappings and block sequences
 * (also `key:` followed by `- ` at the key's column, and `- key: value` compact
 * mappings); plain keys on one line; plain, single- and double-quoted values on one line;
 * literal and folded block scalars with clip or strip chomping; comments and blank lines;
 * LF or CRLF line ends.
 */

/** The converted value and the position tree of a file the fast loader accepted. */
export interface FastTree {
  value: MappingValue;
  tree: TreeMap;
}

/** Declined: the file goes the full way. */
const DECLINE = Symbol('decline');

/**
 * Characters the fast loader never handles: tabs (indentation errors and tab
 * whitespace), other control characters, a BOM or a lone CR inside the text, the line
 * and paragraph separators and NEL; and `---` / `...` / `%` at the start of a line
 * (document markers, directives).
 */
const UNSUPPORTED = /[\x00-\x08\t\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]|\r(?!\n)|^(?:---|\.\.\.|%)/m;

/**
 * Bounds at or below the loader's limits, so that a file over them goes the full way and
 * gets its prescan finding (load.ts). Nodes and entries are counted at least as the
 * prescan counts them (every key, value and list item; an empty value too; a block scalar
 * twice), so the loader's own limits can be used; depth is kept far below MAX_DEPTH
 * because the prescan over-approximates it.
 */
const MAX_DEPTH = 24;
/** The `yaml` library refuses implicit keys longer than 1024 characters. */
const MAX_KEY = 1000;

/** Load `text` the fast way, or undefined when it must go the full way. */
export function fastTree(text: string): FastTree | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  try {
    return new FastParser(text).document();
  } catch (err) {
    if (err === DECLINE) return undefined;
    throw err;
  }
}

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;

/** What a plain scalar means in the YAML 1.2 core schema, tested in the `yaml` library's order. */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Only these first characters can start a null, bool or number.
  if (!(c === 0x7e || c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46 || c === 0x2b || c === DASH || c === 0x2e || (c >= 0x30 && c <= 0x39)) && s !== '') return s;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return s[0] === 't' || s[0] === 'T';
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) {
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

/** First characters a plain scalar may not start with here (indicators, quotes, flow, block scalars, comments). */
function plainStartOk(text: string, at: number, end: number): boolean {
  const c = text.charCodeAt(at);
  switch (c) {
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case HASH:
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case 0x27: // '
    case 0x22: // "
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
    case 0x3f: // ?
    case COLON:
      return false;
    case DASH: {
      // `-5` is text; `- ` and a lone `-` are a list item.
      const d = at + 1 < end ? text.charCodeAt(at + 1) : SPACE;
      return d !== SPACE;
    }
    default:
      return true;
  }
}

const DOUBLE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0' };

class FastParser {
  private readonly len: number;
  /** the current line: start, end of content (before CR LF), start of the next line, indentation */
  private ls = 0;
  private le = 0;
  private nx = 0;
  private ind = 0;
  private eof = false;
  /** the current line is blank (spaces only) or a comment line */
  private empty = false;
  private nodes = 0;

  constructor(private readonly text: string) {
    this.len = text.length;
    this.line(0);
  }

  document(): FastTree {
    this.skip();
    if (this.eof || this.ind !== 0) throw DECLINE;
    const { value, node } = this.map(0, this.ls, 1);
    if (!this.eof) throw DECLINE;
    return { value, tree: node };
  }

  /** Move to the line starting at `start`. */
  private line(start: number): void {
    const text = this.text;
    if (start >= this.len) {
      this.eof = true;
      this.ls = this.le = this.nx = this.len;
      this.ind = 0;
      this.empty = true;
      return;
    }
    const nl = text.indexOf('\n', start);
    let end = nl < 0 ? this.len : nl;
    this.nx = nl < 0 ? this.len : nl + 1;
    if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
    let i = start;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    this.ls = start;
    this.le = end;
    this.ind = i - start;
    this.empty = i === end || text.charCodeAt(i) === HASH;
  }

  /** Skip blank lines and comment lines. */
  private skip(): void {
    while (!this.eof && this.empty) this.line(this.nx);
  }

  private count(): void {
    if (++this.nodes > MAX_NODES) throw DECLINE;
  }

  /**
   * A block mapping whose keys sit at column `indent`; the first key starts at `first`
   * (on the current line). Returns at the first content line indented less (or EOF).
   */
  private map(indent: number, first: number, depth: number): { value: MappingValue; node: TreeMap } {
    if (depth > MAX_DEPTH) throw DECLINE;
    const text = this.text;
    const value = Object.create(null) as MappingValue;
    const node: TreeMap = { kind: 'map', start: first, pairs: [] };
    const values = new Set<unknown>();
    let at = first;
    for (;;) {
      // The key: plain, on this line, up to the first `: ` or a `:` at the end.
      const end = this.le;
      if (!plainStartOk(text, at, end)) throw DECLINE;
      const rest = text.slice(at, end); // the scans below stay within the line
      let colon = rest.indexOf(': ');
      if (colon < 0) colon = rest.charCodeAt(rest.length - 1) === COLON ? rest.length - 1 : -1;
      if (colon <= 0 || colon > MAX_KEY || rest.charCodeAt(colon - 1) === SPACE) throw DECLINE;
      const hash = rest.indexOf('#');
      if (hash >= 0 && hash < colon) throw DECLINE; // a comment, or a `#` in a key: the full way
      colon += at;
      const name = text.slice(at, colon);
      const keyValue = resolvePlain(name);
      if (Object.hasOwn(value, name) || values.has(keyValue)) throw DECLINE; // duplicate: the full way reports it
      if (keyValue === keyValue) values.add(keyValue);
      if (node.pairs.length >= MAX_ENTRIES) throw DECLINE;
      this.count();
      const key: TreeScalar = { kind: 'scalar', start: at, end: colon, quoted: false, empty: false };
      // The value: on this line, or the block below.
      let v = colon + 1;
      while (v < end && text.charCodeAt(v) === SPACE) v++;
      let child: { value: unknown; node: TreeNode };
      if (v === end || text.charCodeAt(v) === HASH) {
        const emptyAt = v;
        this.line(this.nx);
        this.skip();
        if (!this.eof && (this.ind > indent || (this.ind === indent && this.isDash()))) {
          child = this.block(this.ind, depth + 1);
        } else {
          this.count();
          child = { value: new ScalarValue(null, '', false), node: { kind: 'scalar', start: emptyAt, end: emptyAt, quoted: false, empty: true } };
        }
      } else {
        child = this.inline(v, indent);
      }
      value[name] = child.value;
      node.pairs.push({ name, key, value: child.node });
      // The next key, or the end of this mapping.
      if (this.eof || this.ind < indent) return { value, node };
      if (this.ind > indent) throw DECLINE;
      at = this.ls + indent;
    }
  }

  /** Whether the current line is a list item (`- …` or a lone `-`). */
  private isDash(): boolean {
    const at = this.ls + this.ind;
    return this.text.charCodeAt(at) === DASH && (at + 1 === this.le || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** The block node starting on the current line at column `indent`: a list or a mapping. */
  private block(indent: number, depth: number): { value: unknown; node: TreeNode } {
    if (this.isDash()) return this.seq(indent, depth);
    return this.map(indent, this.ls + indent, depth);
  }

  /** A block sequence whose `-` sit at column `indent`. */
  private seq(indent: number, depth: number): { value: unknown[]; node: TreeSeq } {
    if (depth > MAX_DEPTH) throw DECLINE;
    const text = this.text;
    const value: unknown[] = [];
    const node: TreeSeq = { kind: 'seq', start: this.ls + indent, items: [] };
    for (;;) {
      if (value.length >= MAX_ENTRIES) throw DECLINE;
      this.count();
      const end = this.le;
      let at = this.ls + indent + 1;
      while (at < end && text.charCodeAt(at) === SPACE) at++;
      if (at === end || text.charCodeAt(at) === HASH) throw DECLINE; // an empty item, or its node on the next lines
      let child: { value: unknown; node: TreeNode };
      if (text.charCodeAt(at) === DASH && (at + 1 === end || text.charCodeAt(at + 1) === SPACE)) throw DECLINE; // `- - x`
      if (this.isKeyLine(at, end)) child = this.map(at - this.ls, at, depth + 1);
      else child = this.inline(at, indent);
      value.push(child.value);
      node.items.push(child.node);
      if (this.eof || this.ind < indent) return { value, node };
      if (this.ind > indent) throw DECLINE;
      if (!this.isDash()) return { value, node }; // the mapping's next key (`key:` then `- ` at its column)
    }
  }

  /** Whether a plain `key: ` (or `key:` at the end) starts at `at`: a compact mapping in a list item. */
  private isKeyLine(at: number, end: number): boolean {
    if (!plainStartOk(this.text, at, end)) return false;
    const rest = this.text.slice(at, end);
    const hash = rest.indexOf(' #');
    const colon = rest.indexOf(': ');
    return (colon >= 0 && (hash < 0 || colon < hash)) || (hash < 0 && rest.charCodeAt(rest.length - 1) === COLON);
  }

  /**
   * A value starting at `at` on the current line, in a collection at column `indent`;
   * moves past it. What follows must not be indented more than `indent` (that would be a
   * continued text or an error).
   */
  private inline(at: number, indent: number): { value: unknown; node: TreeNode } {
    const text = this.text;
    const end = this.le;
    const c = text.charCodeAt(at);
    this.count();
    let out: { value: unknown; node: TreeNode };
    if (c === 0x7c || c === 0x3e) return this.blockScalar(at, indent);
    if (c === 0x22 || c === 0x27) {
      out = c === 0x22 ? this.doubleQuoted(at, end) : this.singleQuoted(at, end);
    } else {
      if (!plainStartOk(text, at, end)) throw DECLINE;
      // Up to a comment (` #`) or the end of the line, without trailing spaces; a `: ` or a
      // final `:` would make it a mapping (`a: b: c`, an error).
      const rest = text.slice(at, end);
      const hash = rest.indexOf(' #');
      let stop = hash < 0 ? end : at + hash;
      const colon = rest.indexOf(': ');
      if (colon >= 0 && at + colon < stop) throw DECLINE;
      while (text.charCodeAt(stop - 1) === SPACE) stop--;
      if (text.charCodeAt(stop - 1) === COLON) throw DECLINE;
      const source = text.slice(at, stop);
      out = { value: new ScalarValue(resolvePlain(source), source, false), node: { kind: 'scalar', start: at, end: stop, quoted: false, empty: false } };
    }
    this.line(this.nx);
    this.skip();
    if (!this.eof && this.ind > indent) throw DECLINE;
    return out;
  }

  /** After a quoted scalar's closing quote at `close`: only spaces, then a comment or the end. */
  private afterQuote(close: number, end: number): void {
    let i = close + 1;
    while (i < end && this.text.charCodeAt(i) === SPACE) i++;
    if (i < end && (this.text.charCodeAt(i) !== HASH || i === close + 1)) throw DECLINE;
  }

  private doubleQuoted(at: number, end: number): { value: unknown; node: TreeNode } {
    const text = this.text;
    let out = '';
    let from = at + 1;
    let i = from;
    for (;;) {
      if (i >= end) throw DECLINE; // continues on the next line
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        out += text.slice(from, i);
        const e = text[i + 1];
        if (e === undefined || i + 1 >= end) throw DECLINE;
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw DECLINE;
          out += String.fromCodePoint(parseInt(hex, 16));
          i += 6;
        } else {
          const r = DOUBLE_ESCAPES[e];
          if (r === undefined) throw DECLINE;
          out += r;
          i += 2;
        }
        from = i;
        continue;
      }
      i++;
    }
    out += text.slice(from, i);
    this.afterQuote(i, end);
    return { value: new ScalarValue(out, out, true), node: { kind: 'scalar', start: at, end: i + 1, quoted: true, empty: false } };
  }

  private singleQuoted(at: number, end: number): { value: unknown; node: TreeNode } {
    const text = this.text;
    let out = '';
    let from = at + 1;
    let i = from;
    for (;;) {
      if (i >= end) throw DECLINE;
      if (text.charCodeAt(i) === 0x27) {
        if (i + 1 < end && text.charCodeAt(i + 1) === 0x27) {
          out += text.slice(from, i + 1);
          i += 2;
          from = i;
          continue;
        }
        break;
      }
      i++;
    }
    out += text.slice(from, i);
    this.afterQuote(i, end);
    return { value: new ScalarValue(out, out, true), node: { kind: 'scalar', start: at, end: i + 1, quoted: true, empty: false } };
  }

  /**
   * `|` or `>` (optionally `-`) at `at`, its lines indented more than `indent`. Declined:
   * keep chomping (`+`), an indentation indicator, an empty block scalar, lines of spaces
   * longer than the content's indentation, and more-indented lines in a folded one.
   */
  private blockScalar(at: number, indent: number): { value: unknown; node: TreeNode } {
    const text = this.text;
    const end = this.le;
    const folded = text.charCodeAt(at) === 0x3e;
    let i = at + 1;
    let strip = false;
    if (i < end && text.charCodeAt(i) === DASH) {
      strip = true;
      i++;
    }
    if (i < end && text.charCodeAt(i) !== SPACE) throw DECLINE; // `+`, a digit, or anything else
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    if (i < end && text.charCodeAt(i) !== HASH) throw DECLINE;
    // The lines: blank ones before the first content line count as line breaks.
    let leading = 0;
    let leadingMax = 0;
    this.line(this.nx);
    while (!this.eof && this.ind === this.le - this.ls) {
      leading++;
      if (this.ind > leadingMax) leadingMax = this.ind;
      this.line(this.nx);
    }
    if (this.eof) throw DECLINE;
    const ci = this.ind;
    if (ci <= indent || leadingMax > ci) throw DECLINE;
    let value = '\n'.repeat(leading);
    let rangeEnd = 0;
    let blanks = 0; // blank lines since the last content line
    let firstContent = true;
    for (;;) {
      if (this.eof) break;
      const blank = this.ind === this.le - this.ls;
      if (blank) {
        if (this.ind > ci) throw DECLINE;
        blanks++;
      } else {
        if (this.ind < ci) break;
        const content = text.slice(this.ls + ci, this.le);
        if (folded) {
          if (this.ind > ci) throw DECLINE; // more-indented lines keep their breaks: not handled
          value += firstContent ? content : blanks === 0 ? ` ${content}` : `${'\n'.repeat(blanks)}${content}`;
        } else {
          value += firstContent ? content : `${'\n'.repeat(blanks + 1)}${content}`;
        }
        firstContent = false;
        blanks = 0;
        rangeEnd = this.nx;
      }
      this.line(this.nx);
    }
    if (!strip) value += '\n';
    this.nodes++;
    this.skip();
    if (!this.eof && this.ind > indent) throw DECLINE;
    return { value: new ScalarValue(value, value, true), node: { kind: 'scalar', start: at, end: rangeEnd, quoted: true, empty: false } };
  }
}
