import { Decimal } from 'decimal.js';

/**
 * Amounts (format.md "Amount"): a plain decimal with at most two places (four with the
 * file's `precision: 4`, forms.md "Amount precision"), or the same with thousands
 * separators in proper groups of three, ≥ 0 and below 1,000,000,000 万元.
 * Parsed from the scalar's source text, never through a JavaScript number.
 */

/** Decimal places of 万元 a file's amounts may have (forms.md `precision`). */
export type Precision = 2 | 4;

/** The default precision (format.md). */
export const DEFAULT_PRECISION: Precision = 2;

/** The precisions `precision` may name. */
export const PRECISIONS: readonly Precision[] = [2, 4];

/** Why a text is not an amount; each reason has its own message (S002). */
export type AmountProblem =
  | 'empty'
  | 'negative'
  | 'negative-zero'
  | 'plus-sign'
  | 'leading-point'
  | 'trailing-point'
  | 'exponent'
  | 'special'
  | 'decimals'
  | 'grouping'
  | 'too-large'
  | 'fullwidth'
  | 'unit'
  | 'not-a-number';

export type AmountResult = { ok: true; value: Decimal } | { ok: false; problem: AmountProblem };

/** Upper bound (exclusive) of an amount in 万元. */
export const AMOUNT_LIMIT = new Decimal('1000000000');

const patterns = (places: Precision) => ({
  plain: new RegExp(`^[0-9]+(?:\\.[0-9]{1,${places}})?$`),
  grouped: new RegExp(`^[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\\.[0-9]{1,${places}})?$`),
  tooMany: [new RegExp(`^[0-9][0-9,]*\\.[0-9]{${places + 1},}$`), new RegExp(`^[0-9]+\\.[0-9]{${places + 1},}$`)],
  ungrouped: new RegExp(`^[0-9][0-9,]*(?:\\.[0-9]{1,${places}})?$`),
});
const PATTERNS = { 2: patterns(2), 4: patterns(4) } as const;
const NUMERIC_LOOKING = /^[+-]?[0-9][0-9,]*(?:\.[0-9]*)?$|^[+-]?\.[0-9]+$/;

/** Parse the source text of an amount scalar, with at most `places` decimals. */
export function parseAmount(source: string, places: Precision = DEFAULT_PRECISION): AmountResult {
  const { plain, grouped, tooMany, ungrouped } = PATTERNS[places];
  const text = source.trim();
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') {
    return { ok: false, problem: 'empty' };
  }
  if (/^[+-]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/.test(text)) return { ok: false, problem: 'special' };
  // `-0` is zero, not a negative; but an amount carries no sign at all (format.md).
  if (text.startsWith('-') && NUMERIC_LOOKING.test(text)) return { ok: false, problem: /^-[0,.]*$/.test(text) ? 'negative-zero' : 'negative' };
  if (/^[+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+$/.test(text)) {
    return { ok: false, problem: 'exponent' };
  }
  // Numbers a spreadsheet or a calculator accepts, but the format does not (say why).
  if (text.startsWith('+') && NUMERIC_LOOKING.test(text)) return { ok: false, problem: 'plus-sign' };
  if (/^\.[0-9]+$/.test(text)) return { ok: false, problem: 'leading-point' };
  if (/^[0-9][0-9,]*\.$/.test(text)) return { ok: false, problem: 'trailing-point' };
  let digits: string;
  if (plain.test(text)) digits = text;
  else if (grouped.test(text)) digits = text.replaceAll(',', '');
  else if (tooMany.some((re) => re.test(text))) {
    return { ok: false, problem: text.includes(',') && !grouped.test(text.replace(/\.[0-9]+$/, '')) ? 'grouping' : 'decimals' };
  } else if (ungrouped.test(text)) return { ok: false, problem: 'grouping' };
  else return { ok: false, problem: diagnose(text) };
  const value = new Decimal(digits);
  if (value.gte(AMOUNT_LIMIT)) return { ok: false, problem: 'too-large' };
  return { ok: true, value };
}

/** Why a text that is no number at all was written so: the usual slips, or none. */
function diagnose(text: string): AmountProblem {
  // １４９９．７３ or 1499。73: typed with a Chinese input method
  if (/[０-９．，。]/.test(text)) return 'fullwidth';
  // 1499.73万元: the unit is fixed (万元) and not written
  if (/^[0-9,.]+\s*(万元|万|元)$/.test(text)) return 'unit';
  return 'not-a-number';
}

/** `1499.73` → `1,499.73`: thousands separators and exactly `places` decimals (layout.md; two by default). */
export function formatAmount(value: Decimal, places: Precision = DEFAULT_PRECISION): string {
  const fixed = value.toFixed(places);
  const [int = '0', frac = ''] = fixed.split('.');
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  return `${neg ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}
