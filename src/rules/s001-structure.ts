import { fieldName } from '../model/fields.js';
import type { Expectation } from '../model/schema.js';
import { defineMessages } from '../messages/catalogue.js';
import { defineRule } from './rule.js';

/** What a field should be, as the messages say it. */
const EXPECT_ZH: Record<Expectation, string> = {
  text: '一段文字',
  amount: '金额',
  year: '年份',
  level: '预算级次',
  version: '一段文字',
  precision: '小数位数（2 或 4）',
  date: '日期（YYYY-MM-DD）',
  list: '列表（每项以 “- ” 开头）',
  mapping: '映射（“键: 值” 的若干行）',
};
const EXPECT_EN: Record<Expectation, string> = {
  text: 'a text',
  amount: 'an amount',
  year: 'a year',
  level: 'a budget level',
  version: 'a text',
  precision: 'a number of decimal places (2 or 4)',
  date: 'a date (YYYY-MM-DD)',
  list: 'a list (items start with "- ")',
  mapping: 'a mapping ("key: value" lines)',
};

/** S001's sentences; `f` is the field's name as the form says it. */
const m = defineMessages({
  zh: {
    emptyFile: '文件是空的：请填写申报表的各项内容（可用 declare init 生成模板）',
    rootType: '文件的顶层必须是 “键: 值” 的映射（year、department、budget 等）',
    missing: (a: { f: string }) => `缺少必填字段${a.f}`,
    didYouMean: (a: { suggestion: string }) => `，是不是要写「${a.suggestion}」？`,
    removeIt: '，请删除或改正',
    unknownKey: (a: { parent: string; key: string; hint: string }) => `${a.parent === '「申报表」' ? '顶层' : a.parent + ' 中'}有未知的键「${a.key}」${a.hint}`,
    emptyText: (a: { f: string }) => `${a.f} 不能为空`,
    empty: (a: { f: string; expect: Expectation }) => `${a.f} 不能为空，应为${EXPECT_ZH[a.expect]}`,
    emptyList: (a: { f: string }) => `${a.f} 至少需要一项`,
    emptyLevel1: (a: { name: string }) => `一级指标「${a.name}」下至少需要一个二级指标`,
    version: (a: { f: string; source: string }) => `${a.f} 只能是 1（当前为 ${a.source}）`,
    year: (a: { f: string; source: string }) => `${a.f} 必须是 2000 到 2100 之间的整数年份（当前为 ${a.source}）`,
    enumValue: (a: { f: string; allowed: string; source: string }) => `${a.f} 必须是 ${a.allowed} 之一（当前为「${a.source}」）`,
    unknownForm: (a: { f: string; allowed: string; source: string }) => `${a.f} 必须是 ${a.allowed} 之一（当前为「${a.source}」）`,
    precision: (a: { f: string; source: string }) => `${a.f} 只能是 2 或 4（金额的小数位数，当前为 ${a.source}）`,
    date: (a: { f: string; source: string }) => `${a.f} 必须是实际存在的日期，写成 YYYY-MM-DD，如 2023-01-15（当前为「${a.source}」）`,
    level: (a: { f: string; source: string }) => `${a.f} 必须是 省、市、区、县、镇 之一（当前为「${a.source}」）`,
    type: (a: { f: string; expect: Expectation }) => `${a.f} 应为${EXPECT_ZH[a.expect]}`,
  },
  en: {
    emptyFile: 'the file is empty: fill in the declaration (declare init writes a template)',
    rootType: 'the top level must be a mapping (year, department, budget, …)',
    missing: (a) => `missing required field ${a.f}`,
    didYouMean: (a) => `; did you mean "${a.suggestion}"?`,
    removeIt: '; remove or correct it',
    unknownKey: (a) => `unknown key "${a.key}" in ${a.parent}${a.hint}`,
    emptyText: (a) => `${a.f} must not be empty`,
    empty: (a) => `${a.f} must not be empty; expected ${EXPECT_EN[a.expect]}`,
    emptyList: (a) => `${a.f} needs at least one item`,
    emptyLevel1: (a) => `level-1 indicator "${a.name}" needs at least one level-2 indicator`,
    version: (a) => `${a.f} must be 1 (found ${a.source})`,
    year: (a) => `${a.f} must be a whole year from 2000 to 2100 (found ${a.source})`,
    enumValue: (a) => `${a.f} must be one of ${a.allowed.split('、').join(' ')} (found "${a.source}")`,
    unknownForm: (a) => `${a.f} must be one of ${a.allowed} (found "${a.source}")`,
    precision: (a) => `${a.f} must be 2 or 4 (decimal places of amounts; found ${a.source})`,
    date: (a) => `${a.f} must be a real date written YYYY-MM-DD, e.g. 2023-01-15 (found "${a.source}")`,
    level: (a) => `${a.f} must be one of 省 市 区 县 镇 (found "${a.source}")`,
    type: (a) => `${a.f} must be ${EXPECT_EN[a.expect]}`,
  },
});

