import { Decimal } from 'decimal.js';
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

/** 支出合计 = basic + project + special + development.other (format.md). */
export function expenditureTotal(d: PartialDeclaration): Decimal | undefined {
  const b = d.budget;
  return sum([b?.expenditure?.basic, b?.expenditure?.project, b?.development?.special, b?.development?.other]);
}

/** 收入合计 = appropriation + income.other. */
export function incomeTotal(d: PartialDeclaration): Decimal | undefined {
  const b = d.budget;
  return sum([b?.income?.appropriation, b?.income?.other]);
}

/** 项目支出 + 事业发展性支出: what tasks may draw on (M003). */
export function taskBudget(d: PartialDeclaration): Decimal | undefined {
  const b = d.budget;
  return sum([b?.expenditure?.project, b?.development?.special, b?.development?.other]);
}
