/**
 * A real spreadsheet engine reads the project form we write (issues 13 and 15): both
 * project examples and a long project (many indicators: more than one page) rendered to
 * .xlsx and .docx by the binary, then LibreOffice headless converts the whole batch once
 * per format — to CSV (cells as shown), to its own flat XML (merges, number cells, header
 * rows), to PDF (page count, labels) — and gnumeric reads the workbooks. CI installs both
 * (.ci/run); there these tests never skip.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, runNode } from '../helpers/spawn.js';
import { NEEDS_SOFFICE, ROOT, pdfPages, scratch, sofficeBatch } from './helpers.js';

const CSV_SHOWN = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true';
const NAMES = ['huadu-project-congress-2023', 'huadu-project-heritage-2023', 'project-long'] as const;
type Name = (typeof NAMES)[number];

/** A flat ODF cell whose text is `text`, with its attributes. */
function cellAttrs(xml: string, text: string): string {
  const re = new RegExp(`<table:table-cell((?:[^>/]|/(?!>))*)>(?:(?!<table:table-cell).)*?<text:p[^>]*>(?:<text:span[^>]*>)?${text.replace(/[()（）]/g, '\\$&')}<`, 's');
  const m = re.exec(xml);
  if (!m) throw new Error(`no cell 「${text}」`);
  return m[1]!;
}

/** The congress example with 60 more 数量指标: a form longer than one A4 page. */
function longProject(): string {
  const yaml = readFileSync(path.join(ROOT, 'examples', 'huadu-project-congress-2023.yaml'), 'utf8');
  const extra = Array.from({ length: 60 }, (_, i) => `      - name: 宣讲点${i + 1}场次\n        period: 不少于${i + 2}场\n        annual: 不少于${i + 2}场\n`).join('');
  const out = yaml.replace('    数量指标:\n', `    数量指标:\n${extra}`);
  if (out === yaml) throw new Error('the example changed: no 数量指标 to extend');
  return out;
}

