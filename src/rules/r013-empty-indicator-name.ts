import { defineMessages } from '../messages/catalogue.js';
import { FRAMEWORK, LEVEL1 } from '../model/framework.js';
import { indicatorsOf } from './text.js';
import { defineRule, type FindingOf } from './rule.js';

/** Only digits, punctuation, symbols and spaces: 「88」, 「100%」, 「——」. */
const NO_WORDS = /^[\p{N}\p{P}\p{S}\s]+$/u;

/** The framework's own category names (产出指标, 数量指标, 社会成本指标 …). */
const CATEGORY_NAMES: ReadonlySet<string> = new Set<string>([...LEVEL1, ...LEVEL1.flatMap((l1) => FRAMEWORK[l1])]);

/** A name repeated on every row says nothing when there are at least this many rows. */
const MIN_ROWS_REPEATED = 3;

/** R013's message arguments (also in `--format json`). */
export type R013Args = { kind: 'no-words' | 'category' | 'repeated'; name: string; level2: string };

const messages = defineMessages({
  zh: {
    'no-words': (a: R013Args) => `${a.level2}下的三级指标名称「${a.name}」只有数字或符号，没有说明衡量什么：请写明指标内容（如 宣讲活动场次）`,
    category: (a: R013Args) => `${a.level2}下的三级指标名称「${a.name}」是指标体系的类别名，没有说明衡量什么：请写明具体指标（如 单场活动成本）`,
    repeated: (a: R013Args) => `每一行三级指标都叫「${a.name}」，名称没有区分各项指标：请按各行实际衡量的内容命名`,
  },
  en: {
    'no-words': (a) => `the level-3 indicator name "${a.name}" under ${a.level2} is only digits or symbols and says nothing about what is measured; name it (e.g. 宣讲活动场次)`,
    category: (a) => `the level-3 indicator name "${a.name}" under ${a.level2} is a category of the framework, not an indicator; name what is measured (e.g. 单场活动成本)`,
    repeated: (a) => `every level-3 indicator is named "${a.name}": the names do not tell the rows apart; name each by what it measures`,
  },
});

export const R013 = defineRule<R013Args>()({
  id: 'R013',
  severity: 'warning',
  title: { zh: '三级指标名称没有内容', en: 'indicator name that names nothing' },
  check({ decl }) {
    const out: FindingOf<'R013', R013Args>[] = [];
    const rows = indicatorsOf(decl).filter((i): i is typeof i & { name: string } => typeof i.name === 'string');
    const flagged = new Set<number>();
    rows.forEach((ind, k) => {
      const name = ind.name.trim();
      const kind = NO_WORDS.test(name) ? 'no-words' : CATEGORY_NAMES.has(name.replace(/[。.；;，,]+$/u, '')) ? 'category' : undefined;
      if (!kind) return;
      flagged.add(k);
      out.push({ rule: 'R013', path: [...ind.path, 'name'], args: { kind, name: ind.name, level2: ind.level2 } });
    });
    // One name on every row (and rows enough for that to mean something): each row after
    // the first, unless that row already has a finding above or R008's (same name under
    // the same 二级指标).
    const first = rows[0];
    if (first && rows.length >= MIN_ROWS_REPEATED && rows.every((r) => r.name.trim() === first.name.trim())) {
      const seen = new Set<string>();
      rows.forEach((ind, k) => {
        const again = seen.has(`${ind.level1}\u0000${ind.level2}`);
        seen.add(`${ind.level1}\u0000${ind.level2}`);
        if (k === 0 || flagged.has(k) || again) return;
        out.push({ rule: 'R013', path: [...ind.path, 'name'], args: { kind: 'repeated', name: ind.name, level2: ind.level2 } });
      });
    }
    return out;
  },
  message({ args }, lang) {
    return messages(lang)[args.kind](args);
  },
  docs: {
    what: {
      zh: '三级指标名称没有说明衡量什么时提示：名称只有数字或符号（如“88”），名称就是指标体系的类别名（如“社会成本指标”“数量指标”），或者三行以上的每一行三级指标都用同一个名称。',
      en: 'Flags a level-3 indicator name that names nothing: only digits or symbols (“88”), the name of a framework category (社会成本指标, 数量指标), or one name repeated on every row (three rows or more).',
    },
    why: {
      zh: '三级指标名称说明要衡量的具体内容，是评价时对照的对象；只有数字或类别名的名称无法评价，多见于从表格复制时错列。',
      en: 'The level-3 name says what is measured, the thing evaluation checks against; a number or a category name cannot be evaluated, and usually comes from a column shifted when copying a table.',
    },
    source: '《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号，绩效目标通过具体绩效指标细化，已核对；为中央部门项目支出制定，不是区级部门整体表）；宁乡市坝塘镇 2021 年、岳阳楼区 2023 年绩效目标表（test/fixtures/corpus/）',
    failing: '成本指标:\n  - name: 社会成本指标\n    period: "100%"\n    annual: "100%"\n',
    fixed: '成本指标:\n  - name: 业务工作成本控制率\n    period: 不超过预算\n    annual: 不超过预算\n',
    limits: {
      zh: '只认出这三种情形：名称虽有文字但含义空泛（如“工作情况”“其他”）不提示；地方表中类别名的别称（如 社会公众满意度指标）在表单定义收录别称前不算类别名。',
      en: 'Only these three cases: a name with words but no meaning (工作情况, 其他) is not flagged; a local synonym of a category name (社会公众满意度指标) counts as a category name only once the form definition lists synonyms.',
    },
  },
});
