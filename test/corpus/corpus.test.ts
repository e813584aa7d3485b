/**
 * The real forms of test/fixtures/corpus (copied from ../shared/corpus with its README, so
 * that the test runs in every clone) against the reviewer's reading in expected.yaml
 * (issue 12, "What it must show"): every expected true problem is reported, and every
 * diagnostic is either expected, tolerated (a partial copy, a choice the format forced) or
 * a listed false positive. Known gaps — false positives waiting for other work, true
 * problems no rule sees yet — are named test.todo entries, never silent skips. The project
 * forms are checked as project forms (form: 项目支出), their first department-form
 * transcriptions (*.as-department.yaml) beside them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';

const dir = path.join(import.meta.dirname, '..', 'fixtures', 'corpus');

/** One entry of expected.yaml. */
interface Entry {
  /** rule ID (absent for a gap no rule covers) */
  rule?: string;
  /** data path with dots */
  path: string;
  /** what has to be built first */
  needs?: string;
  /** the reviewer's reason */
  why: string;
}

/** One file of expected.yaml. */
interface FileExpectation {
  form: 'department' | 'project';
  expect?: Entry[];
  tolerate?: Entry[];
  'false-positives'?: Entry[];
  gaps?: Entry[];
}

const expected = parse(readFileSync(path.join(dir, 'expected.yaml'), 'utf8')) as { files: Record<string, FileExpectation> };
const corpusFiles = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'expected.yaml').sort();

/** expected.yaml's form names and the `form` ids they stand for. */
const FORM_ID = { department: '部门整体', project: '项目支出' } as const;

const key = (rule: string | undefined, p: string): string => `${rule ?? '?'} ${p}`;

describe('real forms (test/fixtures/corpus) against the reviewer’s expected.yaml', () => {
  it('expected.yaml covers every corpus file, and nothing else', () => {
    expect(Object.keys(expected.files).sort()).toEqual(corpusFiles);
  });

  it('every first transcription (*.as-department.yaml) has its project form rewrite beside it', () => {
    const originals = corpusFiles.filter((f) => f.endsWith('.as-department.yaml'));
    expect(originals.length).toBeGreaterThan(0);
    for (const f of originals) {
      const rewrite = f.replace('.as-department.yaml', '.yaml');
      expect(corpusFiles).toContain(rewrite);
      expect(expected.files[rewrite]?.form).toBe('project');
      expect(expected.files[f]?.form).toBe('department');
    }
  });

  for (const file of corpusFiles) {
    const exp = expected.files[file];
    if (!exp) continue;
    describe(file, () => {
      const checked = check(readFileSync(path.join(dir, file)), file);
      const diagnostics = checked.result.diagnostics.filter((d) => !d.suppression);
      const got = diagnostics.map((d) => key(d.rule, d.path.join('.')));
      const must = (exp.expect ?? []).filter((e) => e.needs === undefined);
      const later = (exp.expect ?? []).filter((e) => e.needs !== undefined);
      const falsePositives = exp['false-positives'] ?? [];

      it(`is read as the ${exp.form} form`, () => {
        expect(checked.form?.id).toBe(FORM_ID[exp.form]);
      });

      it('reports every true problem the reviewer expects', () => {
        const missing = must.filter((e) => !got.includes(key(e.rule, e.path))).map((e) => `${key(e.rule, e.path)} (${e.why})`);
        expect(missing).toEqual([]);
      });

      it('reports nothing else: every diagnostic is expected, tolerated or a listed false positive', () => {
        const allowed = new Set([...(exp.expect ?? []), ...(exp.tolerate ?? []), ...falsePositives].map((e) => key(e.rule, e.path)));
        const unexpected = diagnostics.filter((d) => !allowed.has(key(d.rule, d.path.join('.')))).map((d) => `${d.line} ${d.rule} ${d.path.join('.')}: ${d.message}`);
        expect(unexpected).toEqual([]);
      });

      for (const e of falsePositives) {
        if (got.includes(key(e.rule, e.path))) it.todo(`known false positive ${key(e.rule, e.path)} (needs: ${e.needs ?? '?'}): ${e.why}`);
        else {
          it(`listed false positive ${key(e.rule, e.path)} no longer fires: remove it from expected.yaml`, () => {
            expect(got, `${key(e.rule, e.path)} is fixed (${e.needs ?? ''})`).toContain(key(e.rule, e.path));
          });
        }
      }
      for (const e of [...later, ...(exp.gaps ?? [])]) it.todo(`known gap ${key(e.rule, e.path)}${e.needs ? ` (needs: ${e.needs})` : ''}: ${e.why}`);
    });
  }
});
