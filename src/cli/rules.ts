import type { Lang } from '../diagnostic.js';
import { displayWidth, ruleHelpMarkdown, ruleHelpText } from '../report/index.js';
import { RULES, ruleById } from '../rules/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './main.js';

/** `declare rules [ID]`: the catalogue as a table, or one rule's documentation. */
export function runRules(id: string | undefined, opts: { lang: Lang; markdown?: boolean }, io: CliIo): number {
  const lang = opts.lang;
  if (id !== undefined) {
    const rule = ruleById(id);
    if (!rule) {
      throw new CliError(lang === 'zh'
        ? `没有规则 ${id}。可用的规则：${RULES.map((r) => r.id).join(' ')}`
        : `no rule ${id}. Rules: ${RULES.map((r) => r.id).join(' ')}`);
    }
    io.stdout(`${opts.markdown ? ruleHelpMarkdown(rule, lang) : ruleHelpText(rule, lang)}\n`);
    return 0;
  }
  const head = lang === 'zh' ? ['编号', '默认级别', '检查内容'] : ['ID', 'severity', 'checks'];
  const sev = (s: string) => (lang === 'zh' ? (s === 'error' ? '错误' : '警告') : s);
  if (opts.markdown) {
    const rows = RULES.map((r) => `| ${r.id} | ${sev(r.severity)} | ${r.title[lang]} |`);
    io.stdout(`| ${head.join(' | ')} |\n|---|---|---|\n${rows.join('\n')}\n`);
    return 0;
  }
  const rows = [head, ...RULES.map((r) => [r.id, sev(r.severity), r.title[lang]])];
  const widths = [0, 1].map((c) => Math.max(...rows.map((row) => displayWidth(row[c]!))));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));
  io.stdout(rows.map((r) => `${pad(r[0]!, widths[0]!)}  ${pad(r[1]!, widths[1]!)}  ${r[2]}`).join('\n') + '\n');
  io.stdout(lang === 'zh' ? '\n用 declare rules <编号> 查看一条规则的说明。\n' : '\nRun declare rules <ID> for a rule\'s documentation.\n');
  return 0;
}
