/**
 * `declare fmt` (issue 7): rewrite a declaration in canonical form without changing what
 * it means and without losing a comment.
 *
 * Canonical form:
 * - keys in the order of format.md (unknown keys last, in their own order);
 * - 一级指标 / 二级指标 in the framework's canonical order (framework.ts); 三级指标, goals,
 *   tasks and other lists keep their order (it is the order of the printed form);
 * - amounts with exactly two decimals, plain (`"1,499.73"` → `1499.73`), built from the
 *   exact Decimal, never a JavaScript number;
 * - texts plain where YAML allows it without changing the type, otherwise double-quoted;
 *   a number or boolean in a text field (`annual: 1000`, format.md "Text") is quoted, so it
 *   reads as the text it already meant; multi-line texts as `|` block scalars;
 * - block style everywhere, 2-space indentation, no line folding, LF line ends.
 *
 * It works on the yaml Document: Pair objects carry their comments (commentBefore on keys
 * and values, comment on values), so reordering pairs moves each comment with its key.
 * Two comments would drift otherwise and are pinned explicitly: the file's header (the
 * parser hangs it on the first key) stays at the top, and a comment written on a key's
 * line (`expenditure:   # 部门预算支出`) stays on that line.
 *
 * Pure: text in, text out. The caller verifies the result (see `sameMeaning`).
 */
import { Decimal } from 'decimal.js';
import {
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  visit,
  type Document,
  type Node,
  type Pair,
  type ScalarTag,
  type YAMLMap,
} from 'yaml';
import { load, type LoadOptions } from '../load/load.js';
import { parseAmount, type Precision } from '../model/amount.js';
import { displayWidth } from '../report/width.js';
import { childKeys, type FieldDef } from '../model/fields.js';
import { chooseForm, DEFAULT_FORM } from '../forms/index.js';
import { FRAMEWORK, LEVEL1, isLevel1, synonymsOf } from '../model/framework.js';

/** The outcome of formatting one file. */
export type FormatResult =
  | {
      /** the file could be formatted */
      ok: true;
      /** the canonical text */
      text: string;
      /** whether it differs from the input text (BOM and CRLF count as differences) */
      changed: boolean;
    }
  | {
      /** the file is not valid YAML (Y001): it is left alone */
      ok: false;
      /** why */
      reason: 'yaml';
    };

/**
 * Prints an exact Decimal amount as a plain two-decimal number. Only `fmt` puts a
 * Decimal into a scalar, so `identify` never matches anything else; `default: true`
 * means no tag is written; without `test` it never takes part in parsing.
 */
const AMOUNT_TAG: ScalarTag = {
  tag: 'tag:declare.invalid,2024:amount',
  default: true,
  identify: (value) => value instanceof Decimal,
  resolve: (value) => value,
  stringify: (item) => (item.value as Decimal).toFixed(2),
};

/** A scalar printed exactly as it was written (numbers fmt has no business respelling). */
class Verbatim {
  constructor(readonly text: string) {}
}

const VERBATIM_TAG: ScalarTag = {
  tag: 'tag:declare.invalid,2024:verbatim',
  default: true,
  identify: (value) => value instanceof Verbatim,
  resolve: (value) => value,
  stringify: (item) => (item.value as Verbatim).text,
};

/** Options of the canonical stringifier. */
const TO_STRING = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 0,
  singleQuote: false,
  defaultStringType: 'PLAIN',
  defaultKeyType: 'PLAIN',
  flowCollectionPadding: true,
} as const;

/**
 * Format one file's content (bytes or text). Never throws for any input.
 * Line ends are the file's own: all CRLF (or mostly CRLF) gives all CRLF, otherwise LF,
 * so a file with mixed line ends is always a change (issue 10 item 21). `encoding` reads
 * a GBK file; the result is text (written as UTF-8 by the caller).
 */
