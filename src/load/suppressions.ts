/**
 * Inline suppressions (issue 4): `# declare-disable-next-line R003 -- 理由` on the line
 * above, or `# declare-disable-line R003 -- 理由` at the end of the line itself.
 * The reason after `--` is required. Parsed from the text so they work on any line.
 */

/** One suppression comment. */
export interface Suppression {
  /** the line the comment is on (1-based) */
  line: number;
  /** 1-based column of the `#` */
  column: number;
  /** column just after the comment */
  endColumn: number;
  /** the line it applies to */
  target: number;
  /** UTF-16 offset of the `#` in the text */
  offset: number;
  /** rule IDs it names, upper-cased */
  rules: string[];
  /** the reason after `--`, trimmed; '' when missing */
  reason: string;
}

const COMMENT = /(^|\s)#\s*declare-disable-(next-line|line)\b(.*)$/u;

export function parseSuppressions(text: string, insideScalar: (offset: number) => boolean = () => false): Suppression[] {
  const out: Suppression[] = [];
  const lines = text.split('\n');
  let lineStart = 0;
  lines.forEach((raw, i) => {
    const start = lineStart;
    lineStart += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    if (!line.includes('declare-disable')) return;
    const m = COMMENT.exec(line);
    if (!m) return;
    const hash = (m.index ?? 0) + m[1]!.length;
    // The same words inside a quoted value are part of the value, not a comment.
    if (insideScalar(start + hash)) return;
    const [idsPart = '', ...reasonParts] = m[3]!.split(/\s--(?:\s|$)/u);
    // The IDs end at the reason, or at another comment on the line.
    const rules = idsPart.replace(/\s#.*$/u, '').split(/[\s,]+/u).filter(Boolean).map((r) => r.toUpperCase());
    out.push({
      line: i + 1,
      offset: start + hash,
      column: [...line.slice(0, hash)].length + 1,
      endColumn: [...line].length + 1,
      target: m[2] === 'next-line' ? i + 2 : i + 1,
      rules,
      reason: reasonParts.join(' -- ').trim(),
    });
  });
  return out;
}
