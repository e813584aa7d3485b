/**
 * Join PDFs that Chromium printed (Skia's PDF backend) into one, keeping what a tagged
 * PDF with bookmarks has: one page tree, pages in order; the outline, each part's top
 * entries one after the other; the structure tree under one Document element, its
 * ParentTree renumbered with the pages' /StructParents, its IDTree and every ID string
 * unique; MarkInfo, Lang and ViewerPreferences as the parts have them (they must agree).
 *
 * The bound volume (combine.ts) is printed in parts on several pages of the browser at
 * once and joined here. Like pdf-info.ts this needs no PDF library: Skia writes one
 * classic cross-reference table, plain (uncompressed) object dictionaries and no object
 * streams. Every object is parsed, its references renumbered, and written anew; stream
 * data (page contents, fonts) is copied byte for byte. Anything a part holds that is not
 * what Skia writes — another catalog entry, attributes inherited through the page tree,
 * a reference to an object that is not there, an ID string that is not in the IDTree —
 * is an error naming the part, never a silently wrong file.
 *
 * Pure: the same parts give the same bytes. Structure IDs are numbered 1, 2, 3 … in
 * part order (within a part by the order of Chromium's node IDs, as
 * normalizeStructureIds does), so the result needs no normalizing afterwards.
 */

/** A reference `n 0 R`: to object `num` of its part, or (`fixed`) to object `num` of the joined file. */
class Ref {
  constructor(
    readonly num: number,
    readonly fixed = false,
  ) {}
}

/** A dictionary; keys are names without their slash, in the order written. */
class Dict {
  constructor(readonly entries: Map<string, Value>) {}
  get(key: string): Value | undefined {
    return this.entries.get(key);
  }
}

/** A number, name, string, boolean or null, kept as written. */
class Token {
  constructor(readonly raw: string) {}
}

type Value = Ref | Dict | Token | Value[];

/** One object of a part: its value and, for a stream, the data after `stream`. */
interface PartObject {
  value: Value;
  stream?: Uint8Array | undefined;
}

/**
 * A read part: where its objects are, the catalog's and the Info dictionary's object
 * numbers. Objects are parsed when they are asked for (`objectOf`): the few that the
 * join looks into are kept, the rest (tens of thousands of structure elements) are
 * parsed, written and dropped one at a time (joinPdfs), so that the parsed part is never
 * held whole (holding it made garbage collection most of the join's time).
 */
interface Part {
  /** "part 2 of 4", for messages */
  name: string;
  /** `%PDF-1.4` and the binary comment line after it */
  header: string;
  /** the file's bytes, and the same as a latin1 string (one character a byte) */
  pdf: Uint8Array;
  text: string;
  /** where the cross-reference table starts */
  xrefAt: number;
  /** each object in use: where it starts */
  offsets: Map<number, number>;
  /** the objects parsed and kept (those the join looks into) */
  kept: Map<number, PartObject>;
  root: number;
  info: number | undefined;
}

/** PDF white-space characters (ISO 32000-1, 7.2.2). */
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
/** Delimiters: ( ) < > [ ] { } / % */
const isDelimiter = (c: number): boolean => c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
const isRegular = (c: number): boolean => !Number.isNaN(c) && !isSpace(c) && !isDelimiter(c);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const INTEGER = /^[+-]?\d+$/;

/** A reader of PDF values over a part's bytes (latin1: one character a byte). */
class Parser {
  pos = 0;
  constructor(
    private readonly s: string,
    private readonly name: string,
  ) {}

  fail(what: string): never {
    throw new Error(`PDF ${this.name}: ${what} (byte ${this.pos})`);
  }