export function formatDeclaration(input: string | Uint8Array, options: LoadOptions = {}): FormatResult {
  const loaded = load(input, options);
  if (loaded.problem) return { ok: false, reason: 'yaml' };
  // Keys go in the order of the file's form (an unknown `form`: the default form's).
  const choice = chooseForm(loaded.value);
  const fields = (choice.ok ? choice.form : DEFAULT_FORM).fields;
  const original = typeof input === 'string' ? input : new TextDecoder(options.encoding ?? 'utf-8').decode(input);
  const crlf = (loaded.text.match(/\r\n/g) ?? []).length;
  const eol = crlf > 0 && crlf >= (loaded.text.match(/(?<!\r)\n/g) ?? []).length ? '\r\n' : '\n';
  // Parsed with LF only: a YAML line break means the same either way (YAML 1.2 §5.4).
  const text = loaded.text.replace(/\r\n/g, '\n');
  if (loaded.doc === undefined || loaded.doc.contents === null) {
    // An empty file (or only comments): nothing to put in order.
    return { ok: true, text: original, changed: false };
  }
  // compat: a text that a YAML 1.1 reader (PyYAML, older tools) would take for a date,
  // boolean or number (`2023-01-01`, `yes`) is quoted too.
  const doc = parseDocument(text, { uniqueKeys: true, strict: true, merge: false, customTags: [AMOUNT_TAG, VERBATIM_TAG], compat: 'yaml-1.1' });
  // Column marks ride inside comment texts; a file that already holds the marker
  // characters (never in practice) just gets one space before its comments.
  const columns = text.includes(MARK_OPEN) || text.includes(MARK_CLOSE) ? undefined : new CommentColumns(text);
  pinKeyLineComments(doc, text, columns);
  if (columns) markLineComments(doc, columns);
  expandAliases(doc);
  normaliseStyle(doc);
  const root = doc.contents;
  if (isMap(root)) formatRoot(doc, root, fields);
  keepNumbersAsWritten(doc);
  let out = doc.toString(TO_STRING);
  if (columns) out = columns.apply(out);
  if (!out.endsWith('\n')) out += '\n';
  if (eol === '\r\n') out = out.replace(/\n/g, '\r\n');
  return { ok: true, text: out, changed: out !== original };
}

/**
 * Replace every alias by a copy of what it stands for: reordering keys could otherwise put
 * an alias before its anchor, which YAML does not allow. The meaning is the same (the
 * loader expands aliases too).
 */
function expandAliases(doc: Document): void {
  let any = false;
  visit(doc, {
    Alias(_key, alias) {
      any = true;
      const target = alias.resolve(doc);
      return target ? (target.clone() as Node) : visit.REMOVE;
    },
  });
  if (!any) return;
  visit(doc, {
    Node(_key, node) {
      if ('anchor' in node) (node as { anchor?: string }).anchor = undefined;
    },
  });
}

/**
 * The parser hangs a comment written after a key whose value is a block collection
 * (`expenditure:   # 部门预算支出`) in front of the collection's first item. Put it back
 * on the key, so it is printed on the key's line as written.
 */
function pinKeyLineComments(doc: Document, text: string, columns: CommentColumns | undefined): void {
  visit(doc, {
    Pair(_key, pair) {
      const key = pair.key;
      const value = pair.value;
      // `income: {appropriation: 1200, other: 0}  # 收入来源` becomes a block mapping:
      // the comment goes on the key's line, one space after the colon.
      if (isScalar(key) && isCollection(value) && value.flow && value.items.length > 0 && value.comment && !value.comment.includes('\n') && !key.comment) {
        key.comment = value.comment;
        value.comment = undefined;
        return;
      }
      if (!isScalar(key) || !isCollection(value) || value.flow || !value.commentBefore || key.comment) return;
      const end = key.range?.[1];
      if (end === undefined) return;
      const lineEnd = text.indexOf('\n', end);
      const rest = text.slice(end, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
      const m = /^[ \t]*:[ \t]+#(.*)$/.exec(rest);
      if (!m) return;
      const first = m[1]!;
      const lines = value.commentBefore.split('\n');
      if (lines[0] !== first) return;
      key.comment = columns ? columns.mark(first, end + rest.indexOf('#')) : first;
      const remaining = lines.slice(1).join('\n');
      value.commentBefore = remaining === '' ? undefined : remaining;
    },
  });
}

const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';

/**
 * Trailing comments keep their column (in display cells, so CJK text before them counts
 * double), the way `declare init` and the examples align them; a comment whose code got
 * longer than its column gets one space. Each line comment is marked with its source
 * column before printing, and the marks are turned into padding afterwards. Idempotent:
 * formatted output keeps its own columns.
 */
class CommentColumns {
  private readonly targets: number[] = [];
  constructor(readonly text: string) {}

  /** Mark a comment whose `#` is at `hash` (an offset into the source text). */
  mark(comment: string, hash: number): string {
    const lineStart = this.text.lastIndexOf('\n', hash - 1) + 1;
    this.targets.push(displayWidth(this.text.slice(lineStart, hash)));
    return `${MARK_OPEN}${this.targets.length - 1}${MARK_CLOSE}${comment}`;
  }

  /** Replace the marks in printed YAML by padding. */
  apply(out: string): string {
    const re = new RegExp(`^(.*?) #${MARK_OPEN}([0-9]+)${MARK_CLOSE}`, 'u');
    return out
      .split('\n')
      .map((line) => {
        const m = re.exec(line);
        if (!m) return line;
        const code = m[1]!;
        const rest = line.slice(m[0].length);
        const target = this.targets[Number(m[2])] ?? 0;
        // A comment printed on a line of its own keeps its indentation.
        if (code.trim() === '') return `${code} #${rest}`;
        const width = displayWidth(code);
        return `${code}${' '.repeat(Math.max(1, target - width))}#${rest}`;
      })
      .join('\n');
  }
}

/** Mark every scalar's line comment with the column it has in the source. */
function markLineComments(doc: Document, columns: CommentColumns): void {
  const text = columns.text;
  visit(doc, {
    Node(_key, node) {
      if (!node.comment || !node.range || node.comment.includes('\n')) return;
      // A block collection's comment is the one after its last item, on a line of its own.
      if (isCollection(node) && !(node.flow && node.items.length === 0)) return;
      const [start, valueEnd, nodeEnd] = node.range;
      let hash: number;
      if (isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED)) {
        const nl = text.indexOf('\n', start);
        hash = text.slice(start, nl < 0 ? text.length : nl).indexOf('#');
        if (hash >= 0) hash += start;
      } else {
        hash = text.slice(valueEnd, nodeEnd).indexOf('#');
        if (hash >= 0) hash += valueEnd;
      }
      if (hash >= 0) node.comment = columns.mark(node.comment, hash);
    },
  });
}

