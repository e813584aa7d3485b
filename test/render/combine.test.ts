import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_PAGES, partEnds, volumeTitle, volumeYears, tableOfContents, tocPages, TOC_LINES_PER_PAGE } from '../../src/render/combine.js';
import { BIN, runNode } from '../helpers/spawn.js';
import { root, testBrowser } from './pdf-helpers.js';

/**
 * `declare render FILES… --combine OUT.pdf` through the real binary (cli.md "One bound
 * volume"): cover, table of contents with the right page numbers, a bookmark per form,
 * each form on a new page, page numbers through the volume with each form's own
 * 「第 X 页 共 Y 页」, invalid files listed and left out (exit 1) unless --force.
 */
const choice = await testBrowser();
const examples = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.yaml')).sort();
const broken = path.join(root, 'test', 'fixtures', 'render', 'huadu-m001.yaml');
const strip = (s: string): string => s.replace(/\s+/g, '');

function pdftotext(file: string, page: number): string {
  return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', file, '-']).toString();
}

function pdfPages(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1]);
}

describe('the table of contents (pure)', () => {
  it('numbers each form from the page after the cover and the contents', () => {
    expect(tableOfContents(['甲', '乙', '丙'], [2, 3, 1]).map((e) => e.page)).toEqual([3, 5, 8]);
    expect(tocPages(TOC_LINES_PER_PAGE + 1)).toBe(2);
    expect(tableOfContents(Array.from({ length: TOC_LINES_PER_PAGE + 1 }, () => 'x'), [])[0]!.page).toBe(4);
    expect(volumeYears([2023, 2023])).toBe('（2023年度）');
    expect(volumeYears([2024, 2023, undefined])).toBe('（2023—2024年度）');
  });

  it('cuts the volume into parts by the page counts alone: the first form alone, parts of at most PART_PAGES, smaller towards the end', () => {
    // 100 forms of 3 to 17 pages, as a mixed batch has.
    const counts = Array.from({ length: 100 }, (_, i) => 3 + ((i * 7) % 15));
    const ends = partEnds(counts, 100, 2);
    expect(ends[0]).toBe(1);
    expect(ends.at(-1)).toBe(100);
    const sizes = ends.map((end, k) => counts.slice(k === 0 ? 0 : ends[k - 1], end).reduce((a, b) => a + b, 0));
    for (const size of sizes) expect(size).toBeLessThan(PART_PAGES + 17);
    // Most of the volume is in full parts; the last parts shrink to a form or two.
    expect(sizes.filter((size) => size >= PART_PAGES).length).toBeGreaterThanOrEqual(Math.floor((counts.reduce((a, b) => a + b, 0) * 0.6) / (PART_PAGES + 17)));
    expect(ends.at(-1)! - ends.at(-2)!).toBe(1);
    expect(sizes.at(-1)).toBeLessThan(sizes[1]!);
    // Decided as the forms are laid out: more counts only add ends, never move one.
    for (let k = 1; k <= counts.length; k++) expect(ends.slice(0, partEnds(counts.slice(0, k), 100, 2).length)).toEqual(partEnds(counts.slice(0, k), 100, 2));
    // More pages of the browser at once: smaller parts sooner, so that each has others to print beside it.
    expect(partEnds(counts, 100, 4).length).toBeGreaterThanOrEqual(ends.length);
    expect(partEnds([4], 1, 2)).toEqual([1]);
    expect(partEnds([], 3, 2)).toEqual([]);
  });

  it('titles a volume by its one form, or by neither when it binds both', () => {
    expect(volumeTitle(['项目支出绩效目标申报表', '项目支出绩效目标申报表'])).toBe('项目支出绩效目标申报表汇编');
    expect(volumeTitle(['部门整体预算绩效目标申报表'])).toBe('部门整体预算绩效目标申报表汇编');
    expect(volumeTitle(['部门整体预算绩效目标申报表', '项目支出绩效目标申报表'])).toBe('预算绩效目标申报表汇编');
  });
});

