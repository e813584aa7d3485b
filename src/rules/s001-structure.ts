import { fieldName } from '../model/fields.js';
import type { Expectation } from '../model/schema.js';
import { defineRule } from './rule.js';

const EXPECT: Record<Expectation, { zh: string; en: string }> = {
  text: { zh: '一段文字', en: 'a text' },
  amount: { zh: '金额', en: 'an amount' },
  year: { zh: '年份', en: 'a year' },
  level: { zh: '预算级次', en: 'a budget level' },
  version: { zh: '一段文字', en: 'a text' },
  list: { zh: '列表（每项以 “- ” 开头）', en: 'a list (items start with "- ")' },
  mapping: { zh: '映射（“键: 值” 的若干行）', en: 'a mapping ("key: value" lines)' },
};

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
  | { kind: 'version' | 'year'; source: string }
  | { kind: 'enum'; source: string; allowed: string }
  | { kind: 'unknown-form'; source: string; allowed: string }
);

export const S001 = defineRule<S001Args>()({
  id: 'S001',
  severity: 'error',
  title: { zh: '结构错误：缺少字段、类型错误或多余的键', en: 'structure: missing field, wrong type or unknown key' },
  message({ args, path }, lang) {
    const zh = lang === 'zh';
    const f = fieldName(path, lang, args.level);
    const parent = fieldName(path.slice(0, -1), lang);
    switch (args.kind) {
      case 'empty-file':
        return zh ? '文件是空的：请填写申报表的各项内容（可用 declare init 生成模板）' : 'the file is empty: fill in the declaration (declare init writes a template)';
      case 'root-type':
        return zh ? '文件的顶层必须是 “键: 值” 的映射（year、department、budget 等）' : 'the top level must be a mapping (year, department, budget, …)';
      case 'missing':
        return zh ? `缺少必填字段${f}` : `missing required field ${f}`;
      case 'unknown-key': {
        const hint = args.suggestion ? (zh ? `，是不是要写「${args.suggestion}」？` : `; did you mean "${args.suggestion}"?`) : zh ? '，请删除或改正' : '; remove or correct it';
        return zh ? `${parent === '「申报表」' ? '顶层' : parent + ' 中'}有未知的键「${args.key}」${hint}` : `unknown key "${args.key}" in ${parent}${hint}`;
      }
      case 'empty-text':
        return zh ? `${f} 不能为空` : `${f} must not be empty`;
      case 'empty':
        return zh ? `${f} 不能为空，应为${EXPECT[args.expect].zh}` : `${f} must not be empty; expected ${EXPECT[args.expect].en}`;
      case 'empty-list':
        return zh ? `${f} 至少需要一项` : `${f} needs at least one item`;
      case 'empty-level1':
        return zh ? `一级指标「${String(path[path.length - 1])}」下至少需要一个二级指标` : `level-1 indicator "${String(path[path.length - 1])}" needs at least one level-2 indicator`;
      case 'version':
        return zh ? `${f} 只能是 1（当前为 ${args.source}）` : `${f} must be 1 (found ${args.source})`;
      case 'year':
        return zh ? `${f} 必须是 2000 到 2100 之间的整数年份（当前为 ${args.source}）` : `${f} must be a whole year from 2000 to 2100 (found ${args.source})`;
      case 'enum':
        return zh ? `${f} 必须是 ${args.allowed} 之一（当前为「${args.source}」）` : `${f} must be one of ${args.allowed.split('、').join(' ')} (found "${args.source}")`;
      case 'unknown-form':
        return zh ? `${f} 必须是 ${args.allowed} 之一（当前为「${args.source}」）` : `${f} must be one of ${args.allowed} (found "${args.source}")`;
      case 'type':
        return zh ? `${f} 应为${EXPECT[args.expect].zh}` : `${f} must be ${EXPECT[args.expect].en}`;
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
    source: 'format.md "Fields"',
    failing: 'budget:\n  expenditures:\n    basic: 1499.73\n    project: 1354.87\n',
    fixed: 'budget:\n  expenditure:\n    basic: 1499.73\n    project: 1354.87\n',
  },
});
