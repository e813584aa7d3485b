#!/usr/bin/env node
/**
 * Turn a `declare validate --format json` report into the Markdown job summary of the
 * GitHub Action (action.yml appends it to $GITHUB_STEP_SUMMARY): a table of files with
 * their errors and warnings, a total row, and the problems themselves (collapsed).
 *
 *   node scripts/gh-summary.mjs REPORT.json [--lang zh|en] [--title TEXT] [--max-problems N]
 *
 * Prints the Markdown on stdout. A missing or unreadable report (declare exited 2: bad
 * usage, unreadable file, bad configuration) gives a short note instead, and exit 0: the
 * summary must never hide the validate step's own failure behind one of its own.
 * Plain Node, no dependencies: it runs before anything else is trusted.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const WORDS = {
  zh: {
    title: 'declare 校验结果',
    file: '文件',
    errors: '错误',
    warnings: '警告',
    total: (n) => `合计（${n} 个文件）`,
    problems: (n) => `问题明细（${n} 个）`,
    more: (n) => `……另有 ${n} 个问题未列出，见日志。`,
    clean: (n) => `✅ ${n} 个文件，没有发现问题。`,
    failed: (e, w) => `❌ ${e} 个错误，${w} 个警告。`,
    warned: (w) => `⚠️ 没有错误，${w} 个警告。`,
    noReport: (why) => `❌ declare 没有生成报告（${why}），请查看本步骤的日志。`,
    line: '行',
    rule: '规则',
    message: '说明',
  },
  en: {
    title: 'declare validation',
    file: 'File',
    errors: 'Errors',
    warnings: 'Warnings',
    total: (n) => `Total (${n} ${n === 1 ? 'file' : 'files'})`,
    problems: (n) => `Problems (${n})`,
    more: (n) => `…and ${n} more; see the log.`,
    clean: (n) => `✅ ${n} ${n === 1 ? 'file' : 'files'} checked, no problems.`,
    failed: (e, w) => `❌ ${e} ${e === 1 ? 'error' : 'errors'}, ${w} ${w === 1 ? 'warning' : 'warnings'}.`,
    warned: (w) => `⚠️ No errors, ${w} ${w === 1 ? 'warning' : 'warnings'}.`,
    noReport: (why) => `❌ declare wrote no report (${why}); see this step's log.`,
    line: 'Line',
    rule: 'Rule',
    message: 'Message',
  },
};

/** Text safe inside a Markdown table cell: no pipe, no line break, no HTML, no emphasis. */
function cell(text) {
  return String(text)
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/**
 * A file name as an inline code span in a table cell: in a code span only the pipe (for
 * the table) needs escaping; a fence longer than any backtick run inside keeps it whole.
 */
function code(text) {
  const s = String(text).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...Array.from(s.matchAll(/`+/g), (m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return longest > 0 ? `${ticks} ${s} ${ticks}` : `${ticks}${s}${ticks}`;
}

/**
 * The summary of one report (the parsed `--format json` output, cli.md).
 * @param {{ files: { file: string, errors: number, warnings: number, diagnostics: { rule: string, severity: string, message: string, line: number, column: number }[] }[], summary: { files: number, errors: number, warnings: number } }} report
 * @param {{ lang?: 'zh' | 'en', title?: string, maxProblems?: number }} [options]
 * @returns {string}
 */
export function summaryMarkdown(report, options = {}) {
  const w = WORDS[options.lang === 'en' ? 'en' : 'zh'];
  const max = options.maxProblems ?? 200;
  const { files, summary } = report;
  const out = [`### ${options.title ?? w.title}`, ''];
  out.push(summary.errors > 0 ? w.failed(summary.errors, summary.warnings) : summary.warnings > 0 ? w.warned(summary.warnings) : w.clean(summary.files), '');
  out.push(`| ${w.file} | ${w.errors} | ${w.warnings} |`, '|---|---:|---:|');
  for (const f of files) {
    const mark = f.errors > 0 ? '❌' : f.warnings > 0 ? '⚠️' : '✅';
    out.push(`| ${mark} ${code(f.file)} | ${f.errors} | ${f.warnings} |`);
  }
  out.push(`| **${w.total(summary.files)}** | **${summary.errors}** | **${summary.warnings}** |`, '');
  const problems = files.flatMap((f) => f.diagnostics.map((d) => ({ file: f.file, ...d })));
  if (problems.length > 0) {
    out.push('<details>', `<summary>${w.problems(problems.length)}</summary>`, '');
    out.push(`| ${w.file} | ${w.line} | ${w.rule} | ${w.message} |`, '|---|---:|---|---|');
    for (const p of problems.slice(0, max)) {
      const icon = p.severity === 'error' ? '❌' : '⚠️';
      out.push(`| ${code(p.file)} | ${p.line}:${p.column} | ${icon} ${cell(p.rule)} | ${cell(p.message)} |`);
    }
    if (problems.length > max) out.push('', w.more(problems.length - max));
    out.push('', '</details>', '');
  }
  return out.join('\n');
}

/** The note printed when there is no report to summarise. */
export function noReportMarkdown(why, options = {}) {
  const w = WORDS[options.lang === 'en' ? 'en' : 'zh'];
  return `### ${options.title ?? w.title}\n\n${w.noReport(why)}\n`;
}

function main(argv) {
  const args = [...argv];
  const opt = (name) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const lang = opt('--lang') === 'en' ? 'en' : 'zh';
  const title = opt('--title');
  const maxText = opt('--max-problems');
  const options = { lang, ...(title ? { title } : {}), ...(maxText ? { maxProblems: Number(maxText) } : {}) };
  const file = args[0];
  if (!file) {
    process.stderr.write('usage: node scripts/gh-summary.mjs REPORT.json [--lang zh|en] [--title TEXT] [--max-problems N]\n');
    return 2;
  }
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
    if (!report || !Array.isArray(report.files) || !report.summary) throw new Error('not a declare JSON report');
  } catch (err) {
    const why = err && err.code === 'ENOENT' ? (lang === 'zh' ? '报告文件不存在' : 'no report file') : String(err && err.message ? err.message : err);
    process.stdout.write(noReportMarkdown(why, options));
    return 0;
  }
  process.stdout.write(summaryMarkdown(report, options));
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