  skip(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (isSpace(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < s.length && s.charCodeAt(this.pos) !== 0x0a && s.charCodeAt(this.pos) !== 0x0d) this.pos++;
      } else return;
    }
  }

  /** The keyword at the position (after white space), consumed; or fail. */
  expect(keyword: string): void {
    this.skip();
    if (!this.s.startsWith(keyword, this.pos) || isRegular(this.s.charCodeAt(this.pos + keyword.length))) this.fail(`expected ${keyword}`);
    this.pos += keyword.length;
  }

  at(keyword: string): boolean {
    this.skip();
    return this.s.startsWith(keyword, this.pos) && !isRegular(this.s.charCodeAt(this.pos + keyword.length));
  }

  value(): Value {
    this.skip();
    const s = this.s;
    const start = this.pos;
    const c = s.charCodeAt(start);
    if (c === 0x3c && s.charCodeAt(start + 1) === 0x3c) return this.dict();
    if (c === 0x3c) {
      const end = s.indexOf('>', start);
      if (end < 0 || !/^[0-9A-Fa-f\s]*$/.test(s.slice(start + 1, end))) this.fail('malformed hex string');
      this.pos = end + 1;
      return new Token(s.slice(start, end + 1));
    }
    if (c === 0x5b) {
      this.pos++;
      const items: Value[] = [];
      for (;;) {
        this.skip();
        if (s.charCodeAt(this.pos) === 0x5d) break;
        if (this.pos >= s.length) this.fail('unterminated array');
        items.push(this.value());
      }
      this.pos++;
      return items;
    }
    if (c === 0x28) return this.literal();
    if (c === 0x2f) {
      let end = start + 1;
      while (isRegular(s.charCodeAt(end))) end++;
      this.pos = end;
      return new Token(s.slice(start, end));
    }
    let end = start;
    while (isRegular(s.charCodeAt(end))) end++;
    const word = s.slice(start, end);
    if (word === '') this.fail(`unexpected ${JSON.stringify(s.charAt(start))}`);
    this.pos = end;
    if (INTEGER.test(word)) {
      // `n g R`: an integer, another, and R.
      let p = end;
      while (isSpace(s.charCodeAt(p))) p++;
      let q = p;
      while (isDigit(s.charCodeAt(q))) q++;
      if (q > p && isSpace(s.charCodeAt(q))) {
        let r = q;
        while (isSpace(s.charCodeAt(r))) r++;
        if (s.charCodeAt(r) === 0x52 && !isRegular(s.charCodeAt(r + 1))) {
          if (Number(s.slice(p, q)) !== 0) this.fail('a reference to an object of generation other than 0');
          this.pos = r + 1;
          return new Ref(Number(word));
        }
      }
      return new Token(word);
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) || word === 'true' || word === 'false' || word === 'null') return new Token(word);
    return this.fail(`unexpected ${JSON.stringify(word.slice(0, 20))}`);
  }

  private dict(): Dict {
    this.pos += 2;
    const entries = new Map<string, Value>();
    for (;;) {
      this.skip();
      if (this.s.startsWith('>>', this.pos)) break;
      if (this.pos >= this.s.length) this.fail('unterminated dictionary');
      const key = this.value();
      if (!(key instanceof Token) || !key.raw.startsWith('/')) this.fail('a dictionary key that is not a name');
      const name = key.raw.slice(1);
      if (entries.has(name)) this.fail(`/${name} twice in one dictionary`);
      entries.set(name, this.value());
    }
    this.pos += 2;
    return new Dict(entries);
  }

  /** A literal string: balanced parentheses, backslash escapes. */
  private literal(): Token {
    const s = this.s;
    const start = this.pos;
    let depth = 0;
    for (let p = start; p < s.length; p++) {
      const c = s.charCodeAt(p);
      if (c === 0x5c) p++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) {
        this.pos = p + 1;
        return new Token(s.slice(start, p + 1));
      }
    }
    return this.fail('unterminated string');
  }
}

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');

/**
 * The cross-reference entry at `at`: ten digits of offset, a space, five of generation, a
 * space, n or f, and two characters of space or end of line (ISO 32000-1, 7.5.4); read
 * character by character, as there is one for each of tens of thousands of objects.
 */
function xrefEntry(s: string, at: number): { offset: number; generation: number; free: boolean } | undefined {
  let offset = 0;
  for (let k = 0; k < 10; k++) {
    const c = s.charCodeAt(at + k);
    if (!isDigit(c)) return undefined;
    offset = offset * 10 + (c - 0x30);
  }
  let generation = 0;
  for (let k = 11; k < 16; k++) {
    const c = s.charCodeAt(at + k);
    if (!isDigit(c)) return undefined;
    generation = generation * 10 + (c - 0x30);
  }
  const kind = s.charCodeAt(at + 17);
  const eol = (c: number): boolean => c === 0x20 || c === 0x0d || c === 0x0a;
  if (s.charCodeAt(at + 10) !== 0x20 || s.charCodeAt(at + 16) !== 0x20 || (kind !== 0x6e && kind !== 0x66) || !eol(s.charCodeAt(at + 18)) || !eol(s.charCodeAt(at + 19))) return undefined;
  return { offset, generation, free: kind === 0x66 };
}

