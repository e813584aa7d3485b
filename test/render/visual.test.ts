import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import type { PartialDeclaration } from '../../src/model/declaration.js';
import { PdfEngine } from '../../src/render/browser.js';
import { GRID_COLUMNS_MM, CONTINUED } from '../../src/render/grid.js';
import { formGrid } from '../../src/render/html.js';
import { printForm, type PrintedForm } from '../../src/render/pdf.js';
import { buildView } from '../../src/render/view.js';
import { UPDATE_GOLDEN } from '../helpers/golden.js';
import { root, testBrowser } from './pdf-helpers.js';
import { STRESS } from './stress.js';

/**
 * Visual regression (issue 14): every page of the examples and of the stress inputs, as
 * pdftoppm draws it at 40 dpi in grey, against the committed images in test/fixtures/render/pages/.
 * A page may differ in at most PAGE_TOLERANCE of its pixels (pixelmatch, threshold 0.1):
 * anti-aliasing of glyph edges moves between poppler and Chromium builds, a moved rule or
 * a line of text that wraps differently changes far more. Write the images with
 * UPDATE_GOLDEN=1 npx vitest run test/render/visual.test.ts and look at them; a missing
 * image fails.
 *
 * Measured checks beside the pictures: the column rules of every section lie on the one
 * grid (from the laid-out DOM in Chromium), and every page after the first starts with
 * its section's label (「（续）」 where the section continues) and the column header.
 */
const choice = await testBrowser();
const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const goldenDir = path.join(root, 'test', 'fixtures', 'render', 'pages');
/** Share of a page's pixels that may differ (see above). */
const PAGE_TOLERANCE = 0.002;
const DPI = 40;

const examplesDir = path.join(root, 'examples');
const inputs: Record<string, () => PartialDeclaration> = {};
// The department form's examples: the one-grid layout measured here is that form's (the
// project form is printed by its own template, test/forms/project.test.ts).
for (const file of readdirSync(examplesDir).filter((f) => f.endsWith('.yaml') && !/^form:\s*项目支出/m.test(readFileSync(path.join(examplesDir, f), 'utf8'))).sort()) {
  inputs[file.replace(/\.yaml$/, '')] = () => check(readFileSync(path.join(examplesDir, file)), file).declaration!;
}
for (const [name, make] of Object.entries(STRESS)) inputs[`stress-${name}`] = make;

const strip = (s: string): string => s.replace(/\s+/g, '');
const FOOTER = /^第\d+页共\d+页/;

