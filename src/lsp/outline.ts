/**
 * Where the cursor is in a declaration, for hover, completion and quick fixes.
 *
 * Two readings: `nodeAt` walks the YAML tree of the `yaml` package (which builds a tree
 * even for a file with errors) to find the key or value under an offset; `keyContext`
 * reads the indentation of the lines above the cursor, which is what still works while a
 * line is half typed (`  name` with no colon yet parses as a plain scalar, not a key).
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { DataPath } from '../diagnostic.js';

/** What is under an offset. */
export interface NodeAt {
  /** data path of the key or value */
  path: DataPath;
  /** the offset is on a mapping key (the path ends with that key) */
  onKey: boolean;
  /** source range [start, end) of the key or value scalar, when it is one */
  range?: [number, number];
}

/** Parse the text leniently (never throws; errors stay in the document). */
export function parseLenient(text: string): Document {
  return parseDocument(text, { prettyErrors: false, uniqueKeys: false, strict: false, keepSourceTokens: false });
}

/** The key or value at `offset` (an offset just after a key's last character counts as on it). */
export function nodeAt(doc: Document, offset: number): NodeAt | undefined {
  const walk = (node: unknown, path: DataPath): NodeAt | undefined => {
    if (isMap(node)) {
      for (const pair of node.items as Pair<unknown, unknown>[]) {
        const key = pair.key as Node | null;
        const name = isScalar(key) ? String(key.value) : undefined;
        if (name === undefined || !key?.range) continue;
        if (offset >= key.range[0] && offset <= key.range[1]) return { path: [...path, name], onKey: true, range: [key.range[0], key.range[1]] };
        const value = pair.value as Node | null;
        if (value?.range && offset >= value.range[0] && offset <= value.range[1]) {
          return walk(value, [...path, name]) ?? { path: [...path, name], onKey: false };
        }
      }
      return undefined;
    }
    if (isSeq(node)) {
      const items = node.items as (Node | null)[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (item?.range && offset >= item.range[0] && offset <= item.range[1]) return walk(item, [...path, i]) ?? { path: [...path, i], onKey: false };
      }
      return undefined;
    }
    if (isScalar(node) && node.range) return { path, onKey: false, range: [node.range[0], node.range[1]] };
    return undefined;
  };
  return walk(doc.contents, []);
}

/** The mapping node at a data path, if the document has one there. */
export function mapAt(doc: Document, path: DataPath): ReturnType<typeof doc.getIn> {
  return path.length === 0 ? doc.contents : doc.getIn(path, true);
}

