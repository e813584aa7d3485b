import type { Lang, Severity } from '../diagnostic.js';
import { displayWidth, ruleHelpMarkdown, ruleHelpText } from '../report/index.js';
import { RULES, ruleById } from '../rules/index.js';
import { CliError } from './errors.js';
import { rulesCliMessages } from '../messages/cli.js';
import type { CliIo } from './main.js';

/** `declare rules [ID]`: the catalogue as a table, or one rule's documentation. */
export function runRules(id: string | undefined, opts: { lang: Lang; markdown?: boolean }, io: CliIo): number {
  const lang = opts.lang;
  if (id !== undefined) {
    const rule = ruleById(id);
    if (!rule) {
      throw new CliError(rulesCliMessages(lang).noRule({ id, ids: RULES.map((r) => r.id).join(' ') }));
    }
    io.stdout(`${opts.markdown ? ruleHelpMarkdown(rule, lang) : ruleHelpText(rule, lang)}\n`);
    return 0;
  }
  const m = rulesCliMessages(lang);
  const head = [m.headId, m.headSeverity, m.headChecks];
  const sev = (s: Severity) => m[s];
  if (opts.markdown) {
    const rows = RULES.map((r) => `| ${r.id} | ${sev(r.severity)} | ${r.title[lang]} |`);
    io.stdout(`| ${head.join(' | ')} |\n|---|---|---|\n${rows.join('\n')}\n`);
    return 0;
  }
  const rows = [head, ...RULES.map((r) => [r.id, sev(r.severity), r.title[lang]])];
  const widths = [0, 1].map((c) => Math.max(...rows.map((row) => displayWidth(row[c]!))));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));
  io.stdout(rows.map((r) => `${pad(r[0]!, widths[0]!)}  ${pad(r[1]!, widths[1]!)}  ${r[2]}`).join('\n') + '\n');
  io.stdout(m.footer);
  return 0;
}
