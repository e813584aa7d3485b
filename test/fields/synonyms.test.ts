/**
 * forms.md "Labels as real forms write them", through the real binary: a synonym is its
 * canonical 二级指标 for rules, summary and diff, and keeps its word in fmt and render.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../review/helpers.js';
import { scratchDir } from '../helpers/scratch.js';

const FILE = 'test/fixtures/rules/valid-synonyms.yaml';
const text = readFileSync(FILE, 'utf8');
const scratch = () => scratchDir('declare-synonyms-');

describe('label synonyms', () => {
  it('are accepted: no S003, and the satisfaction row under 社会公众或服务对象满意度指标 counts (no R002)', () => {
    const r = run(['validate', FILE]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/S003|R002/);
  });

  it('are measured as their category: a 社会公众满意度指标 target without a number is R003, below 85% is R004', () => {
    const dir = scratch();
    const file = path.join(dir, 'x.yaml');
    writeFileSync(file, text.replace(/^    社会公众或服务对象满意度指标:/m, '    社会公众满意度指标:').replace(/period: 不低于90%/, 'period: 群众满意').replace(/annual: 不低于90%/, 'annual: 不低于80%'));
    const r = run(['validate', '--format', 'json', file]);
    const rules = (JSON.parse(r.stdout) as { files: { diagnostics: { rule: string }[] }[] }).files[0]!.diagnostics.map((d) => d.rule);
    expect(rules).toEqual(expect.arrayContaining(['R003', 'R004']));
    expect(rules).not.toContain('S003');
  });

  it('count as their 一级指标 in summary', () => {
    const json = JSON.parse(run(['summary', '--format', 'json', FILE]).stdout) as { rows: { indicators: Record<string, number> }[] };
    expect(json.rows[0]!.indicators).toEqual({ 产出指标: 2, 成本指标: 1, 效益指标: 2, 满意度指标: 1 });
  });

  it('diff: writing 生态效益指标 for 环境效益指标 changes nothing', () => {
    const dir = scratch();
    const file = path.join(dir, 'x.yaml');
    writeFileSync(file, text.replace(/^    环境效益指标:/m, '    生态效益指标:').replace(/^    社会公众或服务对象满意度指标:/m, '    服务对象满意度指标:'));
    const r = run(['diff', FILE, file]);
    expect(r.stdout).toContain('两份申报表内容相同');
    expect(r.code).toBe(0);
  });

  it('fmt and render keep the file\'s own word', () => {
    const dir = scratch();
    const file = path.join(dir, 'x.yaml');
    writeFileSync(file, text);
    expect(run(['fmt', file]).code).toBe(0);
    const formatted = readFileSync(file, 'utf8');
    for (const w of ['环境效益指标:', '社会公众或服务对象满意度指标:', '生态环境成本:']) expect(formatted).toContain(w);
    expect(run(['render', '-o', dir, FILE]).code).toBe(0);
    const html = readFileSync(path.join(dir, 'valid-synonyms.html'), 'utf8');
    for (const w of ['环境效益指标', '社会公众或服务对象满意度指标', '生态环境成本']) expect(html).toContain(`>${w}<`);
    expect(html).not.toContain('指标类别有误');
  });

  it('a misspelt key still gets S003, and no hint names another category', () => {
    const dir = scratch();
    const file = path.join(dir, 'x.yaml');
    writeFileSync(file, text.replace(/^    环境效益指标:/m, '    环境效益指示:'));
    const r = run(['validate', file]);
    expect(r.stdout).toContain('S003');
    expect(r.stdout).not.toContain('经济效益指标');
  });
});
