/**
 * What outside consumers of the SARIF and JUnit reports require (issue 10 item 19),
 * through the real binary:
 *
 * - SARIF locations are relative to the working directory with `uriBaseId: %SRCROOT%`
 *   (GitHub code scanning flags absolute `file://` URIs), even for an absolute input path;
 *   `originalUriBaseIds` says where %SRCROOT% is; every rule has a `helpUri` that names
 *   its heading in docs/rules.md.
 * - JUnit for a file that is not valid YAML lists Y001 only, and the report validates
 *   against the Jenkins xUnit junit-10.xsd (test/fixtures/schemas, `xmllint --schema`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { headingAnchor } from '../../src/report/rule-help.js';
import { RULES } from '../../src/rules/index.js';
import { BIN, runNode } from '../helpers/spawn.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const example = path.join(root, 'examples', 'huadu-propaganda-2023.yaml');
const scratch = mkdtempSync(path.join(tmpdir(), 'declare-clients-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Sarif {
  runs: {
    originalUriBaseIds?: Record<string, { uri: string }>;
    tool: { driver: { rules: { id: string; helpUri?: string }[] } };
    results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[];
  }[];
}

async function sarif(args: string[], cwd: string): Promise<Sarif> {
  const run = await runNode(BIN, ['validate', '--format', 'sarif', ...args], { cwd });
  expect(run.status === 0 || run.status === 1, run.stderr).toBe(true);
  return JSON.parse(run.stdout) as Sarif;
}

describe('SARIF for GitHub code scanning', () => {
  it('an absolute input path inside the working directory gives a relative URI with %SRCROOT%', async () => {
    const dir = path.join(scratch, 'repo');
    execFileSync('mkdir', ['-p', path.join(dir, '申报')]);
    const file = path.join(dir, '申报', '花都.yaml');
    writeFileSync(file, readFileSync(example, 'utf8').replace(/\n/, '\n  bad indentation: [\n'));
    const log = await sarif([file], dir);
    const run = log.runs[0]!;
    expect(run.results.length).toBeGreaterThan(0);
    for (const r of run.results) {
      const loc = r.locations[0]!.physicalLocation.artifactLocation;
      expect(loc).toEqual({ uri: `${encodeURIComponent('申报')}/${encodeURIComponent('花都.yaml')}`, uriBaseId: '%SRCROOT%' });
    }
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(dir).href}/` } });
  });

  it('a relative input path is relative to %SRCROOT%; a file outside the working directory stays absolute', async () => {
    const inside = path.join(scratch, 'work');
    execFileSync('mkdir', ['-p', inside]);
    writeFileSync(path.join(inside, 'a.yaml'), 'a: [\n');
    writeFileSync(path.join(scratch, 'outside.yaml'), 'a: [\n');
    const log = await sarif(['./a.yaml', '../outside.yaml'], inside);
    const locations = log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
    expect(locations).toContainEqual({ uri: 'a.yaml', uriBaseId: '%SRCROOT%' });
    expect(locations).toContainEqual({ uri: pathToFileURL(path.join(scratch, 'outside.yaml')).href });
  });

  it('every rule has a helpUri naming its heading in docs/rules.md', async () => {
    const log = await sarif([example], root);
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    const page = readFileSync(path.join(root, 'docs', 'rules.md'), 'utf8');
    const anchors = new Set(Array.from(page.matchAll(/^#+ (.+)$/gm), (m) => headingAnchor(m[1]!)));
    for (const rule of rules) {
      expect(rule.helpUri, rule.id).toMatch(/^https:\/\/.+\/docs\/rules\.md#.+/);
      const anchor = decodeURIComponent(new URL(rule.helpUri!).hash.slice(1));
      expect(anchor.startsWith(rule.id.toLowerCase()), rule.id).toBe(true);
      expect(anchors.has(anchor), `${rule.id}: #${anchor} is no heading of docs/rules.md`).toBe(true);
    }
  });
});

const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const inCi = process.env.CI === 'true';

describe('JUnit for CI dashboards', () => {
  it('a file that is not valid YAML lists Y001 alone, failed', async () => {
    const file = path.join(scratch, 'broken.yaml');
    writeFileSync(file, 'department: [\n');
    const run = await runNode(BIN, ['validate', '--format', 'junit', 'broken.yaml'], { cwd: scratch });
    expect(run.status).toBe(1);
    const cases = Array.from(run.stdout.matchAll(/<testcase [^>]*name="([A-Z]\d{3})[^"]*"/g), (m) => m[1]);
    expect(cases).toEqual(['Y001']);
    expect(run.stdout).toMatch(/<testsuite name="broken\.yaml" tests="1" failures="1" errors="0" skipped="0" time="0">/);
  });

  it.skipIf(!hasXmllint && !inCi)('the report validates against the Jenkins xUnit junit-10.xsd (xmllint --schema)', async () => {
    const broken = path.join(scratch, 'y.yaml');
    writeFileSync(broken, 'department: [\n');
    const odd = path.join(scratch, '花都 <&>".yaml');
    writeFileSync(odd, readFileSync(example, 'utf8'));
    const out = path.join(scratch, 'junit.xml');
    const run = await runNode(BIN, ['validate', '--format', 'junit', '--output', out, example, broken, odd], { cwd: scratch });
    expect(run.status, run.stderr).toBe(1);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/<testsuites [^>]*time="0"/);
    const xsd = path.join(root, 'test', 'fixtures', 'schemas', 'junit-10.xsd');
    const lint = spawnSync('xmllint', ['--noout', '--schema', xsd, out], { encoding: 'utf8' });
    expect(lint.stderr).toContain('validates');
    expect(lint.status, lint.stderr).toBe(0);
  });
});