describe.runIf(NEEDS_SOFFICE)('LibreOffice and gnumeric read the project form render writes', () => {
  const dir = scratch();
  const xlsx = (n: Name) => path.join(dir, `${n}.xlsx`);
  const docx = (n: Name) => path.join(dir, `${n}.docx`);
  const out: Record<string, Record<Name, string>> = {};
  const byName = (files: string[]) => Object.fromEntries(NAMES.map((n, i) => [n, files[i]!])) as Record<Name, string>;

  beforeAll(async () => {
    for (const n of NAMES.slice(0, 2)) copyFileSync(path.join(ROOT, 'examples', `${n}.yaml`), path.join(dir, `${n}.yaml`));
    writeFileSync(path.join(dir, 'project-long.yaml'), longProject());
    const r = await runNode(BIN, ['render', ...NAMES.map((n) => `${n}.yaml`), '--xlsx', '--docx'], { cwd: dir, env: { SOURCE_DATE_EPOCH: '1700000000' }, timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // One LibreOffice run per format, for the whole batch.
    const workbooks = NAMES.map(xlsx);
    const documents = NAMES.map(docx);
    out['csv'] = byName(sofficeBatch(workbooks, CSV_SHOWN, path.join(dir, 'csv'), 'csv'));
    out['fods'] = byName(sofficeBatch(workbooks, 'fods', path.join(dir, 'fods'), 'fods'));
    out['xlsxPdf'] = byName(sofficeBatch(workbooks, 'pdf', path.join(dir, 'xlsx-pdf'), 'pdf'));
    out['fodt'] = byName(sofficeBatch(documents, 'fodt', path.join(dir, 'fodt'), 'fodt'));
    out['docxPdf'] = byName(sofficeBatch(documents, 'pdf', path.join(dir, 'docx-pdf'), 'pdf'));
  }, 300_000);

  it('the workbook as CSV: the labels of forms.md in their places, amounts as 165.00', () => {
    const rows = readFileSync(out['csv']!['huadu-project-heritage-2023'], 'utf8').split('\n');
    expect(rows.slice(0, 11)).toEqual([
      '项目支出绩效目标申报表,,,,,',
      '（2023年度）,,,,,',
      '项目名称,花都区文物平安工程及公共文化设施提升,,,,',
      '主管部门,中国共产党广州市花都区委员会宣传部,,,,',
      '实施单位,广州市花都区文化广电旅游体育局,,,,',
      '项目属性,延续,,,,',
      '项目期,2022年—2024年,,,,',
      '项目资金（万元）,实施期资金总额,,165.00,年度资金总额,50.00',
      ',其中：财政拨款,,150.00,其中：财政拨款,45.00',
      ',其他资金,,15.00,其他资金,5.00',
      '总体目标,实施期目标,,,年度目标,',
    ]);
    expect(rows.some((l) => l === '绩效指标,一级指标,二级指标,三级指标,实施期指标值,年度指标值')).toBe(true);
    const congress = readFileSync(out['csv']!['huadu-project-congress-2023'], 'utf8');
    expect(congress).toContain('项目期,2023年—2023年,,,,');
    expect(congress).toContain(',产出指标,数量指标,党的二十大精神宣讲场次,不少于100场,不少于100场');
  });

  it('the workbook in LibreOffice\'s own terms: merges, amounts stored as numbers, header rows, A4 portrait fitted to the width', () => {
    const xml = readFileSync(out['fods']!['huadu-project-heritage-2023'], 'utf8');
    expect(cellAttrs(xml, '项目支出绩效目标申报表')).toContain('table:number-columns-spanned="6"');
    expect(cellAttrs(xml, '花都区文物平安工程及公共文化设施提升')).toContain('table:number-columns-spanned="5"');
    expect(cellAttrs(xml, '项目资金（万元）')).toContain('table:number-rows-spanned="3"');
    expect(cellAttrs(xml, '总体目标')).toContain('table:number-rows-spanned="2"');
    expect(cellAttrs(xml, '实施期资金总额')).toContain('table:number-columns-spanned="2"');
    expect(cellAttrs(xml, '实施期目标')).toContain('table:number-columns-spanned="3"');
    expect(cellAttrs(xml, '年度目标')).toContain('table:number-columns-spanned="2"');
    expect(cellAttrs(xml, '产出指标')).toMatch(/table:number-rows-spanned="\d+"/);
    for (const v of ['165', '150', '15', '50', '45', '5']) expect(xml).toContain(`office:value-type="float" office:value="${v}"`);
    expect(xml).toMatch(/<table:table-header-rows>(?:(?!<\/table:table-header-rows>).)*项目支出绩效目标申报表(?:(?!<\/table:table-header-rows>).)*（2023年度）/s);
    expect(xml).toMatch(/fo:page-width="8\.268\d*in" fo:page-height="11\.69\d*in"[^>]*style:print-orientation="portrait"[^>]*style:scale-to-X="1"/);
  });

  it('the workbooks printed: one page for each example, more for the long project, labels and page numbers on them', () => {
    for (const n of ['huadu-project-congress-2023', 'huadu-project-heritage-2023'] as const) expect(pdfPages(out['xlsxPdf']![n])).toBe(1);
    const pages = pdfPages(out['xlsxPdf']!['project-long']);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(5);
    const text = spawnSync('pdftotext', ['-layout', out['xlsxPdf']!['project-long'], '-'], { encoding: 'utf8' }).stdout;
    for (const s of ['项目名称', '其中：财政拨款', '实施期指标值', '宣讲点60场次']) expect(text).toContain(s);
    // The title rows are repeated at the top of every page.
    expect(text.split('\f').filter((p) => p.includes('项目支出绩效目标申报表')).length).toBe(pages);
    expect(text).toMatch(new RegExp(`第\\s*${pages}\\s*页\\s*共\\s*${pages}\\s*页`));
  });

  it('gnumeric (ssconvert) reads the same cells: labels, numbers', () => {
    const csv = path.join(dir, 'gnumeric.csv');
    const run = spawnSync('ssconvert', [xlsx('huadu-project-heritage-2023'), csv], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    const rows = readFileSync(csv, 'utf8').split('\n');
    expect(rows[2]).toBe('项目名称,花都区文物平安工程及公共文化设施提升,,,,');
    expect(rows[7]!.split(',').slice(0, 2)).toEqual(['项目资金（万元）', '实施期资金总额']);
    expect(rows.slice(7, 10).map((r) => r.split(',').filter((_, i) => i === 3 || i === 5).map(Number))).toEqual([[165, 50], [150, 45], [15, 5]]);
  });

  it('the Word document: one table with its merges and header rows; its text; its pages', () => {
    const xml = readFileSync(out['fodt']!['huadu-project-heritage-2023'], 'utf8');
    expect(xml.match(/<table:table /g)?.length).toBe(1);
    expect(cellAttrs(xml, '项目资金（万元）')).toContain('table:number-rows-spanned="3"');
    expect(cellAttrs(xml, '花都区文物平安工程及公共文化设施提升')).toContain('table:number-columns-spanned="5"');
    expect(cellAttrs(xml, '实施期目标')).toContain('table:number-columns-spanned="3"');
    expect(xml).toMatch(/<table:table-header-rows>(?:(?!<\/table:table-header-rows>).)*项目支出绩效目标申报表/s);
    for (const s of ['项目属性', '2022年—2024年', '其中：财政拨款', '165.00', '实施期目标', '实施期指标值']) expect(xml).toContain(s);
    for (const n of ['huadu-project-congress-2023', 'huadu-project-heritage-2023'] as const) expect(pdfPages(out['docxPdf']![n])).toBe(1);
    const pages = pdfPages(out['docxPdf']!['project-long']);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(6);
  });
});
