/**
 * Issue 13: the project form (项目支出) end to end through the binary: validate (with the
 * department/project cross-check M008), init, schema, summary of a mixed set, fmt, diff,
 * render (labels in the PDF text via pdftotext when installed).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, runNodeSync } from '../helpers/spawn.js';
import { scratchDir } from '../helpers/scratch.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const ex = (f: string) => path.join(root, 'examples', f);
const PROJECTS = ['huadu-project-congress-2023.yaml', 'huadu-project-heritage-2023.yaml'];
const DEPT = 'huadu-propaganda-2023.yaml';
const scratch = () => scratchDir('declare-project-');

/** A department form and its project forms in a folder, the department's project budget set to `project` and `other`. */
function layout(project: string, other: string): { dir: string; dept: string; projects: string } {
  const dir = scratch();
  const dept = path.join(dir, 'dept.yaml');
  const text = readFileSync(ex(DEPT), 'utf8').replace(/^( {4}project: )1354\.87/m, `$1${project}`).replace(/^( {4}other: )942\.46/m, `$1${other}`);
  writeFileSync(dept, text);
  const projects = path.join(dir, 'projects');
  mkdirSync(projects);
  for (const p of PROJECTS) copyFileSync(ex(p), path.join(projects, p));
  return { dir, dept, projects };
}

const json = (args: string[]) => {
  const r = runNodeSync(BIN, args);
  return { status: r.status, data: JSON.parse(r.stdout) as { files: { file: string; diagnostics: { rule: string; message: string; line: number; args: Record<string, unknown> }[] }[] } };
};

describe('validate: the department/project cross-check (M008)', () => {
  it('the Huadu projects (130.00) fit its 项目支出 + 事业发展性支出 (2297.33): no M008', () => {
    const r = json(['validate', '--format', 'json', ex(DEPT), ...PROJECTS.map(ex)]);
    expect(r.status).toBe(0);
    expect(r.data.files.flatMap((f) => f.diagnostics.map((d) => d.rule))).not.toContain('M008');
  });

  it('projects over the department budget: one warning on the department form naming them and the excess', () => {
    const { dept, projects } = layout('0.00', '100.00');
    const r = json(['validate', '--format', 'json', dept, projects]);
    const d = r.data.files.find((f) => f.file.endsWith('dept.yaml'))!.diagnostics.filter((x) => x.rule === 'M008');
    expect(d).toHaveLength(1);
    expect(d[0]!.args).toMatchObject({ count: 2, total: '130.00', limit: '100.00', difference: '30.00' });
    for (const p of PROJECTS) expect(d[0]!.message).toContain(p);
    // at the 项目支出 line
    expect(readFileSync(dept, 'utf8').split('\n')[d[0]!.line - 1]).toMatch(/^\s+project:/);
    // the project forms themselves get nothing from it
    for (const f of r.data.files.filter((x) => !x.file.endsWith('dept.yaml'))) expect(f.diagnostics.map((x) => x.rule)).not.toContain('M008');
  });

  it("the stylish report's code frame of M008 shows the department's 项目支出 line (validate keeps only the framed lines)", () => {
    const { dept, projects } = layout('0.00', '100.00');
    const r = runNodeSync(BIN, ['validate', dept, projects], { env: { NO_COLOR: '1' } });
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.endsWith('M008'));
    expect(at).toBeGreaterThan(0);
    const line = Number(/^\s+(\d+):/.exec(lines[at]!)![1]);
    expect(lines[at + 1]).toBe(`    ${line} | ${readFileSync(dept, 'utf8').split('\n')[line - 1]}`);
    expect(lines[at + 1]).toMatch(/project: 0\.00/);
  });

  it("the department file's configuration decides M008's severity: error counts as an error, off reports it as suppressed (cached too)", () => {
    const { dir, dept, projects } = layout('0.00', '100.00');
    const m008 = (...extra: string[]) => {
      const r = runNodeSync(BIN, ['validate', '--format', 'json', dept, projects, ...extra], { cwd: dir });
      type D = { rule: string; severity: string; suppression?: { kind: string } };
      const data = JSON.parse(r.stdout) as { files: { file: string; errors: number; warnings: number; diagnostics: D[]; suppressedDiagnostics?: D[] }[] };
      const f = data.files.find((x) => x.file.endsWith('dept.yaml'))!;
      return { counts: [f.errors, f.warnings], d: [...f.diagnostics, ...(f.suppressedDiagnostics ?? [])].filter((x) => x.rule === 'M008') };
    };
    const base = m008();
    expect(base.d.map((x) => x.severity)).toEqual(['warning']);
    const [errors, warnings] = base.counts as [number, number];
    writeFileSync(path.join(dir, 'declare.config.yaml'), 'rules:\n  M008: error\n');
    for (const extra of [[], ['--cache'], ['--cache']]) {
      const r = m008(...extra);
      expect(r.d.map((x) => x.severity)).toEqual(['error']);
      expect(r.counts).toEqual([errors + 1, warnings - 1]);
    }
    writeFileSync(path.join(dir, 'declare.config.yaml'), 'rules:\n  M008: off\n');
    for (const extra of [[], ['--cache'], ['--cache']]) {
      const r = m008(...extra);
      expect(r.d.map((x) => [x.severity, x.suppression?.kind])).toEqual([['warning', 'config']]);
      expect(r.counts).toEqual([errors, warnings - 1]);
    }
  });

  it('exactly at the limit: no M008; another department or year: not paired', () => {
    const at = layout('30.00', '100.00');
    expect(json(['validate', '--format', 'json', at.dept, at.projects]).data.files.flatMap((f) => f.diagnostics.map((d) => d.rule))).not.toContain('M008');
    const other = layout('0.00', '100.00');
    writeFileSync(other.dept, readFileSync(other.dept, 'utf8').replace('department: 中国共产党广州市花都区委员会宣传部', 'department: 广州市花都区文化馆'));
    expect(json(['validate', '--format', 'json', other.dept, other.projects]).data.files.flatMap((f) => f.diagnostics.map((d) => d.rule))).not.toContain('M008');
  });

  it('examples/ as a whole validates with exit 0 (the README set-up command)', () => {
    const r = runNodeSync(BIN, ['validate', path.join(root, 'examples')]);
    expect(r.status).toBe(0);
  });
});

