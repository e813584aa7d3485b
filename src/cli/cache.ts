import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
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
 * it is used (a result down to every diagnostic; a block as terminal-safe text,
 * src/report/escape.ts isTerminalSafe): a result that fails makes its file a miss, checked
 * again; a block that fails is built again from the result.
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

/** A blob's place in its section: [offset, length] in bytes. */
type Span = [number, number];

/** A blob of the cache file read: its section and place there (read when used, BlobFile). */
class BlobRef {
  constructor(
    readonly section: string,
    readonly at: Span,
  ) {}
}

/** The section of the results; each report key's blocks are a section of their own. */
const RESULTS = 'results';

/** A stored stylish block as the index has it. */
interface BlockRef {
  at: Span;
  counts: BlockCounts;
}

/** One file's entry in the index. */
interface IndexEntry {
  /** sha256 of the content */
  hash: string;
  /** how it is checked: sha256 of its configuration, language, encoding …, and the name it is reported under (settingsKey) */
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

/**
 * A stylish block kept with a result: its bytes (UTF-8, as printed after an earlier
 * block: the blank line that separates them first, so that either is a view of the
 * stored bytes) and counts.
 */
export interface StoredBlock {
  /** the block after a line feed (empty for a file with nothing to show) */
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
  /** the result, or where its JSON is in the file read (parsed and checked when used) */
  result: FileResult | BlobRef;
  /** by report key; a block read from the file is checked (isTerminalSafe) when used */
  blocks: Map<string, { bytes: Uint8Array | BlobRef; counts: BlockCounts }>;
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

/** readFacts's result for each stored facts read (a run asks twice: which files may add to a limit, then to check it) */
const factsRead = new WeakMap<StoredFacts, CrossFacts>();

function readFacts(s: StoredFacts): CrossFacts {
  let f = factsRead.get(s);
  if (f === undefined) factsRead.set(s, (f = factsOf(s)));
  return f;
}

function factsOf(s: StoredFacts): CrossFacts {
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
  /** whether a result with a limit may be read by the cross-check (unless the run has no file that may add to one) */
  private contributors = true;
  /** each file's stat, taken once in a run (before its bytes are read, if they are) */
  private readonly stats = new Map<string, TakenStat | undefined>();
  /** settingsKey's hash of each configuration seen */
  private readonly settingsHashes = new Map<string, string>();
  /** the cache file read (its sections are read when first used) */
  private blobs: BlobFile | undefined;
  hits = 0;

  /** `report`: the stylish report this run prints, whose blocks are stored and reused (validate's streamed report). */
  constructor(readonly file: string, version: string, private readonly report?: ReportKey) {
    this.tool = toolKey(version);
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const read = readCacheFile(fd, this.tool);
      if (read.blobs === undefined) closeSync(fd); // another tool's: nothing of it is read
      this.blobs = read.blobs;
      for (const [k, e] of read.entries) this.old.set(k, e);
    } catch {
      // missing, unreadable or corrupt: start empty
      this.old.clear();
      this.blobs = undefined;
      if (fd !== undefined) closeSync(fd);
    }
  }

  /**
   * The run has no file that may add to a department form's limit (check-files.ts
   * streamFiles): the cross-check then reads no result, so a department form's result
   * with a stored block is left unparsed too.
   */
  noContributors(): void {
    this.contributors = false;
  }

  /**
   * The stat of `file` (absolute), taken at its first use in the run (check-files.ts asks
   * for it twice: which files may add to a limit, then to check it); undefined when it
   * cannot be taken.
   */
  stat(file: string): TakenStat | undefined {
    if (this.stats.has(file)) return this.stats.get(file);
    const st = statOf(file);
    this.stats.set(file, st);
    return st;
  }

  /** The key of how one file is checked: the settings it is checked with and the name it is reported under. */
  settingsKey(settings: unknown, name: string): string {
    const json = JSON.stringify(settings);
    let hash = this.settingsHashes.get(json);
    if (hash === undefined) this.settingsHashes.set(json, (hash = sha256(json)));
    return `${hash}:${name}`;
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
    const kept = this.report === undefined ? undefined : e.blocks.get(this.report.key);
    const bytes = kept === undefined ? undefined : this.bytesOf(kept.bytes);
    const safe = bytes !== undefined && isBlock(bytes, this.report!.color);
    // a department form's result may get an M008 in the cross-check, which reads it: parsed now
    const lazy = safe && (e.cross?.limit === undefined || !this.contributors);
    let result: FileResult | undefined;
    if (isRef(e.result)) {
      const ref = e.result;
      result = lazy ? lazyResult(file, () => this.bytesOf(ref)) : parseResult(this.bytesOf(ref));
    } else result = e.result;
    if (result === undefined) {
      this.old.delete(file);
      this.changed = true;
      return undefined;
    }
    this.hits++;
    this.next.set(file, e);
    this.owner.set(result, e);
    if (safe) this.blockOf.set(result, { bytes, counts: kept!.counts, totals: e.totals });
    else if (kept !== undefined) e.blocks.delete(this.report!.key); // not safe to print: built again
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
    const bytes = Buffer.from(text === '' ? '' : `\n${text}`, 'utf8');
    if (!isBlock(bytes, this.report.color)) return;
    e.blocks.set(this.report.key, { bytes, counts });
    this.changed = true;
  }

