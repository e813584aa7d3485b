/**
 * The folder edges src/ must not have (docs/architecture.md "Layers"): a value or type
 * import from one folder into another that sits above it. Run: npx tsx scripts/check-layers.ts
 * (exit 1 and the offending imports when one is there); test/authoring/layers.test.ts runs it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `[from, to]`: no file under src/<from>/ imports anything under src/<to>/. */
export const FORBIDDEN: readonly [string, string][] = [
  ['load', 'model'], ['load', 'forms'], ['load', 'rules'], ['load', 'cli'], ['load', 'render'], ['load', 'review'],
  ['model', 'forms'], ['model', 'rules'], ['model', 'cli'], ['model', 'render'], ['model', 'review'], ['model', 'report'],
  ['forms', 'rules'], ['forms', 'cli'], ['forms', 'review'],
  ['render', 'cli'], ['render', 'forms'], ['render', 'rules'],
  ['rules', 'cli'], ['rules', 'review'],
  ['report', 'cli'], ['review', 'cli'],
];

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every import that crosses a forbidden edge, as `src/a/x.ts → src/b/y.js`. */
export function violations(): string[] {
  const out: string[] = [];
  for (const file of files(SRC)) {
    const from = path.relative(SRC, file).split(path.sep)[0]!;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)) {
      const target = path.relative(SRC, path.resolve(path.dirname(file), m[1]!)).split(path.sep)[0]!;
      if (FORBIDDEN.some(([a, b]) => a === from && b === target)) out.push(`src/${path.relative(SRC, file)} → ${m[1]}`);
    }
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const v = violations();
  for (const line of v) process.stdout.write(`${line}\n`);
  process.exitCode = v.length > 0 ? 1 : 0;
}
