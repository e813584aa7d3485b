import { describe, expect, it } from 'vitest';
import { pdfDate, pdfTextString, setPdfInfo } from '../../src/render/pdf-info.js';
import { pdfInfo } from './pdf-helpers.js';

/** A minimal PDF laid out the way Skia writes one: Info first, classic xref. */
function skiaLikePdf(): Uint8Array {
  const objects = [
    "1 0 obj\n<</Creator (Chromium)\n/Producer (Skia/PDF m147)\n/CreationDate (D:20260101000000+00'00')\n/ModDate (D:20260101000000+00'00')>>\nendobj\n",
    '2 0 obj\n<</Type /Catalog\n/Pages 3 0 R>>\nendobj\n',
    '3 0 obj\n<</Type /Pages\n/Count 1\n/Kids [4 0 R]>>\nendobj\n',
    '4 0 obj\n<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 594.96 841.92]>>\nendobj\n',
  ];
  let body = '%PDF-1.4\n%\xd3\xeb\xe9\xe1\n';
  const offsets: number[] = [];
  for (const o of objects) {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += o;
  }
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<</Size 5\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

describe('setPdfInfo', () => {
  it('writes Title, Author, Creator and fixed dates, keeping the file valid', async () => {
    const date = new Date(Date.UTC(2023, 11, 31, 23, 59, 58));
    const out = setPdfInfo(skiaLikePdf(), { title: '2023年度 某部门 部门整体预算绩效目标申报表', author: '某部门 (a) \\ b', creator: 'declare 0.1.0', date });
    const info = await pdfInfo(out);
    expect(info['Title']).toBe('2023年度 某部门 部门整体预算绩效目标申报表');
    expect(info['Author']).toBe('某部门 (a) \\ b');
    expect(info['Creator']).toBe('declare 0.1.0');
    expect(info['Producer']).toBe('Skia/PDF m147');
    expect(info['CreationDate']).toBe("D:20231231235958+00'00'");
    // every xref offset points at its object
    const text = Buffer.from(out).toString('latin1');
    const xrefAt = Number(/startxref\n(\d+)/.exec(text)![1]);
    const entries = text.slice(xrefAt).split('\n').slice(2, 7);
    entries.slice(1).forEach((e, i) => expect(text.slice(Number(e.slice(0, 10)))).toMatch(new RegExp(`^${i + 1} 0 obj`)));
  });

  it('is a function of its inputs', () => {
    const info = { title: 't', author: 'a', creator: 'c', date: new Date(0) };
    expect(Buffer.from(setPdfInfo(skiaLikePdf(), info)).equals(Buffer.from(setPdfInfo(skiaLikePdf(), info)))).toBe(true);
  });

  it('encodes text as UTF-16BE and dates in UTC', () => {
    expect(pdfTextString('区A')).toBe('<FEFF533A0041>');
    expect(pdfDate(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe("D:20240102030405+00'00'");
  });
});
