/**
 * Compile-time checks of defineMessages (issue 11), run by `npm run typecheck`: each
 * `@ts-expect-error` below must meet an error, so a catalogue that accepted a missing or
 * extra translation, or a message called with the wrong arguments, fails the type check.
 * Never imported at run time (the catalogues here would register in CATALOGUES).
 */
import { defineMessages } from '../../src/messages/catalogue.js';

export function typeChecks(): void {
  // A missing English key.
  defineMessages({
    zh: { a: '甲', b: '乙' },
    // @ts-expect-error en lacks `b`
    en: { a: 'a' },
  });

  // An extra English key.
  defineMessages({
    zh: { a: '甲' },
    // @ts-expect-error `b` is not in the Chinese table
    en: { a: 'a', b: 'b' },
  });

  // An English entry with another argument type.
  defineMessages({
    zh: { n: (x: { count: number }) => `${x.count} 个` },
    // @ts-expect-error the English entry must take { count: number }
    en: { n: (x: { count: string }) => `${x.count} items` },
  });

  // A text where the Chinese table has a function.
  defineMessages({
    zh: { n: (x: { count: number }) => `${x.count} 个` },
    // @ts-expect-error `n` is a function in the Chinese table
    en: { n: 'items' },
  });

  const m = defineMessages({
    zh: { notFound: (x: { file: string }) => `找不到 ${x.file}`, done: '完成' },
    en: { notFound: (x) => `cannot find ${x.file}`, done: 'done' },
  });
  const t = m('en');
  t.notFound({ file: 'a.yaml' });
  // @ts-expect-error wrong argument type
  t.notFound({ file: 1 });
  // @ts-expect-error missing argument
  t.notFound({});
  // @ts-expect-error no such message
  void t.missing;
  // @ts-expect-error a text is not called
  t.done();
}
