import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

  set(file: string, key: string, result: FileResult): void {
    this.next.set(file, { key, result });
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
    return r.diagnostics.every((d: unknown) =>
      isObj(d) && typeof d.rule === 'string' && RULE_IDS.has(d.rule) && (d.severity === 'error' || d.severity === 'warning')
      && typeof d.message === 'string' && Array.isArray(d.path) && isPos(d.line) && isPos(d.column) && isPos(d.endLine) && isPos(d.endColumn));
  });
}