/** The source range of the key `path[-1]` in the mapping at `path[..-1]`. */
export function keyRange(doc: Document, path: DataPath): [number, number] | undefined {
  const parent = mapAt(doc, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  const name = path[path.length - 1];
  for (const pair of parent.items as Pair<unknown, unknown>[]) {
    const key = pair.key as Node | null;
    if (isScalar(key) && String(key.value) === String(name) && key.range) return [key.range[0], key.range[1]];
  }
  return undefined;
}

/** Where a key is being typed: the path of the mapping it goes in and the keys already there. */
export interface KeyContext {
  /** path of the enclosing mapping; list items are `'*'` */
  parent: (string | number)[];
  /** keys already written in that mapping */
  siblings: string[];
  /** the partial key typed so far */
  prefix: string;
  /** 0-based column where the key starts (what a completion replaces from) */
  column: number;
}

/** Where a value is being typed: the key's full path. */
export interface ValueContext {
  path: (string | number)[];
  /** the partial value typed so far */
  prefix: string;
  /** 0-based column where the value starts */
  column: number;
}

interface LineShape {
  /** column of the first `-` item indicator, or -1 */
  dash: number;
  /** column of the key (or the item's content), -1 on a blank or comment line */
  col: number;
  /** the key, when the line is `key:` or `key: value` */
  key?: string;
  /** what follows the colon, comments removed, trimmed */
  rest: string;
}

const KEY_LINE = /^([^\s#'"\-?:&*!|>%@`{}[\],][^:#]*?|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]+|$)(.*)$/u;

function shape(line: string): LineShape {
  const text = line.replace(/\r$/, '');
  let i = 0;
  while (text[i] === ' ') i++;
  if (i >= text.length || text[i] === '#') return { dash: -1, col: -1, rest: '' };
  let dash = -1;
  if (text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === undefined)) {
    dash = i;
    i++;
    while (text[i] === ' ') i++;
    if (i >= text.length || text[i] === '#') return { dash, col: -1, rest: '' };
  }
  const m = KEY_LINE.exec(text.slice(i));
  if (!m) return { dash, col: i, rest: text.slice(i) };
  const key = m[1]!.replace(/^(["'])(.*)\1$/u, '$2').trim();
  const rest = m[2]!.replace(/(^|\s)#.*$/u, '').trim();
  return { dash, col: i, key, rest };
}

/**
 * The path of the mapping or list whose entries start at column `col` on line `j`
 * (`'*'` for a list item), read from the indentation of the lines above; undefined when
 * the line is inside a multi-line text.
 */
function containerPath(lines: readonly string[], j: number, col: number, own: LineShape | undefined): (string | number)[] | undefined {
  if (own && own.dash >= 0 && own.dash < col) {
    const list = containerPath(lines, j, own.dash, undefined);
    return list && [...list, '*'];
  }
  for (let i = j - 1; i >= 0; i--) {
    const s = shape(lines[i]!);
    if (s.col < 0 && s.dash < 0) continue;
    const first = s.dash >= 0 ? s.dash : s.col;
    if (first >= col) continue;
    // a line that starts left of `col`
    if (s.dash >= 0 && (s.col === col || s.col < 0)) {
      const list = containerPath(lines, i, s.dash, undefined);
      return list && [...list, '*'];
    }
    if (s.key !== undefined && s.col < col && (s.rest === '' || /^[|>]/.test(s.rest))) {
      if (/^[|>]/.test(s.rest)) return undefined; // inside a block text
      const parent = containerPath(lines, i, s.col, s);
      return parent && [...parent, s.key];
    }
    if (s.dash >= 0 && s.col > col) {
      const list = containerPath(lines, i, s.dash, undefined);
      return list && [...list, '*'];
    }
    return undefined; // continuation of a text on a line further left
  }
  return col === 0 || j === 0 ? [] : [];
}

/** Keys at column `col` in the block of line `j` (above and below, until the block ends). */
function siblingKeys(lines: readonly string[], j: number, col: number): string[] {
  const keys: string[] = [];
  const scan = (from: number, step: number) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const s = shape(lines[i]!);
      if (s.col < 0 && s.dash < 0) continue;
      const first = s.dash >= 0 && s.dash < col ? s.dash : s.col;
      if (first < col) {
        // an item indicator left of us on the line above starts our item: its key counts
        if (step < 0 && s.dash >= 0 && s.dash < col && s.col === col && s.key !== undefined) keys.push(s.key);
        return;
      }
      if (s.col === col && s.key !== undefined && (s.dash < 0 || s.dash >= col)) {
        if (s.dash === col) return; // another list item at our column: not our mapping
        keys.push(s.key);
      }
    }
  };
  scan(j - 1, -1);
  scan(j + 1, 1);
  return keys;
}

/** What is being typed at a position: a key or a value (undefined: neither). */
export function typingContext(text: string, line: number, character: number): { key?: KeyContext; value?: ValueContext } {
  const lines = text.split(/\r\n|\n|\r/);
  const current = lines[line] ?? '';
  const before = current.slice(0, character);
  // `  - name: 产出` or `level: 区`: a value after a key
  const valueMatch = /^( *)(- +)?([^\s#:][^:#]*?)[ \t]*:[ \t]+([^#]*)$/u.exec(before);
  if (valueMatch) {
    const keyCol = valueMatch[1]!.length + (valueMatch[2]?.length ?? 0);
    const own = shape(current);
    const parent = containerPath(lines, line, keyCol, own.dash >= 0 ? own : undefined);
    if (!parent) return {};
    const prefix = valueMatch[4]!;
    return { value: { path: [...parent, valueMatch[3]!.trim()], prefix, column: before.length - prefix.length } };
  }
  // `  na` (a key being typed) or `  - ` (a new item)
  const keyMatch = /^( *)(- +)?([^\s#:'"\-][^:#]*)?$/u.exec(before);
  if (!keyMatch) return {};
  const col = keyMatch[1]!.length + (keyMatch[2]?.length ?? 0);
  const own: LineShape = { dash: keyMatch[2] ? keyMatch[1]!.length : -1, col, rest: '' };
  const parent = containerPath(lines, line, col, own.dash >= 0 ? own : undefined);
  if (!parent) return {};
  const siblings = own.dash >= 0 ? [] : siblingKeys(lines, line, col);
  if (own.dash < 0) {
    // our own item's first key, when we are a later key of a `- key:` item
    for (let i = line - 1; i >= 0; i--) {
      const s = shape(lines[i]!);
      if (s.col < 0 && s.dash < 0) continue;
      if (s.dash >= 0 && s.dash < col && s.col === col && s.key !== undefined) siblings.push(s.key);
      if ((s.dash >= 0 ? s.dash : s.col) < col) break;
    }
  }
  const prefix = keyMatch[3] ?? '';
  return { key: { parent, siblings: [...new Set(siblings)], prefix, column: before.length - prefix.length } };
}