  /** A blob's bytes (read from the cache file when it is one of its blobs); undefined when it cannot be read. */
  private bytesOf(b: Uint8Array | BlobRef): Uint8Array | undefined {
    return isRef(b) ? this.blobs?.get(b) : b;
  }

  /**
   * Write the cache: the files checked in this run (not when it would be the same file
   * again). The cache file read is closed then: every result is read before (validate
   * saves after its report, or after reading every result).
   */
  async save(): Promise<void> {
    try {
      if (!this.changed && this.next.size === this.old.size) return;
      await writeFileAtomic(this.file, this.encode());
    } finally {
      this.blobs?.close();
    }
  }

  /** The cache file: MAGIC, the index line, the sections (each key's blocks, then the results). */
  private encode(): Buffer {
    const keys = [...this.next.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const sections = new Map<string, { parts: Uint8Array[]; size: number }>();
    const put = (section: string, b: Uint8Array): Span => {
      let s = sections.get(section);
      if (s === undefined) sections.set(section, (s = { parts: [], size: 0 }));
      s.parts.push(b);
      s.size += b.length;
      return [s.size - b.length, b.length];
    };
    const entries: Record<string, IndexEntry> = {};
    // a blob read that cannot be read again, or no longer is what it was: its entry is left out
    next: for (const k of keys) {
      const e = this.next.get(k)!;
      const json = isRef(e.result) ? this.bytesOf(e.result) : Buffer.from(JSON.stringify(e.result), 'utf8');
      if (json === undefined) continue;
      const blocks: Record<string, BlockRef> = {};
      for (const [key, b] of e.blocks) {
        const bytes = this.bytesOf(b.bytes);
        if (bytes === undefined) continue next;
        blocks[key] = { at: put(key, bytes), counts: b.counts };
      }
      const result = put(RESULTS, json);
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
    // the results last: a run that prints stored blocks reads the sections before them only
    const order = [...sections.keys()].filter((n) => n !== RESULTS).sort();
    if (sections.has(RESULTS)) order.push(RESULTS);
    const placed: Record<string, Span> = {};
    let size = 0;
    for (const n of order) {
      placed[n] = [size, sections.get(n)!.size];
      size += sections.get(n)!.size;
    }
    const index = Buffer.from(`${JSON.stringify({ tool: this.tool, size, sections: placed, entries })}\n`, 'utf8');
    return Buffer.concat([MAGIC, index, ...order.flatMap((n) => sections.get(n)!.parts)], MAGIC.length + index.length + size);
  }
}

const isRef = (b: unknown): b is BlobRef => b instanceof BlobRef;

/**
 * The sections of the cache file read, each read from the open file when first used (a
 * run that prints stored blocks never reads the results). The file stays open until
 * save(): a cache written over it meanwhile (atomically, by another run) is another file.
 */
class BlobFile {
  private readonly read = new Map<string, Buffer | undefined>();

  constructor(
    private fd: number | undefined,
    /** where the first section starts in the file */
    private readonly base: number,
    private readonly sections: ReadonlyMap<string, Span>,
  ) {}

  /** A blob's bytes; undefined when its section cannot be read. */
  get(ref: BlobRef): Uint8Array | undefined {
    let buf = this.read.get(ref.section);
    if (!this.read.has(ref.section)) {
      buf = this.readSection(ref.section);
      this.read.set(ref.section, buf);
    }
    return buf?.subarray(ref.at[0], ref.at[0] + ref.at[1]);
  }

  private readSection(name: string): Buffer | undefined {
    const s = this.sections.get(name);
    if (s === undefined || this.fd === undefined) return undefined;
    try {
      const buf = Buffer.allocUnsafe(s[1]);
      let off = 0;
      while (off < buf.length) {
        const n = readSync(this.fd, buf, off, buf.length - off, this.base + s[0] + off);
        if (n === 0) return undefined;
        off += n;
      }
      return buf;
    } catch {
      return undefined;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** How much of a cache file is read at a time to find the end of its index line. */
const CHUNK = 1 << 18;

/**
 * The index of the cache file open as `fd`, written for `tool` (none for another tool's),
 * and its blobs; throws on an index that is not exactly what save() writes (a blob is
 * checked when it is used).
 */
function readCacheFile(fd: number, tool: string): { entries: Map<string, Entry>; blobs: BlobFile | undefined } {
  const entries = new Map<string, Entry>();
  const fileSize = fstatSync(fd).size;
  // the index line, read a chunk at a time
  let head = Buffer.alloc(0);
  let nl = -1;
  while (nl < 0) {
    if (head.length >= fileSize) throw new Error('no index');
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, fileSize - head.length));
    const n = readSync(fd, chunk, 0, chunk.length, head.length);
    if (n === 0) throw new Error('short read');
    const from = Math.max(head.length, MAGIC.length);
    head = Buffer.concat([head, chunk.subarray(0, n)]);
    if (head.length >= MAGIC.length && !head.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a declare cache file');
    nl = head.length > MAGIC.length ? head.indexOf(0x0a, from) : -1;
  }
  const index: unknown = JSON.parse(head.toString('utf8', MAGIC.length, nl));
  const base = nl + 1;
  if (!isObj(index) || typeof index.tool !== 'string' || index.size !== fileSize - base || !isObj(index.sections) || !isObj(index.entries)) throw new Error('not a declare cache index');
  if (index.tool !== tool) return { entries, blobs: undefined };
  const sections = new Map<string, Span>();
  for (const [name, at] of Object.entries(index.sections)) {
    if (!isSpan(at, index.size)) throw new Error('bad section');
    sections.set(name, at);
  }
  /** a blob's place, within its section */
  const ref = (section: string, at: unknown): BlobRef => {
    const s = sections.get(section);
    if (s === undefined || !isSpan(at, s[1])) throw new Error('bad blob');
    return new BlobRef(section, at);
  };
  for (const [k, e] of Object.entries(index.entries)) {
    if (!isObj(e) || typeof e.hash !== 'string' || typeof e.settings !== 'string' || !isObj(e.blocks)) throw new Error('bad entry');
    if (e.stat !== undefined && !isStat(e.stat)) throw new Error('bad stat');
    if (e.cross !== undefined && !isStoredFacts(e.cross)) throw new Error('bad facts');
    const t = e.totals;
    if (!isObj(t) || !isPos(t.errors) || !isPos(t.warnings)) throw new Error('bad totals');
    const blocks = new Map<string, { bytes: BlobRef; counts: BlockCounts }>();
    for (const [key, b] of Object.entries(e.blocks)) {
      if (key === RESULTS || !isObj(b) || !isCounts(b.counts)) throw new Error('bad block');
      blocks.set(key, { bytes: ref(key, b.at), counts: b.counts });
    }
    entries.set(k, {
      hash: e.hash,
      settings: e.settings,
      ...(e.stat === undefined ? {} : { stat: e.stat as FileStat }),
      ...(e.cross === undefined ? {} : { cross: e.cross }),
      totals: { errors: t.errors as number, warnings: t.warnings as number },
      result: ref(RESULTS, e.result),
      blocks,
    });
  }
  return { entries, blobs: new BlobFile(fd, base, sections) };
}

const isSpan = (v: unknown, within: number): v is Span => Array.isArray(v) && v.length === 2 && isPos(v[0]) && isPos(v[1]) && v[0] + v[1] <= within;

/** A result's JSON from the cache, checked down to every diagnostic; undefined when it is not one save() wrote. */
function parseResult(bytes: Uint8Array | undefined): FileResult | undefined {
  if (bytes === undefined) return undefined;
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
function lazyResult(file: string, bytes: () => Uint8Array | undefined): FileResult {
  let parsed: FileResult | undefined;
  const get = (): FileResult => {
    parsed ??= parseResult(bytes());
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

/**
 * Whether stored bytes are a block to print as they are: empty, or a line feed, then
 * terminal-safe text (escape.ts) that ends with a line feed.
 */
function isBlock(bytes: Uint8Array, color: boolean): boolean {
  return bytes.length === 0 || (bytes.length > 1 && bytes[0] === 0x0a && bytes[bytes.length - 1] === 0x0a && isTerminalSafe(bytes, color));
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