/** Block style, plain keys, no explicit tags on the way: meaning-neutral normalisation. */
function normaliseStyle(doc: Document): void {
  visit(doc, {
    // Empty collections can only be written in flow style (`[]`, `{}`).
    Map(_key, map) {
      map.flow = map.items.length === 0;
    },
    Seq(_key, seq) {
      seq.flow = seq.items.length === 0;
    },
    Pair(_key, pair) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value === 'string' && key.type !== Scalar.BLOCK_FOLDED && key.type !== Scalar.BLOCK_LITERAL) {
        key.type = Scalar.PLAIN;
        key.tag = undefined;
      }
    },
  });
}

/** Sort a mapping's pairs: `order` first, in that order; other keys after, as they were. */
function sortPairs(map: YAMLMap, order: readonly string[]): void {
  const rank = (pair: Pair): number => {
    const i = order.indexOf(keyOf(pair));
    return i < 0 ? order.length : i;
  };
  // Array.prototype.sort is stable: unknown keys keep their relative order.
  const sorted = [...map.items].sort((a, b) => rank(a) - rank(b));
  for (let i = 0; i < sorted.length; i++) map.items[i] = sorted[i]!; // no spread into splice: 10,000 keys
}

function keyOf(pair: Pair): string {
  const k = pair.key;
  if (isScalar(k)) return typeof k.source === 'string' ? k.source : String(k.value);
  return '';
}

function child(map: YAMLMap, key: string): unknown {
  const pair = map.items.find((p) => isPair(p) && keyOf(p) === key);
  return pair?.value;
}

function formatRoot(doc: Document, root: YAMLMap, fields: readonly FieldDef[]): void {
  const firstBefore = root.items[0];
  const lastBefore = root.items[root.items.length - 1];
  sortPairs(root, childKeys(fields, ''));
  keepHeaderAndFooter(doc, root, firstBefore, lastBefore);
  const byPath = new Map(fields.map((f) => [f.path, f]));
  // Amounts keep the file's precision (forms.md "Amount precision"): four decimals with `precision: 4`.
  const precisionNode = child(root, 'precision');
  const places: Precision = isScalar(precisionNode) && sourceOf(precisionNode).trim() === '4' ? 4 : 2;
  for (const key of childKeys(fields, '')) formatField(child(root, key), byPath.get(key)!, byPath, fields, places);
}

/**
 * Put one field's node in canonical form, by its row's kind (a walk of the form's field
 * table, so every form is formatted alike): mappings sorted by the table, list items each
 * by the item row, the indicator framework in canonical order, leaves normalised.
 */
