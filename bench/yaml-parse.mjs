#!/usr/bin/env node
/**
 * Why `declare validate` on many files cannot beat ajv-cli as it stands: the time of the
 * YAML library declare uses (yaml, eemeli) alone — read every file, then
 * parseAllDocuments with declare's options (src/load/load.ts) — with nothing else of
 * declare. ajv-cli parses with js-yaml, which is several times faster.
 *
 *   node bench/yaml-parse.mjs DIR
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const dir = process.argv[2];
for (const name of readdirSync(dir).sort()) {
  if (!name.endsWith('.yaml')) continue;
  const text = readFileSync(path.join(dir, name), 'utf8');
  parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, strict: true, merge: false });
}