describe('init, schema, fmt, diff, summary for 项目支出', () => {
  it('init --form 项目支出 writes a skeleton whose filled-in form is valid', () => {
    const r = runNodeSync(BIN, ['init', '--form', '项目支出', '--year', '2024', '--department', '花都区文化馆']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('form: 项目支出');
    expect(r.stdout).toContain('implementer:');
    const dir = scratch();
    const file = path.join(dir, 'p.yaml');
    writeFileSync(file, r.stdout);
    const v = json(['validate', '--format', 'json', file]);
    expect(v.status).toBe(1); // blanks to fill in
    const rules = new Set(v.data.files[0]!.diagnostics.map((d) => d.rule));
    expect([...rules].every((id) => /^[SRM]\d{3}$/.test(id))).toBe(true);
  });

  it('schema --form 项目支出 is the project form alone; an unknown kind is refused by its enum', () => {
    const r = runNodeSync(BIN, ['schema', '--form', '项目支出']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as { properties: Record<string, { enum?: string[] }> };
    expect(s.properties.kind!.enum).toEqual(['新增', '延续']);
  });

  it('fmt puts a scrambled project form back in the table order and keeps it valid', () => {
    const dir = scratch();
    const file = path.join(dir, 'p.yaml');
    const text = readFileSync(ex(PROJECTS[0]!), 'utf8');
    const body = text.slice(text.indexOf('form: 项目支出'));
    const head = body.slice(0, body.indexOf('\n# 项目资金'));
    const rest = body.slice(body.indexOf('\n# 项目资金'));
    writeFileSync(file, `${rest.trimStart()}\n${head}\n`);
    const r = runNodeSync(BIN, ['fmt', file]);
    expect(r.status).toBe(0);
    const out = readFileSync(file, 'utf8');
    expect(out.indexOf('form: 项目支出')).toBeLessThan(out.indexOf('funds:'));
    expect(out.indexOf('implementer:')).toBeLessThan(out.indexOf('goals:'));
    expect(runNodeSync(BIN, ['validate', file]).status).toBe(0);
  });

  it('diff names a changed project amount', () => {
    const dir = scratch();
    const a = path.join(dir, 'a.yaml');
    const b = path.join(dir, 'b.yaml');
    const text = readFileSync(ex(PROJECTS[1]!), 'utf8');
    writeFileSync(a, text);
    writeFileSync(b, text.replace('    total: 50.00\n    appropriation: 45.00\n', '    total: 60.00\n    appropriation: 55.00\n'));
    const r = runNodeSync(BIN, ['diff', a, b]);
    expect(r.stdout).toContain('60.00');
    expect(r.stdout).toContain('50.00');
  });

  it('summary of a mixed set: each form with its own columns, then a line per department', () => {
    const r = runNodeSync(BIN, ['summary', '-f', 'json', ex(DEPT), ...PROJECTS.map(ex)]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as { forms: { form: string; rows: { amounts: Record<string, string | null> }[]; totals: { amounts: Record<string, string> } }[]; departments: { department: string; year: number; amounts: Record<string, string | null> }[] };
    expect(s.forms.map((f) => f.form)).toEqual(['部门整体', '项目支出']);
    expect(Object.keys(s.forms[1]!.totals.amounts)).toEqual(['periodTotal', 'periodAppropriation', 'periodOther', 'annualTotal', 'annualAppropriation', 'annualOther']);
    expect(s.forms[1]!.totals.amounts.annualTotal).toBe('130.00');
    expect(s.forms[1]!.totals.amounts.periodTotal).toBe('245.00');
    expect(s.departments).toEqual([{ department: '中国共产党广州市花都区委员会宣传部', year: 2023, amounts: { 部门整体: '1354.87', 项目支出: '130.00' } }]);
    const table = runNodeSync(BIN, ['summary', ex(DEPT), ...PROJECTS.map(ex)]).stdout;
    expect(table).toContain('项目支出绩效目标申报表');
    expect(table).toContain('项目年度资金合计');
  });
});

describe('render', () => {
  const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;
  it.runIf(hasPdftotext)('the PDF has one page and every label of forms.md', () => {
    const out = scratch();
    const r = runNodeSync(BIN, ['render', '--pdf', '--html', '--out', out, ex(PROJECTS[1]!)], { timeout: 240_000 } as never);
    expect(r.status).toBe(0);
    const pdf = path.join(out, PROJECTS[1]!.replace('.yaml', '.pdf'));
    expect(existsSync(pdf)).toBe(true);
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    for (const label of ['项目支出绩效目标申报表', '（2023年度）', '项目名称', '主管部门', '实施单位', '项目属性', '项目期', '项目资金', '（万元）', '实施期资金总额', '年度资金总额', '其中：财政拨款', '其他资金', '总体目标', '实施期目标', '年度目标', '绩效指标', '一级指标', '二级指标', '三级指标', '实施期指标值', '年度指标值', '第1页共1页']) {
      expect(text, label).toContain(label);
    }
    const html = readFileSync(path.join(out, PROJECTS[1]!.replace('.yaml', '.html')), 'utf8');
    expect(html).toContain('花都区文物平安工程及公共文化设施提升');
  }, 300_000);
});
