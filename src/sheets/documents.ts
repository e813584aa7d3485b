/**
 * `render --xlsx` / `--docx` (cli.md "Spreadsheets and documents"): a declaration as a
 * workbook or a Word document. Picks the form's grid builder by the form's id, so another
 * form plugs in with one entry in GRID_BUILDERS. Pure apart from the libraries' own work:
 * declaration and options in, bytes out.
 */
import { DEFAULT_FORM, formById } from '../forms/index.js';
import type { FormDefinition } from '../forms/types.js';
import type { PartialDeclaration } from '../model/declaration.js';
import { precisionOf as precisionOfTree } from '../model/schema.js';
import { buildDepartmentGrid, buildProjectGrid, type Grid, type GridOptions } from './grid.js';

/** A form's grid builder. */
export type GridBuilderFn = (form: FormDefinition, decl: PartialDeclaration, options: GridOptions) => Grid;

/** The grid of each form, by form id (forms.md "Which form"). */
export const GRID_BUILDERS: Readonly<Record<string, GridBuilderFn>> = {
  部门整体: buildDepartmentGrid,
  项目支出: buildProjectGrid,
};

/** What to write. */
export type DocumentKind = 'xlsx' | 'docx';

/** Options of `renderDocument`. */
export interface DocumentOptions extends GridOptions {
  /** the documents' created/modified date (SOURCE_DATE_EPOCH or now) */
  date: Date;
}

/** The grid of a declaration of `form`. */
export function gridOf(form: FormDefinition, decl: PartialDeclaration, options: GridOptions): Grid {
  const build = GRID_BUILDERS[form.id];
  if (build === undefined) throw new Error(`no spreadsheet layout for the form ${form.id}`);
  return build(form, decl, options);
}

/** The bytes of a workbook or a Word document of one declaration. */
export async function renderDocument(kind: DocumentKind, form: FormDefinition, decl: PartialDeclaration, options: DocumentOptions): Promise<Uint8Array> {
  const grid = gridOf(form, decl, options);
  const generator = `declare ${options.version}`;
  if (kind === 'xlsx') {
    const { writeXlsx } = await import('./xlsx.js');
    return writeXlsx(grid, { date: options.date, generator });
  }
  const { writeDocx } = await import('./docx.js');
  return writeDocx(grid, { date: options.date, generator });
}

/**
 * `precision: 4` in the loaded file (forms.md "Amount precision"), else 2: the model's
 * reading of the loaded tree (its scalars are `{ value, source }` nodes, not numbers).
 */
export function precisionOf(tree: unknown): 2 | 4 {
  return precisionOfTree(tree);
}

/** The form a loaded file's `form` key names; the default form without one (or with an unknown one: validate reports that). */
export function formOf(tree: unknown): FormDefinition {
  const id = typeof tree === 'object' && tree !== null ? (tree as Record<string, unknown>)['form'] : undefined;
  return (typeof id === 'string' ? formById(id) : undefined) ?? DEFAULT_FORM;
}
