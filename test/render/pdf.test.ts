import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Declaration, Indicator } from '../../src/model/declaration.js';
import { PdfEngine, printPdf } from '../../src/render/browser.js';
import { renderStandaloneHtml } from '../../src/render/html.js';
import { printForm, renderPdf } from '../../src/render/pdf.js';
import { loadFontSet } from '../../src/render/fonts.js';
import { viewAndGrid } from '../../src/render/html.js';
import { layOutOnPage } from '../../src/render/measure.js';
import { normalizeStructureIds } from '../../src/render/pdf-info.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { LOOKALIKES, huadu, pageTexts, pdfFonts, pdfInfo, testBrowser } from './pdf-helpers.js';
import { descendants } from '../faults/processes.js';

/**
 * PDF tests with a real browser (the bundled @sparticuz/chromium on CI). One browser for
 * the whole file. On CI a missing browser fails testBrowser(); nothing is skipped there.
 */
const choice = await testBrowser();
const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const strip = (s: string) => s.replace(/\s+/g, '');

describe.skipIf(choice === undefined)('PDF', () => {
  let engine: PdfEngine;
  let huaduPdf: Uint8Array;
  let pages: string[];

  beforeAll(async () => {
    engine = new PdfEngine(choice!, { timeoutMs: 60_000 }, process.env);
    await engine.start();
    huaduPdf = await renderPdf(engine, huadu(), { version: '1.2.3', date });
    pages = await pageTexts(huaduPdf);
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('is A4 with 「第 X 页 共 Y 页」 on every page', async () => {
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((text, i) => {
      expect(text).toContain(`第${i + 1}页共${pages.length}页`);
    });
    const boxes = [...Buffer.from(huaduPdf).toString('latin1').matchAll(/\/MediaBox \[([^\]]*)\]/g)].map((m) => m[1]);
    expect(boxes).toHaveLength(pages.length);
    for (const box of boxes) expect(box).toMatch(/^0 0 59[45]\.\d+ 841\.\d+$/); // 210 × 297 mm
  });

  it('carries the labels, amounts and text of the form, as the original characters', () => {
    const all = pages.join('');
    for (const s of [
      '部门整体预算绩效目标申报表', '（2023年度）', '部门名称', '中国共产党广州市花都区委员会宣传部', '预算整体情况',
      '部门预算支出', '预算金额（万元）', '收入来源', '基本支出', '1,499.73', '财政拨款', '3,797.06', '项目支出',
      '1,354.87', '其他资金', '0.00', '事业发展性支出', '按预算级次划分', '财政专项资金', '区本级使用资金', '3,707.06',
      '其他事业发展性支出', '942.46', '拟用于对下转移支付资金', '90.00', '总体绩效目标', '年度重点工作任务', '名称',
      '主要实施内容', '拟投入的资金（万元）', '期望达到的目标（概述）', '50.00', '80.00', '其他需完成的任务（可选填）',
      '绩效指标', '一级指标', '二级指标', '三级指标', '实施周期指标值', '年度指标值', '产出指标', '数量指标', '时效指标',
      '效益指标', '社会效益指标', '可持续影响指标',
    ]) {
      expect(all, s).toContain(s);
    }
    const decl = huadu();
    decl.goals.forEach((goal, i) => expect(all).toContain(`${i + 1}.${strip(goal)}`));
    for (const list of Object.values(decl.indicators).flatMap((l2) => Object.values(l2 ?? {}))) {
      for (const ind of list) expect(all).toContain(strip(ind.name));
    }
    expect(all).not.toMatch(LOOKALIKES);
    expect(all).not.toContain('未通过校验');
  });

  it('has our metadata: Title, Author, Creator, dates from the injected clock', async () => {
    const info = await pdfInfo(huaduPdf);
    expect(info['Title']).toBe('2023年度 中国共产党广州市花都区委员会宣传部 部门整体预算绩效目标申报表');
    expect(info['Author']).toBe('中国共产党广州市花都区委员会宣传部');
    expect(info['Creator']).toBe('declare 1.2.3');
    expect(info['CreationDate']).toBe("D:20240102030405+00'00'");
    expect(info['ModDate']).toBe("D:20240102030405+00'00'");
  });

  it('embeds subset CID fonts only: no Type 3, every font embedded, regular and real bold', () => {
    const bytes = Buffer.from(huaduPdf).toString('latin1');
    expect(bytes).not.toContain('/Type3');
    const { fonts, descriptors } = pdfFonts(huaduPdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !['Type0', 'CIDFontType2', 'CIDFontType0'].includes(f.subtype))).toEqual([]);
    expect(descriptors.length).toBeGreaterThan(0);
    for (const d of descriptors) {
      expect(d.embedded, d.name).toBe(true);
      // Honest names (issue 14): the weight the glyphs are, not the variable font's
      // default instance (NotoSerifSCExtraLight-Regular).
      expect(d.name).toMatch(/^[A-Z]{6}\+NotoSerifSC-(Regular|Bold)$/);
    }
    // Labels use the 700 files: separate font programs with heavier stems, not a
    // synthetic bold of the 400 ones.
    const regular = descriptors.filter((d) => d.name.endsWith('-Regular'));
    const bold = descriptors.filter((d) => d.name.endsWith('-Bold'));
    expect(regular.length).toBeGreaterThan(0);
    expect(bold.length).toBeGreaterThan(0);
    expect(Math.min(...bold.map((d) => d.stemV))).toBeGreaterThan(Math.max(...regular.map((d) => d.stemV)));
    expect(huaduPdf.length).toBeLessThan(300 * 1024);
  });

  it('is tagged, with a bookmark for the form and for each section', async () => {
    const doc = await getDocument({ data: new Uint8Array(huaduPdf), verbosity: 0 }).promise;
    const info = (await doc.getMetadata()).info as Record<string, unknown>;
    const tree = await (await doc.getPage(1)).getStructTree();
    const outline = (await doc.getOutline()) ?? [];
    await doc.destroy();
    expect(info['IsTaggedPDF'] ?? Buffer.from(huaduPdf).toString('latin1').includes('/StructTreeRoot')).toBeTruthy();
    expect(tree?.children.length ?? 0).toBeGreaterThan(0);
    const titles = (items: typeof outline): string[] => items.flatMap((i) => [i.title, ...titles(i.items)]);
    expect(titles(outline)).toEqual(['部门整体预算绩效目标申报表', '部门名称', '预算整体情况', '总体绩效目标', '年度重点工作任务', '其他需完成的任务（可选填）', '绩效指标']);
  });

  it('writes a self-contained HTML (subset fonts inside) that prints to the same pages as the PDF', async () => {
    for (const decl of [huadu(), longDeclaration()]) {
      const form = await printForm(engine, decl, { version: '1', date });
      const html = await renderStandaloneHtml(decl, { version: '1', plan: form.plan });
      expect(html).not.toContain('declare.invalid');
      const before = engine.refused.length;
      // Printed as any page: no font served, nothing fetched.
      const printed = await engine.render(html);
      expect(engine.refused.slice(before)).toEqual([]);
      const [a, b] = [await pageTexts(form.pdf), await pageTexts(printed)];
      expect(b.length).toBe(a.length);
      expect(b).toEqual(a);
    }
  });

  it('gives the same bytes for the same input and clock, also from a reused page', async () => {
    const again = await renderPdf(engine, huadu(), { version: '1.2.3', date });
    expect(Buffer.compare(Buffer.from(again), Buffer.from(huaduPdf))).toBe(0);
  });

  it('prints the same bytes through printLoaded (one protocol call) as through Puppeteer\'s page.pdf', async () => {
    // The form laid out as printForm does (its fonts waited for), then printed both ways.
    const decl = longDeclaration();
    const { view, grid, layout } = viewAndGrid(decl, { version: '1' });
    const { direct, loaded } = await engine.run(async (page) => {
      await layOutOnPage(page, view, grid, loadFontSet().css, 60_000, layout);
      const loaded = await engine.printLoaded(page);
      return { loaded, direct: await printPdf(page, 60_000) };
    });
    expect(Buffer.from(loaded).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Chromium numbers a tagged PDF's structure elements afresh for every print; pdf.ts
    // normalizes them (pdf-info.ts), and so does this comparison.
    expect(Buffer.compare(Buffer.from(normalizeStructureIds(loaded)), Buffer.from(normalizeStructureIds(direct)))).toBe(0);
  });

  it('marks every page 「未通过校验」 under --force', async () => {
    const decl = longDeclaration();
    const pdf = await renderPdf(engine, decl, { version: '1', date, unchecked: true });
    const texts = await pageTexts(pdf);
    expect(texts.length).toBeGreaterThanOrEqual(3);
    texts.forEach((t, i) => expect(t, `page ${i + 1}`).toContain('未通过校验'));
  });

  it('repeats the 绩效指标 header on a continued page and keeps the page footer', async () => {
    const texts = await pageTexts(await renderPdf(engine, longDeclaration(), { version: '1', date }));
    const header = '一级指标二级指标三级指标实施周期指标值年度指标值';
    const first = texts.findIndex((t) => t.includes(header));
    expect(first).toBeGreaterThanOrEqual(0);
    const continued = texts.slice(first + 1);
    expect(continued.length).toBeGreaterThanOrEqual(1);
    continued.forEach((t) => expect(t).toContain(header));
    texts.forEach((t, i) => expect(t).toContain(`第${i + 1}页共${texts.length}页`));
    // every indicator row is on some page, whole
    for (let i = 0; i < 40; i++) expect(texts.join('')).toContain(`指标名称${i}实施周期值${i}年度值${i}`);
  });

  it.skipIf(process.platform !== 'linux')('prints the first document in the tab the browser opened: one renderer process, the same bytes', async () => {
    const before = new Set(descendants(process.pid).map((p) => p.pid));
    const own = new PdfEngine(choice!, { timeoutMs: 60_000 }, process.env);
    try {
      const pdf = await renderPdf(own, huadu(), { version: '1.2.3', date });
      const renderers = descendants(process.pid).filter((p) => !before.has(p.pid) && !p.zombie && p.cmd.includes('--type=renderer'));
      expect(renderers).toHaveLength(1);
      expect(Buffer.from(pdf).equals(Buffer.from(huaduPdf))).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('restarts a browser that crashed or hung and goes on', async () => {
    const own = new PdfEngine(choice!, { timeoutMs: 60_000 }, process.env);
    try {
      await own.start();
      own.kill(); // a crash
      const after = await renderPdf(own, huadu(), { version: '1.2.3', date });
      expect(Buffer.from(after).equals(Buffer.from(huaduPdf))).toBe(true);
    } finally {
      await own.close();
    }
    const slow = new PdfEngine(choice!, { timeoutMs: 1 }, process.env);
    try {
      await expect(slow.render('<p>x</p>')).rejects.toMatchObject({ kind: expect.stringMatching(/timeout|crash/) });
    } finally {
      await slow.close();
    }
  });

  describe('with hostile text', () => {
    let server: Server;
    let port = 0;
    const hits: string[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        hits.push(req.url ?? '');
        res.end('x');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('prints markup and template syntax literally and makes no request', async () => {
      const base = `http://127.0.0.1:${port}`;
      const decl = huadu();
      decl.department = `<img src=${base}/img>`;
      decl.goals = [`<script>fetch('${base}/script')</script>`, '{{department}}', `<link rel=stylesheet href=${base}/css>`];
      decl.tasks[0]!.content = `<iframe src="${base}/frame"></iframe><style>@import url(${base}/import);</style>`;
      decl.other_tasks = [`<meta http-equiv="refresh" content="0;url=${base}/refresh">`, `<object data="${base}/object"></object>`];
      const before = engine.refused.length;
      const pdf = await renderPdf(engine, decl, { version: '1', date });
      const all = (await pageTexts(pdf)).join('');
      expect(all).toContain(strip(`<img src=${base}/img>`));
      expect(all).toContain(strip(`<script>fetch('${base}/script')</script>`));
      expect(all).toContain('{{department}}');
      expect(all).toContain(strip(`<iframe src="${base}/frame"></iframe>`));
      expect(hits).toEqual([]);
      expect(engine.refused.slice(before)).toEqual([]);
      const info = await pdfInfo(pdf);
      expect(info['Author']).toBe(`<img src=${base}/img>`);
    });

    it('refuses every request but the fonts even for raw HTML (defence in depth)', async () => {
      const base = `http://127.0.0.1:${port}`;
      const before = engine.refused.length;
      await engine.render(
        `<!DOCTYPE html><link rel="stylesheet" href="${base}/css"><img src="${base}/img"><iframe src="${base}/frame"></iframe>` +
          `<script src="${base}/js"></script><style>body{background:url(${base}/bg)}</style><p>x</p>`,
      );
      expect(hits).toEqual([]);
      expect(engine.refused.slice(before).length).toBeGreaterThan(0);
      for (const url of engine.refused.slice(before)) expect(url.startsWith(base)).toBe(true);
    });
  });
});

/** A declaration long enough for several pages: 40 indicator rows under three 一级指标. */
function longDeclaration(): Declaration {
  const decl = huadu();
  const rows = (from: number, n: number): Indicator[] =>
    Array.from({ length: n }, (_, k) => ({ name: `指标名称${from + k}`, period: `实施周期值${from + k}`, annual: `年度值${from + k}` }));
  decl.indicators = {
    产出指标: { 数量指标: rows(0, 15), 质量指标: rows(15, 5) },
    效益指标: { 社会效益指标: rows(20, 15) },
    满意度指标: { 服务对象满意度指标: rows(35, 5) },
  };
  return decl;
}
