/**
 * A YAML scalar as the schema sees it: the value YAML's core schema gives, plus the
 * scalar's source text (amounts and texts are built from it, format.md "Value types").
 */
export class ScalarValue {
  constructor(
    /** the value YAML resolved (string, number, boolean, null) */
    readonly value: unknown,
    /** the scalar's source text (for quoted scalars: the unquoted, unescaped content) */
    readonly source: string,
    /** whether the scalar was quoted or a block scalar (then it is always text) */
    readonly quoted: boolean,
  ) {}
}

/** A YAML mapping converted for the schema: own, ordered, prototype-free keys. */
export type MappingValue = { [key: string]: unknown };

export function isScalarValue(v: unknown): v is ScalarValue {
  return v instanceof ScalarValue;
}
