import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfEngine } from '../../src/render/browser.js';
import { BIN, runNode } from '../helpers/spawn.js';
import { pageTexts, root, testBrowser } from './pdf-helpers.js';

/**
 * The project form takes the department form's one path through `render` (issue 14):
 * a self-contained HTML with subset fonts that prints to the pages of the PDF, a tagged
 * PDF with a bookmark per section, and `--html` alone the same self-contained document.
 * Through the real binary, on the project examples.
 */
const choice = await testBrowser();
const PROJECTS = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.yaml') && /^form:\s*项目支出/m.test(readFileSync(path.join(root, 'examples', f), 'utf8'))).sort();

describe.skipIf(choice === undefined)('render: the project form on the one path', () => {
  let work: string;
  let engine: PdfEngine;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'declare-project-pdf-'));
    engine = new PdfEngine(choice!, { timeoutMs: 60_000 }, process.env);
    await engine.start();
  });

  afterAll(async () => {
    await engine?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('has project examples', () => {
    expect(PROJECTS.length).toBeGreaterThanOrEqual(2);
  });

  it('--pdf --html: a tagged PDF with a bookmark per section, and its HTML carries its fonts and prints to the same pages', async () => {
    const out = path.join(work, 'both');
    const r = await runNode(BIN, ['render', '--pdf', '--html', '--out', out, ...PROJECTS.map((f) => path.join(root, 'examples', f))], { timeoutMs: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const file of PROJECTS) {
      const pdf = new Uint8Array(readFileSync(path.join(out, file.replace('.yaml', '.pdf'))));
      const doc = await getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
      const tree = await (await doc.getPage(1)).getStructTree();
      const outline = (await doc.getOutline()) ?? [];
      await doc.destroy();
      expect(Buffer.from(pdf).toString('latin1').includes('/StructTreeRoot'), file).toBe(true);
      expect(tree?.children.length ?? 0).toBeGreaterThan(0);
      const titles = (items: typeof outline): string[] => items.flatMap((i) => [i.title, ...titles(i.items)]);
      expect(titles(outline), file).toEqual(['项目支出绩效目标申报表', '项目名称', '主管部门', '实施单位', '项目属性', '项目期', '项目资金（万元）', '总体目标', '绩效指标']);

      const html = readFileSync(path.join(out, file.replace('.yaml', '.html')), 'utf8');
      expect(html).toContain('src:url(data:font/woff;base64,');
      expect(html).not.toContain('declare.invalid');
      expect(html).toContain('<col style="width:44mm">');
      const before = engine.refused.length;
      const printed = await engine.render(html);
      expect(engine.refused.slice(before)).toEqual([]);
      expect(await pageTexts(printed)).toEqual(await pageTexts(pdf));
    }
  }, 300_000);

  it('--html alone: the same self-contained one-grid document, without a browser, with the filer line', async () => {
    const out = path.join(work, 'html');
    // A project file with `filer` (forms.md "Who filed it"): valid, and printed above the table.
    const input = path.join(work, 'filed.yaml');
    writeFileSync(input, `${readFileSync(path.join(root, 'examples', PROJECTS[0]!), 'utf8')}\nfiler:\n  person: 张三\n  phone: 020-12345678\n  date: 2023-01-15\n`);
    const r = await runNode(BIN, ['render', '--out', out, input], { timeoutMs: 120_000, env: { DECLARE_CHROME: '/nonexistent/chrome', PUPPETEER_EXECUTABLE_PATH: '/nonexistent' } });
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(path.join(out, 'filed.html'), 'utf8');
    expect(html).toContain('<span class="filer">填报人：张三\u3000\u3000联系电话：020-12345678\u3000\u3000填报日期：2023-01-15</span><span class="unit">单位：万元</span>');
    expect(html).toContain('src:url(data:font/woff;base64,');
    expect(html).toContain('<table class="grid">');
    for (const label of ['项目名称', '实施期资金总额', '其中：财政拨款', '实施期目标', '实施期指标值', '单位：万元']) expect(html).toContain(label);
  });
});
