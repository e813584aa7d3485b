/**
 * Shared helpers for the authoring tests (issue 4: schema, init, rules, configuration,
 * suppressions, CI): a runner for the real `node bin/declare.js`, scratch directories
 * that are removed after the run, and a clean declaration to start from.
 */
import { runNode, type CliRun } from '../helpers/spawn.js';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The repository root (this file is test/authoring/helpers.ts). */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** The executable users run. */
export const BIN = path.join(repoRoot, 'bin', 'declare.js');

/** Fail early, with the fix, when the CLI has not been built (`npm test` builds it). */
export function assertBuilt(): void {
  const main = path.join(repoRoot, 'dist', 'bundle', 'main.js'); // what bin/declare.js imports
  if (!existsSync(main)) throw new Error('dist/bundle/main.js is missing: run `npm run build` (npm test does it via pretest)');
}

export { cliEnv, runNode, type CliRun } from '../helpers/spawn.js';

/** Run the real `node bin/declare.js ...args`. */
export function declare(
  args: readonly string[],
  opts: { cwd?: string; env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  return runNode(BIN, args, opts);
}

/** One diagnostic of `--format json` (cli.md). */
export interface JsonDiagnostic {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  path: (string | number)[];
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The `--format json` report (cli.md). */
export interface JsonReport {
  version: number;
  files: { file: string; errors: number; warnings: number; diagnostics: JsonDiagnostic[] }[];
  summary: { files: number; errors: number; warnings: number };
}

/** `declare validate --format json …`: the parsed report and the exit code. */
export async function validateJson(
  args: readonly string[],
  opts: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<{ status: number | null; report: JsonReport; stderr: string }> {
  const run = await declare(['validate', '--format', 'json', ...args], opts);
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`not JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return { status: run.status, report, stderr: run.stderr };
}

/** `RULE line` for each diagnostic of a one-file report, in report order. */
export function ruleLines(report: JsonReport, file = 0): string[] {
  return report.files[file]!.diagnostics.map((d) => `${d.rule} ${d.line}`);
}

/** A scratch directory with `files` written into it (paths may have directories). */
export function scratch(files: Record<string, string> = {}): { dir: string; write: (rel: string, text: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'declare-authoring-'));
  const write = (rel: string, text: string): string => {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  };
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  return { dir, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

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

/**
 * A complete declaration that is clean except for what the marked lines provoke:
 * one 数量指标 whose values have no number (R003, warning, lines marked below) and a
 * 服务对象满意度 target of 88% (R004 only when the threshold is above 88). It ends with
 * a 成本指标 (R010) so that nothing else fires.
 */
export const BASE = `year: 2024
department: 广州市花都区狮岭镇人民政府
level: 镇
budget:
  expenditure:
    basic: 2860.35
    project: 1975.60
  development:
    special: 320.00
    other: 146.25
  income:
    appropriation: 5102.20
    other: 200.00
  allocation:
    own: 5002.20
    transfer: 300.00
goals:
  - 统筹推进皮具产业转型升级，巩固全国皮具生产基地地位。
tasks:
  - name: 皮具产业转型升级
    content: 举办皮具产业展会，支持企业开展设计创新和品牌建设。
    funds: 600.00
    expected: 举办展会不少于2场，扶持企业不少于30家。
indicators:
  产出指标:
    数量指标:
      - name: 举办产业展会
        period: 按计划举办展会
        annual: 按计划举办展会
    时效指标:
      - name: 项目完成时间
        period: 2024年12月底前完成
        annual: 2024年12月底前完成
  效益指标:
    社会效益指标:
      - name: 群众文化生活
        period: 丰富群众文化生活
        annual: 丰富群众文化生活
  满意度指标:
    服务对象满意度指标:
      - name: 企业满意度
        period: 满意度达到88%
        annual: 满意度达到88%
  成本指标:
    经济成本指标:
      - name: 展会办展经费
        period: 不超过120万元
        annual: 不超过120万元
`;
