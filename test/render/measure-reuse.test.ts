import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfEngine, printPdf } from '../../src/render/browser.js';
import { loadFontSet } from '../../src/render/fonts.js';
import { departmentGrid as formGrid } from '../../src/render/grid.js';
import { renderView } from '../../src/render/html.js';
import { layOutOnPage, loadOnPage } from '../../src/render/measure.js';
import { buildView } from '../../src/render/view.js';
import { huadu, testBrowser } from './pdf-helpers.js';

/**
 * A page keeps its document, with the font rules and the faces they loaded, from form to
 * form (measure.ts loadOnPage): the second form is swapped into the first one's document
 * instead of a fresh document parsing the ~600 @font-face rules again.
 */
const choice = await testBrowser();

describe.skipIf(choice === undefined)('a page reused from form to form', () => {
  let engine: PdfEngine;
  beforeAll(async () => {
    engine = new PdfEngine(choice!, { timeoutMs: 60_000 }, process.env);
    await engine.start();
  });
  afterAll(async () => {
    await engine?.close();
  });

  const fontCss = loadFontSet().css;
  const view = (department: string) => buildView({ ...huadu(), department }, { version: '1.2.3', unchecked: false });

  it('keeps the font style element (and so its loaded faces) and swaps in the next form', async () => {
    await engine.run(async (page) => {
      const first = view('第一个部门');
      await layOutOnPage(page, first, formGrid(first), fontCss, 60_000);
      // A mark on the font style element: a fresh document would not have it.
      await page.evaluate(`document.getElementById('declare-fonts').setAttribute('data-probe', 'kept')`);
      const fontsBefore = await page.evaluate(`[...document.fonts].filter((f) => f.status === 'loaded').length`);
      const second = view('第二个部门');
      const paged = await layOutOnPage(page, second, formGrid(second), fontCss, 60_000);
      expect(await page.evaluate(`document.getElementById('declare-fonts').getAttribute('data-probe')`)).toBe('kept');
      expect(await page.evaluate(`document.querySelectorAll('style#declare-fonts').length`)).toBe(1);
      expect(await page.evaluate(`[...document.fonts].filter((f) => f.status === 'loaded').length`)).toBeGreaterThanOrEqual(fontsBefore as number);
      // The document is the second form's, and nothing of the first is left in it.
      const text = (await page.evaluate('document.body.innerText')) as string;
      expect(text).toContain('第二个部门');
      expect(text).not.toContain('第一个部门');
      expect(await page.evaluate('document.title')).toBe(second.documentTitle);
      expect(await page.evaluate('document.compatMode')).toBe('CSS1Compat');
      expect(paged.plan.pages.length).toBeGreaterThan(0);
    });
  });

  it('prints the same pages from a reused document as from a fresh one', async () => {
    const v = view('同一个部门');
    const grid = formGrid(v);
    const fresh = await engine.run(async (page) => {
      // A document that is not the shell: the next form must get a fresh one.
      await page.setContent('<p>x</p>');
      const { plan } = await layOutOnPage(page, v, grid, fontCss, 60_000);
      return { plan, pdf: await printPdf(page, 60_000) };
    });
    const reused = await engine.run(async (page) => {
      const { plan } = await layOutOnPage(page, v, grid, fontCss, 60_000);
      return { plan, pdf: await printPdf(page, 60_000) };
    });
    expect(reused.plan).toEqual(fresh.plan);
    const pages = (pdf: Uint8Array) => Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page\b/g)?.length;
    expect(pages(reused.pdf)).toBe(pages(fresh.pdf));
  });

  it('gives a page that printed another document a fresh shell', async () => {
    await engine.run(async (page) => {
      await page.setContent('<!DOCTYPE html><html><head><style id="declare-fonts" data-fonts="other"></style></head><body>其他</body></html>');
      const v = view('新的部门');
      await loadOnPage(page, renderView(v, formGrid(v), {}), fontCss, 60_000);
      expect(await page.evaluate(`document.getElementById('declare-fonts').getAttribute('data-fonts')`)).not.toBe('other');
      expect(await page.evaluate('document.body.innerText')).toContain('新的部门');
    });
  });
});
