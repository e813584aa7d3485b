/**
 * The small pure pieces of import: the CSV reader (encodings, quoting, separators), list
 * splitting, amounts as people type them, cell names, the archive limits.
 */
import { describe, expect, it } from 'vitest';
import { DEPARTMENT_FORM } from '../../src/forms/department/definition.js';
import { FORMS } from '../../src/forms/index.js';
import { amountText, cellName, importWorkbook, normLabel, placeOf, splitList } from '../../src/sheets/import.js';
import type { SheetData } from '../../src/sheets/read.js';
import { readCsv } from '../../src/sheets/read.js';
import { readZip, writeZip } from '../../src/sheets/zip.js';

describe('readCsv', () => {
  it('reads GB 18030 (what Chinese Excel saves), quoted fields with commas, quotes and line breaks', () => {
    const text = '部门名称,"中国共产党广州市花都区委员会宣传部"\r\n基本支出,"1,499.73"\r\n总体绩效目标,"1.甲\n2.乙 ""丙"""\r\n';
    const bytes = encodeGb18030(text);
    const sheet = readCsv(bytes, 'dir/表.csv');
    expect(sheet.name).toBe('表');
    expect(sheet.cells.map((c) => [c.row, c.col, c.text])).toEqual([
      [0, 0, '部门名称'],
      [0, 1, '中国共产党广州市花都区委员会宣传部'],
      [1, 0, '基本支出'],
      [1, 1, '1,499.73'],
      [2, 0, '总体绩效目标'],
      [2, 1, '1.甲\n2.乙 "丙"'],
    ]);
  });

  it('UTF-8 with a BOM, tab-separated', () => {
    const sheet = readCsv(Buffer.from('\uFEFF部门名称\t花都\n', 'utf8'), 'x.tsv');
    expect(sheet.cells.map((c) => c.text)).toEqual(['部门名称', '花都']);
  });

  it('UTF-16 with a BOM (Excel\'s "Unicode text")', () => {
    const sheet = readCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('基本支出\t1499.73\r\n', 'utf16le')]), 'x.txt');
    expect(sheet.cells.map((c) => c.text)).toEqual(['基本支出', '1499.73']);
  });
});

/** GB 18030 bytes of CJK text: Node has no GB encoder, so build one from the decoder's two-byte table. */
function encodeGb18030(text: string): Uint8Array {
  const dec = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const b = table.get(ch);
      if (!b) throw new Error(`no GB 18030 two-byte code for ${ch}`);
      out.push(...b);
    }
  }
  return new Uint8Array(out);
}

describe('splitList', () => {
  it('numbered lines start items; other lines continue the one before', () => {
    expect(splitList('1.甲\n乙\n2.丙', true)).toEqual(['甲\n乙', '丙']);
    expect(splitList('1、甲\n2、乙', true)).toEqual(['甲', '乙']);
    expect(splitList('1．甲\n2．乙', false)).toEqual(['甲', '乙']);
  });
  it('numbering may start past 1 (one item per row)', () => {
    expect(splitList('3、丙', true)).toEqual(['丙']);
  });
  it('a list the form numbers only with more than one item: unnumbered is one item, line breaks kept', () => {
    expect(splitList('甲\n乙', false)).toEqual(['甲\n乙']);
    expect(splitList('1.5倍', false)).toEqual(['1.5倍']);
    expect(splitList('甲\n乙', true)).toEqual(['甲', '乙']);
  });
});

describe('amounts as typed', () => {
  it.each([
    ['1,499.73', '1,499.73'],
    ['1499.73万元', '1499.73'],
    ['¥1,499.73', '1,499.73'],
    ['￥ 1 499.73', '1499.73'],
    ['１４９９．７３', '1499.73'],
    ['1499.73（万元）', '1499.73'],
    ['1499.73元', '1499.73元'], // 元 is not 万元: left for S002 to name
  ])('%s → %s', (typed, text) => {
    expect(amountText(typed)).toBe(text);
  });
});

describe('cell names', () => {
  it('columns past Z, sheet names quoted when not a plain word', () => {
    expect(cellName(0, 0)).toBe('A1');
    expect(cellName(4, 25)).toBe('Z5');
    expect(cellName(4, 26)).toBe('AA5');
    expect(cellName(0, 701)).toBe('ZZ1');
    expect(placeOf('Sheet1', 4, 2)).toBe('Sheet1!C5');
    expect(placeOf('申报表', 4, 2)).toBe('申报表!C5');
    expect(placeOf("my sheet's", 0, 0)).toBe("'my sheet''s'!A1");
  });
  it('labels compare without spaces, full-width forms or a trailing colon', () => {
    expect(normLabel(' 部 门 名 称： ')).toBe(normLabel('部门名称'));
    expect(normLabel('拟投入的资金(万元)')).toBe(normLabel('拟投入的资金（万元）'));
  });
});

