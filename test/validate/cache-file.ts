/**
 * The `validate --cache` file (src/cli/cache.ts, format 3) read into one plain object and
 * written back, for tests that look into it or tamper with it: the line
 * `declare-cache-3`, one line of JSON (the index: tool, size, sections, entries), then the
 * sections (each report key's blocks, then the results), UTF-8. Written independently of
 * the implementation, so that a change of the format shows here.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export const MAGIC = 'declare-cache-3\n';

/** One entry with its blobs read: the result parsed, each block as text. */
export interface PlainEntry {
  hash: string;
  settings: string;
  stat?: { size: string; mtimeNs: string; ino: string };
  cross?: Record<string, unknown>;
  totals: { errors: number; warnings: number };
  result: { file: string; diagnostics: Record<string, unknown>[]; source?: string; rulesChecked: string[] };
  blocks: Record<string, { text: string; counts: { errors: number; warnings: number; inline: number; config: number } }>;
}

/** A cache file as one object. */
export interface PlainCache {
  format: string;
  tool: string;
  entries: Record<string, PlainEntry>;
}

/** Read a cache file (throws when it is not one of format 3). */
export function readCacheFile(file: string): PlainCache {
  const buf = readFileSync(file);
  if (buf.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw new Error(`not a format-3 cache: ${buf.subarray(0, 20).toString('hex')}`);
  const nl = buf.indexOf(0x0a, MAGIC.length);
  const index = JSON.parse(buf.toString('utf8', MAGIC.length, nl)) as {
    tool: string;
    size: number;
    sections: Record<string, [number, number]>;
    entries: Record<string, Omit<PlainEntry, 'result' | 'blocks'> & { result: [number, number]; blocks: Record<string, { at: [number, number]; counts: PlainEntry['blocks'][string]['counts'] }> }>;
  };
  const blobs = buf.subarray(nl + 1);
  if (blobs.length !== index.size) throw new Error('size');
  const text = (section: string, [at, len]: [number, number]) => {
    const [start] = index.sections[section]!;
    return blobs.toString('utf8', start + at, start + at + len);
  };
  const entries: Record<string, PlainEntry> = {};
  for (const [k, e] of Object.entries(index.entries)) {
    const blocks: PlainEntry['blocks'] = {};
    for (const [key, b] of Object.entries(e.blocks)) blocks[key] = { text: text(key, b.at), counts: b.counts };
    entries[k] = { ...e, result: JSON.parse(text('results', e.result)), blocks };
  }
  return { format: 'declare-cache-3', tool: index.tool, entries };
}

/**
 * Write `cache` as a cache file of format 3, or (`raw`) put the index as given: `raw.index`
 * replaces the index line, `raw.magic` the first line.
 */
export function writeCacheFile(file: string, cache: PlainCache, raw: { magic?: string; index?: (index: Record<string, unknown>) => unknown } = {}): void {
  const sections = new Map<string, Buffer[]>();
  const sizes = new Map<string, number>();
  const put = (section: string, text: string): [number, number] => {
    const b = Buffer.from(text, 'utf8');
    if (!sections.has(section)) {
      sections.set(section, []);
      sizes.set(section, 0);
    }
    sections.get(section)!.push(b);
    const at = sizes.get(section)!;
    sizes.set(section, at + b.length);
    return [at, b.length];
  };
  const entries: Record<string, unknown> = {};
  for (const [k, e] of Object.entries(cache.entries)) {
    const blocks: Record<string, unknown> = {};
    for (const [key, b] of Object.entries(e.blocks)) blocks[key] = { at: put(key, b.text), counts: b.counts };
    entries[k] = { ...e, result: put('results', JSON.stringify(e.result)), blocks };
  }
  const order = [...sections.keys()].filter((s) => s !== 'results').sort();
  if (sections.has('results')) order.push('results');
  const placed: Record<string, [number, number]> = {};
  let size = 0;
  for (const s of order) {
    placed[s] = [size, sizes.get(s)!];
    size += sizes.get(s)!;
  }
  const index: Record<string, unknown> = { tool: cache.tool, size, sections: placed, entries };
  const line = JSON.stringify(raw.index ? raw.index(index) : index);
  writeFileSync(file, Buffer.concat([Buffer.from(raw.magic ?? MAGIC, 'utf8'), Buffer.from(`${line}\n`, 'utf8'), ...order.flatMap((s) => sections.get(s)!)]));
}
