/** The few words reporters add around rule messages, in both user languages. */
import type { Lang, Severity, Suppression } from '../diagnostic.js';

/** Labels and summary sentences of one language. */
export interface Labels {
  /** severity as printed next to a message */
  severity: Record<Severity, string>;
  /** stylish summary when there is at least one diagnostic */
  problems(errors: number, warnings: number): string;
  /** stylish summary when there is none */
  clean(files: number): string;
  /** stylish summary with --quiet when no error is left but warnings were hidden */
  cleanQuiet(files: number, hidden: number): string;
  /** stylish summary when the only problems left are suppressed ones */
  cleanSuppressed(files: number): string;
  /** the stylish line that counts suppressed problems (never hidden silently) */
  suppressed(total: number, inline: number, config: number): string;
  /** what suppressed one diagnostic (junit, github, SARIF justification of a config) */
  suppression(s: Suppression, rule: string): string;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export const LABELS: Record<Lang, Labels> = {
  zh: {
    severity: { error: '错误', warning: '警告' },
    problems: (e, w) => `${e + w} 个问题（${e} 个错误，${w} 个警告）`,
    clean: (f) => `${f} 个文件，没有发现问题`,
    cleanQuiet: (f, h) => `${f} 个文件，没有错误（${h} 个警告因 --quiet 未显示）`,
    cleanSuppressed: (f) => `${f} 个文件，除已抑制的问题外没有发现问题`,
    suppressed: (n, i, c) =>
      `另有 ${n} 个问题已被抑制（${[i > 0 ? `行内注释 ${i} 个` : '', c > 0 ? `配置文件 ${c} 个` : ''].filter(Boolean).join('，')}）：--strict 不接受抑制，--format json 列出理由`,
    suppression: (s, rule) =>
      s.kind === 'inline' ? `已抑制（第 ${s.line} 行注释：${s.reason}）` : `已抑制（配置文件 ${s.file} 将 ${rule} 设为 off）`,
  },
  en: {
    severity: { error: 'error', warning: 'warning' },
    problems: (e, w) =>
      `${plural(e + w, 'problem', 'problems')} (${plural(e, 'error', 'errors')}, ${plural(w, 'warning', 'warnings')})`,
    clean: (f) => `${plural(f, 'file', 'files')} checked, no problems`,
    cleanQuiet: (f, h) => `${plural(f, 'file', 'files')} checked, no errors (${plural(h, 'warning', 'warnings')} hidden by --quiet)`,
    cleanSuppressed: (f) => `${plural(f, 'file', 'files')} checked, no problems apart from suppressed ones`,
    suppressed: (n, i, c) =>
      `${plural(n, 'more problem', 'more problems')} suppressed (${[i > 0 ? `${i} by inline comments` : '', c > 0 ? `${c} by configuration` : ''].filter(Boolean).join(', ')}): --strict accepts no suppression, --format json lists the reasons`,
    suppression: (s, rule) =>
      s.kind === 'inline' ? `suppressed (comment on line ${s.line}: ${s.reason})` : `suppressed (configuration ${s.file} sets ${rule} off)`,
  },
};