/**
 * S001's message arguments (also in `--format json`), one shape per kind of structure
 * problem; `level` is the declaration's level when it has one (it names the row
 * 「<level>本级使用资金」), `suggestion` the nearest known key ("did you mean").
 */
export type S001Args = { level?: string } & (
  | { kind: 'empty-file' | 'root-type' | 'missing' | 'empty-text' | 'empty-list' | 'empty-level1' }
  | { kind: 'unknown-key'; key: string; suggestion?: string }
  | { kind: 'empty'; expect: Expectation }
  | { kind: 'type'; expect: Expectation; actual: string }
  | { kind: 'version' | 'year' | 'level' | 'precision' | 'date'; source: string }
  | { kind: 'enum'; source: string; allowed: string }
  | { kind: 'unknown-form'; source: string; allowed: string }
);

export const S001 = defineRule<S001Args>()({
  id: 'S001',
  severity: 'error',
  title: { zh: '结构错误：缺少字段、类型错误或多余的键', en: 'structure: missing field, wrong type or unknown key' },
  message({ args, path }, lang) {
    const t = m(lang);
    const f = fieldName(path, lang, args.level);
    const parent = fieldName(path.slice(0, -1), lang);
    switch (args.kind) {
      case 'empty-file':
        return t.emptyFile;
      case 'root-type':
        return t.rootType;
      case 'missing':
        return t.missing({ f });
      case 'unknown-key': {
        const hint = args.suggestion ? t.didYouMean({ suggestion: args.suggestion }) : t.removeIt;
        return t.unknownKey({ parent, key: args.key, hint });
      }
      case 'empty-text':
        return t.emptyText({ f });
      case 'empty':
        return t.empty({ f, expect: args.expect });
      case 'empty-list':
        return t.emptyList({ f });
      case 'empty-level1':
        return t.emptyLevel1({ name: String(path[path.length - 1]) });
      case 'version':
        return t.version({ f, source: args.source });
      case 'year':
        return t.year({ f, source: args.source });
      case 'level':
        return t.level({ f, source: args.source });
      case 'precision':
        return t.precision({ f, source: args.source });
      case 'date':
        return t.date({ f, source: args.source });
      case 'enum':
        return t.enumValue({ f, allowed: args.allowed, source: args.source });
      case 'unknown-form':
        return t.unknownForm({ f, allowed: args.allowed, source: args.source });
      case 'type':
        return t.type({ f, expect: args.expect });
    }
  },
  docs: {
    what: {
      zh: '申报表的结构必须符合格式说明：必填字段齐全、类型正确、没有未知的键、必填文字不为空、列表至少一项、version 为 1、year 在 2000–2100、level 为 省/市/区/县/镇 之一。',
      en: 'The declaration must follow the format: all required fields, right types, no unknown keys, no empty required text, lists with at least one item, version 1, year 2000–2100, level one of 省 市 区 县 镇.',
    },
    why: {
      zh: '结构不全的申报表会被退回补正；拼错的键（如 expenditures）会让数据悄悄丢失。',
      en: 'An incomplete form is sent back; a misspelt key (e.g. expenditures) silently loses data.',
    },
    source: 'format.md “Fields”（本项目的格式说明）',
    failing: 'budget:\n  expenditures:\n    basic: 1499.73\n    project: 1354.87\n',
    fixed: 'budget:\n  expenditure:\n    basic: 1499.73\n    project: 1354.87\n',
    limits: {
      zh: '只检查格式规定的字段：真实表格中格式没有的栏目（如 评(扣)分标准、备注、历年实际执行数；指标值类型、计量单位、指标解释可写作 type、unit、note）无法写入，只能写成注释；部门整体表只有格式规定的一种收支划分（广州区级表式：事业发展性支出、按预算级次划分为必填行），没有这些行的表式（如广水市的部门整体支出表）会报缺少字段；“你是不是要写”只提示拼写相近的键。',
      en: 'Checks only the fields of the format: columns a real form has and the format lacks (评(扣)分标准, 备注, the spending of past years; 指标值类型, 计量单位, 指标解释 go into type, unit, note) cannot be entered except as comments; the department form has one income/expenditure split, that of the Guangzhou district form (事业发展性支出 and 按预算级次划分 are required rows), so a form without those rows (the 部门整体支出 form of Guangshui) reports them missing; “did you mean” suggests only near spellings.',
    },
  },
});