/** Read one part: its cross-reference table, trailer and every object in use. */
function readPart(pdf: Uint8Array, name: string): Part {
  const s = latin1(pdf);
  const header = /^%PDF-1\.\d\r?\n(%[^\r\n]*\r?\n)?/.exec(s)?.[0];
  if (header === undefined) throw new Error(`PDF ${name}: not a PDF file`);
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(s.slice(Math.max(0, s.length - 1024)));
  if (!sx?.[1]) throw new Error(`PDF ${name}: no startxref at the end (incomplete file?)`);
  const xrefAt = Number(sx[1]);
  const head = /^xref\r?\n0 (\d+)\r?\n/.exec(s.slice(xrefAt, xrefAt + 64));
  if (!head?.[1]) throw new Error(`PDF ${name}: expected one classic xref section at byte ${xrefAt}`);
  const count = Number(head[1]);
  const entriesAt = xrefAt + head[0].length;
  const parser = new Parser(s, name);
  parser.pos = entriesAt + count * 20;
  parser.expect('trailer');
  const trailer = parser.value();
  if (!(trailer instanceof Dict)) return parser.fail('the trailer is not a dictionary');
  for (const key of trailer.entries.keys()) {
    if (key !== 'Size' && key !== 'Root' && key !== 'Info') parser.fail(`unexpected /${key} in the trailer`);
  }
  const root = trailer.get('Root');
  const info = trailer.get('Info');
  if (!(root instanceof Ref)) return parser.fail('no /Root in the trailer');
  if (info !== undefined && !(info instanceof Ref)) return parser.fail('/Info is not a reference');
  const offsets = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const at = entriesAt + i * 20;
    const entry = xrefEntry(s, at);
    if (entry === undefined) throw new Error(`PDF ${name}: malformed xref entry ${i}`);
    if (entry.free) continue;
    if (entry.generation !== 0) throw new Error(`PDF ${name}: object ${i} has generation ${entry.generation}`);
    const offset = entry.offset;
    if (offset >= xrefAt || !s.startsWith(`${i} 0 obj`, offset)) throw new Error(`PDF ${name}: object ${i} is not at byte ${offset}`);
    offsets.set(i, offset);
  }
  return { name, header, pdf, text: s, xrefAt, offsets, kept: new Map(), root: root.num, info: info?.num };
}

/** Parse object `num` of a part (undefined when the part has no such object). */
function parseObject(part: Part, num: number): PartObject | undefined {
  const offset = part.offsets.get(num);
  if (offset === undefined) return undefined;
  const s = part.text;
  const parser = new Parser(s, part.name);
  parser.pos = offset + `${num} 0 obj`.length;
  const value = parser.value();
  let stream: Uint8Array | undefined;
  if (parser.at('stream')) {
    parser.pos += 'stream'.length;
    if (s.charCodeAt(parser.pos) === 0x0d) parser.pos++;
    if (s.charCodeAt(parser.pos) !== 0x0a) parser.fail('no end of line after stream');
    parser.pos++;
    const length = value instanceof Dict ? value.get('Length') : undefined;
    const len = length instanceof Token && /^\d+$/.test(length.raw) ? Number(length.raw) : parser.fail(`stream ${num} without a direct /Length`);
    if (parser.pos + len > part.xrefAt) parser.fail(`stream ${num} runs past the end`);
    stream = part.pdf.subarray(parser.pos, parser.pos + len);
    parser.pos += len;
    parser.expect('endstream');
  }
  parser.expect('endobj');
  return { value, stream };
}

/** Object `num` of a part, parsed once and kept: for the objects the join looks into or changes. */
function objectOf(part: Part, num: number): PartObject | undefined {
  let o = part.kept.get(num);
  if (o === undefined) {
    o = parseObject(part, num);
    if (o !== undefined) part.kept.set(num, o);
  }
  return o;
}

