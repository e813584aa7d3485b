import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import type { CrossFacts } from '../cross-check.js';
import { countBySeverity, type FileResult } from '../diagnostic.js';
import { FORMS } from '../forms/index.js';
import { isTerminalSafe } from '../report/escape.js';
import type { BlockCounts } from '../report/stylish.js';
import { RULES } from '../rules/index.js';
import { writeFileAtomic } from './io.js';

/**
 * `validate --cache` (issue 17, like ESLint's): a file's results are reused when its bytes,
 * the tool version, the form definition and the rules, and everything that decides how it
 * is checked (its configuration, language, inline-config, encoding, the name it is reported
 * under) are the same as when they were cached. The cache file is never trusted, and it is
 * written atomically (io.ts writeFileAtomic).
 *
 * Stat first (like ESLint's file-entry-cache with its metadata strategy): each entry keeps
 * the file's size, mtime (ns) and inode as they were when its bytes were read. A file whose
 * stat is the same is not read or hashed again; a file whose stat differs is read and
 * hashed, and is a hit when its bytes are the same (a touched file), the entry taking the
 * new stat. An entry whose mtime was within RACY_NS of the moment it was recorded is never
 * trusted by stat (an edit in the same mtime tick would keep size and mtime: "racy git"):
 * such a file is always re-hashed, until a later run sees it old enough.
 *
 * The file (format 3): the line `declare-cache-3`, one line of JSON, the index (the tool
 * key and per file its hash, settings, stat, cross-check facts, counts and where its
 * blobs are), then the blobs, UTF-8: each file's result as JSON and the stylish report
 * blocks printed for it, by the options that shape them (colour, language, --quiet). A run
 * reads the index only; a blob is read when it is used, so a run that prints every file's
 * stored block never parses a result (about 12 MB of JSON for 1,000 files) nor builds a
 * code frame, and its output is the stored bytes as they are.
 *
 * Never trusted: an index that is not exactly the shape written here (a corrupt,
 * truncated, foreign or older file) makes the whole cache ignored; a blob is checked when
 * it is used (a result down to every diagnostic; a block as terminal-safe text, report.ts
 * escape.ts isTerminalSafe), and one that fails makes its file a miss, checked again.
 */
const MAGIC = Buffer.from('declare-cache-3\n', 'ascii');
/** how close to the moment its stat was taken a file's mtime makes its stat untrustworthy */
const RACY_NS = 1_000_000_000n;

/** What a file's stat is compared by: size, mtime in nanoseconds and inode, as strings. */
export interface FileStat {
  size: string;
  mtimeNs: string;
  ino: string;
}

/** A stat as taken: with the moment it was taken (wall clock, ns), which is not stored. */
export interface TakenStat extends FileStat {
  at: bigint;
}

/** The stat of `file` (following links), or undefined when it cannot be taken. */
export function statOf(file: string): TakenStat | undefined {
  try {
    const at = BigInt(Date.now()) * 1_000_000n;
    const st = statSync(file, { bigint: true });
    if (!st.isFile()) return undefined;
    return { size: st.size.toString(), mtimeNs: st.mtimeNs.toString(), ino: st.ino.toString(), at };
  } catch {
    return undefined;
  }
}

const sameStat = (a: FileStat, b: FileStat) => a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino;

/** A blob's place in the blob area: [offset, length] in bytes. */
type Span = [number, number];

/** A stored stylish block as the index has it. */
interface BlockRef {
  at: Span;
  counts: BlockCounts;
}

/** One file's entry in the index. */
interface IndexEntry {
  /** sha256 of the content */
  hash: string;
  /** sha256 of how it is checked (configuration, language, encoding, name …) */
  settings: string;
  /** the file's stat when its bytes were read; absent when it may not be trusted (racy, stdin) */
  stat?: FileStat;
  /** what the run-wide cross-check (M008, src/cross-check.ts) needs of the file, amounts as exact strings */
  cross?: StoredFacts;
  /** the result's errors and warnings (countBySeverity): what a run that prints the stored block counts */
  totals: { errors: number; warnings: number };
  /** the result, as JSON */
  result: Span;
  /** the stylish blocks printed for it, by report key (ResultCache's `report`) */
  blocks: Record<string, BlockRef>;
}

