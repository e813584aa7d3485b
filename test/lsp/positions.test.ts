/**
 * The position conversion of the language server (src/lsp/positions.ts), in-process:
 * declare's 1-based code-point columns in `\n` lines ⇄ the protocol's 0-based UTF-16
 * columns, with `\r\n`, a lone `\r` and a byte-order mark.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { TextIndex } from '../../src/lsp/positions.js';
import { checkDocument } from '../../src/lsp/diagnostics.js';
import { looksLikeDeclaration, langOf } from '../../src/lsp/server.js';

describe('TextIndex', () => {
  it('counts an astral character as two UTF-16 units', () => {
    const ix = new TextIndex('a: 𠀀𪚥x\n');
    // declare column 6 is "x" (a, :, space, 𠀀, 𪚥 are columns 1–5)
    expect(ix.positionAt(ix.offsetOfDeclare(1, 6))).toEqual({ line: 0, character: 7 });
    expect(ix.range({ line: 1, column: 4, endLine: 1, endColumn: 6 })).toEqual({ start: { line: 0, character: 3 }, end: { line: 0, character: 7 } });
  });

  it('clamps a column past the end of its line to the line', () => {
    const ix = new TextIndex('ab\ncd\n');
    expect(ix.positionAt(ix.offsetOfDeclare(1, 9))).toEqual({ line: 0, character: 2 });
  });

  it('keeps CRLF lines and treats a lone CR as a line end, as the protocol does', () => {
    const crlf = new TextIndex('a: 1\r\nbb: 2\r\n');
    expect(crlf.positionAt(crlf.offsetOfDeclare(2, 2))).toEqual({ line: 1, character: 1 });
    expect(crlf.offsetAt({ line: 0, character: 99 })).toBe(4); // before the \r\n
    const lone = new TextIndex('a: 1\rb: 2\n');
    // declare sees one line; the editor two
    expect(lone.positionAt(lone.offsetOfDeclare(1, 6))).toEqual({ line: 1, character: 0 });
  });

  it('shifts by the byte-order mark, which declare does not see', () => {
    const ix = new TextIndex('\ufeffab: 1\n');
    expect(ix.positionAt(ix.offsetOfDeclare(1, 1))).toEqual({ line: 0, character: 1 });
    expect(ix.declareOffset(1)).toBe(0);
  });

  it('offsetAt inverts positionAt', () => {
    const text = '年度: 𠀀\r\n  - x\n\n';
    const ix = new TextIndex(text);
    for (let o = 0; o <= text.length; o++) {
      if (text[o - 1] === '\r' && text[o] === '\n') continue; // inside a line break
      expect(ix.offsetAt(ix.positionAt(o))).toBe(o);
    }
  });
});

describe('checkDocument', () => {
  it('publishes check()’s diagnostics, suppressed ones left out', () => {
    const text = 'year: 2024\n# declare-disable-next-line R003 -- x\nfoo: 1\n';
    const all = check(text, 'x.yaml').result.diagnostics;
    const doc = checkDocument(text, 'x.yaml', { lang: 'zh' });
    expect(doc.published.map((p) => p.diagnostic)).toEqual(all.filter((d) => !d.suppression));
    expect(doc.published.every((p) => p.lsp.code === p.diagnostic.rule && p.lsp.source === 'declare')).toBe(true);
  });
});

describe('server helpers', () => {
  it('takes a YAML file with a top-level form: or indicators: for a declaration', () => {
    expect(looksLikeDeclaration('year: 1\nindicators:\n')).toBe(true);
    expect(looksLikeDeclaration('form: 部门整体\n')).toBe(true);
    expect(looksLikeDeclaration('name: ci\non: push\n  indicators: 1\n')).toBe(false);
  });

  it('speaks English only when the client’s locale is English', () => {
    expect(langOf({ locale: 'en-US' })).toBe('en');
    expect(langOf({ locale: 'en' })).toBe('en');
    expect(langOf({ locale: 'zh-cn' })).toBe('zh');
    expect(langOf({})).toBe('zh');
    expect(langOf({ locale: 'en', initializationOptions: { lang: 'zh' } })).toBe('zh');
  });
});

describe('the bundle', () => {
  it('keeps the language server out of what validate loads (only `declare lsp` imports it)', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const path = await import('node:path');
    const dir = path.resolve(import.meta.dirname, '..', '..', 'dist', 'bundle');
    if (!existsSync(path.join(dir, 'main.js'))) throw new Error('dist/bundle/main.js is missing: run `npm run build`');
    // main.js and every chunk it imports statically (`from"./chunk-…"`), transitively
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(path.join(dir, file), 'utf8');
      for (const m of code.matchAll(/from\s*"\.\/(chunk-[A-Z0-9]+\.js)"/g)) visit(m[1]!);
    };
    visit('main.js');
    const loaded = [...seen].map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(seen.size).toBeGreaterThan(1);
    expect(loaded).not.toContain('textDocument/publishDiagnostics');
    expect(loaded).not.toContain('Content-Length');
    // and it is in the bundle, behind a dynamic import
    const all = (await import('node:fs')).readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(all).toContain('textDocument/publishDiagnostics');
  });
});
