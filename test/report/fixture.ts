/**
 * One set of results every reporter is run on (golden files in test/fixtures/report/):
 * a file that could not be parsed (no source, a comma and colon in its name), a clean
 * file, and a CJK file with an error over several lines, a warning at a CJK column and a
 * message full of characters each format must escape.
 */
import type { Diagnostic, FileResult } from '../../src/diagnostic.js';
import type { ReportContext } from '../../src/report/index.js';
import type { RuleInfo } from '../../src/rules/rule.js';

/** Rule metadata for tests; `message` is never called by reporters. */
function rule(info: Omit<RuleInfo, 'message'>): RuleInfo {
  return { ...info, message: () => 'unused' };
}

export const RULES: readonly RuleInfo[] = [
  rule({
    id: 'Y001',
    severity: 'error',
    title: { zh: '文件不是合法的 YAML', en: 'The file is not valid YAML' },
    docs: {
      what: { zh: '文件必须是一个合法的 YAML 文档。', en: 'The file must be one valid YAML document.' },
      why: { zh: '无法解析的文件无法校验。', en: 'A file that cannot be parsed cannot be checked.' },
      source: 'YAML 1.2',
      failing: 'name: [未闭合\n',
      fixed: 'name: [已闭合]\n',
      limits: { zh: '', en: '' },
    },
  }),
  rule({
    id: 'M001',
    severity: 'error',
    title: { zh: '支出合计不等于收入合计', en: 'Expenditure total differs from income total' },
    docs: {
      what: {
        zh: '基本支出、项目支出、专项支出与其他事业发展性支出之和必须等于财政拨款与其他收入之和。',
        en: 'Basic + project + special + other development expenditure must equal appropriation + other income.',
      },
      why: {
        zh: '收支不平衡的申报表会被财政部门退回。',
        en: 'The finance bureau returns a declaration whose budget does not balance.',
      },
      source: '《预算绩效目标管理办法》第十条',
      failing: 'budget:\n  income: { appropriation: 900 }\n  expenditure: { basic: 1000 }\n',
      fixed: 'budget:\n  income: { appropriation: 1000 }\n  expenditure: { basic: 1000 }\n',
      limits: { zh: '', en: '' },
    },
  }),
  rule({
    id: 'M004',
    severity: 'warning',
    title: { zh: '任务没有资金', en: 'A task has no funds' },
    docs: {
      what: { zh: '每个任务都应写明资金。', en: 'Every task should state its funds.' },
      why: { zh: '没有资金的任务无法考核。', en: 'A task without funds cannot be assessed.' },
      source: '',
      failing: 'tasks:\n  - name: 宣传推广活动\n',
      fixed: 'tasks:\n  - name: 宣传推广活动\n    funds: 100\n',
      limits: { zh: '', en: '' },
    },
  }),
  rule({
    id: 'R007',
    severity: 'warning',
    title: { zh: '文本疑似乱码', en: 'Text looks garbled' },
    docs: {
      what: { zh: '同一汉字连续出现 6 次以上等。', en: 'The same CJK character 6 or more times in a row, and the like.' },
      why: { zh: 'OCR 错误。', en: 'OCR errors.' },
      source: 'rules.md R007',
      failing: 'department: 宣宣宣宣宣宣\n',
      fixed: 'department: 宣传部\n',
      limits: { zh: '', en: '' },
    },
  }),
];

export const CJK_SOURCE = [
  'version: 1',
  'department: 广州市花都区委宣传部',
  'budget:',
  '  income:',
  '    appropriation: 900',
  'tasks:',
  '  - name: 宣传推广活动',
  '',
].join('\n');

function diag(d: Omit<Diagnostic, 'path'> & { path?: Diagnostic['path'] }): Diagnostic {
  return { path: [], ...d };
}

/** A message with every character some format must escape. */
export const NASTY_MESSAGE = '50% 的字符 <&>"\' 重复,含冒号: 是\n第二行';

export const RESULTS: readonly FileResult[] = [
  {
    file: 'examples/a,b:c.yaml',
    rulesChecked: ['Y001'],
    diagnostics: [
      diag({
        rule: 'Y001',
        severity: 'error',
        message: '第 3 行第 1 列：缩进错误',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 2,
      }),
    ],
  },
  {
    file: 'examples/clean.yaml',
    source: 'version: 1\n',
    rulesChecked: ['Y001', 'M001', 'M004', 'R007'],
    diagnostics: [],
  },
  {
    file: 'examples/花都 宣传部.yaml',
    source: CJK_SOURCE,
    rulesChecked: ['Y001', 'M001', 'M004', 'R007'],
    diagnostics: [
      // 花都区 starts after 12 ASCII characters and 广州市: column 16, display cell 18.
      diag({
        rule: 'R007',
        severity: 'warning',
        message: NASTY_MESSAGE,
        path: ['department'],
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 19,
      }),
      diag({
        rule: 'M001',
        severity: 'error',
        message: '支出合计 1,000.00 元 ≠ 收入合计 900.00 元，相差 100.00 元',
        path: ['budget', 'income'],
        args: { expenditure: '1,000.00', income: '900.00', difference: '100.00' },
        line: 4,
        column: 3,
        endLine: 5,
        endColumn: 24,
      }),
      diag({
        rule: 'M004',
        severity: 'warning',
        message: '任务「宣传推广活动」没有资金',
        path: ['tasks', 0, 'name'],
        line: 7,
        column: 11,
        endLine: 7,
        endColumn: 17,
      }),
    ],
  },
];

export function context(overrides: Partial<ReportContext> = {}): ReportContext {
  return { rules: RULES, lang: 'zh', toolVersion: '0.1.0', color: false, ...overrides };
}