/** A stylish block kept with a result: its bytes (UTF-8, as printed) and counts. */
export interface StoredBlock {
  bytes: Uint8Array;
  counts: BlockCounts;
  /** the whole result's errors and warnings (the run's totals; --quiet's block shows fewer) */
  totals: { errors: number; warnings: number };
}

/** One file's entry in memory: blobs read from the cache file stay bytes until they are used. */
interface Entry {
  hash: string;
  settings: string;
  stat?: FileStat;
  cross?: StoredFacts;
  totals: { errors: number; warnings: number };
  /** the result, or its JSON as read (parsed and checked when used) */
  result: FileResult | Uint8Array;
  /** by report key; a block read from the file is checked (isTerminalSafe) when used */
  blocks: Map<string, { bytes: Uint8Array; counts: BlockCounts }>;
}

/** The stylish report a run prints: the key of its blocks, and whether they have colour. */
export interface ReportKey {
  /** what shapes a block besides the result: language, colour, --quiet */
  key: string;
  color: boolean;
}

/** CrossFacts as stored: the amounts as exact decimal strings. */
interface StoredFacts {
  form: string;
  key: string;
  amount?: string;
  limit?: string;
  range?: { line: number; column: number; endLine: number; endColumn: number };
  severity?: 'error' | 'warning' | 'off';
  configFile?: string;
  inline?: { reason: string; line: number; column: number };
}

function storeFacts(f: CrossFacts): StoredFacts {
  return {
    form: f.form,
    key: f.key,
    ...(f.amount === undefined ? {} : { amount: f.amount.toString() }),
    ...(f.limit === undefined ? {} : { limit: f.limit.toString() }),
    ...(f.range === undefined ? {} : { range: { line: f.range.line, column: f.range.column, endLine: f.range.endLine, endColumn: f.range.endColumn } }),
    ...(f.severity === undefined ? {} : { severity: f.severity }),
    ...(f.configFile === undefined ? {} : { configFile: f.configFile }),
    ...(f.inline === undefined ? {} : { inline: { reason: f.inline.reason, line: f.inline.line, column: f.inline.column } }),
  };
}

function readFacts(s: StoredFacts): CrossFacts {
  return {
    form: s.form,
    key: s.key,
    ...(s.amount === undefined ? {} : { amount: new Decimal(s.amount) }),
    ...(s.limit === undefined ? {} : { limit: new Decimal(s.limit) }),
    ...(s.range === undefined ? {} : { range: s.range }),
    ...(s.severity === undefined ? {} : { severity: s.severity }),
    ...(s.configFile === undefined ? {} : { configFile: s.configFile }),
    ...(s.inline === undefined ? {} : { inline: s.inline }),
  };
}

