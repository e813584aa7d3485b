import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { DataPath, Range } from '../diagnostic.js';
import { keyName } from './load.js';
import type { Positions } from './positions.js';

/**
 * The only place that turns a data path into a line:column range (STYLE.md habit 2).
 *
 * - a scalar value: the value itself;
 * - a mapping or list under a key: that key (where a reader looks for "budget.income");
 * - `atKey`: the key even for a scalar value;
 * - a path that does not exist (a missing field): the key of the deepest mapping that
 *   does exist (rules.md S001 "its parent mapping's key"); line 1 for the root.
 */
export function locate(doc: Document.Parsed | undefined, positions: Positions, path: DataPath, atKey = false): Range {
  if (!doc || doc.contents === null) return positions.range(0, 0);
  let node: unknown = doc.contents;
  let key: Node | null = null; // the key node under which `node` sits
  let item: unknown = null; // list item node when `node` came from a list
  for (const seg of path) {
    node = deref(doc, node);
    let next: unknown;
    let found = false;
    if (isMap(node) && typeof seg === 'string') {
      const pair = pairsOf(node).get(seg);
      if (pair) {
        found = true;
        key = pair.key as Node;
        item = null;
        next = pair.value;
      }
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      found = true;
      next = node.items[seg];
      key = null;
      item = next;
    }
    if (!found) return anchorRange(doc, positions, node, key, item);
    node = next;
  }
  node = deref(doc, node);
  if (atKey && key) return nodeRange(positions, key);
  if (node === null || node === undefined) {
    // `funds:` with no value: point at the key.
    if (key) return nodeRange(positions, key);
    return positions.range(0, 0);
  }
  // `basic:` with nothing after it: the empty scalar sits where the comment starts.
  if (isScalar(node) && node.value === null && node.source === '' && key) return nodeRange(positions, key);
  if (isScalar(node)) return nodeRange(positions, node);
  if (key) return nodeRange(positions, key);
  return nodeRange(positions, node, true);
}

/**
 * Each mapping's pairs by key name, built once per mapping: a linear search per finding
 * made 40,000 unknown keys take 52 s (issue 10, item 9). The first pair of a name wins,
 * as a search would.
 */
const PAIRS = new WeakMap<YAMLMap, Map<string, Pair>>();
function pairsOf(map: YAMLMap): Map<string, Pair> {
  let index = PAIRS.get(map);
  if (index === undefined) {
    index = new Map();
    for (const p of map.items as Pair[]) {
      if (!isScalar(p.key)) continue;
      const name = keyName(p.key);
      if (!index.has(name)) index.set(name, p);
    }
    PAIRS.set(map, index);
  }
  return index;
}

/** Where to point for a missing child of `node`. */
function anchorRange(doc: Document.Parsed, positions: Positions, node: unknown, key: Node | null, item: unknown): Range {
  if (key) return nodeRange(positions, key);
  if (item) return nodeRange(positions, deref(doc, item), true);
  if (node === doc.contents) return firstLine(positions, node);
  return nodeRange(positions, node, true);
}

function firstLine(positions: Positions, node: unknown): Range {
  // Root-level missing field: the root mapping has no key, so point at where it starts
  // (its first key, after any leading comments such as the $schema line).
  return nodeRange(positions, node, true);
}

function deref(doc: Document.Parsed, node: unknown): unknown {
  let n = node;
  for (let i = 0; i < 100 && isAlias(n); i++) n = n.resolve(doc);
  if (isPair(n)) return n.value;
  return n;
}

/** A node's range; collections only mark their first line. */
function nodeRange(positions: Positions, node: unknown, firstLineOnly = false): Range {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  if (!r) return positions.range(0, 0);
  if (firstLineOnly || isMap(node) || isSeq(node)) {
    const start = positions.at(r[0]);
    return { line: start.line, column: start.column, endLine: start.line, endColumn: start.column + 1 };
  }
  return positions.range(r[0], r[1]);
}
