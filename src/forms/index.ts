import { DEPARTMENT_FORM } from './department/definition.js';
import type { FormDefinition } from './types.js';

/**
 * The forms, chosen by a file's top-level `form` key (forms.md "Which form"). Only the
 * department form is registered so far; the project form (项目支出) is the next issue.
 */
export const FORMS: Readonly<Record<string, FormDefinition>> = {
  [DEPARTMENT_FORM.id]: DEPARTMENT_FORM,
};

/** The form of a file without a `form` key. */
export const DEFAULT_FORM: FormDefinition = DEPARTMENT_FORM;

/** The values `form` may take, in registry order. */
export const FORM_IDS: readonly string[] = Object.keys(FORMS);

/** The form a `form` value selects (the default when absent), or undefined when unknown. */
export function formById(id: string | undefined): FormDefinition | undefined {
  return id === undefined ? DEFAULT_FORM : Object.hasOwn(FORMS, id) ? FORMS[id] : undefined;
}
