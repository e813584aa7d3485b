/**
 * `--format sarif` output against the official OASIS SARIF 2.1.0 JSON Schema
 * (test/fixtures/schemas/sarif-schema-2.1.0.json, draft-07), with Ajv and ajv-formats
 * (`uri`, `uri-reference` are checked, so file URIs must really be URI references).
 */
import { existsSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../src/diagnostic.js';
import { formatters, toSarifLog } from '../../src/report/index.js';
import type { RuleInfo } from '../../src/rules/rule.js';
import { RESULTS, context } from './fixture.js';

const schema = JSON.parse(
  readFileSync(new URL('../fixtures/schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

function validator(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  formats.default(ajv);
  return ajv.compile(schema);
}

const validate = validator();

function expectValid(text: string): void {
  const ok = validate(JSON.parse(text));
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

describe('SARIF output is valid SARIF 2.1.0', () => {
  it('is the official draft-07 schema', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
  });

  it('the fixture, in both languages', () => {
    expectValid(formatters.sarif(RESULTS, context()));
    // with the working directory as %SRCROOT% (originalUriBaseIds), as the CLI writes it
    expectValid(formatters.sarif(RESULTS, context({ cwd: '/work/花 都' })));
    expectValid(formatters.sarif(RESULTS, context({ lang: 'en' })));
  });

  it('no files, and files without diagnostics', () => {
    expectValid(formatters.sarif([], context()));
    expectValid(formatters.sarif([RESULTS[1]!], context({ rules: [] })));
  });

  it('awkward file names become valid URI references', () => {
    const names = ['<stdin>', '-', 'C:\\报表\\a b.yaml', '/abs/路径/x.yaml', './a:b#c?d%e.yaml', '\\\\server\\share\\x.yaml', 'bad\uD800.yaml'];
    const results: FileResult[] = names.map((file) => ({
      file,
      rulesChecked: ['Y001'],
      diagnostics: [
        { rule: 'Y001', severity: 'error', message: 'x', path: [], line: 1, column: 1, endLine: 1, endColumn: 1 },
      ],
    }));
    expectValid(formatters.sarif(results, context()));
  });

  it('a diagnostic of a rule missing from ctx.rules has no ruleIndex but stays valid', () => {
    const results: FileResult[] = [
      {
        file: 'a.yaml',
        rulesChecked: [],
        diagnostics: [{ rule: 'Z999', severity: 'warning', message: 'x', path: [], line: 0, column: 0, endLine: 0, endColumn: 0 }],
      },
    ];
    const log = toSarifLog(results, context());
    expect(log.runs[0]!.results[0]).not.toHaveProperty('ruleIndex');
    expectValid(JSON.stringify(log));
  });

  it('the validator is real: it rejects a broken log', () => {
    const log = JSON.parse(formatters.sarif(RESULTS, context())) as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
    const raw = JSON.parse(formatters.sarif(RESULTS, context())) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    raw.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = 'a b\\c';
    expect(validate(raw)).toBe(false);
  });

  const registry = new URL('../../src/rules/index.ts', import.meta.url);
  it.skipIf(!existsSync(registry))('with every real rule of src/rules/index.ts', async () => {
    const mod = (await import(registry.href)) as { RULES?: readonly RuleInfo[] };
    expect(mod.RULES?.length).toBeGreaterThan(0);
    for (const lang of ['zh', 'en'] as const) {
      const text = formatters.sarif(RESULTS, context({ rules: mod.RULES!, lang }));
      expectValid(text);
      const ids = (JSON.parse(text) as { runs: { tool: { driver: { rules: { id: string }[] } } }[] }).runs[0]!.tool.driver.rules.map((r) => r.id);
      expect(ids).toEqual(mod.RULES!.map((r) => r.id));
    }
  });
});
