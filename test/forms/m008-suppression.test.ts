/**
 * M008 (the department/project cross-check, src/cross-check.ts) honours an inline
 * suppression comment in the department file like every other rule: reported as
 * suppressed (JSON, SARIF), not under --strict or --no-inline-config, the same under
 * --cache; and the comment is not "covering nothing" (R009) when the run has no projects.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runNodeSync } from '../helpers/spawn.js';
import { scratchDir } from '../helpers/scratch.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const ex = (f: string) => path.join(root, 'examples', f);
const PROJECTS = ['huadu-project-congress-2023.yaml', 'huadu-project-heritage-2023.yaml'];
const DEPT = 'huadu-propaganda-2023.yaml';
const REASON = '两个项目另有上级专项资金';

/**
 * The department form with its 项目支出 cut so the projects exceed it (M008 fires), and
 * `comment` placed as asked: `above` the 项目支出 line, or at the end of it (`same`).
 */
function layout(comment: string, where: 'above' | 'same'): { dir: string; dept: string; projects: string; commentLine: number } {
  const dir = scratchDir('declare-m008-');
  const dept = path.join(dir, 'dept.yaml');
  let text = readFileSync(ex(DEPT), 'utf8').replace(/^( {4}project: )1354\.87/m, '$10.00').replace(/^( {4}other: )942\.46/m, '$1100.00');
  text = where === 'above' ? text.replace(/^( {4})(project: 0\.00)/m, `$1${comment}\n$1$2`) : text.replace(/^( {4}project: 0\.00)/m, `$1 ${comment}`);
  writeFileSync(dept, text);
  const projects = path.join(dir, 'projects');
  mkdirSync(projects);
  for (const p of PROJECTS) copyFileSync(ex(p), path.join(projects, p));
  const commentLine = text.split('\n').findIndex((l) => l.includes('declare-disable')) + 1;
  return { dir, dept, projects, commentLine };
}

type D = { rule: string; severity: string; line: number; suppression?: { kind: string; reason?: string; line?: number; column?: number } };
type F = { file: string; errors: number; warnings: number; diagnostics: D[]; suppressedDiagnostics?: D[] };

function deptReport(dir: string, args: string[]): { status: number | null; file: F; all: D[] } {
  const r = runNodeSync(BIN, ['validate', '--format', 'json', ...args], { cwd: dir });
  const data = JSON.parse(r.stdout) as { files: F[] };
  const file = data.files.find((x) => x.file.endsWith('dept.yaml'))!;
  return { status: r.status, file, all: [...file.diagnostics, ...(file.suppressedDiagnostics ?? [])] };
}

