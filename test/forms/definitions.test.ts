/**
 * What summary and diff read of each form's definition names the form's own fields
 * (issue 13): a summary key, list or amount column, a diff header field, list or total
 * that named a field the form does not have would show an empty column or never a change.
 */
import { describe, expect, it } from 'vitest';
import { FORMS } from '../../src/forms/index.js';

describe.each(Object.values(FORMS))('$id: the summary and diff columns name its own fields', (form) => {
  const kind = (p: string) => form.fields.find((f) => f.path === p)?.kind;
  it('summary: describing columns are texts, years or enums; amount columns amounts or sums; list columns lists', () => {
    for (const k of form.summaryKeys) {
      expect(['text', 'year', 'enum'], k.field).toContain(kind(k.field));
      if (k.to !== undefined) expect(kind(k.to), k.to).toBe(kind(k.field));
    }
    for (const c of form.summaryColumns) {
      if (c.sum !== undefined) expect(form.sums, c.id).toHaveProperty(c.sum);
      else expect(kind(c.field!), c.id).toBe('amount');
    }
    for (const l of form.summaryLists) {
      expect(kind(l.list), l.id).toBe('list');
      if (l.amount !== undefined) expect(['amount', 'optional-amount'], l.id).toContain(kind(`${l.list}.*.${l.amount}`));
    }
    const ids = [...form.summaryKeys, ...form.summaryColumns, ...form.summaryLists].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('diff: header fields are leaves, lists are lists of texts, totals are sums or amount list columns', () => {
    const leaves = ['text', 'year', 'enum', 'precision', 'date'];
    for (const p of form.diff.header) expect(leaves, p).toContain(kind(p));
    // every single-valued field outside the lists is in the header
    expect([...form.diff.header].sort()).toEqual(form.fields.filter((f) => leaves.includes(f.kind) && !f.path.includes('*')).map((f) => f.path).sort());
    for (const l of form.diff.lists) {
      expect(kind(l.field), l.field).toBe('list');
      expect(kind(`${l.field}.*`), l.field).toBe('text');
    }
    // every list of texts of the form is compared
    const textLists = form.fields.filter((f) => f.kind === 'list' && kind(`${f.path}.*`) === 'text').map((f) => f.path);
    expect(form.diff.lists.map((l) => l.field)).toEqual(textLists);
    for (const t of form.diff.totals) {
      if (t.sum !== undefined) expect(form.sums, t.id).toHaveProperty(t.sum);
      else expect(form.summaryLists.find((l) => l.id === t.list)?.amount, t.id).toBeDefined();
    }
  });
});
