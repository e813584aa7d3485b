import type { Amount, Filer, Indicators } from '../../model/declaration.js';

/**
 * A complete, schema-valid project form (forms.md "The project form"). The field table in
 * definition.ts is the source; this is its TypeScript shape for the rules and the view.
 */
export interface ProjectDeclaration {
  form: '项目支出';
  version: 1;
  /** 预算年度 */
  year: number;
  /** 项目名称 */
  project: string;
  /** 主管部门 */
  department: string;
  /** 实施单位 */
  implementer: string;
  /** 项目属性 */
  kind: '新增' | '延续';
  /** 项目期 */
  period: { start: number; end: number };
  /** 填报信息 (forms.md "Who filed it"), optional */
  filer?: Filer;
  /** 项目资金（万元） */
  funds: { period: FundsRow; annual: FundsRow };
  /** 总体目标 */
  goals: { period: string[]; annual: string[] };
  /** 绩效指标 */
  indicators: Indicators;
}

/** 实施期资金总额 or 年度资金总额 with 其中：财政拨款 and 其他资金. */
export interface FundsRow {
  total: Amount;
  appropriation: Amount;
  other: Amount;
}

type DeepPartial<T> = T extends Amount
  ? T
  : T extends (infer U)[]
    ? (DeepPartial<U> | undefined)[]
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
      : T;

/** What could be read of a project form with structure errors (every valid part). */
export type PartialProjectDeclaration = DeepPartial<ProjectDeclaration>;

/** The rules' context hands every form's file as the department's type: read it as a project form. */
export function asProject(decl: unknown): PartialProjectDeclaration {
  return (decl ?? {}) as PartialProjectDeclaration;
}
