import { readFileSync } from 'node:fs';

/**
 * Set by scripts/bundle.mjs to package.json's version when it builds the bundles, so that
 * a start reads no package.json (issue 17); undefined in the plain tsc build (dist/cli).
 */
declare const __DECLARE_VERSION__: string | undefined;

/**
 * The package version: --version, the SARIF driver, the Creator of the PDF and the
 * generator of the HTML. Built into the bundles; otherwise read once from package.json
 * (src/cli/ and dist/cli/ are both two levels below the package root).
 */
export const VERSION: string = typeof __DECLARE_VERSION__ === 'string'
  ? __DECLARE_VERSION__
  : (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
