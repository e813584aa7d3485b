/**
 * A private build of the current source for the bench to measure. Other work in the
 * same checkout rebuilds dist/ at any moment (`npm test` runs `npm run build`, which
 * deletes dist/bundle first), so the bench never runs the shared dist/: it builds the
 * CLI bundle exactly as `npm run build` does (scripts/bundle.mjs, esbuild) into a
 * temporary package directory laid out like the real one:
 *
 *   SNAP/bin/declare.js  SNAP/dist/bundle/…  SNAP/templates  SNAP/schema
 *   SNAP/package.json    SNAP/node_modules -> REPO/node_modules   SNAP/src -> REPO/src
 *
 * plus SNAP/dist/bench/lib.js, a bundle of the library functions the floor measurement
 * needs (check, pdfHtml, printForm, PdfEngine, printPdf, FontStore, findBrowser, launchArgs),
 * from the same source.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Build the snapshot; returns its directory (remove it with removeSnapshot). */
export function buildSnapshot(repo = REPO) {
  const snap = mkdtempSync(path.join(os.tmpdir(), 'declare-bench-'));
  for (const dir of ['bin', 'templates', 'schema']) cpSync(path.join(repo, dir), path.join(snap, dir), { recursive: true });
  cpSync(path.join(repo, 'package.json'), path.join(snap, 'package.json'));
  symlinkSync(path.join(repo, 'node_modules'), path.join(snap, 'node_modules'), 'dir');
  symlinkSync(path.join(repo, 'src'), path.join(snap, 'src'), 'dir');
  // The product's own bundler script, run in the snapshot (it writes ./dist/bundle).
  execFileSync(process.execPath, [path.join(repo, 'scripts', 'bundle.mjs')], { cwd: snap, stdio: 'inherit' });
  const entry = path.join(snap, 'dist', 'bench-entry.ts');
  writeFileSync(entry, [
    "export { check } from '../src/check.js';",
    "export { pdfHtml, printForm } from '../src/render/pdf.js';",
    "export { FontStore, loadFontSet } from '../src/render/fonts.js';",
    "export { findBrowser } from '../src/render/find-browser.js';",
    "export { PdfEngine, launchArgs, printPdf } from '../src/render/browser.js';",
    "import { VERSION } from '../src/cli/version.js';",
    'export const packageVersion = () => VERSION;',
    '',
  ].join('\n'));
  execFileSync(process.execPath, ['--input-type=module', '-e', `
    import { build } from 'esbuild';
    await build({
      entryPoints: [${JSON.stringify(entry)}], outfile: ${JSON.stringify(path.join(snap, 'dist', 'bench', 'lib.js'))},
      bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning',
      external: ['puppeteer-core', '@sparticuz/chromium', 'handlebars', 'yaml-language-server'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });`], { cwd: repo, stdio: 'inherit' });
  return snap;
}

/** Remove a snapshot made by buildSnapshot. */
export function removeSnapshot(snap) {
  rmSync(snap, { recursive: true, force: true });
}
