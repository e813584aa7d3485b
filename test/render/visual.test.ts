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
import { PROJECT_FORM } from '../../src/forms/project/definition.js';
import { CONTINUED } from '../../src/render/grid.js';
import { DEPARTMENT_LAYOUT, viewAndGrid, type Layout } from '../../src/render/html.js';
import { printForm, type PrintedForm } from '../../src/render/pdf.js';
import { UPDATE_GOLDEN } from '../helpers/golden.js';
import { root, testBrowser } from './pdf-helpers.js';
import { PROJECT_STRESS, STRESS } from './stress.js';

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
 * Both forms go through the same pipeline: the department form's examples and stress
 * inputs, and the project form's (its two examples, a 60-row indicator list, a
 * 1,700-character 实施期目标).
 */
const choice = await testBrowser();
const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const goldenDir = path.join(root, 'test', 'fixtures', 'render', 'pages');
/** Share of a page's pixels that may differ (see above). */
const PAGE_TOLERANCE = 0.002;
const DPI = 40;

const examplesDir = path.join(root, 'examples');
interface Input {
  decl: () => PartialDeclaration;
  layout: Layout;
}
const inputs: Record<string, Input> = {};
// Every example, each by its own form's layout.
for (const file of readdirSync(examplesDir).filter((f) => f.endsWith('.yaml')).sort()) {
  const out = check(readFileSync(path.join(examplesDir, file)), file);
  inputs[file.replace(/\.yaml$/, '')] = { decl: () => check(readFileSync(path.join(examplesDir, file)), file).declaration!, layout: out.form!.render as Layout };
}
for (const [name, make] of Object.entries(STRESS)) inputs[`stress-${name}`] = { decl: make, layout: DEPARTMENT_LAYOUT as Layout };
for (const [name, make] of Object.entries(PROJECT_STRESS)) inputs[`stress-project-${name}`] = { decl: make as () => PartialDeclaration, layout: PROJECT_FORM.render as Layout };

/** The view and grid of an input, as printed. */
const laidOut = (name: string): ReturnType<typeof viewAndGrid> => viewAndGrid(inputs[name]!.decl(), { version: 'golden', layout: inputs[name]!.layout });

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
    for (const [name, input] of Object.entries(inputs)) {
      printed[name] = await printForm(engine, input.decl(), { version: 'golden', date, layout: input.layout, timeoutMs: 120_000 });
      writeFileSync(path.join(work, `${name}.pdf`), printed[name].pdf);
    }
  }, 600_000);

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

  /**
   * Per form: inputs to measure, the sections every one of them has, and the x positions
   * (mm) of the rules that sections share, section by section.
   */
  const shared: { form: string; names: string[]; sections: string[]; rules: [number, string[]][] }[] = [
    {
      form: '部门整体',
      names: ['huadu-propaganda-2023', 'stress-indicators-60', 'stress-amounts-4dp'],
      sections: ['department', 'budget', 'goals', 'tasks', 'other', 'indicators'],
      // the label column's, 名称's right edge under 部门预算支出's, 主要实施内容's under 预算金额's and 三级指标's
      rules: [18, 56, 107, 180].map((mm) => [mm, ['budget', 'tasks', 'indicators']]),
    },
    {
      form: '项目支出',
      names: ['huadu-project-heritage-2023', 'huadu-project-congress-2023', 'stress-project-indicators-60', 'stress-project-goals-long'],
      sections: ['project', 'department', 'implementer', 'kind', 'period', 'funds', 'goals', 'indicators'],
      // the label column and the right edge everywhere; 实施期目标's right edge under the
      // 实施期 amount's and 三级指标's; 二级指标's under the funds labels', 实施期指标值's
      // under 年度资金总额's
      rules: [
        ...[18, 180].map((mm): [number, string[]] => [mm, ['project', 'funds', 'goals', 'indicators']]),
        [104, ['funds', 'goals', 'indicators']],
        ...[60, 142].map((mm): [number, string[]] => [mm, ['funds', 'indicators']]),
      ],
    },
  ];

  it.each(shared)('$form: puts every column rule of every section on the one grid', async ({ names, sections, rules }) => {
    const mmToPx = 96 / 25.4;
    for (const name of names) {
      const grid: number[] = [0];
      for (const w of laidOut(name).grid.columns) grid.push(grid[grid.length - 1]! + w * mmToPx);
      expect(grid[grid.length - 1]! / mmToPx).toBeCloseTo(180, 5);
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
      expect(Object.keys(edges)).toEqual(expect.arrayContaining(sections));
      for (const [section, xs] of Object.entries(edges)) {
        for (const x of xs) {
          const nearest = Math.min(...grid.map((g) => Math.abs(g - x)));
          expect(nearest, `${name} ${section}: a rule at x=${x.toFixed(2)}px is off the grid`).toBeLessThan(1);
        }
      }
      const at = (section: string, mm: number): boolean => edges[section]!.some((x) => Math.abs(x - mm * mmToPx) < 1);
      for (const [mm, inSections] of rules) for (const section of inSections) expect(at(section, mm), `${name}: ${section} at ${mm} mm`).toBe(true);
    }
  });

  it('starts every page after the first with its section label and column header', () => {
    // The column headers as forms.md and layout.md name them, per form and section.
    const headers: Record<string, Record<string, string>> = {
      部门整体: {
        tasks: '名称主要实施内容拟投入的资金（万元）期望达到的目标（概述）',
        indicators: '一级指标二级指标三级指标实施周期指标值年度指标值',
      },
      项目支出: {
        goals: '实施期目标年度目标',
        indicators: '一级指标二级指标三级指标实施期指标值年度指标值',
      },
    };
    let continued = 0;
    const continuedByForm: Record<string, number> = {};
    for (const [name, form] of Object.entries(printed)) {
      const { grid } = laidOut(name);
      const formId = inputs[name]!.layout === (PROJECT_FORM.render as Layout) ? '项目支出' : '部门整体';
      const pdf = path.join(work, `${name}.pdf`);
      form.plan.pages.forEach((placed, i) => {
        if (i === 0) return;
        const first = placed[0]!;
        const section = grid.sections[first.section]!;
        const before = form.plan.pages.slice(0, i).some((p) => p.some((q) => q.section === first.section));
        const text = strip(execFileSync('pdftotext', ['-raw', '-f', String(i + 1), '-l', String(i + 1), pdf, '-']).toString()).replace(FOOTER, '');
        const start = `${section.label}${before ? CONTINUED : ''}${headers[formId]![section.id] ?? ''}`;
        expect(text.startsWith(start), `${name} page ${i + 1} starts with ${text.slice(0, 40)}, not ${start}`).toBe(true);
        if (before) {
          continued++;
          continuedByForm[formId] = (continuedByForm[formId] ?? 0) + 1;
        }
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
    // The project stress inputs continue 绩效指标 and 总体目标 onto later pages.
    expect(continuedByForm['项目支出'] ?? 0).toBeGreaterThanOrEqual(2);
  });
});

function pageNo(file: string): number {
  return Number(/-(\d+)\.png$/.exec(file)![1]);
}
