/**
 * View model ─template─▶ standalone HTML (CSS inline).
 *
 * Handlebars is set up so that the templates can only lay out what the view model
 * hands them (STYLE.md habit 6): an isolated environment (`Handlebars.create()`), no
 * helpers of ours, strict mode (a misspelt field is an error, not an empty cell),
 * prototype access left off (the default), and user text only through escaped `{{ }}`.
 * The one triple-stash, `{{{css}}}`, carries our own stylesheet, never user text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { PartialDeclaration } from '../model/declaration.js';
import type { DocumentText } from './fonts.js';
import { CONTINUED, departmentGrid, type FormGrid } from './grid.js';
import { layoutPages, onePagePlan, type PageView } from './layout.js';
import type { PagePlan } from './paginate.js';
import { buildView, type FormView } from './view.js';

/** Options of `renderHtml`. */
export interface RenderHtmlOptions {
  /** the program's version (package.json), shown in the generator meta tag */
  version: string;
  /** the file has error diagnostics and is rendered anyway: mark every page 「未通过校验」 */
  unchecked?: boolean;
  /** CSS put before the form's own, e.g. the @font-face rules of the PDF path */
  fontCss?: string;
  /** the form's layout (its definition's `render`); default: the department form's */
  layout?: Layout;
  /**
   * The page plan (paginate.ts, from the browser's measurements): one sheet per printed
   * page, continued sections with their label and header. Without it the form is one
   * sheet and the browser breaks the pages.
   */
  plan?: PagePlan;
}

/** A form's layout: template and stylesheet under templates/, and the view builder feeding it. */
export interface Layout {
  /** the Handlebars template's file name under templates/ */
  template: string;
  /** the stylesheet's file name under templates/ */
  stylesheet: string;
  /** the view model of a (partial) declaration */
  view(decl: never, options: { version: string; unchecked: boolean }): LayoutView;
}

/** What every view model has besides its form's own fields: the PDF's metadata (pdf.ts). */
export interface LayoutView {
  /** the PDF Title: year, department, form title */
  documentTitle: string;
  /** the PDF Author: the filing department */
  department: string;
  /** the PDF Creator: "declare <version>" */
  generator: string;
}

/** The department form's layout (src/forms/department/definition.ts names the same). */
export const DEPARTMENT_LAYOUT: Layout = { template: 'form.hbs', stylesheet: 'form.css', view: buildView };

/** What the template lays out: the view model, the grid's columns and the pages. */
export type TemplateData = FormView & { css: string; columns: readonly number[]; pages: PageView[] };

/** templates/ at the package root, from src/render/ (tests) and dist/render/ (built). */
export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

type Compiled = (data: TemplateData) => string;

let compiled: { template: Compiled; form: Compiled; css: string } | undefined;

function load(): { template: Compiled; form: Compiled; css: string } {
  if (compiled) return compiled;
  const hbs = Handlebars.create();
  const partialsDir = path.join(TEMPLATES_DIR, 'partials');
  let form: Compiled | undefined;
  for (const file of readdirSync(partialsDir).sort()) {
    if (!file.endsWith('.hbs')) continue;
    const source = readFileSync(path.join(partialsDir, file), 'utf8');
    const partial = hbs.compile(source, { strict: true, preventIndent: true });
    hbs.registerPartial(file.slice(0, -'.hbs'.length), partial);
    if (file === 'form.hbs') form = partial as unknown as Compiled;
  }
  if (!form) throw new Error('templates/partials/form.hbs is missing');
  const template = hbs.compile(readFileSync(path.join(TEMPLATES_DIR, 'form.hbs'), 'utf8'), {
    strict: true,
    preventIndent: true,
  }) as Compiled;
  const css = readFileSync(path.join(TEMPLATES_DIR, 'form.css'), 'utf8');
  compiled = { template, form, css };
  return compiled;
}

/**
 * Render one declaration as a standalone HTML document. Pure: the same declaration
 * and options give the same string (no clock, no environment).
 */
export function renderHtml(decl: PartialDeclaration, options: RenderHtmlOptions): string {
  // A form with its own template (not the department's grid) is laid out by it alone.
  if (options.layout && options.layout.template !== DEPARTMENT_LAYOUT.template) return renderLayout(decl, options.layout, options);
  const view = buildView(decl, { version: options.version, unchecked: options.unchecked === true });
  return renderView(view, formGrid(view), options);
}

