// Write a package.json and package-lock.json for esbuild alone into the directory named on
// the command line, taken from this package's lockfile: the GitHub Action then runs
// `npm ci` there and builds the bundle with it (action.yml "Install declare"), so it
// installs exactly the esbuild (and platform binary) this repository pins, by integrity,
// without the rest of the development tree. Works offline from npm's cache as well.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dest = process.argv[2];
if (!dest) {
  console.error('usage: node scripts/esbuild-lock.mjs <directory>');
  process.exit(2);
}
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const esbuild = lock.packages['node_modules/esbuild'];
if (!esbuild) {
  console.error('package-lock.json pins no esbuild');
  process.exit(2);
}
const manifest = { name: 'declare-build-tools', version: '0.0.0', private: true, dependencies: { esbuild: esbuild.version } };
const packages = { '': { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies } };
for (const [key, entry] of Object.entries(lock.packages)) {
  if (key !== 'node_modules/esbuild' && !key.startsWith('node_modules/@esbuild/')) continue;
  const { dev: _dev, devOptional: _devOptional, ...rest } = entry;
  packages[key] = rest;
}
mkdirSync(dest, { recursive: true });
writeFileSync(path.join(dest, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
writeFileSync(path.join(dest, 'package-lock.json'), JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages }, null, 2) + '\n');
