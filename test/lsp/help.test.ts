/**
 * The pure pieces of the language server, in-process (src/lsp/outline.ts, help.ts,
 * fixes.ts): where the cursor is, what completes there, what a hover says, and the quick
 * fixes' edits. The same behaviour through the real server is in session.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../src/lsp/diagnostics.js';
import { fixesFor } from '../../src/lsp/fixes.js';
import { completeAt, hoverAt } from '../../src/lsp/help.js';
import { typingContext } from '../../src/lsp/outline.js';

const DRAFT = `year: 2024
level: 
budget:
  expenditure:
    basic: 1
    
  inc
tasks:
  - name: a
    con
  - 
indicators:
  产出指标:
    数量指标:
      - name: x
        
  
goals:
  - |
    多行文字
    
`;

const at = (line: number, character: number) => completeAt(DRAFT, line, character, 'zh').map((i) => i.label);

describe('typingContext and completion', () => {
  it('finds the mapping a key is typed in, and leaves out keys already written', () => {
    expect(typingContext(DRAFT, 5, 4).key).toMatchObject({ parent: ['budget', 'expenditure'], siblings: ['basic'] });
    expect(at(5, 4)).toEqual(['project']);
    expect(typingContext(DRAFT, 6, 5).key).toMatchObject({ parent: ['budget'], prefix: 'inc' });
    expect(at(6, 5)).toEqual(['development', 'income', 'allocation']);
  });

  it('completes the keys of a list item, on a later line and on a new `- `', () => {
    expect(at(9, 7)).toEqual(['content', 'funds', 'expected']);
    expect(at(10, 4)).toEqual(['name', 'content', 'funds', 'expected']);
  });

  it('completes 一级指标, the 二级指标 of the one above, and the fields of a 三级指标', () => {
    expect(at(16, 2)).toEqual(['成本指标', '效益指标', '满意度指标']);
    expect(at(15, 8)).toEqual(['period', 'annual', 'type', 'unit', 'direction', 'note']);
    const l2 = `indicators:\n  效益指标:\n    \n`;
    expect(completeAt(l2, 2, 4, 'zh').map((i) => i.label)).toEqual(['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标']);
  });

  it('completes the values of level and form, replacing what was typed', () => {
    expect(at(1, 7)).toEqual(['省', '市', '区', '县', '镇']);
    const items = completeAt('level: 区\n', 0, 8, 'zh');
    expect(items[0]!.textEdit!.range).toEqual({ start: { line: 0, character: 7 }, end: { line: 0, character: 8 } });
    expect(completeAt('form: \n', 0, 6, 'zh').map((i) => i.label)).toContain('部门整体');
  });

  it('offers nothing inside a multi-line text', () => {
    expect(at(20, 4)).toEqual([]);
  });
});

describe('hover', () => {
  it('gives a key’s label and doc, English labels under --lang en', () => {
    const text = 'year: 2024\nbudget:\n  expenditure:\n    basic: 1\n';
    const zh = hoverAt(text, text.indexOf('basic') + 1, [], 'zh')!;
    expect(zh.contents.value).toContain('基本支出');
    expect(zh.range).toEqual({ start: { line: 3, character: 4 }, end: { line: 3, character: 9 } });
    expect(hoverAt(text, text.indexOf('basic') + 1, [], 'en')!.contents.value).toContain('basic expenditure');
    expect(hoverAt(text, text.indexOf('2024'), [], 'zh')).toBeUndefined();
  });
});

describe('quick fixes', () => {
  it('each edit, applied, removes its diagnostic', () => {
    const cases: [string, string][] = [
      ['year：2024\n', 'Y001'],
      ['year: 2024\nbudget:\n  expenditures: 1\n', 'S001'],
    ];
    for (const [text, rule] of cases) {
      const doc = checkDocument(text, 'x.yaml', { lang: 'zh' });
      const target = doc.published.filter((p) => p.diagnostic.rule === rule && (rule !== 'S001' || p.diagnostic.args?.suggestion));
      const [action] = fixesFor('file:///x.yaml', text, doc.index, target, 'zh');
      expect(action, text).toBeDefined();
      const edit = action!.edit.changes['file:///x.yaml']![0]!;
      const a = doc.index.offsetAt(edit.range.start);
      const b = doc.index.offsetAt(edit.range.end);
      const fixed = text.slice(0, a) + edit.newText + text.slice(b);
      const after = checkDocument(fixed, 'x.yaml', { lang: 'zh' });
      expect(after.published.filter((p) => p.diagnostic.message === target[0]!.diagnostic.message)).toEqual([]);
    }
  });

  it('offers no suppression for rules that cannot be suppressed', () => {
    const text = 'year: 2024\nfoo: 1\n';
    const doc = checkDocument(text, 'x.yaml', { lang: 'zh' });
    const titles = fixesFor('file:///x.yaml', text, doc.index, doc.published, 'zh').map((a) => a.title);
    expect(titles.some((t) => t.includes('抑制'))).toBe(false);
  });
});