/** The grid of a form's view (one form today; the definition will say which). */
export function formGrid(view: FormView): FormGrid {
  return departmentGrid(view);
}

/** The HTML of a view and its grid, laid out by `options.plan` (or as one sheet). */
export function renderView(view: FormView, grid: FormGrid, options: Omit<RenderHtmlOptions, 'version' | 'unchecked'>): string {
  const { template, css } = load();
  const fontCss = options.fontCss ?? '';
  const pages = layoutPages(grid, options.plan ?? onePagePlan(grid));
  return template({ ...view, css: fontCss === '' ? css : `${fontCss}\n${css}`, columns: grid.columns, pages });
}

/** The form's page model and stylesheet, for documents that hold several forms (combine.ts). */
export function formBody(view: FormView, grid: FormGrid, plan: PagePlan, pageName: (index: number) => string): string {
  const { form } = load();
  return form({ ...view, css: '', columns: grid.columns, pages: layoutPages(grid, plan, pageName) });
}

/** The form's own stylesheet (templates/form.css). */
export function formCss(): string {
  return load().css;
}

/** The characters of a form by weight (fonts.ts embeddedFontCss): labels bold, the rest regular. */
export function documentText(view: FormView, grid: FormGrid): DocumentText {
  const bold: string[] = [view.title, CONTINUED, view.uncheckedMark, view.uncheckedNote, '【未通过校验】本表有校验错误，仅供核对，不能作为正式申报表'];
  const regular: string[] = [view.yearLine, view.filer, view.unitNote, '第 页 共 页 0123456789'];
  for (const section of grid.sections) {
    for (const row of [...section.header, ...section.rows]) {
      for (const cell of row.cells) {
        const target = cell.kind === 'label' ? bold : regular;
        for (const item of cell.items) target.push(item.number, item.text);
        if (cell.continued !== undefined) target.push(cell.continued);
      }
    }
  }
  return { regular: regular.join('') + bold.join(''), bold: bold.join('') };
}

/**
 * The self-contained HTML: the fonts inside it, cut down to the characters the form shows
 * (fonts.ts embeddedFontCss), so that it prints from any browser as the PDF does. With
 * the PDF's page plan (`options.plan`) it is the very document the PDF was printed from.
 */
export async function renderStandaloneHtml(decl: PartialDeclaration, options: RenderHtmlOptions): Promise<string> {
  const view = buildView(decl, { version: options.version, unchecked: options.unchecked === true });
  const grid = formGrid(view);
  const { embeddedFontCss } = await import('./fonts.js');
  const fontCss = await embeddedFontCss(documentText(view, grid));
  return renderView(view, grid, { fontCss, ...(options.plan ? { plan: options.plan } : {}) });
}

/** A form's own template and view (forms without the department form's grid). */
const layouts = new Map<string, { template: (view: object & { css: string }) => string; css: string }>();

function renderLayout(decl: PartialDeclaration, layout: Layout, options: RenderHtmlOptions): string {
  const key = `${layout.template}\u0000${layout.stylesheet}`;
  let entry = layouts.get(key);
  if (!entry) {
    const hbs = Handlebars.create();
    const partialsDir = path.join(TEMPLATES_DIR, 'partials');
    for (const file of readdirSync(partialsDir).sort()) {
      if (!file.endsWith('.hbs')) continue;
      hbs.registerPartial(file.slice(0, -'.hbs'.length), hbs.compile(readFileSync(path.join(partialsDir, file), 'utf8'), { strict: true, preventIndent: true }));
    }
    const template = hbs.compile(readFileSync(path.join(TEMPLATES_DIR, layout.template), 'utf8'), { strict: true, preventIndent: true }) as (view: object & { css: string }) => string;
    entry = { template, css: readFileSync(path.join(TEMPLATES_DIR, layout.stylesheet), 'utf8') };
    layouts.set(key, entry);
  }
  const view = layout.view(decl as never, { version: options.version, unchecked: options.unchecked === true });
  const fontCss = options.fontCss ?? '';
  return entry.template({ ...view, css: fontCss === '' ? entry.css : `${fontCss}\n${entry.css}` });
}
