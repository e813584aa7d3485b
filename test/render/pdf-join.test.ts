import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, describe, expect, it } from 'vitest';
import { PdfEngine } from '../../src/render/browser.js';
import { joinPdfs } from '../../src/render/pdf-join.js';
import { pageTexts, testBrowser } from './pdf-helpers.js';

/** pdf-join.ts on real Chromium parts: pages in order, outline, structure tree, IDs, errors. */
const choice = await testBrowser();

const doc = (n: number): string => `<!DOCTYPE html><html lang="zh-CN"><head><style>@page { size: A4; margin: 15mm; } section { break-after: page; }</style></head><body><main>
<section><h1>Part${n}</h1><table><tr><th scope="col">Col${n}</th></tr><tr><td>Cell${n}</td></tr></table></section>
<section><h2>Sec${n}</h2><p>Body${n}</p></section></main></body></html>`;

describe.skipIf(choice === undefined)('joinPdfs', () => {
  const engine = choice ? new PdfEngine(choice, { timeoutMs: 30_000 }, process.env) : undefined;
  afterAll(async () => engine?.close());

  it('joins parts: pages in order, outline entries with their pages, a struct tree on every page, unique IDs; a broken part is an error', async () => {
    const parts = [await engine!.render(doc(1)), await engine!.render(doc(2))];
    const joined = joinPdfs(parts, [2, 2]);
    expect(joinPdfs(parts, [2, 2])).toEqual(joined);
    const texts = await pageTexts(joined);
    expect(texts).toHaveLength(4);
    expect(texts[0]).toContain('Part1');
    expect(texts[1]).toContain('Body1');
    expect(texts[2]).toContain('Part2');
    expect(texts[3]).toContain('Body2');
    const pdf = await getDocument({ data: new Uint8Array(joined), verbosity: 0 }).promise;
    const outline = (await pdf.getOutline()) ?? [];
    const titles = outline.map((o) => o.title);
    expect(titles.some((t) => t.includes('Part1'))).toBe(true);
    expect(titles.some((t) => t.includes('Part2'))).toBe(true);
    const second = outline.find((o) => o.title.includes('Part2'))!;
    const dest = second.dest as unknown[];
    expect(await pdf.getPageIndex(dest[0] as never)).toBe(2);
    for (let i = 1; i <= 4; i++) {
      const tree = await (await pdf.getPage(i)).getStructTree();
      expect(JSON.stringify(tree)).toContain('"role"');
    }
    await pdf.destroy();
    const text = Buffer.from(joined).toString('latin1');
    const ids = [...text.matchAll(/\/ID (\(node\d{8}\))/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);

    expect(() => joinPdfs(parts, [2, 3])).toThrow(/part 2 of 2: 2 pages printed, 3 laid out/);
    const broken = Uint8Array.from(parts[1]!);
    broken.set(Buffer.from('xxxx'), Buffer.from(broken).lastIndexOf('startxref') - 40);
    expect(() => joinPdfs([parts[0]!, broken])).toThrow(/PDF part 2 of 2/);
    expect(() => joinPdfs([parts[0]!, parts[1]!.subarray(0, parts[1]!.length - 200)])).toThrow(/PDF part 2 of 2/);
    // The cross-reference table is read entry by entry: a malformed one, or one that
    // points where its object is not, is an error naming the part and the entry.
    const xrefAt = (pdf: Uint8Array): number => Buffer.from(pdf).indexOf('xref\n0 ');
    const entry1 = (pdf: Uint8Array): number => Buffer.from(pdf).indexOf('\n', xrefAt(pdf) + 5) + 1 + 20;
    const kind = Uint8Array.from(parts[1]!);
    kind[entry1(kind) + 17] = 0x78;
    expect(() => joinPdfs([parts[0]!, kind])).toThrow(/PDF part 2 of 2: malformed xref entry 1$/);
    const moved = Uint8Array.from(parts[0]!);
    moved[entry1(moved) + 9] = moved[entry1(moved) + 9] === 0x30 ? 0x31 : 0x30;
    expect(() => joinPdfs([moved, parts[1]!])).toThrow(/PDF part 1 of 2: object 1 is not at byte \d+$/);
  }, 60_000);
});
