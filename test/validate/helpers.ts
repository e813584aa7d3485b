/**
 * Shared helpers for the validate-half tests (test/validate/**): a clean declaration to
 * mutate, exact cent arithmetic for amounts (bigint, never a JavaScript float), and a
 * runner for the real `node bin/declare.js`.
 */
import { existsSync } from 'node:fs';
import { BIN, runNode, type CliRun, type RunOptions } from '../helpers/spawn.js';
import path from 'node:path';

/** The repository root (this file is test/validate/helpers.ts). */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** The eight amounts of format.md, as `section.field` under `budget`. */
export const AMOUNT_FIELDS = [
  'expenditure.basic',
  'expenditure.project',
  'development.special',
  'development.other',
  'income.appropriation',
  'income.other',
  'allocation.own',
  'allocation.transfer',
] as const;
export type AmountField = (typeof AMOUNT_FIELDS)[number];

/** Amount source texts (as written in the YAML, quotes included), by field. */
export type AmountSources = Record<AmountField, string>;

/** The amounts of the Huadu seed form, which balance (format.md "Arithmetic"). */
export const SEED_AMOUNTS: AmountSources = {
  'expenditure.basic': '1499.73',
  'expenditure.project': '1354.87',
  'development.special': '0.00',
  'development.other': '942.46',
  'income.appropriation': '3797.06',
  'income.other': '0.00',
  'allocation.own': '3707.06',
  'allocation.transfer': '90.00',
};

/**
 * A complete, clean declaration (no diagnostics at all) with the given amounts. Task funds
 * are 0.00 so that M003/M004 never fire whatever the budget is; it has a 成本指标 (R010)
 * and an expected outcome that is not its content (R015).
 */
export function declarationYaml(a: AmountSources = SEED_AMOUNTS): string {
  return `year: 2023
department: 中国共产党广州市花都区委员会宣传部
level: 区
budget:
  expenditure:
    basic: ${a['expenditure.basic']}
    project: ${a['expenditure.project']}
  development:
    special: ${a['development.special']}
    other: ${a['development.other']}
  income:
    appropriation: ${a['income.appropriation']}
    other: ${a['income.other']}
  allocation:
    own: ${a['allocation.own']}
    transfer: ${a['allocation.transfer']}
goals:
  - 高举思想旗帜，深入学习宣传贯彻习近平新时代中国特色社会主义思想。
tasks:
  - name: 深入抓好党的二十大精神的学习宣传贯彻
    content: 持续加强理论研究和宣传阐释，精心组织党的二十大精神宣讲。
    funds: 0.00
    expected: 全区干部群众对党的二十大精神的知晓度明显提高，宣讲覆盖各镇街。
indicators:
  产出指标:
    数量指标:
      - name: 媒体合作数量
        period: 与中央、省市媒体（含网络）合作15家
        annual: 与中央、省市媒体（含网络）合作15家
  效益指标:
    社会效益指标:
      - name: 加大红色革命遗址立体化宣传
        period: 发挥红色革命遗址社会教育功能，传播红色文化。
        annual: 发挥红色革命遗址社会教育功能，传播红色文化。
  满意度指标:
    服务对象满意度指标:
      - name: 群众对宣传文化活动满意度
        period: 满意度不低于90%
        annual: 满意度不低于90%
  成本指标:
    经济成本指标:
      - name: 宣传文化活动经费
        period: 不超过80万元
        annual: 不超过80万元
`;
}

/** The clean declaration with the seed amounts. */
export const BASE_YAML = declarationYaml();

/** 1-based number of the first line of `text` that contains `needle` (throws if none). */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${JSON.stringify(needle)}`);
  return i + 1;
}

/** Replace exactly one occurrence (throws when the text is not there: keeps tests honest). */
export function replaceOnce(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0) throw new Error(`not found: ${JSON.stringify(from)}`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

// ---- exact cents -------------------------------------------------------------------

/** `149973n` → `"1499.73"`: the value as Decimal#toFixed(2) prints it. */
export function centsFixed(c: bigint): string {
  const int = c / 100n;
  const frac = c % 100n;
  return `${int}.${frac.toString().padStart(2, '0')}`;
}

/** `149973n` → `"1,499.73"`: thousands separators in groups of three, two decimals. */
export function centsGrouped(c: bigint, decimals: 0 | 1 | 2 = 2): string {
  const int = (c / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return int + decimalsPart(c, decimals);
}

/** `149973n` → `"1499.73"`; with 1 or 0 decimals when the value allows (`90.5`, `90`). */
export function centsPlain(c: bigint, decimals: 0 | 1 | 2 = 2): string {
  return (c / 100n).toString() + decimalsPart(c, decimals);
}

function decimalsPart(c: bigint, decimals: 0 | 1 | 2): string {
  const frac = (c % 100n).toString().padStart(2, '0');
  if (decimals === 2) return `.${frac}`;
  if (decimals === 1) {
    if (!frac.endsWith('0')) throw new Error('value needs two decimals');
    return `.${frac[0]}`;
  }
  if (frac !== '00') throw new Error('value needs decimals');
  return '';
}

/** The fewest decimals `c` can be written with (0, 1 or 2). */
export function minDecimals(c: bigint): 0 | 1 | 2 {
  return c % 100n === 0n ? 0 : c % 10n === 0n ? 1 : 2;
}

// ---- the real binary ---------------------------------------------------------------

/** Path of the compiled CLI that bin/declare.js imports. */
export const DIST_MAIN = path.join(repoRoot, 'dist', 'bundle', 'main.js'); // what bin/declare.js imports

/** Fail early, with the fix, when the CLI has not been built (`npm test` builds it). */
export function assertBuilt(): void {
  if (!existsSync(DIST_MAIN)) {
    throw new Error(`${path.relative(repoRoot, DIST_MAIN)} is missing: run \`npm run build\` first (npm test does it via pretest)`);
  }
}

export { cliEnv, type CliRun } from '../helpers/spawn.js';

/** Run `node bin/declare.js ...args` (the real executable) without a shell. */
export function runCli(args: readonly string[], opts: RunOptions = {}): Promise<CliRun> {
  return runNode(BIN, args, opts);
}
