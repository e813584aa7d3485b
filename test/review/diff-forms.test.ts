/**
 * `declare diff` of project forms (issue 13): the header fields, the lists of goals, the
 * amounts' section and the totals are the file's form's (PROJECT_FORM.diff), labelled from
 * its field table, in every format; a file whose form changed says so.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPARTMENT_FORM } from '../../src/forms/department/definition.js';
import { PROJECT_FORM } from '../../src/forms/project/definition.js';
import { repoRoot, run, scratch } from './helpers.js';

const HERITAGE = path.join(repoRoot, 'examples/huadu-project-heritage-2023.yaml');
const label = (p: string, lang: 'zh' | 'en' = 'zh') => PROJECT_FORM.fields.find((f) => f.path === p)![lang];

/** The heritage project, and a copy with its name, kind, period end, annual funds and a year goal changed. */
function pair(): { a: string; b: string } {
  const dir = scratch();
  const text = readFileSync(HERITAGE, 'utf8');
  const a = path.join(dir, 'a.yaml');
  const b = path.join(dir, 'b.yaml');
  writeFileSync(a, text);
  const changed = text
    .replace('project: 花都区文物平安工程及公共文化设施提升', 'project: 花都区文物平安工程')
    .replace('kind: 延续', 'kind: 新增')
    .replace('  end: 2024', '  end: 2025')
    .replace('    total: 50.00\n    appropriation: 45.00\n', '    total: 60.00\n    appropriation: 55.00\n')
    .replace('    - 完成全国公共图书馆评估定级迎检工作。', '    - 完成全国公共图书馆评估定级迎检工作，争创一级馆。');
  expect(changed).not.toBe(text);
  writeFileSync(b, changed);
  return { a, b };
}