/** Everything the whole cache depends on: the tool and what it checks against. */
function toolKey(version: string): string {
  return sha256(JSON.stringify({ version, forms: FORMS, rules: RULES.map((r) => [r.id, r.severity]) }));
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export class ResultCache {
  private readonly old = new Map<string, Entry>();
  private readonly next = new Map<string, Entry>();
  private readonly tool: string;
  /** whether the cache to write differs from the one read (a new result, stat or block) */
  private changed = false;
  /** the entry of each result handed out or stored in this run (a result the cross-check replaced has none) */
  private readonly owner = new WeakMap<FileResult, Entry>();
  /** the checked block of this run's report for each result handed out with one */
  private readonly blockOf = new WeakMap<FileResult, StoredBlock>();
  hits = 0;

  /** `report`: the stylish report this run prints, whose blocks are stored and reused (validate's streamed report). */
  constructor(readonly file: string, version: string, private readonly report?: ReportKey) {
    this.tool = toolKey(version);
    try {
      for (const [k, e] of readCacheFile(readFileSync(file), this.tool)) this.old.set(k, e);
    } catch {
      // missing, unreadable or corrupt: start empty
      this.old.clear();
    }
  }

  /** The key of how one file is checked: the settings it is checked with. */
  settingsKey(settings: unknown): string {
    return sha256(JSON.stringify(settings));
  }

  /**
   * Whether `file`'s stat is the one of its entry (so its bytes need not be read): only for
   * an entry with a trusted stat. Says nothing of the settings.
   */
  unchanged(file: string, stat: FileStat | undefined): boolean {
    const e = this.old.get(file);
    return stat !== undefined && e?.stat !== undefined && sameStat(e.stat, stat);
  }

  /** The cross-check facts of `file`'s entry when its stat is unchanged (before it is checked). */
  peekFacts(file: string, stat: FileStat | undefined): CrossFacts | undefined {
    const e = this.old.get(file);
    return this.unchanged(file, stat) && e?.cross !== undefined ? readFacts(e.cross) : undefined;
  }

  /** The cached result of `file` whose stat is unchanged, checked under `settings` (settingsKey). */
  getByStat(file: string, stat: FileStat | undefined, settings: string): FileResult | undefined {
    const e = this.old.get(file);
    if (e === undefined || e.settings !== settings || !this.unchanged(file, stat)) return undefined;
    return this.hit(file, e);
  }

  /**
   * The cached result of `file` with these bytes under `settings`, if any; `stat` is the
   * file's stat taken before its bytes were read (undefined for standard input).
   */
  get(file: string, bytes: Uint8Array, settings: string, stat: TakenStat | undefined): FileResult | undefined {
    const e = this.old.get(file);
    if (e === undefined || e.settings !== settings || e.hash !== sha256(bytes)) return undefined;
    const trusted = trust(stat);
    if (!sameOptional(trusted, e.stat)) {
      const moved: Entry = { ...e };
      if (trusted === undefined) delete moved.stat;
      else moved.stat = trusted;
      const r = this.hit(file, moved);
      if (r !== undefined) this.changed = true;
      return r;
    }
    return this.hit(file, e);
  }

  /**
   * A hit: the entry is kept for the next cache and its result handed out. When this run's
   * report has a block for it, the block is checked now and the result is parsed only if
   * something reads it (validate prints the block instead); else the result is parsed and
   * checked now. A blob that fails its check drops the entry: the file is a miss.
   */
  private hit(file: string, e: Entry): FileResult | undefined {
    const stored = this.report === undefined ? undefined : e.blocks.get(this.report.key);
    const safe = stored !== undefined && isTerminalSafe(stored.bytes, this.report!.color);
    // a department form's result may get an M008 in the cross-check, which reads it: parsed now
    const lazy = safe && e.cross?.limit === undefined;
    let result: FileResult | undefined;
    if (e.result instanceof Uint8Array) result = lazy ? lazyResult(file, e.result) : parseResult(e.result);
    else result = e.result;
    if (result === undefined) {
      this.old.delete(file);
      this.changed = true;
      return undefined;
    }
    this.hits++;
    this.next.set(file, e);
    this.owner.set(result, e);
    if (safe) this.blockOf.set(result, { ...stored, totals: e.totals });
    else if (stored !== undefined) e.blocks.delete(this.report!.key); // not safe to print: built again
    return result;
  }

  /** The cross-check facts kept with `file`'s entry (after get() or set()), if it takes part. */
  crossFacts(file: string): CrossFacts | undefined {
    const e = this.next.get(file);
    return e?.cross === undefined ? undefined : readFacts(e.cross);
  }

  set(file: string, bytes: Uint8Array, settings: string, stat: TakenStat | undefined, result: FileResult, cross?: CrossFacts): void {
    const trusted = trust(stat);
    this.changed = true;
    const e: Entry = {
      hash: sha256(bytes),
      settings,
      ...(trusted === undefined ? {} : { stat: trusted }),
      ...(cross === undefined ? {} : { cross: storeFacts(cross) }),
      totals: countBySeverity(result.diagnostics),
      result,
      blocks: new Map(),
    };
    this.next.set(file, e);
    this.owner.set(result, e);
  }

  /**
   * The stored block of this run's report for `result`, when `result` is exactly the one
   * the cache handed out (not one the cross-check changed) and its block was checked.
   */
  storedBlock(result: FileResult): StoredBlock | undefined {
    return this.blockOf.get(result);
  }

  /** Keep `result`'s block of this run's report (when `result` is the cache's own, and the block safe to print again). */
  keepBlock(result: FileResult, text: string, counts: BlockCounts): void {
    const e = this.owner.get(result);
    if (e === undefined || this.report === undefined) return;
    const bytes = Buffer.from(text, 'utf8');
    if (!isTerminalSafe(bytes, this.report.color)) return;
    e.blocks.set(this.report.key, { bytes, counts });
    this.changed = true;
  }

  /** Write the cache: the files checked in this run (not when it would be the same file again). */
  async save(): Promise<void> {
    if (!this.changed && this.next.size === this.old.size) return;
    const keys = [...this.next.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const blobs: Uint8Array[] = [];
    let size = 0;
    const put = (b: Uint8Array): Span => {
      blobs.push(b);
      size += b.length;
      return [size - b.length, b.length];
    };
    const entries: Record<string, IndexEntry> = {};
    for (const k of keys) {
      const e = this.next.get(k)!;
      const result = put(e.result instanceof Uint8Array ? e.result : Buffer.from(JSON.stringify(e.result), 'utf8'));
      const blocks: Record<string, BlockRef> = {};
      for (const [key, b] of e.blocks) blocks[key] = { at: put(b.bytes), counts: b.counts };
      entries[k] = {
        hash: e.hash,
        settings: e.settings,
        ...(e.stat === undefined ? {} : { stat: e.stat }),
        ...(e.cross === undefined ? {} : { cross: e.cross }),
        totals: e.totals,
        result,
        blocks,
      };
    }
    const index = Buffer.from(`${JSON.stringify({ tool: this.tool, size, entries })}\n`, 'utf8');
    await writeFileAtomic(this.file, Buffer.concat([MAGIC, index, ...blobs]));
  }
}

/**
 * The entries of a cache file written for `tool`: none for another tool's; throws on
 * anything that is not exactly what save() writes (the index is checked whole; the blobs
 * when they are used).
 */
function readCacheFile(buf: Buffer, tool: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a declare cache file');
  const nl = buf.indexOf(0x0a, MAGIC.length);
  if (nl < 0) throw new Error('no index');
  const index: unknown = JSON.parse(buf.toString('utf8', MAGIC.length, nl));
  const blobs = buf.subarray(nl + 1);
  if (!isObj(index) || typeof index.tool !== 'string' || index.size !== blobs.length || !isObj(index.entries)) throw new Error('not a declare cache index');
  if (index.tool !== tool) return out;
  const inBlobs = (v: unknown): v is Span => Array.isArray(v) && v.length === 2 && isPos(v[0]) && isPos(v[1]) && v[0] + v[1] <= blobs.length;
  const slice = (s: Span) => blobs.subarray(s[0], s[0] + s[1]);
  for (const [k, e] of Object.entries(index.entries)) {
    if (!isObj(e) || typeof e.hash !== 'string' || typeof e.settings !== 'string' || !inBlobs(e.result) || !isObj(e.blocks)) throw new Error('bad entry');
    if (e.stat !== undefined && !isStat(e.stat)) throw new Error('bad stat');
    if (e.cross !== undefined && !isStoredFacts(e.cross)) throw new Error('bad facts');
    const t = e.totals;
    if (!isObj(t) || !isPos(t.errors) || !isPos(t.warnings)) throw new Error('bad totals');
    const blocks = new Map<string, { bytes: Uint8Array; counts: BlockCounts }>();
    for (const [key, b] of Object.entries(e.blocks)) {
      if (!isObj(b) || !inBlobs(b.at) || !isCounts(b.counts)) throw new Error('bad block');
      blocks.set(key, { bytes: slice(b.at), counts: b.counts });
    }
    out.set(k, {
      hash: e.hash,
      settings: e.settings,
      ...(e.stat === undefined ? {} : { stat: e.stat as FileStat }),
      ...(e.cross === undefined ? {} : { cross: e.cross }),
      totals: { errors: t.errors as number, warnings: t.warnings as number },
      result: slice(e.result),
      blocks,
    });
  }
  return out;
}

/** A result's JSON from the cache, checked down to every diagnostic; undefined when it is not one save() wrote. */
function parseResult(bytes: Uint8Array): FileResult | undefined {
  let r: unknown;
  try {
    r = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
  return isResult(r) ? r : undefined;
}

/**
 * A result whose JSON is parsed when one of its fields is first read (own enumerable
 * accessors, so a copy with `...` or JSON.stringify reads them). Handed out only with a
 * checked stored block, which validate prints instead of reading the result; a field read
 * anyway whose JSON fails its check is an internal error, never a result made up.
 */
function lazyResult(file: string, bytes: Uint8Array): FileResult {
  let parsed: FileResult | undefined;
  const get = (): FileResult => {
    parsed ??= parseResult(bytes);
    if (parsed === undefined) throw new Error(`declare: the cached result of ${file} is not valid`);
    return parsed;
  };
  const r = {} as FileResult;
  for (const key of ['file', 'diagnostics', 'source', 'rulesChecked'] as const) {
    Object.defineProperty(r, key, { enumerable: true, configurable: true, get: () => get()[key] });
  }
  return r;
}

/**
 * The stat to keep in an entry: none when the file's mtime is within RACY_NS of the moment
 * the stat was taken (or after it: a clock set back), since an edit in the same mtime tick
 * would then leave size and mtime as they are; such a file is re-hashed on the next run.
 */
function trust(stat: TakenStat | undefined): FileStat | undefined {
  if (stat === undefined || BigInt(stat.mtimeNs) + RACY_NS >= stat.at) return undefined;
  return { size: stat.size, mtimeNs: stat.mtimeNs, ino: stat.ino };
}
const sameOptional = (a: FileStat | undefined, b: FileStat | undefined) => (a === undefined ? b === undefined : b !== undefined && sameStat(a, b));

const RULE_IDS = new Set<string>(RULES.map((r) => r.id));
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPos = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** The exact shape of a result save() writes, down to every diagnostic. */
function isResult(r: unknown): r is FileResult {
  if (!isObj(r) || typeof r.file !== 'string' || !Array.isArray(r.diagnostics) || (r.source !== undefined && typeof r.source !== 'string')) return false;
  if (!Array.isArray(r.rulesChecked) || !r.rulesChecked.every((x) => typeof x === 'string')) return false;
  return r.diagnostics.every((d: unknown) =>
    isObj(d) && typeof d.rule === 'string' && RULE_IDS.has(d.rule) && (d.severity === 'error' || d.severity === 'warning')
    && typeof d.message === 'string' && Array.isArray(d.path) && isPos(d.line) && isPos(d.column) && isPos(d.endLine) && isPos(d.endColumn));
}

const isCounts = (v: unknown): v is BlockCounts => isObj(v) && isPos(v.errors) && isPos(v.warnings) && isPos(v.inline) && isPos(v.config);

const FORM_IDS = new Set(Object.keys(FORMS));
const isAmount = (v: unknown) => v === undefined || (typeof v === 'string' && /^-?\d{1,20}(\.\d{1,10})?$/.test(v));

/** The shape storeFacts() writes. */
function isStoredFacts(v: unknown): v is StoredFacts {
  if (!isObj(v) || typeof v.form !== 'string' || !FORM_IDS.has(v.form) || typeof v.key !== 'string') return false;
  if (!isAmount(v.amount) || !isAmount(v.limit)) return false;
  if (v.severity !== undefined && v.severity !== 'error' && v.severity !== 'warning' && v.severity !== 'off') return false;
  if (v.configFile !== undefined && typeof v.configFile !== 'string') return false;
  const c = v.inline;
  if (c !== undefined && !(isObj(c) && typeof c.reason === 'string' && c.reason !== '' && isPos(c.line) && isPos(c.column))) return false;
  const r = v.range;
  return r === undefined || (isObj(r) && isPos(r.line) && isPos(r.column) && isPos(r.endLine) && isPos(r.endColumn));
}

const isDigits = (v: unknown) => typeof v === 'string' && /^\d{1,30}$/.test(v);
const isStat = (v: unknown): boolean => isObj(v) && isDigits(v.size) && isDigits(v.mtimeNs) && isDigits(v.ino);
