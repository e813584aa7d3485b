/**
 * The hostile-input corpus through the real binary (issue 5.1). For each case of
 * corpus.ts: the exit code of cli.md, the rule IDs and a phrase of the message, and
 * bounds on wall time (TIME_LIMIT_MS, a hang guard) and on the peak RSS of the declare
 * process (RSS_LIMIT_MB). Each outcome is recorded for docs/RELIABILITY.md
 * (scripts/reliability-table.mjs). Cases run one after another so that the times are
 * the binary's, not a queue's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES, type HostileCase } from './corpus.js';
import { RSS_LIMIT_MB, Recorder, TIME_LIMIT_MS, assertBuilt, firstLine, runMeasured, tempDir, type MeasuredRun } from './harness.js';

const recorder = new Recorder('hostile');

beforeAll(() => assertBuilt());
afterAll(() => recorder.flush(CASES.map((c) => c.id)));

interface Report {
  files: { file: string; diagnostics: { rule: string; message: string; line: number }[] }[];
}

/** Rule IDs and messages: from a JSON report on stdout, else from stderr (render). */
function diagnosticsOf(run: MeasuredRun): { rules: string[]; first?: { message: string; line: number } } {
  try {
    const r = JSON.parse(run.stdout) as Report;
    const all = r.files.flatMap((f) => f.diagnostics);
    return { rules: all.map((d) => d.rule), ...(all[0] ? { first: all[0] } : {}) };
  } catch {
    return { rules: [...run.stderr.matchAll(/\b([YSMR]\d{3})\b/g)].map((m) => m[1]!) };
  }
}

/** Every expectation of the case that did not hold, in words. */
function problemsOf(c: HostileCase, run: MeasuredRun, dir: string): string[] {
  const problems: string[] = [];
  const { rules, first } = diagnosticsOf(run);
  if (run.killed) problems.push(`killed by the harness after ${Math.round(run.ms)} ms`);
  if (run.status !== c.expect.exit) problems.push(`exit ${run.status ?? run.signal}, expected ${c.expect.exit}`);
  if (c.expect.rules.join() !== rules.join()) problems.push(`rules [${rules.join(', ')}], expected [${c.expect.rules.join(', ')}]`);
  if (c.expect.line !== undefined && first?.line !== c.expect.line) problems.push(`first diagnostic on line ${first?.line}, expected ${c.expect.line}`);
  if (c.expect.mention) {
    const where = c.expect.exit === 2 || !first ? run.stderr : first.message;
    if (!c.expect.mention.test(where)) problems.push(`${JSON.stringify(where.slice(0, 200))} does not match ${c.expect.mention}`);
  }
  if (/\n\s+at /.test(run.stderr)) problems.push('a stack trace on stderr');
  if (/internal error|内部错误/.test(run.stderr)) problems.push('an internal error');
  const limit = c.timeLimitMs ?? TIME_LIMIT_MS;
  if (run.ms > limit) problems.push(`took ${Math.round(run.ms)} ms (> ${limit})`);
  if (run.rssMb === undefined) problems.push('no RSS figure (the process did not exit normally)');
  else if (run.rssMb > RSS_LIMIT_MB) problems.push(`peak RSS ${run.rssMb} MB (> ${RSS_LIMIT_MB})`);
  if (c.expect.extra && run.status !== null) problems.push(...c.expect.extra({ stdout: run.stdout, stderr: run.stderr, dir }));
  return problems;
}

/** What the table shows as the diagnostic: rule IDs and the first message, or the failure. */
function outcomeOf(run: MeasuredRun): string {
  if (run.status === 2) return firstLine(run.stderr);
  const { rules, first } = diagnosticsOf(run);
  if (rules.length === 0) return 'no diagnostic';
  const counts = new Map<string, number>();
  for (const r of rules) counts.set(r, (counts.get(r) ?? 0) + 1);
  const ids = [...counts].map(([r, n]) => (n > 1 ? `${r} ×${n}` : r)).join(', ');
  if (first) return `${ids} at line ${first.line}: ${first.message.slice(0, 90)}`;
  // render prints the stylish report on stderr: the line with the first rule ID
  const line = run.stderr.split('\n').find((l) => l.includes(rules[0]!))?.trim() ?? '';
  return `${ids}: ${line.replace(/\s+/g, ' ').slice(0, 100)}`;
}

describe('hostile input through the binary', () => {
  for (const c of CASES) {
    const test = c.bug ? it.fails : it;
    test(`${c.id}: ${c.input}`, async () => {
      const { dir, remove } = tempDir(`hostile-${c.id}`);
      try {
        const setup = c.setup(dir);
        const run = await runMeasured(setup.args, {
          cwd: dir,
          ...(setup.input !== undefined ? { input: setup.input } : {}),
          ...(setup.env ? { env: setup.env } : {}),
          ...(setup.imports ? { imports: setup.imports } : {}),
          killAfterMs: 3 * (c.timeLimitMs ?? TIME_LIMIT_MS),
        });
        const problems = problemsOf(c, run, dir);
        recorder.add({
          id: c.id,
          input: c.input,
          command: `declare ${setup.args.map((a) => (a.startsWith(dir) ? shorten(a, dir) : a)).filter((a) => !['--format', 'json', '--lang', 'en'].includes(a)).join(' ')}`,
          exit: run.status === null ? String(run.signal) : String(run.status),
          outcome: outcomeOf(run).replaceAll(dir, '<tmp>'),
          ms: Math.round(run.ms),
          rssMb: run.rssMb,
          limit: c.limit,
          ok: problems.length === 0,
          problems,
          bug: c.bug,
        });
        expect(problems).toEqual([]);
      } finally {
        remove();
      }
    });
  }
});

function shorten(arg: string, dir: string): string {
  return arg.slice(dir.length + 1) || '.';
}
