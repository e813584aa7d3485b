/**
 * `declare import` through the binary (cli.md "Spreadsheets and documents"): workbooks we
 * did not write (made by LibreOffice from hand-laid sources, test/fixtures/sheets/), and
 * bad input: not the form, password-protected, zip bombs, a 50 MB sheet, formula / date /
 * error cells, an existing output.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../helpers/golden.js';
import { BIN, runNode } from '../helpers/spawn.js';
import { readZip, writeZip } from '../../src/sheets/zip.js';
import { FIXTURES, exampleMeaning, filerOf, meaning, scratch } from './helpers.js';

const run = (args: string[], cwd: string) => runNode(BIN, args, { cwd, timeoutMs: 60_000 });

/** Copy a fixture into a scratch directory (the import writes beside its input). */
function staged(name: string): { dir: string; file: string } {
  const dir = scratch();
  copyFileSync(path.join(FIXTURES, name), path.join(dir, name));
  return { dir, file: name };
}

describe('import of workbooks made by a spreadsheet engine', () => {
  // The filer lines the office typed: 填报单位（盖章）：… above the table, 填报人：…　　联系电话：…　　
  // 填报日期：2023年1月15日 in one cell below it (forms.md "Who filed it").
  const huaduFiler = { unit: '中国共产党广州市花都区委员会宣传部', person: '张三', phone: '020-86812345', date: '2023-01-15' };
  const cases = [
    { fixture: 'huadu-by-hand.xlsx', example: 'huadu-propaganda-2023.yaml', filer: huaduFiler },
    { fixture: 'huadu-by-hand.xls', example: 'huadu-propaganda-2023.yaml', filer: huaduFiler },
    { fixture: 'huadu-by-hand.csv', example: 'huadu-propaganda-2023.yaml', filer: huaduFiler },
    { fixture: 'shiling-inserted.xlsx', example: 'huadu-shiling-town-2024.yaml', filer: null },
  ];
  it.each(cases)('$fixture imports to the expected YAML, meaning what $example means, and its filer', async ({ fixture, example, filer }) => {
    const { dir, file } = staged(fixture);
    const r = await run(['import', file], dir);
    // The examples carry only warnings (M004, R002): validate's exit code is 0.
    expect(r.stderr).not.toMatch(/错误:|内部错误/);
    expect(r.status).toBe(0);
    const out = path.join(dir, file.replace(/\.[^.]+$/, '.yaml'));
    expect(r.stdout.trim()).toBe(path.basename(out));
    const yaml = readFileSync(out, 'utf8');
    expectGolden(path.join(FIXTURES, 'expected', `${fixture}.yaml`), yaml);
    expect(meaning(yaml, ['filer'])).toEqual(exampleMeaning(example));
    expect(filerOf(yaml)).toEqual(filer);
    // Each value names its cell.
    expect(yaml).toMatch(/basic: [\d.]+ +# \S+![A-Z]+\d+/);
  });

  it('reads the form from the second sheet, past a notes sheet', async () => {
    const { dir, file } = staged('shiling-inserted.xlsx');
    await run(['import', file], dir);
    const yaml = readFileSync(path.join(dir, 'shiling-inserted.yaml'), 'utf8');
    expect(yaml).toContain('（工作表「申报表」）');
    // Column A was inserted, and a blank column between label and amount: 基本支出 is in C7, its amount in E7.
    expect(yaml).toMatch(/basic: 2860\.35 +# 申报表!E7/);
    expect(yaml).toMatch(/year: 2024 +# 申报表!B1/);
  });
});

describe('import: cells that are not what the form wants', () => {
  it('a formula, a date and an error value are diagnostics naming sheet and cell; the rest is written and validated', async () => {
    const { dir, file } = staged('bad-cells.xlsx');
    const r = await run(['import', file], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Sheet1!C5 是公式（=2000+860.35），已使用其上次计算的结果 2860.35');
    expect(r.stderr).toContain('Sheet1!C6（项目支出）应为金额，却是日期「2024-01-05」');
    expect(r.stderr).toContain('Sheet1!E6（其他资金）是错误值 #DIV/0!');
    const yaml = readFileSync(path.join(dir, 'bad-cells.yaml'), 'utf8');
    expect(yaml).toMatch(/department: 广州市花都区狮岭镇人民政府 +# Sheet1!B3/);
    expect(yaml).toMatch(/project: "2024-01-05" +# Sheet1!C6/);
    // validate ran on what was written: the date is S002 at its YAML line.
    expect(r.stderr).toMatch(/S002/);
  });

  it('--lang en', async () => {
    const { dir, file } = staged('bad-cells.xlsx');
    const r = await run(['import', file, '--lang', 'en'], dir);
    expect(r.stderr).toContain('Sheet1!C6 (项目支出) should be an amount but is a date "2024-01-05"');
  });
});

describe('import: files it refuses (exit 2, nothing written)', () => {
  async function refused(name: string, bytes: Uint8Array, message: RegExp): Promise<void> {
    const dir = scratch();
    writeFileSync(path.join(dir, name), bytes);
    const started = Date.now();
    const r = await run(['import', name], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(existsSync(path.join(dir, name.replace(/\.[^.]+$/, '.yaml')))).toBe(false);
    expect(Date.now() - started).toBeLessThan(30_000); // never a hang (30 s guard of runNode aside)
  }

  it('a workbook that is not the form', async () => {
    await refused('not-a-form.xlsx', readFileSync(path.join(FIXTURES, 'not-a-form.xlsx')), /not-a-form\.xlsx 不像是申报表/);
  });

  it('a password-protected workbook, encrypted by LibreOffice (ECMA-376 standard encryption: EncryptionInfo + EncryptedPackage in an OLE container)', async () => {
    const bytes = readFileSync(path.join(FIXTURES, 'password-protected.xlsx'));
    // Made by make-fixtures.py (LibreOffice storing with a password), not by hand: an OLE file.
    expect(bytes.subarray(0, 8).toString('hex')).toBe('d0cf11e0a1b11ae1');
    await refused('password-protected.xlsx', bytes, /password-protected\.xlsx 设有打开密码（已加密），无法读取：请在表格软件中取消密码/);
    const { dir } = staged('password-protected.xlsx');
    const en = await run(['import', 'password-protected.xlsx', '--lang', 'en'], dir);
    expect(en.status).toBe(2);
    expect(en.stderr).toMatch(/password-protected\.xlsx is password-protected \(encrypted\) and cannot be read: remove the password/);
  });

  it('a zip bomb that declares its size: refused from the central directory, before inflating', async () => {
    const zip = Buffer.from(writeZip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1024) }]));
    // Declare 3 GB for the sheet in the central directory (offset 24 of its record).
    const cen = zip.lastIndexOf(Buffer.from('xl/worksheets/sheet1.xml')) - 46;
    zip.writeUInt32LE(3 * 1024 * 1024 * 1024, cen + 24);
    await refused('bomb.xlsx', zip, /xl\/worksheets\/sheet1\.xml 解压后有 3072 MB，超过上限 32 MB/);
  });

  it('a zip bomb that lies about its size: inflation stops at the declared size', async () => {
    const big = Buffer.alloc(64 * 1024 * 1024); // 64 MB of zeros deflate to about 64 KB
    const zip = Buffer.from(writeZip([{ name: 'xl/worksheets/sheet1.xml', data: big }]));
    expect(zip.length).toBeLessThan(200_000);
    // Claim 1,000 bytes, in both the local and the central header.
    zip.writeUInt32LE(1000, 22);
    const cen = zip.lastIndexOf(Buffer.from('xl/worksheets/sheet1.xml')) - 46;
    zip.writeUInt32LE(1000, cen + 24);
    await refused('liar.xlsx', zip, /liar\.xlsx 中的 xl\/worksheets\/sheet1\.xml 解压后/);
  });

  it('a 50 MB sheet', async () => {
    const ours = readZip(readFileSync(path.join(FIXTURES, 'huadu-by-hand.xlsx')), { maxEntries: 100, maxEntryBytes: 1e8, maxTotalBytes: 1e9 });
    if (!ours.ok) throw new Error('fixture');
    const row = '<row r="1"><c r="A1" t="inlineStr"><is><t>部门名称</t></is></c></row>';
    const sheet = Buffer.from(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row.repeat(Math.ceil((50 * 1024 * 1024) / Buffer.byteLength(row)))}</sheetData></worksheet>`);
    const entries = ours.entries.map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { name: e.name, data: sheet } : e));
    const bytes = writeZip(entries);
    expect(bytes.length).toBeLessThan(10 * 1024 * 1024);
    await refused('huge.xlsx', bytes, /huge\.xlsx 中的 xl\/worksheets\/sheet1\.xml 解压后有 5\d MB，超过上限 32 MB/);
  });

  it('a file larger than 10 MB', async () => {
    await refused('big.csv', Buffer.alloc(11 * 1024 * 1024, 0x41), /big\.csv 超过 10 MB/);
  });

  it('a damaged .xlsx', async () => {
    await refused('broken.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(2000)]), /broken\.xlsx 已损坏/);
  });

  it('a file that is not a spreadsheet', async () => {
    await refused('notes.pdf', Buffer.from('%PDF-1.4'), /只支持 \.xlsx、\.xls 和 \.csv/);
  });
});

describe('import: validated as validate would', () => {
  it('with the declare.config.yaml found upwards from the output', async () => {
    const { dir, file } = staged('huadu-by-hand.xlsx');
    writeFileSync(path.join(dir, 'declare.config.yaml'), 'rules:\n  R002: error\n');
    const r = await run(['import', file], dir);
    expect(r.status).toBe(1); // R002 (no 满意度指标) is an error here
    expect(r.stderr).toMatch(/错误 .*R002/);
  });
});

describe('import: where it writes', () => {
  it('beside the input by default; never over an existing file without --force; -o names the file', async () => {
    const { dir, file } = staged('huadu-by-hand.xlsx');
    const out = path.join(dir, 'huadu-by-hand.yaml');
    writeFileSync(out, 'mine\n');
    const refusedRun = await run(['import', file], dir);
    expect(refusedRun.status).toBe(2);
    expect(refusedRun.stderr).toContain('huadu-by-hand.yaml 已存在，未覆盖：用 --force 覆盖');
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    const forced = await run(['import', file, '--force'], dir);
    expect(forced.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('department: 中国共产党广州市花都区委员会宣传部');
    const named = await run(['import', file, '-o', 'other.yaml'], dir);
    expect(named.status).toBe(0);
    expect(readFileSync(path.join(dir, 'other.yaml'), 'utf8')).toBe(readFileSync(out, 'utf8'));
  });
});
