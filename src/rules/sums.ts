import { Decimal } from 'decimal.js';
import { DEPARTMENT_FORM } from '../forms/department/definition.js';
import { evaluateSum } from '../forms/types.js';
import type { PartialDeclaration } from '../model/declaration.js';

/** Sum exact decimals; undefined if any part is missing (invalid). */
export function sum(parts: readonly (Decimal | null | undefined)[]): Decimal | undefined {
  let total = new Decimal(0);
  for (const p of parts) {
    if (p === undefined || p === null) return undefined;
    total = total.plus(p);
  }
  return total;
}

/** 支出合计 = basic + project + special + development.other (format.md; the form's `sums`). */
export function expenditureTotal(d: PartialDeclaration): Decimal | undefined {
  return evaluateSum(DEPARTMENT_FORM.sums.expenditure, d);
}

/** 收入合计 = appropriation + income.other. */
export function incomeTotal(d: PartialDeclaration): Decimal | undefined {
  return evaluateSum(DEPARTMENT_FORM.sums.income, d);
}

/** 项目支出 + 事业发展性支出: what tasks may draw on (M003). */
export function taskBudget(d: PartialDeclaration): Decimal | undefined {
  return evaluateSum(DEPARTMENT_FORM.sums.taskBudget, d);
}

/** 按预算级次划分: own + transfer (M002 compares it with 收入合计). */
export function allocationTotal(d: PartialDeclaration): Decimal | undefined {
  return evaluateSum(DEPARTMENT_FORM.sums.allocation, d);
}
