/**
 * End-to-end golden output of every format: the real binary on a fixed set of files (a
 * clean-with-warnings example, an M001 fixture, a Y001 fixture), FORCE_COLOR=0. The
 * reporters' unit goldens are in test/report; these catch what the CLI adds (sorting,
 * file names, summary, escaping of real messages). Regenerate with UPDATE_GOLDEN=1.
 * The tool version is replaced by <VERSION> so a release does not touch these files.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, repoRoot, runCli } from './helpers.js';
import { expectGolden } from '../helpers/golden.js';

const FILES = [
  'examples/huadu-propaganda-2023.yaml',
  'test/fixtures/rules/m001-off-by-one-cent.yaml',
  'test/fixtures/validate/y001-tab-indentation.yaml',
];
const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github'] as const;
const GOLDEN = path.join(repoRoot, 'test', 'fixtures', 'validate', 'golden');
const VERSION = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(() => {
  assertBuilt();
});

describe.concurrent('golden output of `declare validate` per format', () => {
  it.each(FORMATS)('%s', async (format) => {
    const r = await runCli(['validate', ...FILES, '--format', format], { env: { FORCE_COLOR: '0' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1); // M001 and Y001 are errors
    // SARIF names the working directory (originalUriBaseIds %SRCROOT%): the checkout's own place.
    const got = r.stdout.split(VERSION).join('<VERSION>').split(`${pathToFileURL(repoRoot).href}/`).join('file:///<ROOT>/');
    const file = path.join(GOLDEN, `${format}.txt`);
    expectGolden(file, got);
  });
});
