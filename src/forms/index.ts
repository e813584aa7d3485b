import { isScalarValue } from '../load/scalar.js';
import { DEPARTMENT_FORM } from './department/definition.js';
import { PROJECT_FORM } from './project/definition.js';
import type { FormDefinition } from './types.js';

/**
 * The forms, chosen by a file's top-level `form` key (forms.md "Which form"). A second
 * form is one folder (src/forms/<id>/: definition.ts, its init skeleton, its view) plus
 * its template under templates/, and one line here.
 */
export const FORMS: Readonly<Record<string, FormDefinition>> = {
  [DEPARTMENT_FORM.id]: DEPARTMENT_FORM,
  [PROJECT_FORM.id]: PROJECT_FORM,
};

/** The form of a file without a `form` key. */
export const DEFAULT_FORM: FormDefinition = DEPARTMENT_FORM;

/** The values `form` may take, in registry order. */
export const FORM_IDS: readonly string[] = Object.keys(FORMS);

/** The form a `form` value selects (the default when absent), or undefined when unknown. */
export function formById(id: string | undefined): FormDefinition | undefined {
  return id === undefined ? DEFAULT_FORM : Object.hasOwn(FORMS, id) ? FORMS[id] : undefined;
}

/** Which form a loaded file is: by its `form` key, or why that key names none. */
export type FormChoice =
  | { ok: true; form: FormDefinition }
  | { ok: false; source: string };

/**
 * The form of a loaded file (the loader's tree): absent or empty `form` → the default;
 * a registered id (trimmed) → that form; anything else → not ok, with the source text for
 * S001. A root that is not a mapping is the default form's to report (S001 root-type).
 */
export function chooseForm(root: unknown): FormChoice {
  if (root === null || typeof root !== 'object' || Array.isArray(root) || isScalarValue(root) || !Object.hasOwn(root, 'form')) {
    return { ok: true, form: DEFAULT_FORM };
  }
  const value = (root as Record<string, unknown>).form;
  if (isScalarValue(value)) {
    if (value.value === null) return { ok: true, form: DEFAULT_FORM };
    const form = typeof value.value === 'string' ? formById(value.value.trim()) : undefined;
    return form ? { ok: true, form } : { ok: false, source: value.source };
  }
  return { ok: false, source: Array.isArray(value) ? '[…]' : '{…}' };
}
