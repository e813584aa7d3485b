import { stringify } from 'yaml';
import type { InitValues } from '../types.js';

/** The form's printed title (definition.ts). */
const title = '部门整体预算绩效目标申报表';

/** A string option, or undefined. */
const str = (v: string | number | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** A YAML scalar as `declare fmt` would write it: plain when that reads back as the same text. */
const q = (s: string) => (s === '' ? '""' : stringify(s, { lineWidth: 0 }).trimEnd());

/**
 * A commented template to complete (issue 4). Fields to fill are left empty, so that
 * validating the untouched template lists exactly what remains to be filled in.
 */
export function departmentInit(values: InitValues): string {
  const opts = { ...values, department: str(values.department), level: str(values.level) };
  return `# yaml-language-server: $schema=${opts.schemaRef}
# ${title}（declare init 生成）
# 填写所有标「填写」的项，然后运行：npx declare validate 本文件
# 金额单位：万元，最多两位小数，可写 1499.73 或 "1,499.73"。
version: 1
year: ${opts.year}                      # 预算年度
department: ${q(opts.department ?? '')}  # 部门名称${opts.department ? '' : '（填写）'}
level: ${opts.level ?? '区'}                        # 预算级次：省 市 区 县 镇
budget:                         # 预算整体情况
  expenditure:                  # 部门预算支出
    basic:                      # 基本支出（填写）
    project:                    # 项目支出（填写）
  development:                  # 事业发展性支出
    special: 0.00               # 财政专项资金
    other:                      # 其他事业发展性支出（填写，没有则写 0.00）
  income:                       # 收入来源（收入合计 = 支出合计）
    appropriation:              # 财政拨款（填写）
    other: 0.00                 # 其他资金
  allocation:                   # 按预算级次划分（合计 = 收入合计）
    own:                        # ${opts.level ?? '区'}本级使用资金（填写）
    transfer: 0.00              # 拟用于对下转移支付资金
goals:                          # 总体绩效目标：每项一段，打印时自动编号
  - ""                          # 填写
tasks:                          # 年度重点工作任务：每项一个任务
  - name: ""                    # 名称（填写）
    content: ""                 # 主要实施内容（填写）
    funds:                      # 拟投入的资金（万元）（填写；确无资金可留空，校验时会提示 M004）
    expected: ""                # 期望达到的目标（概述）（填写）
# other_tasks:                  # 其他需完成的任务（可选填）
#   - ……
indicators:                     # 绩效指标：一级指标 → 二级指标 → 三级指标
  产出指标:                     # 必填：数量、质量、时效、成本指标
    数量指标:
      - name: ""                # 三级指标（填写）
        period: ""              # 实施周期指标值，要有数字，如 不少于10场（填写）
        annual: ""              # 年度指标值（填写）
  效益指标:                     # 必填：经济效益、社会效益、生态效益、可持续影响指标
    社会效益指标:
      - name: ""
        period: ""
        annual: ""
  满意度指标:
    服务对象满意度指标:
      - name: 服务对象满意度
        period: 不低于90%
        annual: 不低于90%
`;
}

