import type { Decimal } from 'decimal.js';
import type { Precision } from './amount.js';
import type { Level, Level1 } from './framework.js';

/** All amounts are exact decimals in 万元 (format.md "Amount"). */
export type Amount = Decimal;

/** 预算整体情况. */
export interface Budget {
  /** 部门预算支出 */
  expenditure: {
    /** 基本支出 */
    basic: Amount;
    /** 项目支出 */
    project: Amount;
  };
  /** 事业发展性支出 */
  development: {
    /** 财政专项资金 */
    special: Amount;
    /** 其他事业发展性支出 */
    other: Amount;
  };
  /** 收入来源 */
  income: {
    /** 财政拨款 */
    appropriation: Amount;
    /** 其他资金 */
    other: Amount;
  };
  /** 按预算级次划分 */
  allocation: {
    /** <level>本级使用资金 */
    own: Amount;
    /** 拟用于对下转移支付资金 */
    transfer: Amount;
  };
}

/** One row of 年度重点工作任务. */
export interface Task {
  /** 名称 */
  name: string;
  /** 主要实施内容 */
  content: string;
  /** 拟投入的资金（万元）; null = blank cell */
  funds: Amount | null;
  /** 期望达到的目标（概述） */
  expected: string;
}

/** One 三级指标 row. */
export interface Indicator {
  /** 三级指标 */
  name: string;
  /** 实施周期指标值 */
  period: string;
  /** 年度指标值 */
  annual: string;
  /** 指标值类型 */
  type?: '定量' | '定性';
  /** 计量单位 */
  unit?: string;
  /** 指标方向 */
  direction?: '正向' | '反向' | '区间';
  /** 指标解释 */
  note?: string;
}

/** 填报信息 (forms.md "Who filed it"): every field optional. */
export interface Filer {
  /** 填报单位（盖章） */
  unit?: string;
  /** 填报人 */
  person?: string;
  /** 联系电话 */
  phone?: string;
  /** 填报日期, YYYY-MM-DD */
  date?: string;
}

/**
 * 绩效指标: 一级指标 -> 二级指标 -> 三级指标 list, in the file's order (keys are legal
 * framework keys once the schema has passed; render sorts canonically).
 */
export type Indicators = Partial<Record<Level1, Record<string, Indicator[]>>>;

/** A complete, schema-valid declaration (format.md). */
export interface Declaration {
  /** format version, always 1 */
  version: 1;
  /** decimal places of 万元 (forms.md "Amount precision"); absent: 2 */
  precision?: Precision;
  /** 预算年度 */
  year: number;
  /** 填报信息; absent when the file has none */
  filer?: Filer;
  /** 部门名称 */
  department: string;
  /** 预算级次 */
  level: Level;
  /** 预算整体情况 */
  budget: Budget;
  /** 总体绩效目标 */
  goals: string[];
  /** 年度重点工作任务 */
  tasks: Task[];
  /** 其他需完成的任务（可选填）; empty when absent */
  other_tasks: string[];
  /** 绩效指标 */
  indicators: Indicators;
}

type DeepPartial<T> = T extends Decimal
  ? T
  : T extends (infer U)[]
    ? (DeepPartial<U> | undefined)[]
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
      : T;

/**
 * What could be read of a declaration that has structure errors: every part that is
 * invalid is undefined, every valid part is there. Rules work on this, so that M rules
 * still run when an unrelated part of the file is broken (rules.md, M).
 */
export type PartialDeclaration = DeepPartial<Declaration>;