/** What one part adds to the joined file, found in its catalog. */
interface PartStructure {
  part: Part;
  catalog: Dict;
  /** the page objects in order */
  pages: number[];
  /** objects that the joined file replaces (catalog, page tree nodes, tree roots …) */
  dropped: Set<number>;
  /** the Document element's children */
  structKids: number[];
  /** the Document element's /Lang */
  documentLang: string;
  /** ParentTreeNextKey */
  nextKey: number;
  /** the ParentTree's entries: key and value */
  parentTree: [number, Value][];
  /** the IDTree's entries: ID string as written and its element */
  ids: [string, Value][];
  /** the outline's top entries, first to last, and the outline's /Count */
  outline: number[];
  outlineCount: number;
}

const name = (v: Value | undefined): string | undefined => (v instanceof Token && v.raw.startsWith('/') ? v.raw.slice(1) : undefined);
const integer = (v: Value | undefined): number | undefined => (v instanceof Token && INTEGER.test(v.raw) ? Number(v.raw) : undefined);
/** A value written out (for comparing what must agree between parts). */
const plain = (v: Value | undefined): string => (v === undefined ? '' : serialize(v, undefined));

function structure(part: Part): PartStructure {
  const fail = (what: string): never => {
    throw new Error(`PDF ${part.name}: ${what}`);
  };
  const dict = (num: number, what: string): Dict => {
    const v = objectOf(part, num)?.value;
    return v instanceof Dict ? v : fail(`${what} (object ${num}) is not a dictionary in the file`);
  };
  const ref = (d: Dict, key: string, what: string): number => {
    const v = d.get(key);
    return v instanceof Ref ? v.num : fail(`${what} has no /${key} reference`);
  };
  const only = (d: Dict, keys: readonly string[], what: string): void => {
    for (const key of d.entries.keys()) if (!keys.includes(key)) fail(`unexpected /${key} in ${what}`);
  };
  const refs = (v: Value | undefined, what: string): number[] => {
    const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return list.map((r) => (r instanceof Ref ? r.num : fail(`${what} holds something other than references`)));
  };
  const dropped = new Set<number>([part.root]);
  const catalog = dict(part.root, 'the catalog');
  only(catalog, ['Type', 'Pages', 'MarkInfo', 'StructTreeRoot', 'Outlines', 'ViewerPreferences', 'Lang'], 'the catalog');
  if (name(catalog.get('Type')) !== 'Catalog') fail('the catalog is not /Type /Catalog');

  // The page tree: its leaves in order; the nodes may carry nothing a page inherits.
  const pages: number[] = [];
  const walk = (num: number, parent: number | undefined): number => {
    if (dropped.has(num) || pages.includes(num)) fail(`the page tree visits object ${num} twice`);
    const node = dict(num, 'a page tree node');
    const type = name(node.get('Type'));
    const up = node.get('Parent');
    if (parent !== undefined && !(up instanceof Ref && up.num === parent)) fail(`page tree object ${num} has the wrong /Parent`);
    if (type === 'Page') {
      pages.push(num);
      return 1;
    }
    if (type !== 'Pages') return fail(`page tree object ${num} is neither /Page nor /Pages`);
    only(node, ['Type', 'Kids', 'Count', 'Parent'], `page tree node ${num}`);
    dropped.add(num);
    const n = refs(node.get('Kids'), `page tree node ${num}'s /Kids`).reduce((sum, kid) => sum + walk(kid, num), 0);
    if (integer(node.get('Count')) !== n) fail(`page tree node ${num} says /Count ${plain(node.get('Count'))}, holds ${n} pages`);
    return n;
  };
  walk(ref(catalog, 'Pages', 'the catalog'), undefined);

  // The structure tree: one Document element; a number tree from /StructParents to
  // elements; a name tree of IDs.
  const rootNum = ref(catalog, 'StructTreeRoot', 'the catalog (an untagged part)');
  const root = dict(rootNum, 'the structure tree root');
  only(root, ['Type', 'K', 'ParentTree', 'ParentTreeNextKey', 'IDTree'], 'the structure tree root');
  dropped.add(rootNum);
  const docNum = ref(root, 'K', 'the structure tree root');
  const doc = dict(docNum, 'the Document element');
  only(doc, ['Type', 'S', 'Lang', 'P', 'K'], 'the Document element');
  if (name(doc.get('S')) !== 'Document' || ref(doc, 'P', 'the Document element') !== rootNum) fail('the structure tree does not start with one Document element');
  dropped.add(docNum);
  const structKids = refs(doc.get('K'), 'the Document element');
  for (const kid of structKids) {
    const el = dict(kid, 'a structure element');
    if (name(el.get('Type')) !== 'StructElem' || ref(el, 'P', 'a structure element') !== docNum) fail(`structure element ${kid} is not a child of the Document element`);
  }
  const nextKey = integer(root.get('ParentTreeNextKey')) ?? fail('no /ParentTreeNextKey');

  const tree = (num: number, leafKey: 'Nums' | 'Names', out: [Value, Value][], what: string): void => {
    if (dropped.has(num)) fail(`the ${what} visits object ${num} twice`);
    const node = dict(num, `a node of the ${what}`);
    only(node, ['Type', 'Kids', leafKey, 'Limits'], `a node of the ${what}`);
    dropped.add(num);
    for (const kid of refs(node.get('Kids'), `the ${what}'s /Kids`)) tree(kid, leafKey, out, what);
    const leaf = node.get(leafKey);
    if (leaf === undefined) return;
    if (!Array.isArray(leaf) || leaf.length % 2 !== 0) fail(`the ${what}'s /${leafKey} is not an array of pairs`);
    for (let i = 0; i < (leaf as Value[]).length; i += 2) out.push([(leaf as Value[])[i]!, (leaf as Value[])[i + 1]!]);
  };
  const nums: [Value, Value][] = [];
  tree(ref(root, 'ParentTree', 'the structure tree root'), 'Nums', nums, 'ParentTree');
  const parentTree = nums.map(([k, v]): [number, Value] => {
    const key = integer(k);
    if (key === undefined || key < 0 || key >= nextKey) fail(`ParentTree key ${plain(k)} is not below /ParentTreeNextKey ${nextKey}`);
    return [key!, v];
  });
  const names: [Value, Value][] = [];
  if (root.get('IDTree') !== undefined) tree(ref(root, 'IDTree', 'the structure tree root'), 'Names', names, 'IDTree');
  const ids = names.map(([k, v]): [string, Value] => (k instanceof Token && ID.test(k.raw) ? [k.raw, v] : fail(`IDTree key ${plain(k)} is not an ID Chromium writes`)));

  // The outline: its top entries, which the joined outline links up.
  const outline: number[] = [];
  let outlineCount = 0;
  if (catalog.get('Outlines') !== undefined) {
    const outNum = ref(catalog, 'Outlines', 'the catalog');
    const out = dict(outNum, 'the outline');
    only(out, ['Type', 'First', 'Last', 'Count'], 'the outline');
    dropped.add(outNum);
    outlineCount = integer(out.get('Count')) ?? fail('the outline has no /Count');
    let prev: number | undefined;
    for (let item: number | undefined = out.get('First') === undefined ? undefined : ref(out, 'First', 'the outline'); item !== undefined;) {
      if (outline.includes(item)) fail(`the outline visits object ${item} twice`);
      const entry = dict(item, 'an outline entry');
      only(entry, ['Title', 'Dest', 'Parent', 'SE', 'Prev', 'Next', 'First', 'Last', 'Count'], 'an outline entry');
      const p = entry.get('Prev');
      if (ref(entry, 'Parent', 'an outline entry') !== outNum || (prev === undefined ? p !== undefined : !(p instanceof Ref && p.num === prev))) fail(`outline entry ${item} is not linked as a top entry`);
      outline.push(item);
      prev = item;
      item = entry.get('Next') === undefined ? undefined : ref(entry, 'Next', 'an outline entry');
    }
    const last = out.get('Last');
    if (outline.length > 0 && !(last instanceof Ref && last.num === outline[outline.length - 1])) fail("the outline's /Last is not its last top entry");
  }
  if (part.info !== undefined) dict(part.info, 'the Info dictionary');
  return { part, catalog, pages, dropped, structKids, documentLang: plain(doc.get('Lang')), nextKey, parentTree, ids, outline, outlineCount };
}

