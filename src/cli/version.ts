import { readFileSync } from 'node:fs';

/**
 * The package version, read once from package.json: --version, the SARIF driver, the
 * Creator of the PDF and the generator of the HTML. (src/cli/ and dist/bundle/ are both
 * two levels below the package root.)
 */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
