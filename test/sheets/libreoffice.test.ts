/**
 * A real spreadsheet engine reads what we write (issue 15): LibreOffice headless opens the
 * .xlsx and the .docx that `render` writes and converts them — to CSV (the cells as shown
 * and as stored), to its own flat XML (merges, header rows, page set-up as it understood
 * them), to PDF (page count) and, for the document, to text; gnumeric reads the workbook
 * too. CI installs both (.ci/run); there these tests never skip.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, runNode } from '../helpers/spawn.js';
import { NEEDS_SOFFICE, ROOT, pdfPages, scratch, soffice } from './helpers.js';

const CSV_SHOWN = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true';
const CSV_STORED = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false';

/** A flat ODF cell whose text is `text`, with its attributes. */
function cellAttrs(xml: string, text: string): string {
  // An opening tag (not a self-closing empty cell), then this cell's content up to the text.
  const re = new RegExp(`<table:table-cell((?:[^>/]|/(?!>))*)>(?:(?!<table:table-cell).)*?<text:p[^>]*>(?:<text:span[^>]*>)?${text.replace(/[()（）]/g, '\\$&')}<`, 's');
  const m = re.exec(xml);
  if (!m) throw new Error(`no cell 「${text}」`);
  return m[1]!;
}

describe.runIf(NEEDS_SOFFICE)('LibreOffice reads what render writes', () => {
  let dir = '';
  let xlsx = '';
  let docx = '';
  beforeAll(async () => {
    dir = scratch();
    const example = 'huadu-propaganda-2023.yaml';
    copyFileSync(path.join(ROOT, 'examples', example), path.join(dir, example));
    const r = await runNode(BIN, ['render', example, '--xlsx', '--docx'], { cwd: dir, env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(r.status).toBe(0);
    xlsx = path.join(dir, 'huadu-propaganda-2023.xlsx');
    docx = path.join(dir, 'huadu-propaganda-2023.docx');
  }, 120_000);

  it('the workbook as CSV: labels in their places, amounts shown as 1,499.73 and stored as numbers', () => {
    const shown = readFileSync(soffice(xlsx, CSV_SHOWN, path.join(dir, 'shown'), 'csv'), 'utf8').split('\n');
    expect(shown[0]).toBe('部门整体预算绩效目标申报表,,,,,');
    expect(shown[1]).toBe('（2023年度）,,,,,');
    expect(shown[2]).toBe('部门名称,中国共产党广州市花都区委员会宣传部,,,,');
    expect(shown[3]).toBe('预算整体情况,部门预算支出,预算金额（万元）,收入来源,预算金额（万元）,');
    expect(shown[4]).toBe(',基本支出,"1,499.73",财政拨款,"3,797.06",');
    expect(shown[7]).toBe(',财政专项资金,0.00,区本级使用资金,"3,707.06",');
    expect(shown.some((l) => l.startsWith('绩效指标,一级指标,二级指标,三级指标,实施周期指标值,年度指标值'))).toBe(true);
    // Stored, not shown: a number has no thousands separator; a text cell would keep its comma.
    const stored = readFileSync(soffice(xlsx, CSV_STORED, path.join(dir, 'stored'), 'csv'), 'utf8').split('\n');
    expect(stored[4]).toBe(',基本支出,1499.73,财政拨款,3797.06,');
    expect(stored[5]).toBe(',项目支出,1354.87,其他资金,0,');
  }, 120_000);

  it('the workbook in LibreOffice\'s own terms: merges, number cells, header rows, A4 portrait fitted to the width', () => {
    const xml = readFileSync(soffice(xlsx, 'fods', path.join(dir, 'fods'), 'fods'), 'utf8');
    expect(cellAttrs(xml, '部门整体预算绩效目标申报表')).toContain('table:number-columns-spanned="6"');
    expect(cellAttrs(xml, '预算整体情况')).toContain('table:number-rows-spanned="6"');
    expect(cellAttrs(xml, '中国共产党广州市花都区委员会宣传部')).toContain('table:number-columns-spanned="5"');
    expect(cellAttrs(xml, '年度重点工作任务')).toContain('table:number-rows-spanned="5"'); // header + 4 tasks
    expect(cellAttrs(xml, '期望达到的目标（概述）')).toContain('table:number-columns-spanned="2"');
    expect(cellAttrs(xml, '产出指标')).toMatch(/table:number-rows-spanned="\d+"/);
    expect(xml).toMatch(/office:value-type="float" office:value="1499.73"/);
    // Rows 1–2 (title, year) repeat at the top of every printed page.
    expect(xml).toMatch(/<table:table-header-rows>(?:(?!<\/table:table-header-rows>).)*部门整体预算绩效目标申报表(?:(?!<\/table:table-header-rows>).)*（2023年度）/s);
    expect(xml).toMatch(/fo:page-width="8\.268\d*in" fo:page-height="11\.69\d*in"[^>]*style:print-orientation="portrait"[^>]*style:scale-to-X="1"/);
    expect(xml).toMatch(/第 (<[^>]+>)*<text:page-number>/); // the footer 「第 X 页 共 Y 页」
  }, 120_000);

  it('the workbook printed: a few A4 pages, with the labels on them', () => {
    const pdf = soffice(xlsx, 'pdf', path.join(dir, 'xlsx-pdf'), 'pdf');
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(5);
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('部门整体预算绩效目标申报表');
    expect(text).toContain('1,499.73');
    expect(text).toMatch(new RegExp(`第\\s*1\\s*页\\s*共\\s*${pages}\\s*页`));
  }, 120_000);

  it('gnumeric (ssconvert) reads the same cells: labels, numbers', () => {
    const out = path.join(dir, 'gnumeric.csv');
    const run = spawnSync('ssconvert', [xlsx, out], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    const rows = readFileSync(out, 'utf8').split('\n');
    expect(rows[2]).toBe('部门名称,中国共产党广州市花都区委员会宣传部,,,,');
    expect(rows[4]).toBe(',基本支出,1499.73,财政拨款,3797.06,');
    // gnumeric prints a double in full (942.46000000000000002): the same number.
    const r8 = rows[8]!.split(',');
    expect(r8[1]).toBe('其他事业发展性支出');
    expect(Number(r8[2])).toBe(942.46);
    expect(Number(r8[4])).toBe(90);
  });

  it('the Word document: one table with its merges and header rows; its text; its pages', () => {
    const xml = readFileSync(soffice(docx, 'fodt', path.join(dir, 'fodt'), 'fodt'), 'utf8');
    expect(xml.match(/<table:table /g)?.length).toBe(1);
    expect(cellAttrs(xml, '预算整体情况')).toContain('table:number-rows-spanned="6"');
    expect(cellAttrs(xml, '中国共产党广州市花都区委员会宣传部')).toContain('table:number-columns-spanned="5"');
    expect(xml).toMatch(/<table:table-header-rows>(?:(?!<\/table:table-header-rows>).)*部门整体预算绩效目标申报表/s);
    const txt = readFileSync(soffice(docx, 'txt:Text (encoded):UTF8', path.join(dir, 'txt'), 'txt'), 'utf8');
    for (const s of ['部门名称', '中国共产党广州市花都区委员会宣传部', '基本支出', '1,499.73', '区本级使用资金', '年度重点工作任务', '绩效指标']) expect(txt).toContain(s);
    const pages = pdfPages(soffice(docx, 'pdf', path.join(dir, 'docx-pdf'), 'pdf'));
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(6);
  }, 180_000);
});
