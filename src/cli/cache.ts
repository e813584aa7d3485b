import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
 */
const FORMAT = 'declare-cache-1';

interface Entry {
  /** sha256 of the content and of how it is checked */
  key: string;
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
  hits = 0;

  constructor(readonly file: string, version: string) {
    this.tool = toolKey(version);
    try {
      const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (isCacheFile(data) && data.tool === this.tool) for (const [k, e] of Object.entries(data.entries)) this.old.set(k, e);
    } catch {
      // missing, unreadable or corrupt: start empty
    }
  }

  /** The key of one file's check: its bytes and the settings it is checked with. */
  key(bytes: Uint8Array, settings: unknown): string {
    return sha256(`${sha256(bytes)}\n${JSON.stringify(settings)}`);
  }

  /** The cached result for `file` under `key`, if any (and keep it for the next cache). */
  get(file: string, key: string): FileResult | undefined {
    const e = this.old.get(file);
    if (e === undefined || e.key !== key) return undefined;
    this.hits++;
    this.next.set(file, e);
    return e.result;
  }

  /** The cross-check facts kept with `file`'s entry (after get() or set()), if it takes part. */
  crossFacts(file: string): CrossFacts | undefined {
    const e = this.next.get(file);
    return e?.cross === undefined ? undefined : readFacts(e.cross);
  }

  set(file: string, key: string, result: FileResult, cross?: CrossFacts): void {
    this.next.set(file, { key, result, ...(cross === undefined ? {} : { cross: storeFacts(cross) }) });
  }

  /** Write the cache: the files checked in this run (not when it would be the same file again). */
  async save(): Promise<void> {
    if (this.hits === this.next.size && this.next.size === this.old.size) return;
    const entries = Object.fromEntries([...this.next].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await writeFileAtomic(this.file, `${JSON.stringify({ format: FORMAT, tool: this.tool, entries })}\n`);
  }
}

const RULE_IDS = new Set<string>(RULES.map((r) => r.id));
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPos = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** The exact shape save() writes, checked down to every diagnostic. */
function isCacheFile(v: unknown): v is { tool: string; entries: Record<string, Entry> } {
  if (!isObj(v) || v.format !== FORMAT || typeof v.tool !== 'string' || !isObj(v.entries)) return false;
  return Object.values(v.entries).every((e) => {
    if (!isObj(e) || typeof e.key !== 'string' || !isObj(e.result)) return false;
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
