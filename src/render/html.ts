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
import { departmentGrid, type FormGrid } from './grid.js';
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
  /**
   * The page plan (paginate.ts, from the browser's measurements): one sheet per printed
   * page, continued sections with their label and header. Without it the form is one
   * sheet and the browser breaks the pages.
   */
  plan?: PagePlan;
}

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
export function formBody(view: FormView, grid: FormGrid, plan: PagePlan): string {
  const { form } = load();
  return form({ ...view, css: '', columns: grid.columns, pages: layoutPages(grid, plan) });
}

/** The form's own stylesheet (templates/form.css). */
export function formCss(): string {
  return load().css;
}
