/**
 * How the structure and amount messages (S001, S002, built in src/rules/s00x with
 * src/model/fields.ts fieldName) name a field: 「基本支出」(budget.expenditure.basic) in
 * Chinese, "basic expenditure (budget.expenditure.basic)" in English. The sentences
 * themselves are each rule's own table (src/rules/s001-structure.ts …).
 */
import { defineMessages } from './catalogue.js';

export const fieldMessages = defineMessages({
  zh: {
    /** the whole file, when a path names nothing in the form */
    theFile: '文件',
    /** the form row of the declaration's own level: 「区本级使用资金」 */
    ownLevel: (a: { level: string | number; label: string }) => `${a.level}${a.label}`,
    /** the field at the top (the declaration itself) */
    top: (a: { label: string }) => `「${a.label}」`,
    field: (a: { label: string; dotted: string }) => `「${a.label}」(${a.dotted})`,
  },
  en: {
    theFile: 'the file',
    ownLevel: (a) => a.label,
    top: (a) => a.label,
    field: (a) => `${a.label} (${a.dotted})`,
  },
});
