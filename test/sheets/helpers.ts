import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check } from '../../src/check.js';
import { scratchDir } from '../helpers/scratch.js';

/** The repository root. */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The import fixtures (made by LibreOffice, see test/fixtures/sheets/README.md). */
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'sheets');
/** The examples every round trip runs over. */
export const EXAMPLES = ['guangzhou-city-sports-2024.yaml', 'huadu-propaganda-2023.yaml', 'huadu-shiling-town-2024.yaml'];

/** A fresh scratch directory. */
export function scratch(prefix = 'declare-sheets-'): string {
  return scratchDir(prefix);
}

/**
 * What a declaration means, for comparing two files: the checked declaration (the
 * partial one when it has errors) as JSON, without `version` (optional, always 1), and
 * the diagnostics as rule + path (lines differ between a hand-written file and an
 * imported one; the finding does not).
 */
export function meaning(text: string | Uint8Array, leaveOut: readonly string[] = []): { declaration: unknown; diagnostics: string[] } {
  const out = check(text, 'x.yaml');
  const decl = { ...(out.declaration ?? out.partial) } as Record<string, unknown>;
  delete decl['version'];
  for (const key of leaveOut) delete decl[key];
  return {
    declaration: JSON.parse(JSON.stringify(decl)),
    // Sorted: the order follows lines, and fmt puts 一级指标 in canonical order.
    diagnostics: out.result.diagnostics.map((d) => `${d.rule} ${d.severity} ${d.path.join('.')}`).sort(),
  };
}

/** The `filer` of a declaration's text, as checked (dates as YYYY-MM-DD). */
export function filerOf(text: string | Uint8Array): unknown {
  const out = check(text, 'x.yaml');
  return JSON.parse(JSON.stringify((out.declaration ?? out.partial)?.filer ?? null));
}

/** The meaning of an example file. */
export function exampleMeaning(name: string): ReturnType<typeof meaning> {
  return meaning(readFileSync(path.join(ROOT, 'examples', name)));
}

/** Whether LibreOffice is on this machine (CI installs it: there the tests never skip). */
export const HAS_SOFFICE = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
/** Tests that need LibreOffice run when it is there, and always in CI (where its absence fails them). */
export const NEEDS_SOFFICE = HAS_SOFFICE || process.env['CI'] === 'true';

/**
 * Convert with LibreOffice headless, in a private profile (a user's running LibreOffice
 * and other tests are not disturbed). Returns the output path.
 */
export function soffice(input: string, format: string, outDir: string, ext: string): string {
  const profile = scratch('declare-lo-');
  const run = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', format, '--outdir', outDir, input], { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`soffice failed (${run.status}): ${run.stderr}`);
  return path.join(outDir, `${path.basename(input).replace(/\.[^.]+$/, '')}.${ext}`);
}

/** Pages of a PDF (poppler's pdfinfo). */
export function pdfPages(file: string): number {
  const run = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  const m = /^Pages:\s+(\d+)/m.exec(run.stdout ?? '');
  if (!m) throw new Error(`pdfinfo: ${run.stderr}`);
  return Number(m[1]);
}

/**
 * Convert several files in one LibreOffice run (one start-up for the batch: LibreOffice
 * converts every input it is given). Returns the output paths, in the inputs' order.
 */
export function sofficeBatch(inputs: readonly string[], format: string, outDir: string, ext: string): string[] {
  const profile = scratch('declare-lo-');
  const run = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', format, '--outdir', outDir, ...inputs], { encoding: 'utf8', timeout: 180_000 });
  if (run.status !== 0) throw new Error(`soffice failed (${run.status}): ${run.stderr}`);
  return inputs.map((input) => path.join(outDir, `${path.basename(input).replace(/\.[^.]+$/, '')}.${ext}`));
}
