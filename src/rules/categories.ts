import type { RuleContext } from './rule.js';

/**
 * Whether an indicator category is in the file, for the rules about a category that is
 * missing (R001, R002, R010). Rules.md's second edition: they judge from what could be
 * read, even when other rows have S errors — so a row with an error elsewhere no longer
 * silences them — but a category that *is* written and only unreadable (a misspelt key,
 * a 二级指标 under the wrong 一级指标, an empty mapping) is not "missing": its S001/S003
 * already says what is wrong, and a second message about the same key would be noise.
 */
export type CategoryState =
  /** readable: at least its key, with whatever rows could be read */
  | 'present'
  /** written, but the schema could not read it: its S error says so */
  | 'unreadable'
  /** not in the file */
  | 'absent';

/** What names a category in a schema finding: the keys of its path and its args. */
function namesIn(f: RuleContext['schemaFindings'][number]): string[] {
  const out = f.path.slice(1, 3).filter((p): p is string => typeof p === 'string');
  const args = f.args as Record<string, unknown>;
  for (const k of ['key', 'suggestion', 'belongs']) if (typeof args[k] === 'string') out.push(args[k] as string);
  return out;
}

/**
 * The state of a category: `level1` alone (产出指标), or a 二级指标 under it (产出指标 →
 * 成本指标). `aliases` are other keys that, written but unreadable, stand for the same
 * category (the 一级 成本指标's 二级 keys for R010).
 */
export function categoryState(ctx: RuleContext, level1: string, level2?: string, aliases: readonly string[] = []): CategoryState {
  const group = (ctx.decl.indicators as Record<string, Record<string, unknown> | undefined> | undefined)?.[level1];
  if (group !== undefined && (level2 === undefined || group[level2] !== undefined)) return 'present';
  const wanted = new Set([level2 ?? level1, ...aliases]);
  const written = ctx.schemaFindings.some((f) => {
    if (f.path[0] !== 'indicators' || f.rule === 'S002') return false;
    // A finding inside the category itself (an empty mapping, a null list): written.
    if (f.path[1] === level1 && (level2 === undefined || f.path[2] === level2)) return true;
    return f.rule === 'S003' && namesIn(f).some((n) => wanted.has(n));
  });
  return written ? 'unreadable' : 'absent';
}

/** Can the rules about missing categories judge at all? Not when `indicators` itself is unreadable (S001 says so). */
export function indicatorsReadable(ctx: RuleContext): boolean {
  return ctx.decl.indicators !== undefined && ctx.decl.indicators !== null;
}
