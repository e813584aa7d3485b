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

/**
 * A form's layout: template and stylesheet under templates/, the view builder feeding
 * them and the grid the form is laid out on. Every form takes the one pipeline: its
 * `grid` (sections built from grid.ts's blocks) is cut into pages (paginate.ts, from the
 * browser's measurements: measure.ts), laid out page by page (layout.ts) and written by
 * `template` (templates/form.hbs with its partials).
 */
export interface Layout<V extends SheetView = SheetView> {
  /** the Handlebars template's file name under templates/ */
  template: string;
  /** the stylesheet's file name under templates/ */
  stylesheet: string;
  /** the view model of a (partial) declaration */
  view(decl: never, options: { version: string; unchecked: boolean }): V;
  /** the view laid out on the form's one grid */
  grid(view: V): FormGrid;
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

/** What templates/form.hbs shows of every form besides its grid: the title block and marks. */
export interface SheetView extends LayoutView {
  /** the form's printed title */
  title: string;
  /** 「（2023年度）」 */
  yearLine: string;
  /** the filer line (forms.md "Who filed it"), "" for none */
  filer: string;
  /** 「单位：万元」 above the table's right edge */
  unitNote: string;
  /** in a bound volume: the entry line above the title (its bookmark); "" on its own */
  volumeEntry: string;
  /** the form's line in a bound volume's table of contents (department, or project) */
  entryName: string;
  /** rendered with --force although the file has errors */
  unchecked: boolean;
  uncheckedMark: string;
  uncheckedNote: string;
}

/** The department form's layout (src/forms/department/definition.ts names the same). */
export const DEPARTMENT_LAYOUT: Layout<FormView> = { template: 'form.hbs', stylesheet: 'form.css', view: buildView, grid: departmentGrid };

/** What the template lays out: the view model, the grid's columns and the pages. */
export type TemplateData = SheetView & { css: string; columns: readonly number[]; pages: PageView[] };

/** templates/ at the package root, from src/render/ (tests) and dist/render/ (built). */
export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

type Compiled = (data: TemplateData) => string;

interface Templates {
  hbs: typeof Handlebars;
  /** templates/partials/form.hbs: the sheets of one form (measure.ts, combine.ts) */
  form: Compiled;
  documents: Map<string, Compiled>;
  css: Map<string, string>;
}

let compiled: Templates | undefined;

function load(): Templates {
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
  compiled = { hbs, form, documents: new Map(), css: new Map() };
  return compiled;
}

/** A template under templates/, compiled once. */
function documentTemplate(file: string): Compiled {
  const c = load();
  let t = c.documents.get(file);
  if (!t) {
    t = c.hbs.compile(readFileSync(path.join(TEMPLATES_DIR, file), 'utf8'), { strict: true, preventIndent: true }) as Compiled;
    c.documents.set(file, t);
  }
  return t;
}

/** A stylesheet under templates/, read once. */
function stylesheet(file: string): string {
  const c = load();
  let css = c.css.get(file);
  if (css === undefined) {
    css = readFileSync(path.join(TEMPLATES_DIR, file), 'utf8');
    c.css.set(file, css);
  }
  return css;
}

/** A layout as the pipeline takes it (the view's own type is the layout's business). */
const anyLayout = (layout: Layout | undefined): Layout => (layout ?? DEPARTMENT_LAYOUT) as Layout;

/** The view and grid of a declaration in its form's layout. */
export function viewAndGrid(decl: unknown, options: { version: string; unchecked?: boolean | undefined; layout?: Layout | undefined }): { view: SheetView; grid: FormGrid; layout: Layout } {
  const layout = anyLayout(options.layout);
  const view = layout.view(decl as never, { version: options.version, unchecked: options.unchecked === true });
  return { view, grid: layout.grid(view), layout };
}

/**
 * Render one declaration as a standalone HTML document. Pure: the same declaration
 * and options give the same string (no clock, no environment).
 */
export function renderHtml(decl: PartialDeclaration, options: RenderHtmlOptions): string {
  const { view, grid, layout } = viewAndGrid(decl, options);
  return renderView(view, grid, { ...options, layout });
}

/** The HTML of a view and its grid, laid out by `options.plan` (or as one sheet). */
export function renderView(view: SheetView, grid: FormGrid, options: Omit<RenderHtmlOptions, 'version' | 'unchecked'>): string {
  const layout = anyLayout(options.layout);
  const css = stylesheet(layout.stylesheet);
  const fontCss = options.fontCss ?? '';
  const pages = layoutPages(grid, options.plan ?? onePagePlan(grid));
  return documentTemplate(layout.template)({ ...view, css: fontCss === '' ? css : `${fontCss}\n${css}`, columns: grid.columns, pages });
}

/** The form's page model, for documents that hold several forms (combine.ts) and for measuring (measure.ts). */
export function formBody(view: SheetView, grid: FormGrid, plan: PagePlan, pageName: (index: number) => string): string {
  const { form } = load();
  return form({ ...view, css: '', columns: grid.columns, pages: layoutPages(grid, plan, pageName) });
}

/** The forms' stylesheet (templates/form.css; every form's layout names it). */
export function formCss(layout?: Layout): string {
  return stylesheet(anyLayout(layout).stylesheet);
}

/** The characters of a form by weight (fonts.ts embeddedFontCss): labels bold, the rest regular. */
export function documentText(view: SheetView, grid: FormGrid): DocumentText {
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
  const { view, grid, layout } = viewAndGrid(decl, options);
  const { embeddedFontCss } = await import('./fonts.js');
  const fontCss = await embeddedFontCss(documentText(view, grid));
  return renderView(view, grid, { fontCss, layout, ...(options.plan ? { plan: options.plan } : {}) });
}
