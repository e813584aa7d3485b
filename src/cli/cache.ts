import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import type { CrossFacts } from '../cross-check.js';
import type { FileResult } from '../diagnostic.js';
import { FORMS } from '../forms/index.js';
import { RULES } from '../rules/index.js';
import { writeFileAtomic } from './io.js';

/**
 * `validate --cache` (issue 17, like ESLint's): a file's results are reused when its bytes,
 * the tool version, the form definition and the rules, and everything that decides how it
 * is checked (its configuration, language, inline-config, encoding, the name it is reported
 * under) are the same as when they were cached. The cache file is never trusted: anything
 * that is not exactly the shape written here (a corrupt, truncated, foreign or older file)
 * is ignored as a whole, and it is written atomically (io.ts writeFileAtomic).
 *
 * Stat first (like ESLint's file-entry-cache with its metadata strategy): each entry keeps
 * the file's size, mtime (ns) and inode as they were when its bytes were read. A file whose
 * stat is the same is not read or hashed again; a file whose stat differs is read and
 * hashed, and is a hit when its bytes are the same (a touched file), the entry taking the
 * new stat. An entry whose mtime was within RACY_NS of the moment it was recorded is never
 * trusted by stat (an edit in the same mtime tick would keep size and mtime: "racy git"):
 * such a file is always re-hashed, until a later run sees it old enough.
 */
const FORMAT = 'declare-cache-2';
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

interface Entry {
  /** sha256 of the content */
  hash: string;
  /** sha256 of how it is checked (configuration, language, encoding, name …) */
  settings: string;
  /** the file's stat when its bytes were read; absent when it may not be trusted (racy, stdin) */
  stat?: FileStat;
  result: FileResult;
  /** what the run-wide cross-check (M008, src/cross-check.ts) needs of the file, amounts as exact strings */
  cross?: StoredFacts;
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
  /** whether the cache to write differs from the one read (a new result or a new stat) */
  private changed = false;
  hits = 0;

  constructor(readonly file: string, version: string) {
    this.tool = toolKey(version);
    try {
      const data: unknown = JSON.parse(decode(readFileSync(file)));
      if (isCacheFile(data) && data.tool === this.tool) for (const [k, e] of Object.entries(data.entries)) this.old.set(k, e);
    } catch {
      // missing, unreadable or corrupt: start empty
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
      this.changed = true;
      return this.hit(file, { ...e, ...(trusted === undefined ? { stat: undefined } : { stat: trusted }) });
    }
    return this.hit(file, e);
  }

  private hit(file: string, e: Entry): FileResult {
    this.hits++;
    if (e.stat === undefined) delete e.stat;
    this.next.set(file, e);
    return e.result;
  }

  /** The cross-check facts kept with `file`'s entry (after get() or set()), if it takes part. */
  crossFacts(file: string): CrossFacts | undefined {
    const e = this.next.get(file);
    return e?.cross === undefined ? undefined : readFacts(e.cross);
  }

  set(file: string, bytes: Uint8Array, settings: string, stat: TakenStat | undefined, result: FileResult, cross?: CrossFacts): void {
    const trusted = trust(stat);
    this.changed = true;
    this.next.set(file, {
      hash: sha256(bytes),
      settings,
      ...(trusted === undefined ? {} : { stat: trusted }),
      result,
      ...(cross === undefined ? {} : { cross: storeFacts(cross) }),
    });
  }

  /** Write the cache: the files checked in this run (not when it would be the same file again). */
  async save(): Promise<void> {
    if (!this.changed && this.next.size === this.old.size) return;
    const entries = Object.fromEntries([...this.next].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await writeFileAtomic(this.file, Buffer.from(`\ufeff${JSON.stringify({ format: FORMAT, tool: this.tool, entries })}\n`, 'utf16le'));
  }
}

/**
 * The cache file is JSON in UTF-16LE with a byte-order mark: its messages and code frames
 * are mostly Chinese, and decoding megabytes of mixed UTF-8 cost more than the rest of
 * reading the cache (about 100 ms of an unchanged 1,000-file run), where UTF-16LE is
 * copied as it is. Anything without the mark is not a cache file of this format.
 */
function decode(buf: Buffer): string {
  if (buf.length < 2 || buf.length % 2 !== 0 || buf[0] !== 0xff || buf[1] !== 0xfe) throw new Error('not a declare cache file');
  return buf.toString('utf16le', 2);
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

/** The exact shape save() writes, checked down to every diagnostic. */
function isCacheFile(v: unknown): v is { tool: string; entries: Record<string, Entry> } {
  if (!isObj(v) || v.format !== FORMAT || typeof v.tool !== 'string' || !isObj(v.entries)) return false;
  return Object.values(v.entries).every((e) => {
    if (!isObj(e) || typeof e.hash !== 'string' || typeof e.settings !== 'string' || !isObj(e.result)) return false;
    if (e.stat !== undefined && !isStat(e.stat)) return false;
    const r = e.result;
    if (typeof r.file !== 'string' || !Array.isArray(r.diagnostics) || (r.source !== undefined && typeof r.source !== 'string')) return false;
    if (!Array.isArray(r.rulesChecked) || !r.rulesChecked.every((x) => typeof x === 'string')) return false;
    if (e.cross !== undefined && !isStoredFacts(e.cross)) return false;
    return r.diagnostics.every((d: unknown) =>
      isObj(d) && typeof d.rule === 'string' && RULE_IDS.has(d.rule) && (d.severity === 'error' || d.severity === 'warning')
      && typeof d.message === 'string' && Array.isArray(d.path) && isPos(d.line) && isPos(d.column) && isPos(d.endLine) && isPos(d.endColumn));
  });
}

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
