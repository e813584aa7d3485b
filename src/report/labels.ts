/** The few words reporters add around rule messages, in both user languages. */
import type { Lang, Severity } from '../diagnostic.js';

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
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export const LABELS: Record<Lang, Labels> = {
  zh: {
    severity: { error: '错误', warning: '警告' },
    problems: (e, w) => `${e + w} 个问题（${e} 个错误，${w} 个警告）`,
    clean: (f) => `${f} 个文件，没有发现问题`,
    cleanQuiet: (f, h) => `${f} 个文件，没有错误（${h} 个警告因 --quiet 未显示）`,
  },
  en: {
    severity: { error: 'error', warning: 'warning' },
    problems: (e, w) =>
      `${plural(e + w, 'problem', 'problems')} (${plural(e, 'error', 'errors')}, ${plural(w, 'warning', 'warnings')})`,
    clean: (f) => `${plural(f, 'file', 'files')} checked, no problems`,
    cleanQuiet: (f, h) => `${plural(f, 'file', 'files')} checked, no errors (${plural(h, 'warning', 'warnings')} hidden by --quiet)`,
  },
};
