import type { DataPath, Range } from '../diagnostic.js';
import type { Positions } from './positions.js';
import { pairsOf, type TreeNode } from './tree.js';

/**
 * The only place that turns a data path into a line:column range (STYLE.md habit 2).
 *
 * - a scalar value: the value itself;
 * - a mapping or list under a key: that key (where a reader looks for "budget.income");
 * - `atKey`: the key even for a scalar value;
 * - a path that does not exist (a missing field): the key of the deepest mapping that
 *   does exist (rules.md S001 "its parent mapping's key"); line 1 for the root.
 *
 * It reads the loaded file's position tree (src/load/tree.ts), the same from either loader.
 */
export function locate(tree: TreeNode | undefined, positions: Positions, path: DataPath, atKey = false): Range {
  if (!tree) return positions.range(0, 0);
  let node: TreeNode | null | undefined = tree;
  let key: TreeNode | null = null; // the key node under which `node` sits
  let item: TreeNode | null | undefined = null; // list item node when `node` came from a list
  for (const seg of path) {
    let next: TreeNode | null | undefined;
    let found = false;
    if (node?.kind === 'map' && typeof seg === 'string') {
      const pair = pairsOf(node).get(seg);
      if (pair) {
        found = true;
        key = pair.key;
        item = null;
        next = pair.value;
      }
    } else if (node?.kind === 'seq' && typeof seg === 'number' && seg < node.items.length) {
      found = true;
      next = node.items[seg];
      key = null;
      item = next;
    }
    if (!found) return anchorRange(positions, node, key, item);
    node = next;
  }
  if (atKey && key) return nodeRange(positions, key);
  if (node === null || node === undefined) {
    // `funds:` with no value: point at the key.
    if (key) return nodeRange(positions, key);
    return positions.range(0, 0);
  }
  // `basic:` with nothing after it: the empty scalar sits where the comment starts.
  if (node.kind === 'scalar' && node.empty && key) return nodeRange(positions, key);
  if (node.kind === 'scalar') return nodeRange(positions, node);
  if (key) return nodeRange(positions, key);
  return nodeRange(positions, node, true);
}

/** Where to point for a missing child of `node`: its key, else the item's or its own first line. */
function anchorRange(positions: Positions, node: TreeNode | null | undefined, key: TreeNode | null, item: TreeNode | null | undefined): Range {
  if (key) return nodeRange(positions, key);
  if (item) return nodeRange(positions, item, true);
  return nodeRange(positions, node, true);
}

/** A node's range; collections only mark their first line. */
function nodeRange(positions: Positions, node: TreeNode | null | undefined, firstLineOnly = false): Range {
  if (!node) return positions.range(0, 0);
  if (firstLineOnly || node.kind !== 'scalar') {
    const start = positions.at(node.start);
    return { line: start.line, column: start.column, endLine: start.line, endColumn: start.column + 1 };
  }
  return positions.range(node.start, node.end);
}
