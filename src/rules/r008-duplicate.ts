import { defineMessages } from '../messages/catalogue.js';
import { indicatorsOf } from './text.js';
import { defineRule, type FindingOf } from './rule.js';

/** R008's message arguments (also in `--format json`). */
export type R008Args = { kind: 'task'; name: string; first: number } | { kind: 'indicator'; name: string; level2: string; first: number };

/** R008's sentences, one per kind; `first` is the 1-based number of the earlier item. */
const messages = defineMessages({
  zh: {
    task: (a: { name: string; first: number }) => `重点工作任务「${a.name}」与第 ${a.first} 项重名，请合并或改名`,
    indicator: (a: { name: string; level2: string; first: number }) => `${a.level2}下的三级指标「${a.name}」与第 ${a.first} 项重名，请合并或改名`,
  },
  en: {
    task: (a) => `task "${a.name}" has the same name as task ${a.first}; merge or rename`,
    indicator: (a) => `indicator "${a.name}" under ${a.level2} repeats item ${a.first}; merge or rename`,
  },
});

export const R008 = defineRule<R008Args>()({
  id: 'R008',
  severity: 'warning',
  title: { zh: '重复的任务或指标名称', en: 'duplicate task or indicator name' },
  check({ decl }) {
    const out: FindingOf<'R008', R008Args>[] = [];
    const seenTasks = new Map<string, number>();
    if (Array.isArray(decl.tasks)) decl.tasks.forEach((t, i) => {
      if (!t || typeof t.name !== 'string') return;
      const first = seenTasks.get(t.name);
      if (first !== undefined) out.push({ rule: 'R008', path: ['tasks', i, 'name'], args: { kind: 'task', name: t.name, first: first + 1 } });
      else seenTasks.set(t.name, i);
    });
    const seen = new Map<string, number>();
    for (const ind of indicatorsOf(decl)) {
      if (typeof ind.name !== 'string') continue;
      const key = `${ind.level1}\u0000${ind.level2}\u0000${ind.name}`;
      const first = seen.get(key);
      if (first !== undefined) {
        out.push({ rule: 'R008', path: [...ind.path, 'name'], args: { kind: 'indicator', name: ind.name, level2: ind.level2, first: first + 1 } });
      } else seen.set(key, ind.index);
    }
    return out;
  },
  message({ args }, lang) {
    const t = messages(lang);
    if (args.kind === 'task') return t.task({ name: args.name, first: args.first });
    return t.indicator({ name: args.name, level2: args.level2, first: args.first });
  },
  docs: {
    what: {
      zh: '同一二级指标下出现两个同名三级指标，或两项重点工作任务同名时提示（指向第二项）。',
      en: 'Flags two level-3 indicators with the same name under one level-2 indicator, or two tasks with the same name (at the second).',
    },
    why: { zh: '重名通常是复制粘贴后忘了修改，会让评价时无法区分。', en: 'A duplicate is usually a copy-paste left unedited; evaluation cannot tell the two apart.' },
    source: '审核惯例（重名无法区分评价对象）；未找到逐字规定的文件',
    failing: '数量指标:\n  - name: 宣传活动场次\n    period: 10场\n    annual: 10场\n  - name: 宣传活动场次\n    period: 5场\n    annual: 5场\n',
    fixed: '数量指标:\n  - name: 线下宣传活动场次\n    period: 10场\n    annual: 10场\n  - name: 网络宣传活动场次\n    period: 5场\n    annual: 5场\n',
    limits: {
      zh: '只比较完全相同的名称：只差一两个字的近似名称不提示；不同二级指标下的同名指标不提示。',
      en: 'Compares exact names only: names a character or two apart are not flagged, nor the same name under different 二级指标.',
    },
  },
});