describe('M008 and inline suppression comments', () => {
  it('a declare-disable-next-line M008 comment above 项目支出 reports M008 as suppressed, with its reason and place, no R009 (cached too)', () => {
    const { dir, dept, projects, commentLine } = layout(`# declare-disable-next-line M008 -- ${REASON}`, 'above');
    const bare = deptReport(dir, ['--no-inline-config', dept, projects]);
    expect(bare.file.diagnostics.filter((d) => d.rule === 'M008')).toHaveLength(1);
    for (const extra of [[], ['--cache'], ['--cache']]) {
      const r = deptReport(dir, [...extra, dept, projects]);
      const m = r.all.filter((d) => d.rule === 'M008');
      expect(m).toHaveLength(1);
      expect(m[0]!.suppression).toEqual({ kind: 'inline', reason: REASON, line: commentLine, column: 5 });
      expect(r.file.diagnostics.map((d) => d.rule)).not.toContain('M008');
      expect(r.all.map((d) => d.rule)).not.toContain('R009');
      // one warning fewer than without the comment honoured
      expect([r.file.errors, r.file.warnings]).toEqual([bare.file.errors, bare.file.warnings - 1]);
    }
  });

  it('a declare-disable-line M008 comment on the 项目支出 line suppresses it too', () => {
    const { dir, dept, projects } = layout(`# declare-disable-line M008 -- ${REASON}`, 'same');
    const r = deptReport(dir, [dept, projects]);
    expect(r.all.filter((d) => d.rule === 'M008').map((d) => d.suppression?.kind)).toEqual(['inline']);
  });

  it('--no-inline-config and --strict ignore the comment: M008 is a plain warning (cached too)', () => {
    const { dir, dept, projects } = layout(`# declare-disable-next-line M008 -- ${REASON}`, 'above');
    for (const flag of ['--no-inline-config', '--strict']) {
      for (const extra of [[], ['--cache'], ['--cache']]) {
        const r = deptReport(dir, [flag, ...extra, dept, projects]);
        const m = r.all.filter((d) => d.rule === 'M008');
        expect(m.map((d) => [d.severity, d.suppression])).toEqual([['warning', undefined]]);
      }
    }
  });

  it('an inline comment wins over M008: off in the configuration, as for every rule', () => {
    const { dir, dept, projects } = layout(`# declare-disable-next-line M008 -- ${REASON}`, 'above');
    writeFileSync(path.join(dir, 'declare.config.yaml'), 'rules:\n  M008: off\n');
    const r = deptReport(dir, [dept, projects]);
    expect(r.all.filter((d) => d.rule === 'M008').map((d) => d.suppression?.kind)).toEqual(['inline']);
  });

  it('SARIF: the suppressed M008 carries an inSource suppression with the reason as justification', () => {
    const { dir, dept, projects, commentLine } = layout(`# declare-disable-next-line M008 -- ${REASON}`, 'above');
    const r = runNodeSync(BIN, ['validate', '--format', 'sarif', dept, projects], { cwd: dir });
    type R = { ruleId: string; suppressions?: { kind: string; justification: string; location?: { physicalLocation: { region: { startLine: number } } } }[] };
    const results = (JSON.parse(r.stdout) as { runs: { results: R[] }[] }).runs[0]!.results.filter((x) => x.ruleId === 'M008');
    expect(results).toHaveLength(1);
    expect(results[0]!.suppressions).toHaveLength(1);
    expect(results[0]!.suppressions![0]).toMatchObject({ kind: 'inSource', justification: REASON });
    expect(results[0]!.suppressions![0]!.location!.physicalLocation.region.startLine).toBe(commentLine);
  });

  it('the department form checked without its projects: the comment is not reported as covering nothing (R009)', () => {
    const { dir, dept } = layout(`# declare-disable-next-line M008 -- ${REASON}`, 'above');
    const r = deptReport(dir, [dept]);
    expect(r.all.map((d) => d.rule)).not.toContain('R009');
    expect(r.all.map((d) => d.rule)).not.toContain('M008');
  });

  it('a comment that does not cover the 项目支出 line does not suppress M008; one in a project form is R009 (M008 never lands there)', () => {
    const { dir, dept, projects } = layout(`# declare-disable-next-line M008 -- ${REASON}`, 'above');
    // move the comment one line up: it now covers the line before the comment's old target
    const lines = readFileSync(dept, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('declare-disable'));
    [lines[at - 1], lines[at]] = [lines[at]!, lines[at - 1]!];
    writeFileSync(dept, lines.join('\n'));
    const r = deptReport(dir, [dept, projects]);
    expect(r.file.diagnostics.filter((d) => d.rule === 'M008')).toHaveLength(1);
    const project = path.join(projects, PROJECTS[0]!);
    writeFileSync(project, `# declare-disable-next-line M008 -- ${REASON}\n${readFileSync(project, 'utf8')}`);
    const p = runNodeSync(BIN, ['validate', '--format', 'json', project], { cwd: dir });
    const pf = (JSON.parse(p.stdout) as { files: F[] }).files[0]!;
    expect(pf.diagnostics.map((d) => d.rule)).toContain('R009');
  });
});
