/**
 * Messages of the fields forms.md adds (issue 12): `precision`, `filer`, and what the
 * review commands say about them. Rule messages stay in their rules.
 */
import { defineMessages } from './catalogue.js';

/** review/summary.ts and review/diff.ts: the precision column and line. */
export const precisionMessages = defineMessages({
  zh: {
    column: '小数位',
    line: (a: { name: string; from: number; to: number }) => (a.from === a.to ? `${a.name}：${a.to}` : `${a.name}：${a.from} → ${a.to}`),
  },
  en: {
    column: 'Decimals',
    line: (a) => (a.from === a.to ? `${a.name}: ${a.to}` : `${a.name}: ${a.from} → ${a.to}`),
  },
});
