import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, repoRoot, run, scratch } from './helpers.js';

const OLD = 'test/fixtures/review/diff-old.yaml';
const NEW = 'test/fixtures/review/diff-new.yaml';

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'ignore' });
}

describe('declare diff', () => {
  it('text: amounts old → new (delta), goals, tasks by name with a rename, indicators; exit 1', () => {
    const r = run(['diff', OLD, NEW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`--- ${OLD} (旧)\n+++ ${NEW} (新)`);
    expect(r.stdout).toMatch(/~ 基本支出 +1,499\.73 → 1,509\.73 \(\+10\.00\)/);
    expect(r.stdout).toMatch(/~ 财政拨款 +3,797\.06 → 3,807\.06 \(\+10\.00\)/);
    expect(r.stdout).toMatch(/支出合计 +3,797\.06 → 3,807\.06 \(\+10\.00\)/);
    expect(r.stdout).toMatch(/任务资金合计 +130\.00 → 140\.00 \(\+10\.00\)/);
    expect(r.stdout).toContain('  - 做好风险防控，维护意识形态领域安全。\n  + 做好风险防控，坚决维护意识形态领域安全。');
    expect(r.stdout).toContain('~ 深入抓好党的二十大精神的学习宣传贯彻 → 深入学习宣传贯彻党的二十大精神（改名）');
    expect(r.stdout).toMatch(/拟投入的资金（万元） +50\.00 → 60\.00 \(\+10\.00\)/);
    expect(r.stdout).toContain('- 产出指标 › 时效指标 › 理论政策宣讲：');
    expect(r.stdout).toContain('+ 产出指标 › 时效指标 › 理论政策宣讲活动：');
    expect(r.stdout).toContain('        - 省市媒体（含网络）在媒体上的宣传达到1000篇。\n        + 省市媒体（含网络）在媒体上的宣传达到1200篇。');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('共 10 处变化。');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('json: exact decimal strings and the structure of every change', () => {
    const r = run(['diff', '-f', 'json', OLD, NEW]);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.identical).toBe(false);
    expect(d.amounts).toEqual([
      { field: 'budget.expenditure.basic', old: '1499.73', new: '1509.73', delta: '10.00' },
      { field: 'budget.income.appropriation', old: '3797.06', new: '3807.06', delta: '10.00' },
      { field: 'budget.allocation.own', old: '3707.06', new: '3717.06', delta: '10.00' },
    ]);
    expect(d.totals.income).toEqual({ field: 'income', old: '3797.06', new: '3807.06', delta: '10.00' });
    expect(d.goals).toEqual({ added: ['做好风险防控，坚决维护意识形态领域安全。'], removed: ['做好风险防控，维护意识形态领域安全。'], reordered: false });
    expect(d.tasks.added).toEqual([]);
    expect(d.tasks.removed).toEqual([]);
    expect(d.tasks.changed).toEqual([
      { name: '持续推动花都城市文化综合实力出新出彩', oldName: null, funds: { field: 'funds', old: '50.00', new: '60.00', delta: '10.00' }, texts: [] },
      { name: '深入学习宣传贯彻党的二十大精神', oldName: '深入抓好党的二十大精神的学习宣传贯彻', funds: null, texts: [] },
    ]);
    expect(d.indicators.added.map((i: { name: string }) => i.name)).toEqual(['理论政策宣讲活动']);
    expect(d.indicators.removed.map((i: { name: string }) => i.name)).toEqual(['理论政策宣讲']);
    expect(d.indicators.changed[0].texts.map((t: { field: string }) => t.field)).toEqual(['period', 'annual']);
  });

  it('negative deltas carry their sign', () => {
    const r = run(['diff', NEW, OLD]);
    expect(r.stdout).toMatch(/~ 基本支出 +1,509\.73 → 1,499\.73 \(-10\.00\)/);
  });

  it('markdown: a table for amounts and totals, lists for the rest', () => {
    const r = run(['diff', '-f', 'markdown', '--lang', 'en', OLD, NEW]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`### \`${OLD}\` → \`${NEW}\``);
    expect(r.stdout).toContain('| Item | Old | New | Change |\n|---|---:|---:|---:|\n| basic expenditure | 1,499.73 | 1,509.73 | +10.00 |');
    expect(r.stdout).toContain('| **Total expenditure** | 3,797.06 | 3,807.06 | +10.00 |');
    expect(r.stdout).toContain('- ✏️ ~~深入抓好党的二十大精神的学习宣传贯彻~~ → **深入学习宣传贯彻党的二十大精神**');
    expect(r.stdout).toContain('- ➕ 做好风险防控，坚决维护意识形态领域安全。');
  });

  it('comments, key order, quoting and amount spelling are no change: exit 0', () => {
    const dir = scratch();
    const text = readFileSync(path.join(repoRoot, OLD), 'utf8')
      .replace(/#.*$/gm, '')
      .replace('basic: 1499.73', 'basic: "1,499.73"')
      .replace('transfer: 90.00', 'transfer: 90')
      .replace('level: 区', 'level: "区"');
    writeFileSync(path.join(dir, 'same.yaml'), text);
    const r = run(['diff', OLD, path.join(dir, 'same.yaml')]);
    expect(r.stdout).toContain('两份申报表内容相同');
    expect(r.code).toBe(0);
  });

  it('matches tasks by name, not position: reordered tasks are only "reordered"', () => {
    const dir = scratch();
    const text = readFileSync(path.join(repoRoot, 'examples/huadu-shiling-town-2024.yaml'), 'utf8');
    const tasks = /^tasks:\n((?:  .*\n)+)/m.exec(text)!;
    const items = tasks[1]!.split(/(?=^  - name:)/m);
    const swapped = text.replace(tasks[1]!, [items[2], items[0], items[1]].join(''));
    writeFileSync(path.join(dir, 'swapped.yaml'), swapped);
    const r = run(['diff', '-f', 'json', 'examples/huadu-shiling-town-2024.yaml', path.join(dir, 'swapped.yaml')]);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.tasks).toEqual({ added: [], removed: [], changed: [], reordered: true });
  });

  it('a side with structure errors is compared on what can be read, and says so', () => {
    const r = run(['diff', 'test/fixtures/rules/valid-minimal.yaml', 'test/fixtures/rules/s002-exponent.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('! test/fixtures/rules/s002-exponent.yaml 有 1 个错误，其中有结构错误：只比较了能读出的部分');
    expect(r.stdout).toMatch(/~ 基本支出 +1,499\.73 → 无效/);
  });

  it('a side that is not YAML cannot be compared: exit 2 with the parser position', () => {
    const r = run(['diff', OLD, 'test/fixtures/rules/y001-duplicate-key.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('无法比较：test/fixtures/rules/y001-duplicate-key.yaml:5:1 不是有效的 YAML');
  });

  it('colour only when asked for', () => {
    expect(run(['diff', OLD, NEW], { env: { FORCE_COLOR: '1' } }).stdout).toContain('\u001b[32m  + 做好风险防控');
    expect(run(['diff', '--no-color', OLD, NEW], { env: { FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(run(['diff', '-f', 'markdown', OLD, NEW], { env: { FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('usage errors exit 2', () => {
    expect(run(['diff', OLD]).code).toBe(2);
    expect(run(['diff', OLD, NEW, '--rev', 'HEAD']).code).toBe(2);
    expect(run(['diff', OLD, 'missing.yaml']).code).toBe(2);
  });

  describe('--rev', () => {
    const repo = scratch();
    mkdirSync(path.join(repo, 'decls'));
    copyFileSync(path.join(fixtures, 'diff-old.yaml'), path.join(repo, 'decls', 'huadu.yaml'));
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'old');
    copyFileSync(path.join(fixtures, 'diff-new.yaml'), path.join(repo, 'decls', 'huadu.yaml'));

    it('compares the working file with the same path at a revision, from any directory', () => {
      const inSub = run(['diff', 'huadu.yaml', '--rev', 'HEAD'], { cwd: path.join(repo, 'decls') });
      expect(inSub.code).toBe(1);
      expect(inSub.stdout).toContain('--- huadu.yaml@HEAD (旧)\n+++ huadu.yaml (新)');
      expect(inSub.stdout).toMatch(/~ 基本支出 +1,499\.73 → 1,509\.73 \(\+10\.00\)/);
      const fromRoot = run(['diff', 'decls/huadu.yaml', '--rev', 'HEAD', '-f', 'json'], { cwd: repo });
      expect(JSON.parse(fromRoot.stdout).amounts).toHaveLength(3);
    });

    it('unchanged against the revision: exit 0', () => {
      git(repo, 'stash', '-q');
      const r = run(['diff', 'decls/huadu.yaml', '--rev', 'HEAD'], { cwd: repo });
      git(repo, 'stash', 'pop', '-q');
      expect(r.code).toBe(0);
    });

    it('unknown revision, file not in the revision, not a repository, option-like revision: exit 2', () => {
      const unknown = run(['diff', 'decls/huadu.yaml', '--rev', 'no-such-branch'], { cwd: repo });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('未知的 git 版本 no-such-branch');
      writeFileSync(path.join(repo, 'decls', 'new.yaml'), readFileSync(path.join(fixtures, 'diff-new.yaml')));
      const missing = run(['diff', 'decls/new.yaml', '--rev', 'HEAD', '--lang', 'en'], { cwd: repo });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('decls/new.yaml does not exist in revision HEAD');
      const outside = scratch();
      copyFileSync(path.join(fixtures, 'diff-new.yaml'), path.join(outside, 'x.yaml'));
      const noRepo = run(['diff', 'x.yaml', '--rev', 'HEAD'], { cwd: outside, env: { GIT_CEILING_DIRECTORIES: path.dirname(outside) } });
      expect(noRepo.code).toBe(2);
      expect(noRepo.stderr).toContain('x.yaml 不在 git 仓库中');
      const option = run(['diff', 'decls/huadu.yaml', '--rev=--output=/tmp/declare-pwned'], { cwd: repo });
      expect(option.code).toBe(2);
      expect(option.stderr).toContain('无效的 git 版本');
    });
  });
});
