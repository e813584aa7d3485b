/**
 * Helpers for the review tests (summary, diff, fmt): run the real `node bin/declare.js`,
 * make scratch directories, split CSV.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BIN, runNodeSync } from '../helpers/spawn.js';
import { scratchDir } from '../helpers/scratch.js';

/** The repository root (this file is test/review/helpers.ts). */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** test/fixtures/review */
export const fixtures = path.join(repoRoot, 'test', 'fixtures', 'review');

/** What a run of the binary gave. */
export interface Run {
  /** exit code */
  code: number;
  /** standard output */
  stdout: string;
  /** standard error */
  stderr: string;
}

/** Run `declare …` (the built binary: `npm test` builds first). No colour unless asked. */
export function run(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Run {
  if (!existsSync(path.join(repoRoot, 'dist'))) throw new Error('dist/ is missing: run npm run build (npm test does it)');
  // No colour unless FORCE_COLOR is asked for.
  const env = { NO_COLOR: options.env?.FORCE_COLOR ? undefined : '1', ...options.env };
  const r = runNodeSync(BIN, args, { cwd: options.cwd ?? repoRoot, env, input: options.input ?? '' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh scratch directory. */
export function scratch(): string {
  return scratchDir('declare-review-');
}

/** Split RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
