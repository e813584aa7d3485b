import { defineMessages } from './catalogue.js';

/** Messages about choosing a form on the command line (init --form, schema --form). */
export const formMessages = defineMessages({
  zh: {
    unknownForm: ({ option, id, allowed }: { option: string; id: string; allowed: string }) => `${option} 必须是 ${allowed} 之一（当前为「${id}」）`,
    formOption: '申报表的种类：',
  },
  en: {
    unknownForm: ({ option, id, allowed }) => `${option} must be one of ${allowed} (found "${id}")`,
    formOption: 'the kind of form: ',
  },
});