describe.skipIf(choice === undefined)('the printed pages', () => {
  let engine: PdfEngine;
  let work: string;
  const printed: Record<string, PrintedForm> = {};

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'declare-visual-'));
    engine = new PdfEngine(choice!, { timeoutMs: 120_000 }, process.env);
    await engine.start();
    for (const [name, make] of Object.entries(inputs)) {
      printed[name] = await printForm(engine, make(), { version: 'golden', date, timeoutMs: 120_000 });
      writeFileSync(path.join(work, `${name}.pdf`), printed[name].pdf);
    }
  }, 300_000);

  afterAll(async () => {
    await engine?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(Object.keys(inputs))('%s: every page matches its image', (name) => {
    const pdf = path.join(work, `${name}.pdf`);
    execFileSync('pdftoppm', ['-r', String(DPI), '-gray', '-png', pdf, path.join(work, name)]);
    const pages = readdirSync(work).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).sort((a, b) => pageNo(a) - pageNo(b));
    expect(pages.length).toBe(printed[name]!.plan.pages.length);
    if (UPDATE_GOLDEN) {
      mkdirSync(goldenDir, { recursive: true });
      for (const f of readdirSync(goldenDir).filter((g) => g.startsWith(`${name}-`))) rmSync(path.join(goldenDir, f));
      for (const p of pages) writeFileSync(path.join(goldenDir, `${name}-${pageNo(p)}.png`), readFileSync(path.join(work, p)));
    }
    const golden = readdirSync(goldenDir).filter((f) => new RegExp(`^${name}-\\d+\\.png$`).test(f));
    expect(golden.length, `pages of ${name} (golden images: UPDATE_GOLDEN=1)`).toBe(pages.length);
    for (const p of pages) {
      const want = path.join(goldenDir, `${name}-${pageNo(p)}.png`);
      expect(existsSync(want), `missing ${path.relative(root, want)}: UPDATE_GOLDEN=1 npx vitest run test/render/visual.test.ts`).toBe(true);
      const a = PNG.sync.read(readFileSync(path.join(work, p)));
      const b = PNG.sync.read(readFileSync(want));
      expect([a.width, a.height], p).toEqual([b.width, b.height]);
      const diff = pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.1 });
      expect(diff / (a.width * a.height), `${p}: ${diff} pixels differ`).toBeLessThanOrEqual(PAGE_TOLERANCE);
    }
  });

  it('puts every column rule of every section on the one grid', async () => {
    const mmToPx = 96 / 25.4;
    const grid: number[] = [0];
    for (const w of GRID_COLUMNS_MM) grid.push(grid[grid.length - 1]! + w * mmToPx);
    for (const name of ['huadu-propaganda-2023', 'stress-indicators-60', 'stress-amounts-4dp']) {
      const edges = await engine.run(async (page) => {
        await page.setContent(printed[name]!.html, { waitUntil: 'load' });
        return (await page.evaluate(`(() => {
          const out = {};
          for (const tr of document.querySelectorAll('tr[data-section]')) {
            const table = tr.closest('table').getBoundingClientRect().left;
            const xs = out[tr.getAttribute('data-section')] ??= [];
            for (const c of tr.children) { const r = c.getBoundingClientRect(); xs.push(r.left - table, r.right - table); }
          }
          return out;
        })()`)) as Record<string, number[]>;
      });
      const sections = Object.keys(edges);
      expect(sections).toEqual(expect.arrayContaining(['department', 'budget', 'goals', 'tasks', 'other', 'indicators']));
      for (const [section, xs] of Object.entries(edges)) {
        for (const x of xs) {
          const nearest = Math.min(...grid.map((g) => Math.abs(g - x)));
          expect(nearest, `${name} ${section}: a rule at x=${x.toFixed(2)}px is off the grid`).toBeLessThan(1);
        }
      }
      // The rules the sections share are at the same x: the label column's, 名称's right
      // edge under 部门预算支出's, 主要实施内容's under 预算金额's and 三级指标's.
      const at = (section: string, mm: number): boolean => edges[section]!.some((x) => Math.abs(x - mm * mmToPx) < 1);
      for (const mm of [18, 56, 107, 180]) for (const section of ['budget', 'tasks', 'indicators']) expect(at(section, mm), `${section} at ${mm} mm`).toBe(true);
    }
  });

  it('starts every page after the first with its section label and column header', () => {
    const headers: Record<string, string> = {
      tasks: '名称主要实施内容拟投入的资金（万元）期望达到的目标（概述）',
      indicators: '一级指标二级指标三级指标实施周期指标值年度指标值',
    };
    let continued = 0;
    for (const [name, form] of Object.entries(printed)) {
      const view = buildView(inputs[name]!(), { version: 'golden' });
      const grid = formGrid(view);
      const pdf = path.join(work, `${name}.pdf`);
      form.plan.pages.forEach((placed, i) => {
        if (i === 0) return;
        const first = placed[0]!;
        const section = grid.sections[first.section]!;
        const before = form.plan.pages.slice(0, i).some((p) => p.some((q) => q.section === first.section));
        const text = strip(execFileSync('pdftotext', ['-raw', '-f', String(i + 1), '-l', String(i + 1), pdf, '-']).toString()).replace(FOOTER, '');
        const start = `${section.label}${before ? CONTINUED : ''}${headers[section.id] ?? ''}`;
        expect(text.startsWith(start), `${name} page ${i + 1} starts with ${text.slice(0, 40)}, not ${start}`).toBe(true);
        if (before) continued++;
        // A continued indicator row shows its 一级/二级 labels.
        if (section.id === 'indicators' && before) {
          const row = section.rows[first.row]!;
          const l1 = row.cells.find((c) => c.col === 1)!.items[0]!.text;
          const l2 = row.cells.find((c) => c.col === 2)!.items[0]!.text;
          expect(text.slice(start.length), `${name} page ${i + 1}`).toMatch(new RegExp(`^${strip(l1)}${strip(l2)}`));
        }
      });
    }
    expect(continued).toBeGreaterThanOrEqual(5);
  });
});

function pageNo(file: string): number {
  return Number(/-(\d+)\.png$/.exec(file)![1]);
}
