/**
 * What a declaration means, as comparable data: used by `fmt` to prove that a rewrite
 * changed nothing (and by its tests), independent of key order, quoting and amount
 * spelling.
 */
import { Decimal } from 'decimal.js';
import type { CheckOutput } from '../check.js';

/**
 * A canonical JSON string of a (partial) declaration: object keys sorted, Decimals by
 * value (`50`, `50.0` and `"50.00"` are the same amount), undefined kept as a marker so
 * that an invalid part is not confused with an absent one.
 */
export function canonicalModel(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (value instanceof Decimal) return { $decimal: value.toString() };
  if (value === undefined) return { $undefined: true };
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = normalise((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** The meaning of one checked file: its model and the rule IDs it triggers (not where). */
export interface Meaning {
  /** canonical form of the complete declaration, or '' when the schema did not pass */
  declaration: string;
  /** canonical form of the readable parts */
  partial: string;
  /** rule IDs of all diagnostics, sorted (positions may move when a file is formatted) */
  rules: string[];
}

export function meaningOf(output: CheckOutput): Meaning {
  return {
    declaration: output.declaration ? canonicalModel(output.declaration) : '',
    partial: canonicalModel(output.partial),
    rules: output.result.diagnostics.filter((d) => !d.suppression).map((d) => d.rule).sort(),
  };
}

/** Whether two checked versions of a file mean the same. */
export function sameMeaning(a: CheckOutput, b: CheckOutput): boolean {
  const x = meaningOf(a);
  const y = meaningOf(b);
  return x.declaration === y.declaration && x.partial === y.partial && x.rules.join(',') === y.rules.join(',');
}
