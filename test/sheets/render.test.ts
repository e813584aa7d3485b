/**
 * `render --xlsx` / `--docx`: the option wiring through the binary, and what the workbook
 * holds (read back with the archive reader: sheet name, print set-up, number formats,
 * four decimals under precision 4, the 未通过校验 header under --force).
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { BIN, runNode } from '../helpers/spawn.js';
import { check } from '../../src/check.js';
import { DEPARTMENT_FORM } from '../../src/forms/department/definition.js';
import { buildDepartmentGrid } from '../../src/sheets/grid.js';
import { writeXlsx } from '../../src/sheets/xlsx.js';
import { readZip } from '../../src/sheets/zip.js';
import { ROOT, meaning, scratch } from './helpers.js';

function part(bytes: Uint8Array, name: string): string {
  const zip = readZip(bytes, { maxEntries: 100, maxEntryBytes: 1e8, maxTotalBytes: 1e9 });
  if (!zip.ok) throw new Error(zip.problem.kind);
  const e = zip.entries.find((x) => x.name === name);
  if (!e) throw new Error(`no ${name}`);
  return Buffer.from(e.data).toString('utf8');
}

describe('render --xlsx / --docx through the binary', () => {
  it('writes only the asked-for outputs beside the input, and prints their paths', async () => {
    const dir = scratch();
    copyFileSync(path.join(ROOT, 'examples', 'huadu-shiling-town-2024.yaml'), path.join(dir, 'x.yaml'));
    const r = await runNode(BIN, ['render', 'x.yaml', '--xlsx'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('x.xlsx\n');
    expect(existsSync(path.join(dir, 'x.html'))).toBe(false);
    const both = await runNode(BIN, ['render', 'x.yaml', '--html', '--docx', '-o', 'out'], { cwd: dir });
    expect(both.status).toBe(0);
    expect(both.stdout).toBe(`${path.join('out', 'x.html')}\n${path.join('out', 'x.docx')}\n`);
  });

  it('the workbook: sheet named after the form, A4 portrait, fit to width, title rows repeated, document properties', async () => {
    const dir = scratch();
    copyFileSync(path.join(ROOT, 'examples', 'huadu-shiling-town-2024.yaml'), path.join(dir, 'x.yaml'));
    await runNode(BIN, ['render', 'x.yaml', '--xlsx'], { cwd: dir, env: { SOURCE_DATE_EPOCH: '0' } });
    const bytes = readFileSync(path.join(dir, 'x.xlsx'));
    const workbook = part(bytes, 'xl/workbook.xml');
    expect(workbook).toContain('name="部门整体预算绩效目标申报表"');
    expect(workbook).toContain('<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;部门整体预算绩效目标申报表&apos;!$1:$2</definedName>');
    const sheet = part(bytes, 'xl/worksheets/sheet1.xml');
    expect(sheet).toMatch(/<pageSetup paperSize="9" orientation="portrait"[^>]*fitToWidth="1" fitToHeight="0"/);
    expect(sheet).toContain('<pageSetUpPr fitToPage="1"/>');
    expect(sheet).toContain('<mergeCell ref="A4:A9"/>'); // 预算整体情况
    expect(sheet).toContain('<c r="C5" s="5"><v>2860.35</v></c>'); // 基本支出, a number
    expect(part(bytes, 'xl/styles.xml')).toMatch(/<xf numFmtId="4" /); // #,##0.00
    const core = part(bytes, 'docProps/core.xml');
    expect(core).toContain('<dc:creator>广州市花都区狮岭镇人民政府</dc:creator>');
    expect(core).toContain('1970-01-01T00:00:00Z');
  });

  it('--force on a file with errors: the workbook and the document carry 未通过校验', async () => {
    const dir = scratch();
    const text = readFileSync(path.join(ROOT, 'examples', 'huadu-shiling-town-2024.yaml'), 'utf8').replace('basic: 2860.35', 'basic: 2860.36');
    writeFileSync(path.join(dir, 'bad.yaml'), text);
    const refused = await runNode(BIN, ['render', 'bad.yaml', '--xlsx'], { cwd: dir });
    expect(refused.status).toBe(1);
    expect(existsSync(path.join(dir, 'bad.xlsx'))).toBe(false);
    const forced = await runNode(BIN, ['render', 'bad.yaml', '--xlsx', '--docx', '--force'], { cwd: dir });
    expect(forced.status).toBe(1);
    expect(part(readFileSync(path.join(dir, 'bad.xlsx')), 'xl/worksheets/sheet1.xml')).toContain('未通过校验');
    expect(part(readFileSync(path.join(dir, 'bad.docx')), 'word/header1.xml')).toContain('未通过校验');
  });
});

describe('amount precision', () => {
  it('precision 4 keeps four decimals, as numbers in #,##0.0000', async () => {
    const out = check(readFileSync(path.join(ROOT, 'examples', 'huadu-shiling-town-2024.yaml')), 'x.yaml');
    const d = out.declaration!;
    const decl = { ...d, budget: { ...d.budget, expenditure: { ...d.budget.expenditure, basic: new Decimal('724.2318') } } };
    const grid = buildDepartmentGrid(DEPARTMENT_FORM, decl, { version: '0', precision: 4 });
    expect(grid.cells.find((c) => c.path === 'budget.expenditure.basic')?.text).toBe('724.2318');
    const bytes = await writeXlsx(grid, { date: new Date(0), generator: 'declare 0' });
    expect(part(bytes, 'xl/worksheets/sheet1.xml')).toContain('<v>724.2318</v>');
    expect(part(bytes, 'xl/styles.xml')).toContain('formatCode="#,##0.0000"');
  });
});

describe('the filer line (forms.md "Who filed it")', () => {
  const FILER_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'fields', 'precision-4-filer.yaml');

  it('is a row of its own under the title block, over all six columns, frameless; the table moves down one row', () => {
    const out = check(readFileSync(FILER_FIXTURE), 'x.yaml');
    const grid = buildDepartmentGrid(DEPARTMENT_FORM, out.declaration!, { version: '0', precision: 4 });
    const filer = grid.cells.find((c) => c.kind === 'filer');
    expect(filer).toMatchObject({ row: 2, col: 0, colSpan: 6, text: '填报单位（盖章）：广州市花都区新华街道办事处\u3000\u3000填报人：张三\u3000\u3000联系电话：020-12345678\u3000\u3000填报日期：2023-01-15' });
    expect(grid.cells.find((c) => c.text === '部门名称')?.row).toBe(3);
    const without = check(readFileSync(path.join(ROOT, 'examples', 'huadu-shiling-town-2024.yaml')), 'y.yaml');
    const plain = buildDepartmentGrid(DEPARTMENT_FORM, without.declaration!, { version: '0' });
    expect(plain.cells.some((c) => c.kind === 'filer')).toBe(false);
    expect(plain.cells.find((c) => c.text === '部门名称')?.row).toBe(2);
    // Every cell lies inside the grid's rows, and each row has its height.
    expect(Math.max(...grid.cells.map((c) => c.row + c.rowSpan))).toBe(grid.rowCount);
    expect(grid.rowHeights).toHaveLength(grid.rowCount);
  });

  it('render --xlsx, then import: the filer and precision 4 come back, and the file validates as it was', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'f.yaml'), readFileSync(FILER_FIXTURE));
    expect((await runNode(BIN, ['render', 'f.yaml', '--xlsx', '--docx'], { cwd: dir })).status).toBe(0);
    const sheet = part(readFileSync(path.join(dir, 'f.xlsx')), 'xl/worksheets/sheet1.xml');
    expect(sheet).toMatch(/<mergeCell ref="A3:F3"\/>/);
    expect(part(readFileSync(path.join(dir, 'f.docx')), 'word/document.xml')).toContain('填报单位（盖章）：广州市花都区新华街道办事处');
    const imported = await runNode(BIN, ['import', 'f.xlsx', '-o', 'back.yaml'], { cwd: dir });
    expect(imported.status).toBe(0);
    const back = readFileSync(path.join(dir, 'back.yaml'), 'utf8');
    expect(back).toMatch(/^precision: 4 +# \S+!C6$/m);
    expect(meaning(back)).toEqual(meaning(readFileSync(FILER_FIXTURE)));
  });
});