describe('declare diff: project forms', () => {
  it("text: the project's identity fields, its funds (the two 财政拨款 told apart), its totals and its goals", () => {
    const { a, b } = pair();
    const r = run(['diff', a, b]);
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toContain(`~ ${label('project')}  花都区文物平安工程及公共文化设施提升 → 花都区文物平安工程`);
    expect(out).toContain(`~ ${label('kind')}  延续 → 新增`);
    expect(out).toContain(`~ ${label('period.end')}  2024 → 2025`);
    expect(out).toContain(`\n${PROJECT_FORM.diff.amounts.zh}\n`);
    expect(out).toMatch(new RegExp(`~ ${label('funds.annual.total')} +50\\.00 → 60\\.00 \\(\\+10\\.00\\)`));
    expect(out).toMatch(new RegExp(`~ ${label('funds.annual')} › ${label('funds.annual.appropriation')} +45\\.00 → 55\\.00 \\(\\+10\\.00\\)`));
    // totals: the project form's sums, the period one unchanged
    const [period, annual] = PROJECT_FORM.diff.totals;
    expect(out).toMatch(new RegExp(`${period!.zh.replace('+', '\\+')} +165\\.00 → 165\\.00\\n`));
    expect(out).toMatch(new RegExp(`${annual!.zh.replace('+', '\\+')} +50\\.00 → 60\\.00 \\(\\+10\\.00\\)`));
    expect(out).toContain(`\n${PROJECT_FORM.diff.lists[1]!.zh}\n  - 完成全国公共图书馆评估定级迎检工作。\n  + 完成全国公共图书馆评估定级迎检工作，争创一级馆。`);
    // nothing of the department form's
    for (const word of [DEPARTMENT_FORM.diff.amounts.zh, ...DEPARTMENT_FORM.diff.totals.map((t) => t.zh), '年度重点工作任务', '部门名称']) expect(out).not.toContain(word);
    expect(out.trimEnd().split('\n').at(-1)).toBe('共 7 处变化。');
  });

  it('json: header fields by path, amounts, totals keyed by the form\'s ids, lists by field', () => {
    const { a, b } = pair();
    const d = JSON.parse(run(['diff', a, b, '-f', 'json']).stdout);
    expect(d.forms).toEqual([PROJECT_FORM.id]);
    expect(d.header).toEqual([
      { field: 'project', old: '花都区文物平安工程及公共文化设施提升', new: '花都区文物平安工程' },
      { field: 'kind', old: '延续', new: '新增' },
      { field: 'period.end', old: '2024', new: '2025' },
    ]);
    expect(d.amounts.map((x: { field: string }) => x.field)).toEqual(['funds.annual.total', 'funds.annual.appropriation']);
    expect(Object.keys(d.totals)).toEqual(PROJECT_FORM.diff.totals.map((t) => t.id));
    expect(d.totals.annualTotal).toEqual({ field: 'annualTotal', old: '50.00', new: '60.00', delta: '10.00' });
    expect(d.lists).toEqual([
      { field: 'goals.period', added: [], removed: [], reordered: false },
      { field: 'goals.annual', added: ['完成全国公共图书馆评估定级迎检工作，争创一级馆。'], removed: ['完成全国公共图书馆评估定级迎检工作。'], reordered: false },
    ]);
  });

  it('markdown in English: the form\'s English labels and headings', () => {
    const { a, b } = pair();
    const out = run(['diff', a, b, '-f', 'markdown', '--lang', 'en']).stdout;
    expect(out).toContain(`| ${label('project', 'en')} | 花都区文物平安工程及公共文化设施提升 | 花都区文物平安工程 |  |`);
    expect(out).toContain(`#### ${PROJECT_FORM.diff.amounts.en}`);
    expect(out).toContain(`| **${PROJECT_FORM.diff.totals[1]!.en}** | 50.00 | 60.00 | +10.00 |`);
    expect(out).toContain(`#### ${PROJECT_FORM.diff.lists[1]!.en}`);
  });

  it('a goal moved between 实施期目标 and 年度目标 is a change of both lists; the same file is identical (exit 0)', () => {
    const dir = scratch();
    const text = readFileSync(HERITAGE, 'utf8');
    const moved = text.replace('    - 完成全区文物点安全巡查和信息入库，初步建立“一张图”。\n', '').replace('  period:\n    - 实施文物平安工程', '  period:\n    - 完成全区文物点安全巡查和信息入库，初步建立“一张图”。\n    - 实施文物平安工程');
    expect(moved).not.toBe(text);
    writeFileSync(path.join(dir, 'a.yaml'), text);
    writeFileSync(path.join(dir, 'b.yaml'), moved);
    const d = JSON.parse(run(['diff', path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml'), '-f', 'json']).stdout);
    expect(d.lists.map((l: { added: string[]; removed: string[] }) => [l.added.length, l.removed.length])).toEqual([[1, 0], [0, 1]]);
    expect(run(['diff', HERITAGE, path.join(dir, 'a.yaml')]).code).toBe(0);
  });

  it('a file whose form changed: the header says 表单 项目支出 → 部门整体, and the new form heads the totals', () => {
    const r = run(['diff', HERITAGE, 'examples/huadu-propaganda-2023.yaml', '-f', 'json']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.forms).toEqual([DEPARTMENT_FORM.id, PROJECT_FORM.id]);
    expect(d.header[0]).toEqual({ field: 'form', old: PROJECT_FORM.id, new: DEPARTMENT_FORM.id });
    expect(Object.keys(d.totals)).toEqual(DEPARTMENT_FORM.diff.totals.map((t) => t.id));
  });

  it('a department and a project form: fields only one form has are added or removed, never 无效 (text)', () => {
    const DEPT = 'examples/huadu-propaganda-2023.yaml';
    const out = run(['diff', DEPT, HERITAGE]).stdout;
    expect(out).not.toContain('无效');
    const dept = (p: string) => DEPARTMENT_FORM.fields.find((f) => f.path === p)!.zh;
    expect(out).toContain(`  ~ 表单  ${DEPARTMENT_FORM.id} → ${PROJECT_FORM.id}\n`);
    expect(out).toContain(`  + ${label('project')}  花都区文物平安工程及公共文化设施提升\n`);
    expect(out).toContain(`  + ${label('period.start')}  2022\n`);
    expect(out).toContain(`  - ${dept('level')}  区\n`);
    expect(out).toMatch(new RegExp(`\\n  - ${dept('budget.expenditure.basic')} +1,499\\.73\\n`));
    expect(out).toMatch(new RegExp(`\\n  \\+ ${label('funds.annual.total')} +50\\.00\\n`));
    // the new side's totals: the old (department) side has none of them
    expect(out).toMatch(new RegExp(`\\n  \\+ ${PROJECT_FORM.diff.totals[1]!.zh.replace('+', '\\+')} +50\\.00\\n`));
    // the reverse direction in English: the project's fields removed
    const en = run(['diff', HERITAGE, DEPT, '--lang', 'en']).stdout;
    expect(en).not.toContain('invalid');
    expect(en).toContain(`  - ${label('project', 'en')}  花都区文物平安工程及公共文化设施提升\n`);
    // markdown: the absent side's cell is a dash, the change column says added or removed
    const md = run(['diff', DEPT, HERITAGE, '-f', 'markdown']).stdout;
    expect(md).not.toContain('无效');
    expect(md).toContain(`| ${label('project')} | — | 花都区文物平安工程及公共文化设施提升 | ➕ |`);
    expect(md).toContain(`| ${dept('budget.expenditure.basic')} | 1,499.73 | — | ➖ |`);
  });

  it('a department and a project form in JSON: change "added"/"removed" on the fields one form lacks, null on that side', () => {
    const d = JSON.parse(run(['diff', 'examples/huadu-propaganda-2023.yaml', HERITAGE, '-f', 'json']).stdout);
    const byField = (list: { field: string }[]) => Object.fromEntries(list.map((x) => [x.field, x]));
    const header = byField(d.header);
    expect(header.form).toEqual({ field: 'form', old: DEPARTMENT_FORM.id, new: PROJECT_FORM.id });
    expect(header.project).toEqual({ field: 'project', old: null, new: '花都区文物平安工程及公共文化设施提升', change: 'added' });
    expect(header.level).toEqual({ field: 'level', old: '区', new: null, change: 'removed' });
    const amounts = byField(d.amounts);
    expect(amounts['budget.expenditure.basic']).toEqual({ field: 'budget.expenditure.basic', old: '1499.73', new: null, delta: null, change: 'removed' });
    expect(amounts['funds.annual.total']).toEqual({ field: 'funds.annual.total', old: null, new: '50.00', delta: null, change: 'added' });
    expect(d.amounts.every((a: { change?: string }) => a.change !== undefined)).toBe(true);
    expect(d.totals.annualTotal).toEqual({ field: 'annualTotal', old: null, new: '50.00', delta: null, change: 'added' });
  });

  it('two project forms, one with an unreadable amount: that amount is still 无效 (the form has the field)', () => {
    const dir = scratch();
    const broken = path.join(dir, 'broken.yaml');
    const text = readFileSync(HERITAGE, 'utf8');
    const bad = text.replace('    total: 50.00\n', '    total: 五十\n');
    expect(bad).not.toBe(text);
    writeFileSync(broken, bad);
    const out = run(['diff', HERITAGE, broken]).stdout;
    expect(out).toMatch(new RegExp(`~ ${label('funds.annual.total')} +50\\.00 → 无效`));
    const d = JSON.parse(run(['diff', HERITAGE, broken, '-f', 'json']).stdout);
    expect(d.amounts.find((a: { field: string }) => a.field === 'funds.annual.total')).toEqual({ field: 'funds.annual.total', old: '50.00', new: null, delta: null });
  });
});