/** The ID strings Chromium writes: `(node` and eight digits `)`. */
const ID = /^\(node\d{8}\)$/;
const idString = (n: number): string => `(node${String(n).padStart(8, '0')})`;

/** How a part's values are written into the joined file. */
interface Renumbering {
  part: string;
  /** the joined file's number of the part's object, undefined when it is dropped or missing */
  object: (num: number) => number | undefined;
  /** added to /StructParent(s) */
  keyOffset: number;
  /** the part's ID strings → the joined file's */
  ids: Map<string, string>;
}

/**
 * Write a value. With a renumbering, references go to the joined file's objects (an
 * unknown or replaced object is an error), /StructParent(s) move by the part's key
 * offset and ID strings (a structure element's /ID, a cell's /Headers) are renumbered.
 */
function serialize(v: Value, r: Renumbering | undefined): string {
  if (v instanceof Token) return v.raw;
  if (v instanceof Ref) {
    if (v.fixed || r === undefined) return `${v.num} 0 R`;
    const num = r.object(v.num);
    if (num === undefined) throw new Error(`PDF ${r.part}: a reference to object ${v.num}, which is not in the file or is replaced by the join`);
    return `${num} 0 R`;
  }
  if (Array.isArray(v)) return `[${v.map((x) => serialize(x, r)).join(' ')}]`;
  const structElem = r !== undefined && name(v.get('Type')) === 'StructElem';
  let out = '<<';
  let first = true;
  for (const [key, value] of v.entries) {
    out += `${first ? '' : '\n'}/${key} `;
    first = false;
    if (r !== undefined && (key === 'StructParents' || key === 'StructParent')) {
      const n = integer(value);
      if (n === undefined) throw new Error(`PDF ${r.part}: /${key} is not an integer`);
      out += String(n + r.keyOffset);
    } else if (structElem && key === 'ID') {
      out += mapId(value, r);
    } else if (r !== undefined && key === 'Headers' && Array.isArray(value)) {
      out += `[${value.map((x) => mapId(x, r)).join(' ')}]`;
    } else {
      out += serialize(value, r);
    }
  }
  return `${out}>>`;
}

