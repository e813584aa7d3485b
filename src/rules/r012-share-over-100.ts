import { defineMessages } from '../messages/catalogue.js';
import { fieldName } from '../model/fields.js';
import { clauseBefore, numbersIn } from './numbers.js';
import { indicatorsOf } from './text.js';
import { defineRule, type FindingOf } from './rule.js';

/** A part of a whole: a …率 or a share word (rules.md R012). */
const SHARE = /率|满意度|占比|比例|比重|覆盖面|百分比/;
/**
 * Not a part of a whole: growth and change against a base (增长率 120% is fine), and
 * rates that are ratios rather than shares (收益率, 效率, 频率 …).
 */
const NOT_SHARE = /增长|增幅|增速|增加|增量|提高|提升|上升|同比|环比|超额|较上年|比上年|上年|去年|基期|基数|回报率|收益率|利润率|效率|频率|倍|汇率|利率|功率|容积率|周转率|产出率|投资率/;

/** R012's message arguments (also in `--format json`). */
export type R012Args = { name: string; value: string; hint?: string };

const messages = defineMessages({
  zh: {
    share: (a: { field: string; name: string; value: string }) => `「${a.name}」的${a.field}中的 ${a.value} 不可能：比率是部分占整体的比例，只能在 0% 到 100% 之间`,
    hint: (a: { hint: string }) => `（是不是把「≥」认成了「2」，原文是 ${a.hint}？）`,
  },
  en: {
    share: (a) => `"${a.name}": ${a.field} ${a.value} is impossible: a share is a part of a whole, between 0% and 100%`,
    hint: (a) => ` (was “≥” read as “2”? The original may be ${a.hint})`,
  },
});

/** The sign before a number: only a minus that is not a range dash (85-90%). */
function negativeAt(text: string, start: number): boolean {
  const c = text[start - 1];
  if (c === '负') return true;
  return (c === '-' || c === '−' || c === '－') && !/[0-9０-９%％]/.test(text[start - 2] ?? '');
}

/** OCR reads ≥ as 2: 「292%」 for ≥92%. The reading that would make sense, if any. */
function ocrHint(written: string): string | undefined {
  const m = /^2(100|[1-9]\d(?:\.\d+)?)\s*[%％]$/.exec(written.trim());
  return m ? `≥${m[1]}%` : undefined;
}

export const R012 = defineRule<R012Args>()({
  id: 'R012',
  severity: 'warning',
  title: { zh: '比率超过 100%', en: 'a share above 100%' },
  check({ decl }) {
    const out: FindingOf<'R012', R012Args>[] = [];
    for (const ind of indicatorsOf(decl)) {
      const name = ind.name ?? '';
      for (const field of ['period', 'annual'] as const) {
        const text = ind[field];
        if (typeof text !== 'string') continue;
        for (const n of numbersIn(text)) {
          if (n.kind !== 'percent' || n.unit !== '%') continue;
          const high = n.range?.high ?? n.value;
          if (!high.gt(100) && !negativeAt(text, n.start)) continue;
          // What the number is a percentage of: its own clause when that names a rate
          // ("获评率90%以上"), else the indicator's name ("验收合格率" → "≥92%").
          const clause = clauseBefore(text, n.start);
          const about = SHARE.test(clause) ? clause : name;
          if (NOT_SHARE.test(clause) || NOT_SHARE.test(about) || !SHARE.test(about)) continue;
          const written = text.slice(n.start, n.end).trim();
          const value = negativeAt(text, n.start) ? `${text[n.start - 1]}${written}` : written;
          const hint = ocrHint(value);
          out.push({ rule: 'R012', path: [...ind.path, field], args: hint ? { name, value, hint } : { name, value } });
          break;
        }
      }
    }
    return out;
  },
  message({ args, path }, lang) {
    const m = messages(lang);
    const text = m.share({ field: fieldName(path, lang), name: args.name, value: args.value });
    return args.hint === undefined ? text : text + m.hint({ hint: args.hint });
  },
  docs: {
    what: {
      zh: '表示部分占整体的指标（……合格率、完成率、覆盖率、达标率、到位率、知晓率、满意度、占比等）的指标值中出现大于 100% 或小于 0% 的百分比时提示。先看数字所在的分句（“获评率90%以上”），分句里没有比率词时看三级指标名称。增长率、增幅、比上年提高、收益率、效率等不是占比，不提示（增长率 120% 可以成立）。“292%”这类值会提示可能是 OCR 把“≥”认成了“2”。',
      en: 'Flags a percentage above 100% (or below 0%) in an indicator that is a part of a whole (…合格率, 完成率, 覆盖率, 达标率, 到位率, 知晓率, 满意度, 占比 …). The clause of the number decides first (获评率90%以上), the indicator’s name when the clause names no rate. Growth and change (增长率, 增幅, 比上年提高), yields and efficiencies are not shares and are not flagged (a 增长率 of 120% is possible). A value like 292% gets the hint that OCR may have read “≥” as “2”.',
    },
    why: {
      zh: '合格率、覆盖率超过 100% 在逻辑上不可能，说明录入或识别出错（如扫描件把“≥92%”识别为“292%”）；这样的目标无法评价。',
      en: 'A pass rate or coverage above 100% is logically impossible: a typing or OCR error (a scan reads “≥92%” as “292%”), and such a target cannot be evaluated.',
    },
    source: '比率的定义（部分占整体，不超过 100%），非文件规定；鄂州市 2022 年项目支出绩效目标表的“292%”验收合格率（test/fixtures/corpus/README.md）',
    failing: '质量指标:\n  - name: 办公大楼日常维修维护验收合格率\n    period: 292%\n    annual: 292%\n',
    fixed: '质量指标:\n  - name: 办公大楼日常维修维护验收合格率\n    period: ≥92%\n    annual: ≥92%\n',
    limits: {
      zh: '靠词语判断是不是占比：名称和分句都没有比率词的百分比不检查；“完成率”按占比处理，超额完成写成 120% 的也会提示；负数只认数字前紧挨着的“-”或“负”。',
      en: 'Whether a number is a share is judged from words: a percentage whose name and clause name no rate is not checked; 完成率 counts as a share, so an over-fulfilment written as 120% is flagged too; a negative value is seen only with “-” or 负 right before the number.',
    },
  },
});
