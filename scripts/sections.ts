/**
 * Generated blocks inside hand-written docs (README's rule table, docs/format.md's field
 * table): the text between a start and an end marker is replaced, the rest kept.
 */

/** Replace the block from `start` to `end` (markers included) in `text` by `section`; throws without markers. */
export function replaceBetween(text: string, start: string, end: string, section: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`no ${start} … ${end} markers`);
  return text.slice(0, a) + section.trimEnd() + text.slice(b + end.length);
}