function mapId(v: Value, r: Renumbering): string {
  const id = v instanceof Token ? r.ids.get(v.raw) : undefined;
  if (id === undefined) throw new Error(`PDF ${r.part}: the structure ID ${plain(v)} is not in the IDTree`);
  return id;
}

/**
 * Join PDF parts printed by Chromium into one PDF, in order (see the head of this file).
 * The Info dictionary is the first part's, as it is (combine.ts sets ours on it first).
 * `pages`, when given, is how many pages each part must have (a part that printed
 * another number would put wrong page numbers in the volume): another count is an error.
 */
export function joinPdfs(parts: readonly Uint8Array[], pages?: readonly number[]): Uint8Array {
  if (parts.length === 0) throw new Error('PDF join: no parts');
  if (pages !== undefined && pages.length !== parts.length) throw new Error('PDF join: a page count for each part is needed');
  const read = parts.map((pdf, i) => structure(readPart(pdf, `part ${i + 1} of ${parts.length}`)));
  read.forEach((s, i) => {
    const want = pages?.[i];
    if (want !== undefined && s.pages.length !== want) throw new Error(`PDF ${s.part.name}: ${s.pages.length} pages printed, ${want} laid out`);
  });
  const first = read[0]!;
  for (const s of read) {
    if (s.part.header.slice(0, 8) !== first.part.header.slice(0, 8)) throw new Error(`PDF ${s.part.name}: another PDF version than part 1`);
    for (const key of ['MarkInfo', 'ViewerPreferences', 'Lang']) {
      if (plain(s.catalog.get(key)) !== plain(first.catalog.get(key))) throw new Error(`PDF ${s.part.name}: /${key} differs from part 1's`);
    }
    if (s.documentLang !== first.documentLang) throw new Error(`PDF ${s.part.name}: the Document element's /Lang differs from part 1's`);
  }

  // Numbers in the joined file: each part's kept objects in order, then the new ones.
  let next = 1;
  const numbers = read.map((s) => {
    const map = new Map<number, number>();
    const kept = [...s.part.offsets.keys()].filter((n) => !s.dropped.has(n) && (s === first || n !== s.part.info)).sort((a, b) => a - b);
    for (const n of kept) map.set(n, next++);
    return map;
  });
  const anyIds = read.some((s) => s.ids.length > 0);
  const anyOutline = read.some((s) => s.outline.length > 0);
  const pagesNum = next++;
  const catalogNum = next++;
  const rootNum = next++;
  const docNum = next++;
  const parentTreeNum = next++;
  const idTreeNum = anyIds ? next++ : 0;
  const idLeafNum = anyIds ? next++ : 0;
  const outlineNum = anyOutline ? next++ : 0;
  const size = next;

  // Offsets of each part's ParentTree keys, and its IDs numbered on from the last part's.
  let keyOffset = 0;
  let idCount = 0;
  const renumberings: Renumbering[] = read.map((s, i) => {
    const map = numbers[i]!;
    const ids = new Map<string, string>();
    for (const id of s.ids.map(([k]) => k).sort()) {
      if (ids.has(id)) throw new Error(`PDF ${s.part.name}: ${id} twice in the IDTree`);
      ids.set(id, idString(++idCount));
    }
    const r: Renumbering = { part: s.part.name, object: (n) => map.get(n), keyOffset, ids };
    keyOffset += s.nextKey;
    return r;
  });
  const fixed = (i: number, num: number): Ref => {
    const n = numbers[i]!.get(num);
    if (n === undefined) throw new Error(`PDF ${read[i]!.part.name}: object ${num} is referred to but not in the file`);
    return new Ref(n, true);
  };

  // What the parts' kept objects say about the replaced ones, said anew.
  for (const s of read) {
    for (const page of s.pages) (objectOf(s.part, page)!.value as Dict).entries.set('Parent', new Ref(pagesNum, true));
    for (const kid of s.structKids) (objectOf(s.part, kid)!.value as Dict).entries.set('P', new Ref(docNum, true));
    for (const item of s.outline) (objectOf(s.part, item)!.value as Dict).entries.set('Parent', new Ref(outlineNum, true));
  }
  const tops = read.flatMap((s, i) => s.outline.map((item) => ({ i, item, entry: objectOf(s.part, item)!.value as Dict })));
  tops.forEach((top, k) => {
    const before = tops[k - 1];
    const after = tops[k + 1];
    if (before) top.entry.entries.set('Prev', fixed(before.i, before.item));
    else top.entry.entries.delete('Prev');
    if (after) top.entry.entries.set('Next', fixed(after.i, after.item));
    else top.entry.entries.delete('Next');
  });

  // Written straight into one buffer: a string of the whole file built piece by piece
  // lived long enough to make garbage collection much of the join's time.
  const out = new Output(parts.reduce((n, p) => n + p.length, 0) + 4096);
  out.text(first.part.header);
  const offsets = new Array<number>(size).fill(0);
  const object = (num: number, body: string, stream?: Uint8Array): void => {
    offsets[num] = out.length;
    if (stream === undefined) {
      out.text(`${num} 0 obj\n${body}\nendobj\n`);
      return;
    }
    out.text(`${num} 0 obj\n${body} stream\n`);
    out.bytes(stream);
    out.text('\nendstream\nendobj\n');
  };
  read.forEach((s, i) => {
    const r = renumberings[i]!;
    for (const [old, num] of numbers[i]!) {
      // Parsed here unless the join looked into it: written and dropped.
      const o = s.part.kept.get(old) ?? parseObject(s.part, old)!;
      object(num, serialize(o.value, r), o.stream);
    }
  });

  const allPages = read.flatMap((s, i) => s.pages.map((p) => fixed(i, p)));
  object(pagesNum, serialize(new Dict(new Map<string, Value>([['Type', new Token('/Pages')], ['Count', new Token(String(allPages.length))], ['Kids', allPages]])), undefined));
  const catalog = new Map<string, Value>();
  for (const [key, value] of first.catalog.entries) {
    if (key === 'Pages') catalog.set(key, new Ref(pagesNum, true));
    else if (key === 'StructTreeRoot') catalog.set(key, new Ref(rootNum, true));
    else if (key !== 'Outlines') catalog.set(key, value);
    // The outline goes where the first part has it (Skia: after the structure tree).
    if (key === 'StructTreeRoot' && anyOutline) catalog.set('Outlines', new Ref(outlineNum, true));
  }
  object(catalogNum, serialize(new Dict(catalog), undefined));
  const root = new Map<string, Value>([['Type', new Token('/StructTreeRoot')], ['K', new Ref(docNum, true)], ['ParentTreeNextKey', new Token(String(keyOffset))], ['ParentTree', new Ref(parentTreeNum, true)]]);
  if (anyIds) root.set('IDTree', new Ref(idTreeNum, true));
  object(rootNum, serialize(new Dict(root), undefined));
  const doc = new Map<string, Value>([['Type', new Token('/StructElem')], ['S', new Token('/Document')]]);
  if (first.documentLang !== '') doc.set('Lang', new Token(first.documentLang));
  doc.set('P', new Ref(rootNum, true));
  doc.set('K', read.flatMap((s, i) => s.structKids.map((k) => fixed(i, k))));
  object(docNum, serialize(new Dict(doc), undefined));
  const nums = read.flatMap((s, i) => s.parentTree.map(([key, value]) => `${key + renumberings[i]!.keyOffset} ${serialize(value, renumberings[i])}`));
  object(parentTreeNum, `<</Type /ParentTree\n/Nums [${nums.join(' ')}]>>`);
  const names = read.flatMap((s, i) => s.ids.map(([id, value]): [string, string] => [renumberings[i]!.ids.get(id)!, serialize(value, renumberings[i])])).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (anyIds) {
    object(idTreeNum, `<</Kids [${idLeafNum} 0 R]>>`);
    object(idLeafNum, `<</Limits [${names[0]![0]} ${names[names.length - 1]![0]}]\n/Names [${names.map(([id, v]) => `${id} ${v}`).join(' ')}]>>`);
  }
  if (anyOutline) {
    const last = tops[tops.length - 1]!;
    object(outlineNum, `<</Type /Outlines\n/First ${fixed(tops[0]!.i, tops[0]!.item).num} 0 R\n/Last ${fixed(last.i, last.item).num} 0 R\n/Count ${read.reduce((n, s) => n + s.outlineCount, 0)}>>`);
  }
  const infoNum = first.part.info === undefined ? undefined : numbers[0]!.get(first.part.info);

  const xrefAt = out.length;
  out.text(`xref\n0 ${size}\n0000000000 65535 f \n`);
  for (let n = 1; n < size; n++) {
    if (offsets[n] === 0) throw new Error(`PDF join: object ${n} was not written`);
    out.text(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  }
  out.text(`trailer\n<</Size ${size}\n/Root ${catalogNum} 0 R${infoNum === undefined ? '' : `\n/Info ${infoNum} 0 R`}>>\nstartxref\n${xrefAt}\n%%EOF\n`);
  return out.result();
}

/** A file written into one buffer that grows as needed. */
class Output {
  private buf: Buffer;
  /** bytes written so far, pending text included */
  length = 0;
  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  private room(n: number): void {
    if (this.written + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.written + n));
    this.buf.copy(bigger, 0, 0, this.written);
    this.buf = bigger;
  }

  /** text not yet in the buffer: short pieces are written in batches (one call each costs) */
  private pending = '';
  private written = 0;

  /** Latin1 text: one byte a character. */
  text(s: string): void {
    this.pending += s;
    this.length += s.length;
    if (this.pending.length >= 65_536) this.flush();
  }

  private flush(): void {
    if (this.pending === '') return;
    this.room(this.pending.length);
    this.written += this.buf.write(this.pending, this.written, 'latin1');
    this.pending = '';
  }

  bytes(b: Uint8Array): void {
    this.flush();
    this.room(b.length);
    this.buf.set(b, this.written);
    this.written += b.length;
    this.length += b.length;
  }

  /** The bytes written (a view of the buffer). */
  result(): Uint8Array {
    this.flush();
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.length);
  }
}
