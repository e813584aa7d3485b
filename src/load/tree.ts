import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';

/**
 * Where each node of a loaded file sits in its text: the little of a YAML document that
 * diagnostics need (src/load/locate.ts, the suppression scan in src/check.ts). Both
 * loaders build it: the fast one (fast-tree.ts) while it parses, the full one from the
 * `yaml` library's document (treeOf below). Offsets are UTF-16 indices into the text,
 * exactly the `yaml` library's `range[0]` / `range[1]`.
 */
export type TreeNode = TreeScalar | TreeMap | TreeSeq;

export interface TreeScalar {
  kind: 'scalar';
  start: number;
  /** end of the value (the `yaml` library's range[1]) */
  end: number;
  /** quoted or a block scalar (its text may hold a `#` that is not a comment) */
  quoted: boolean;
  /** an empty value (`key:` with nothing after it): null with empty source */
  empty: boolean;
}

export interface TreePair {
  /** the key's name (keyName in load.ts), undefined for a key that is not a scalar */
  name: string | undefined;
  key: TreeNode;
  /** null: no value node at all */
  value: TreeNode | null;
}

export interface TreeMap {
  kind: 'map';
  start: number;
  pairs: TreePair[];
}

export interface TreeSeq {
  kind: 'seq';
  start: number;
  items: (TreeNode | null)[];
}

/** The tree of a parsed `yaml` document (aliases resolved to their targets' nodes). */
export function treeOf(doc: Document.Parsed): TreeNode | undefined {
  if (doc.contents === null) return undefined;
  const made = new Map<unknown, TreeNode>();
  const build = (node: unknown, depth: number): TreeNode | null => {
    let n = node;
    for (let i = 0; i < 100 && isAlias(n); i++) n = n.resolve(doc);
    if (isPair(n)) n = n.value;
    if (n === null || n === undefined || depth > 200) return null;
    const known = made.get(n);
    if (known) return known;
    const r = (n as { range?: [number, number, number] }).range ?? [0, 0, 0];
    let out: TreeNode;
    if (isScalar(n)) {
      out = { kind: 'scalar', start: r[0], end: r[1], quoted: n.type !== 'PLAIN' && n.type !== undefined, empty: n.value === null && n.source === '' };
    } else if (isMap(n)) {
      const map: TreeMap = { kind: 'map', start: r[0], pairs: [] };
      made.set(n, map);
      for (const p of n.items) {
        const key = build(p.key, depth + 1) ?? { kind: 'scalar', start: 0, end: 0, quoted: false, empty: true };
        const name = isScalar(p.key) ? (typeof p.key.source === 'string' ? p.key.source : String(p.key.value)) : undefined;
        map.pairs.push({ name, key, value: build(p.value, depth + 1) });
      }
      return map;
    } else if (isSeq(n)) {
      const seq: TreeSeq = { kind: 'seq', start: r[0], items: [] };
      made.set(n, seq);
      for (const item of n.items) seq.items.push(build(item, depth + 1));
      return seq;
    } else {
      out = { kind: 'scalar', start: r[0], end: r[1], quoted: false, empty: false };
    }
    made.set(n, out);
    return out;
  };
  return build(doc.contents, 0) ?? undefined;
}

/**
 * Each mapping's pairs by key name, built once per mapping: a linear search per finding
 * made 40,000 unknown keys take 52 s (issue 10, item 9). The first pair of a name wins.
 *
 * The index is kept on the mapping itself (not enumerable, so a tree still compares
 * equal to one never located in), not in a WeakMap: measured in Node 20, a minor GC
 * keeps a long-lived WeakMap's values alive even when their keys are garbage, so every
 * file's index, its pairs and the nodes under them were promoted to the old generation
 * and lived until a major GC (issue 17: validate's peak grew with the number of files).
 */
const PAIRS = Symbol('pairs');
export function pairsOf(map: TreeMap): Map<string, TreePair> {
  const held = map as TreeMap & { [PAIRS]?: Map<string, TreePair> };
  let index = held[PAIRS];
  if (index === undefined) {
    index = new Map();
    for (const p of map.pairs) if (p.name !== undefined && !index.has(p.name)) index.set(p.name, p);
    Object.defineProperty(held, PAIRS, { value: index });
  }
  return index;
}

/** Ranges of the quoted and block scalars, in document order (each node once). */
export function quotedRanges(tree: TreeNode | undefined): [number, number][] {
  const out: [number, number][] = [];
  const seen = new Set<TreeNode>();
  const visit = (n: TreeNode | null): void => {
    if (n === null || seen.has(n)) return;
    seen.add(n);
    if (n.kind === 'scalar') {
      if (n.quoted) out.push([n.start, n.end]);
    } else if (n.kind === 'map') {
      for (const p of n.pairs) {
        visit(p.key);
        visit(p.value);
      }
    } else for (const item of n.items) visit(item);
  };
  if (tree) visit(tree);
  return out;
}