describe.skipIf(choice === undefined)('render --combine', () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'declare-combine-'));
    mkdirSync(path.join(work, 'in'));
    mkdirSync(path.join(work, 'tmp'));
    for (const f of examples) copyFileSync(path.join(root, 'examples', f), path.join(work, 'in', f));
    copyFileSync(broken, path.join(work, 'in', 'zz-broken.yaml'));
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const run = (args: string[]) => runNode(BIN, args, { cwd: work, env: { TMPDIR: path.join(work, 'tmp'), NO_COLOR: '1' }, stdin: 'ignore', timeoutMs: 120_000 });

  it('binds the valid files: cover, contents with page numbers, bookmarks, running and per-form page numbers; lists and leaves out the invalid one (exit 1)', async () => {
    const r = await run(['render', 'in', '--combine', 'out/all.pdf']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('zz-broken.yaml');
    expect(r.stderr).toContain('未编入汇编');
    const file = path.join(work, 'out', 'all.pdf');
    expect(readdirSync(path.join(work, 'out'))).toEqual(['all.pdf']); // the volume only, no per-file outputs
    expect(readdirSync(path.join(work, 'tmp'))).toEqual([]);
    const pages = pdfPages(file);
    expect(r.stdout).toContain(`（${examples.length} 份，共 ${pages} 页）`);

    // Cover: title, years, number of forms; no page number.
    const cover = strip(pdftotext(file, 1));
    // The examples hold both forms: the volume's title names neither.
    expect(cover).toContain('预算绩效目标申报表汇编');
    expect(cover).not.toContain('部门整体预算绩效目标申报表汇编');
    expect(cover).toMatch(/（\d{4}(—\d{4})?年度）/);
    expect(cover).toContain(`共${examples.length}份`);
    expect(cover).not.toMatch(/\d$/);

    // Contents: each form with the page it starts on, and that page starts with its entry.
    const toc = pdftotext(file, 2);
    const entries = [...toc.matchAll(/^\s*(\d+)\.\s+(\S+)\s.*?(\d+)\s*$/gm)].map((m) => ({ n: Number(m[1]), name: m[2]!, page: Number(m[3]) }));
    expect(entries.map((e) => e.n)).toEqual(examples.map((_, i) => i + 1));
    let last = 2;
    for (const e of entries) {
      expect(e.page).toBeGreaterThan(last);
      const first = strip(pdftotext(file, e.page));
      expect(first.startsWith(`${e.n}${strip(e.name)}`), `page ${e.page}: ${first.slice(0, 30)}`).toBe(true);
      // Each form in its own layout: a project form is printed as one.
      const project = /^form:\s*项目支出/m.test(readFileSync(path.join(root, 'examples', examples[e.n - 1]!), 'utf8'));
      expect(first).toContain(project ? '项目支出绩效目标申报表' : '部门整体预算绩效目标申报表');
      if (project) expect(first).toContain('实施期资金总额');
      last = e.page;
    }
    // Page numbers: the volume's own at the right of every page after the cover, each
    // form's 「第 X 页 共 Y 页」 on its pages.
    const starts = [...entries.map((e) => e.page), pages + 1];
    entries.forEach((e, i) => {
      const count = starts[i + 1]! - e.page;
      for (let p = 0; p < count; p++) {
        const text = strip(pdftotext(file, e.page + p));
        expect(text, `page ${e.page + p}`).toContain(`第${p + 1}页共${count}页`);
        expect(text.endsWith(String(e.page + p)), `page ${e.page + p} ends with its volume number`).toBe(true);
      }
    });
    expect(strip(pdftotext(file, 2)).endsWith('2')).toBe(true);

    // Bookmarks: one per form, its sections beneath.
    const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
    const outline = (await doc.getOutline()) ?? [];
    await doc.destroy();
    const forms = outline.filter((o) => /^\d+\u3000/.test(o.title));
    expect(forms.map((o) => o.title)).toEqual(entries.map((e) => expect.stringMatching(new RegExp(`^${e.n}\u3000${e.name}`))));
    for (const o of forms) expect(o.items.map((i) => i.title)).toContain('绩效指标');
  }, 180_000);

  it('puts the invalid file in with --force, marked 「未通过校验」 on its pages (exit 1)', async () => {
    const r = await run(['render', 'in', '--combine', 'forced.pdf', '--force']);
    expect(r.status, r.stderr).toBe(1);
    const file = path.join(work, 'forced.pdf');
    expect(existsSync(file)).toBe(true);
    const toc = pdftotext(file, 2);
    const entries = [...toc.matchAll(/^\s*(\d+)\.\s+(\S+)\s.*?(\d+)\s*$/gm)];
    expect(entries).toHaveLength(examples.length + 1);
    const broken = entries.at(-1)!;
    const pages = pdfPages(file);
    for (let p = Number(broken[3]); p <= pages; p++) expect(strip(pdftotext(file, p))).toContain('未通过校验');
    expect(strip(pdftotext(file, Number(entries[0]![3])))).not.toContain('未通过校验');
  }, 180_000);

  it('gives the same bytes for the same input (the volume is printed in parts and joined)', () => {
    return (async () => {
      const env = { TMPDIR: path.join(work, 'tmp'), NO_COLOR: '1', SOURCE_DATE_EPOCH: '1700000000' };
      const a = await runNode(BIN, ['render', 'in', '--combine', 'same-a.pdf', '--concurrency', '2'], { cwd: work, env, stdin: 'ignore', timeoutMs: 120_000 });
      const b = await runNode(BIN, ['render', 'in', '--combine', 'same-b.pdf', '--concurrency', '2'], { cwd: work, env, stdin: 'ignore', timeoutMs: 120_000 });
      expect(a.status, a.stderr).toBe(1);
      expect(b.status, b.stderr).toBe(1);
      expect(readFileSync(path.join(work, 'same-a.pdf')).equals(readFileSync(path.join(work, 'same-b.pdf')))).toBe(true);
    })();
  }, 180_000);

  it('refuses an output that is not a .pdf (exit 2)', async () => {
    const r = await run(['render', 'in', '--combine', 'all.html']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('.pdf');
  });
});
