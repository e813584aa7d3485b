import type { Lang } from '../diagnostic.js';
import { FORM_IDS, formById } from '../forms/index.js';
import type { FormDefinition } from '../forms/types.js';
import { formMessages } from '../messages/forms.js';
import { CliError } from './errors.js';

/** The form a `--form <id>` option names (absent: the default form); a tool error (exit 2) when it names none. */
export function formOption(id: string | undefined, lang: Lang): FormDefinition {
  const form = formById(id);
  if (!form) throw new CliError(formMessages(lang).unknownForm({ option: '--form', id: id ?? '', allowed: FORM_IDS.join('、') }));
  return form;
}

/** The help text of `--form`. */
export function formOptionHelp(lang: Lang): string {
  return `${formMessages(lang).formOption}${FORM_IDS.join(' ')}`;
}