function formatField(node: unknown, f: FieldDef, byPath: ReadonlyMap<string, FieldDef>, fields: readonly FieldDef[], places: Precision): void {
  switch (f.kind) {
    case 'mapping': {
      if (!isMap(node)) return;
      const keys = childKeys(fields, f.path);
      sortPairs(node, keys);
      for (const k of keys) formatField(child(node, k), byPath.get(f.path === '' ? k : `${f.path}.${k}`)!, byPath, fields, places);
      return;
    }
    case 'list': {
      const item = byPath.get(`${f.path}.*`);
      if (isSeq(node) && item) for (const it of node.items) formatField(it, item, byPath, fields, places);
      return;
    }
    case 'framework': {
      // The top framework row holds 一级 → 二级 → 三级 lists; its `*` rows are walked here.
      if (!isMap(node) || f.path.includes('*')) return;
      const indicator = byPath.get(`${f.path}.*.*.*`);
      sortPairs(node, LEVEL1);
      for (const pair of node.items) {
        const l1 = keyOf(pair);
        if (!isLevel1(l1) || !isMap(pair.value)) continue;
        // a synonym (环境效益指标) keeps its word and takes its 二级指标's place (forms.md)
        sortPairs(pair.value, FRAMEWORK[l1].flatMap((l2) => [l2, ...synonymsOf([l2])]));
        for (const p2 of pair.value.items) {
          if (!isSeq(p2.value) || !indicator) continue;
          for (const ind of p2.value.items) formatField(ind, indicator, byPath, fields, places);
        }
      }
      return;
    }
    case 'text':
    case 'enum':
    case 'date':
      text(node);
      return;
    case 'amount':
    case 'optional-amount':
      amount(node, places);
      return;
    case 'precision':
      scalarInt(node, (s) => s === '2' || s === '4');
      return;
    case 'year':
      scalarInt(node, (s) => /^[0-9]{4}$/.test(s) && Number(s) >= 2000 && Number(s) <= 2100);
      return;
    case 'version':
      scalarInt(node, (s) => s === '1');
      return;
    case 'form':
      return;
  }
}

/**
 * The file's header comment is parsed onto the first key, and a comment at the very end
 * onto the last value; when sorting moves those pairs, keep the comments at the top and at
 * the bottom of the file.
 */
function keepHeaderAndFooter(doc: Document, root: YAMLMap, firstBefore: unknown, lastBefore: unknown): void {
  if (isPair(firstBefore) && root.items[0] !== firstBefore && isScalar(firstBefore.key) && firstBefore.key.commentBefore) {
    const header = firstBefore.key.commentBefore;
    firstBefore.key.commentBefore = undefined;
    root.commentBefore = root.commentBefore ? `${root.commentBefore}\n${header}` : header;
    // The blank line after the header went with the pair that used to follow it.
  }
  if (isPair(lastBefore) && root.items[root.items.length - 1] !== lastBefore && isCollection(lastBefore.value) && lastBefore.value.comment) {
    const footer = lastBefore.value.comment;
    lastBefore.value.comment = undefined;
    doc.comment = doc.comment ? `${footer}\n${doc.comment}` : footer;
  }
}

/**
 * Numbers and booleans that fmt did not normalise (an invalid amount like `1e3`, an
 * unknown key's value) are printed as written, not as the stringifier would respell them
 * (`1e+3`): a file with errors keeps saying exactly what it said.
 */
function keepNumbersAsWritten(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      if ((typeof node.value === 'number' || typeof node.value === 'boolean') && typeof node.source === 'string' && node.type === Scalar.PLAIN && !node.tag) {
        node.value = new Verbatim(node.source);
      }
    },
  });
}

/** The source text of a scalar, as the loader reads it (load.ts). */
function sourceOf(s: Scalar): string {
  return typeof s.source === 'string' ? s.source : String(s.value ?? '');
}

/** A text field: plain where possible; numbers and booleans become the text they meant. */
function text(node: unknown): void {
  if (!isScalar(node) || node.value === null || node.value === undefined) return;
  if (typeof node.value !== 'string') {
    node.value = sourceOf(node);
    node.format = undefined;
    node.minFractionDigits = undefined;
  }
  const value = node.value as string;
  node.tag = undefined;
  node.type = value.includes('\n') ? Scalar.BLOCK_LITERAL : Scalar.PLAIN;
}

/** An amount: exactly two (or, with `precision: 4`, four) decimals, plain, from the exact Decimal. Invalid amounts stay as written. */
function amount(node: unknown, places: Precision): void {
  if (!isScalar(node) || (typeof node.value !== 'number' && typeof node.value !== 'string')) return;
  const parsed = parseAmount(sourceOf(node), places);
  if (!parsed.ok) return;
  node.value = places === 2 ? new Decimal(parsed.value) : new Verbatim(parsed.value.toFixed(places));
  node.tag = undefined;
  node.type = Scalar.PLAIN;
  node.format = undefined;
  node.minFractionDigits = undefined;
}

/** `year` and `version`: a plain integer when the value is valid; otherwise as written. */
function scalarInt(node: unknown, valid: (source: string) => boolean): void {
  if (!isScalar(node) || node.value === null) return;
  const source = sourceOf(node).trim();
  if (!valid(source)) return;
  node.value = new Verbatim(String(Number(source)));
  node.tag = undefined;
  node.type = Scalar.PLAIN;
  node.format = undefined;
  node.minFractionDigits = undefined;
}
