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
import { buildView } from './view.js';

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

/** templates/ at the package root, from src/render/ (tests) and dist/render/ (built). */
export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

type Compiled = (view: object & { css: string }) => string;

const compiled = new Map<string, { template: Compiled; css: string }>();

function load(layout: Layout): { template: Compiled; css: string } {
  const key = `${layout.template}\u0000${layout.stylesheet}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const hbs = Handlebars.create();
  const partialsDir = path.join(TEMPLATES_DIR, 'partials');
  for (const file of readdirSync(partialsDir).sort()) {
    if (!file.endsWith('.hbs')) continue;
    const source = readFileSync(path.join(partialsDir, file), 'utf8');
    hbs.registerPartial(file.slice(0, -'.hbs'.length), hbs.compile(source, { strict: true }));
  }
  const template = hbs.compile(readFileSync(path.join(TEMPLATES_DIR, layout.template), 'utf8'), {
    strict: true,
    preventIndent: true,
  }) as Compiled;
  const css = readFileSync(path.join(TEMPLATES_DIR, layout.stylesheet), 'utf8');
  const entry = { template, css };
  compiled.set(key, entry);
  return entry;
}

/**
 * Render one declaration as a standalone HTML document. Pure: the same declaration
 * and options give the same string (no clock, no environment).
 */
export function renderHtml(decl: PartialDeclaration, options: RenderHtmlOptions): string {
  const layout = options.layout ?? DEPARTMENT_LAYOUT;
  const { template, css } = load(layout);
  const view = layout.view(decl as never, { version: options.version, unchecked: options.unchecked === true });
  const fontCss = options.fontCss ?? '';
  return template({ ...view, css: fontCss === '' ? css : `${fontCss}\n${css}` });
}
