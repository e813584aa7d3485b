import type { Lang } from '../diagnostic.js';

/**
 * Message catalogues (issue 11): every user-facing sentence of a module lives in one
 * catalogue, keyed by ID, with one table per language.
 *
 *     const m = defineMessages({
 *       zh: { notFound: (a: { file: string }) => `无法读取 ${a.file}：文件不存在` },
 *       en: { notFound: (a) => `cannot read ${a.file}: it does not exist` },
 *     });
 *     m(lang).notFound({ file });
 *
 * The English table must have exactly the Chinese table's keys, each with the same
 * argument type: a missing or extra translation, or a message called with the wrong
 * arguments, is a compile error (test/authoring/messages.test.ts also checks at run time
 * that no entry is empty).
 *
 * One catalogue per module area (docs/architecture.md "Messages"): cli.ts (src/cli), help.ts
 * (--help texts), report.ts (src/report, check.ts), review.ts (src/review), render.ts
 * (src/render), schema.ts (field names in S001/S002); a rule with several sentences keeps
 * a table of its own in its file. Modules here import nothing but this file and types.
 */

/** A message: fixed text, or text built from its arguments. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = string | ((args: any) => string);

/** The English table's type for a Chinese table: same keys, same argument types. */
export type Translation<Zh extends Record<string, Message>> = {
  readonly [K in keyof Zh]: Zh[K] extends string ? string : Zh[K] extends (args: infer A) => string ? (args: A) => string : never;
};

/** A catalogue: the table of one language. */
export interface Catalogue<Zh extends Record<string, Message>> {
  (lang: Lang): Translation<Zh>;
  /** both tables, for tests and docs */
  readonly tables: { readonly zh: Translation<Zh>; readonly en: Translation<Zh> };
}

/** Define one module's messages in both languages. */
export function defineMessages<const Zh extends Record<string, Message>>(tables: { zh: Zh; en: NoInfer<Translation<Zh>> }): Catalogue<Zh> {
  const zh = tables.zh as unknown as Translation<Zh>;
  const en = tables.en as Translation<Zh>;
  const pick = ((lang: Lang) => (lang === 'en' ? en : zh)) as Catalogue<Zh>;
  Object.defineProperty(pick, 'tables', { value: Object.freeze({ zh, en }) });
  CATALOGUES.push(pick as Catalogue<Record<string, Message>>);
  return pick;
}

/** Every catalogue defined so far (the message test walks them). */
export const CATALOGUES: Catalogue<Record<string, Message>>[] = [];