describe('readZip limits', () => {
  const zip = writeZip([{ name: 'a.xml', data: Buffer.alloc(1000, 0x61) }, { name: 'b.xml', data: Buffer.alloc(1000, 0x62) }]);
  it('reads what writeZip wrote', () => {
    const r = readZip(zip, { maxEntries: 10, maxEntryBytes: 1e6, maxTotalBytes: 1e6 });
    expect(r.ok && r.entries.map((e) => [e.name, e.data.length])).toEqual([['a.xml', 1000], ['b.xml', 1000]]);
  });
  it('refuses by count, entry size and total size before inflating', () => {
    expect(readZip(zip, { maxEntries: 1, maxEntryBytes: 1e6, maxTotalBytes: 1e6 })).toEqual({ ok: false, problem: { kind: 'too-many-entries', count: 2, limit: 1 } });
    expect(readZip(zip, { maxEntries: 10, maxEntryBytes: 999, maxTotalBytes: 1e6 })).toMatchObject({ ok: false, problem: { kind: 'entry-too-large', name: 'a.xml' } });
    expect(readZip(zip, { maxEntries: 10, maxEntryBytes: 1e6, maxTotalBytes: 1999 })).toMatchObject({ ok: false, problem: { kind: 'total-too-large', size: 2000 } });
  });
  it('writes the same bytes every time (fixed timestamps)', () => {
    expect(Buffer.from(writeZip([{ name: 'a', data: Buffer.from('x') }])).equals(Buffer.from(writeZip([{ name: 'a', data: Buffer.from('x') }])))).toBe(true);
  });
});

describe('the filer line (填报信息) as offices type it', () => {
  /** A sheet of the department form's labels (so it is recognised) and the given extra rows. */
  function sheetWith(extra: readonly (readonly string[])[]): SheetData {
    const rows: string[][] = [
      ['部门整体预算绩效目标申报表'],
      ['（2023年度）'],
      ['部门名称', '花都区某局'],
      ['部门整体支出', '预算金额（万元）', '部门整体收入', '预算金额（万元）'],
      ['基本支出', '1', '财政拨款', '1'],
      ['项目支出', '0', '其他资金', '0'],
      ...extra.map((r) => [...r]),
    ];
    const cells = rows.flatMap((r, row) => r.map((text, col) => ({ row, col, kind: 'text' as const, text })));
    return { name: 'Sheet1', cells, merges: [], truncated: false };
  }
  const filerOf = (extra: readonly (readonly string[])[]) => {
    const r = importWorkbook([sheetWith(extra)], Object.values(FORMS), '');
    expect(r?.form.id).toBe(DEPARTMENT_FORM.id);
    const m = /^filer:\n((?: {2}.*\n)+)/m.exec(r!.yaml);
    return m === null ? '' : m[1]!.replace(/ +#.*$/gm, '').trim();
  };

  it('pairs in one cell, the value running to the next label; dates written YYYY-MM-DD', () => {
    expect(filerOf([['填报单位（盖章）：花都区某局　　填报人：张 三　　联系电话：020-12345678　　填报日期：2023年1月5日']])).toBe(
      'unit: 花都区某局\n  person: 张 三\n  phone: 020-12345678\n  date: "2023-01-05"',
    );
  });

  it('half-width brackets and colon, the bracket left out, one pair per cell, other date spellings', () => {
    expect(filerOf([['填报单位(盖章): 甲'], ['填报人:乙', '填报日期: 2023/12/1']])).toBe('unit: 甲\n  person: 乙\n  date: "2023-12-01"');
    expect(filerOf([['填报单位：丙　填报日期：2024.3.9']])).toBe('unit: 丙\n  date: "2024-03-09"');
  });

  it('a label in its own cell with the value right of it', () => {
    expect(filerOf([['填报人', '李四', '联系电话', '020-1']])).toBe('person: 李四\n  phone: 020-1');
  });

  it('a date that is not one is written as read (validate names it); no filer line, no filer', () => {
    expect(filerOf([['填报日期：明年春天']])).toBe('date: 明年春天');
    expect(filerOf([])).toBe('');
    // 填报 inside a sentence with no label and colon is not a filer line.
    expect(filerOf([['请于填报日期前报送']])).toBe('');
  });
});
