/**
 * PDF metadata (issue 2): Title 「2023年度 <部门名称> 部门整体预算绩效目标申报表」,
 * Author = the department, Creator = declare <version>, and dates from an injected
 * clock (SOURCE_DATE_EPOCH), so the same input gives the same bytes.
 *
 * Chromium (Skia's PDF backend) writes a classic, uncompressed cross-reference table
 * and an Info dictionary with Creator "Chromium" and the current time, and no /ID. We
 * replace the Info object in place and shift the offsets of the objects after it; no
 * PDF library needed. Anything unexpected in the file's structure is an error rather
 * than a silently wrong file.
 */

/** The Info dictionary we write. */
export interface PdfInfo {
  /** /Title */
  title: string;
  /** /Author */
  author: string;
  /** /Creator, e.g. "declare 0.1.0" */
  creator: string;
  /** /CreationDate and /ModDate */
  date: Date;
}

const latin1 = (bytes: Uint8Array, start = 0, end = bytes.length): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');

/** A PDF text string: UTF-16BE with BOM, as hex (safe for any character). */
export function pdfTextString(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/** A PDF date in UTC: D:YYYYMMDDHHmmSS+00'00'. */
export function pdfDate(date: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `D:${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}` +
    `${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}+00'00'`;
}

/** Replace the Info dictionary of a Chromium-made PDF. */
export function setPdfInfo(pdf: Uint8Array, info: PdfInfo): Uint8Array {
  const tail = latin1(pdf, Math.max(0, pdf.length - 1024));
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!sx?.[1]) throw new Error('PDF: no startxref');
  const xrefAt = Number(sx[1]);
  const rest = latin1(pdf, xrefAt);
  const head = /^xref\r?\n0 (\d+)\r?\n/.exec(rest);
  if (!head?.[1]) throw new Error('PDF: expected one classic xref section');
  const count = Number(head[1]);
  const entriesAt = head[0].length;
  const offsets: number[] = [];
  const flags: string[] = [];
  for (let i = 0; i < count; i++) {
    const entry = rest.slice(entriesAt + i * 20, entriesAt + i * 20 + 20);
    const m = /^(\d{10}) (\d{5}) ([nf])/.exec(entry);
    if (!m) throw new Error('PDF: malformed xref entry');
    offsets.push(Number(m[1]));
    flags.push(`${m[2]} ${m[3]}`);
  }
  const trailerText = rest.slice(entriesAt + count * 20);
  const trailer = /^trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(trailerText);
  if (!trailer?.[1]) throw new Error('PDF: no trailer');
  const infoRef = /\/Info (\d+) 0 R/.exec(trailer[1]);
  if (!infoRef?.[1]) throw new Error('PDF: no /Info');
  const infoNum = Number(infoRef[1]);
  const infoAt = offsets[infoNum];
  if (infoAt === undefined) throw new Error('PDF: /Info not in xref');
  // The object runs to its `endobj`, however long: Chromium copies the HTML <title> into
  // it (UTF-16 hex, 4 bytes a character), so a 1,000-character department is far beyond
  // any fixed window (a 4 KB one made such forms fail with "/Info object not found").
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.length);
  const endAt = infoAt < xrefAt ? bytes.indexOf('endobj', infoAt, 'latin1') : -1;
  if (endAt < 0 || endAt > xrefAt || !latin1(pdf, infoAt, endAt).startsWith(`${infoNum} 0 obj`)) throw new Error('PDF: /Info object not found');
  const objText = latin1(pdf, infoAt, endAt);
  const oldEnd = endAt + 'endobj'.length;
  // Chromium's own line, as a plain literal only (nothing from the document's text).
  const producer = /^\/Producer (\([\w ./-]*\))$/m.exec(objText)?.[1] ?? '(Skia/PDF)';

  const date = pdfDate(info.date);
  const newObj =
    `${infoNum} 0 obj\n<</Title ${pdfTextString(info.title)}\n/Author ${pdfTextString(info.author)}\n` +
    `/Creator ${pdfTextString(info.creator)}\n/Producer ${producer}\n` +
    `/CreationDate (${date})\n/ModDate (${date})>>\nendobj`;
  const newObjBytes = Buffer.from(newObj, 'latin1');
  const delta = newObjBytes.length - (oldEnd - infoAt);

  const body = Buffer.concat([
    Buffer.from(pdf.buffer, pdf.byteOffset, infoAt),
    newObjBytes,
    Buffer.from(pdf.buffer, pdf.byteOffset + oldEnd, xrefAt - oldEnd),
  ]);
  let xref = `xref\n0 ${count}\n`;
  for (let i = 0; i < count; i++) {
    const off = offsets[i]!;
    const moved = flags[i]!.endsWith('n') && off > infoAt ? off + delta : off;
    xref += `${String(moved).padStart(10, '0')} ${flags[i]} \n`;
  }
  const trailerOut = trailerText.slice(0, trailerText.indexOf('startxref'));
  const out = Buffer.concat([
    body,
    Buffer.from(`${xref}${trailerOut}startxref\n${xrefAt + delta}\n%%EOF\n`, 'latin1'),
  ]);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/**
 * Number the structure elements' IDs of a tagged PDF in order of appearance.
 *
 * Chromium names each structure element after the renderer's DOM node ID
 * (`/ID (node00000523)`, and the same in a cell's `/Headers [...]`), a counter that runs
 * on from one document to the next in a reused page: the same input would give other
 * bytes. The IDs are fixed-width (eight digits), so renumbering them 1, 2, 3 … keeps
 * every byte offset (the cross-reference table stays
 * valid) and makes the file depend on the document only.
 */
export function normalizeStructureIds(pdf: Uint8Array): Uint8Array {
  const text = latin1(pdf);
  // Every ID string: in /ID, a cell's /Headers, and the IDTree's /Names and /Limits (not
  // an outline /Title, the one place a document's own text could read like one).
  const pattern = /(\/Title )?\(node(\d{8})\)/g;
  const found = new Set<string>();
  for (const m of text.matchAll(pattern)) if (m[1] === undefined) found.add(m[2]!);
  // Numbered by rank: the order of the original numbers is kept, and with it the sorted
  // order of the IDTree's keys.
  const rank = new Map([...found].sort().map((id, i) => [id, String(i + 1).padStart(8, '0')]));
  const out = text.replace(pattern, (whole: string, title: string | undefined, id: string) => (title !== undefined ? whole : `(node${rank.get(id)!})`));
  if (out.length !== text.length) throw new Error('renumbering the structure IDs changed the file length');
  return Uint8Array.from(Buffer.from(out, 'latin1'));
}
