import { defineMessages } from './catalogue.js';

/**
 * Messages of `declare import` and of reading workbooks (src/sheets, src/cli/import.ts).
 * A place is `工作表!单元格` (`Sheet1!C5`), as a spreadsheet names it.
 */
export const sheetMessages = defineMessages({
  zh: {
    // Problems with one cell: the value is written as read (or left out) and validate judges it.
    formula: (a: { at: string; formula: string; value: string }) => `${a.at} 是公式（=${a.formula}），已使用其上次计算的结果 ${a.value}：请核对，或把单元格改为数值`,
    formulaNoValue: (a: { at: string; formula: string; label: string }) => `${a.at}（${a.label}）是公式（=${a.formula}），文件中没有计算结果，无法读取：请在表格软件中重新计算并保存，或改为数值`,
    date: (a: { at: string; label: string; text: string }) => `${a.at}（${a.label}）应为金额，却是日期「${a.text}」：请把单元格格式改为数值并填写金额（万元）`,
    notAmount: (a: { at: string; label: string; text: string }) => `${a.at}（${a.label}）不是金额：「${a.text}」。已按原文写入，请改为以万元为单位的数字（如 1499.73）`,
    errorCell: (a: { at: string; label: string; text: string }) => `${a.at}（${a.label}）是错误值 ${a.text}，无法读取`,
    notYears: (a: { at: string; label: string; text: string }) => `${a.at}（${a.label}）不是起止年度：「${a.text}」。已按原文写入，请写成 2023年—2025年 或 2023-2025`,
    labelMissing: (a: { sheet: string; label: string }) => `工作表「${a.sheet}」中找不到「${a.label}」一栏，该项未读取`,
    valueMissing: (a: { at: string; label: string }) => `${a.at}「${a.label}」右侧没有填写内容`,
    truncated: (a: { sheet: string; rows: number }) => `工作表「${a.sheet}」超过 ${a.rows} 行，只读取了前 ${a.rows} 行`,
    // Whole-file problems (exit 2).
    notForm: (a: { file: string; titles: string }) => `${a.file} 不像是申报表：没有找到表名（${a.titles}），也没有找到足够的栏目名称（如 部门名称、基本支出）。请确认打开的是填好的申报表`,
    encrypted: (a: { file: string }) => `${a.file} 设有打开密码（已加密），无法读取：请在表格软件中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存，再导入`,
    tooLarge: (a: { file: string; limit: string }) => `${a.file} 超过 ${a.limit}，不像是一份申报表，未读取`,
    wholeArchive: '全部内容',
    zipTooLarge: (a: { file: string; entry: string; size: string; limit: string }) => `${a.file} 中的 ${a.entry} 解压后有 ${a.size}，超过上限 ${a.limit}（可能是压缩炸弹或异常大的工作表），未读取`,
    zipTooMany: (a: { file: string; count: number; limit: number }) => `${a.file} 包含 ${a.count} 个部件，超过上限 ${a.limit}，未读取`,
    zipCorrupt: (a: { file: string; detail: string }) => `${a.file} 已损坏，不是有效的 .xlsx 文件（${a.detail}）：请在表格软件中打开后重新保存`,
    unreadable: (a: { file: string; detail: string }) => `无法读取 ${a.file}：${a.detail}。请确认它是 .xlsx、.xls 或 .csv 文件`,
    unknownType: (a: { file: string }) => `无法导入 ${a.file}：只支持 .xlsx、.xls 和 .csv 文件`,
    exists: (a: { file: string }) => `${a.file} 已存在，未覆盖：用 --force 覆盖，或用 -o 指定其他文件`,
    wrote: (a: { file: string; sheet: string }) => `已从工作表「${a.sheet}」写出 ${a.file}`,
    header: (a: { file: string; sheet: string }) => `由 declare import 从 ${a.file}（工作表「${a.sheet}」）读取；每项后的注释是它所在的单元格`,
    noLayout: (a: { form: string }) => `「${a.form}」还没有表格布局，不能生成或导入 .xlsx / .docx`,
  },
  en: {
    formula: (a) => `${a.at} is a formula (=${a.formula}); its last computed value ${a.value} was used: check it, or make the cell a number`,
    formulaNoValue: (a) => `${a.at} (${a.label}) is a formula (=${a.formula}) with no computed value in the file, so it cannot be read: recalculate and save it in a spreadsheet program, or type the number`,
    date: (a) => `${a.at} (${a.label}) should be an amount but is a date "${a.text}": format the cell as a number and enter the amount in 万元`,
    notAmount: (a) => `${a.at} (${a.label}) is not an amount: "${a.text}". Written as read; write a number of 万元 (e.g. 1499.73)`,
    errorCell: (a) => `${a.at} (${a.label}) holds the error value ${a.text} and cannot be read`,
    notYears: (a) => `${a.at} (${a.label}) is not a first and last year: "${a.text}". Written as read; write the first and last year, e.g. 2023-2025`,
    labelMissing: (a) => `sheet "${a.sheet}" has no cell 「${a.label}」; that part was not read`,
    valueMissing: (a) => `${a.at}: nothing is filled in to the right of 「${a.label}」`,
    truncated: (a) => `sheet "${a.sheet}" has more than ${a.rows} rows; only the first ${a.rows} were read`,
    notForm: (a) => `${a.file} does not look like a declaration form: neither a form title (${a.titles}) nor enough of its labels (部门名称, 基本支出 …) were found. Check that it is the filled-in form`,
    encrypted: (a) => `${a.file} is password-protected (encrypted) and cannot be read: remove the password in your spreadsheet program (File → Info → Protect Workbook → Encrypt with Password, clear it), save, and import again`,
    tooLarge: (a) => `${a.file} is larger than ${a.limit}; that is not a declaration form, not read`,
    wholeArchive: 'the whole archive',
    zipTooLarge: (a) => `${a.file}: ${a.entry} would unpack to ${a.size}, over the limit of ${a.limit} (a zip bomb or an abnormally large sheet); not read`,
    zipTooMany: (a) => `${a.file} has ${a.count} parts, over the limit of ${a.limit}; not read`,
    zipCorrupt: (a) => `${a.file} is damaged, not a valid .xlsx file (${a.detail}): open it in a spreadsheet program and save it again`,
    unreadable: (a) => `cannot read ${a.file}: ${a.detail}. Check that it is an .xlsx, .xls or .csv file`,
    unknownType: (a) => `cannot import ${a.file}: only .xlsx, .xls and .csv files are supported`,
    exists: (a) => `${a.file} exists and was not overwritten: add --force to overwrite it, or name another file with -o`,
    wrote: (a) => `wrote ${a.file} from sheet "${a.sheet}"`,
    header: (a) => `read by declare import from ${a.file} (sheet "${a.sheet}"); the comment after each value names its cell`,
    noLayout: (a) => `「${a.form}」 has no spreadsheet layout yet: no .xlsx / .docx for it, and no import`,
  },
});
