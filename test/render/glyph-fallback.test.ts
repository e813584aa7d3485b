/**
 * Issue 10 item 7 through the real binary: characters the form's font lacks are warned
 * about (R016) when no PDF font has them, and printed from a fallback font when one does
 * (CJK Extension B from Noto Serif HK, emoji from Noto Emoji), with real glyphs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runNode } from '../helpers/spawn.js';
import { pdfFonts, root, testBrowser } from './pdf-helpers.js';

const minimal = readFileSync(path.join(root, 'test', 'fixtures', 'rules', 'valid-minimal.yaml'), 'utf8');
/** A clean declaration whose first task name carries `chars`. */
const withChars = (chars: string) => minimal.replace('  - name: 深入抓好党的二十大精神', `  - name: 深入抓好${chars}党的二十大精神`);

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'declare-glyphs-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(work, name);
  writeFileSync(p, text);
  return p;
}

interface JsonReport {
  files: { diagnostics: { rule: string; severity: string; message: string; line: number; path: (string | number)[] }[] }[];
}

describe('R016 through declare validate', () => {
  it('warns at the text, naming the character and its code point, in zh and en', async () => {
    const f = file('ext-b.yaml', withChars('𠀀𠀀😀'));
    const [zh, en] = await Promise.all([
      runNode(BIN, ['validate', f, '--format', 'json']),
      runNode(BIN, ['validate', f, '--format', 'json', '--lang', 'en']),
    ]);
    expect(zh.status).toBe(0);
    const d = (JSON.parse(zh.stdout) as JsonReport).files[0]!.diagnostics;
    expect(d.map((x) => [x.rule, x.severity, x.line, x.path.join('.')])).toEqual([['R016', 'warning', 21, 'tasks.0.name']]);
    expect(d[0]!.message).toContain('「𠀀」U+20000');
    expect(d[0]!.message).not.toContain('😀'); // Noto Emoji has it
    expect(d[0]!.message.match(/U\+20000/g)).toHaveLength(1); // once, however often it occurs
    const e = (JSON.parse(en.stdout) as JsonReport).files[0]!.diagnostics;
    expect(e[0]!.message).toContain('"𠀀" U+20000');
  });

  it('says nothing about characters a fallback font has (Extension B in Noto Serif HK, emoji)', async () => {
    const run = await runNode(BIN, ['validate', file('covered.yaml', withChars('𨋢𡃁😀🎉'))]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('R016');
  });

  it('names the first five and counts the rest', async () => {
    const run = await runNode(BIN, ['validate', file('many.yaml', withChars('𠀀𠀁𠀂𠀃𠀄𠀅𠀆')), '--lang', 'en']);
    expect(run.stdout).toContain('U+20004 and 2 more');
    expect(run.stdout).not.toContain('U+20005');
  });

  it('can be switched off or made an error in declare.config.yaml', async () => {
    const f = file('ext-b.yaml', withChars('𠀀'));
    const off = path.join(work, 'off.config.yaml');
    const err = path.join(work, 'error.config.yaml');
    writeFileSync(off, 'rules:\n  R016: off\n');
    writeFileSync(err, 'rules:\n  R016: error\n');
    const [a, b] = await Promise.all([runNode(BIN, ['validate', f, '-c', off]), runNode(BIN, ['validate', f, '-c', err])]);
    expect(a.status).toBe(0);
    expect(a.stdout).not.toContain('R016');
    expect(b.status).toBe(1);
    expect(b.stdout).toContain('R016');
  });
});

const choice = await testBrowser();

/** For every character of `wanted` the PDF shows: the font it is drawn with and its glyph ID. */
async function glyphsOf(pdf: Uint8Array, wanted: string[]): Promise<Map<string, { font: string; gid: number }>> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0, fontExtraProperties: true }).promise;
  const out = new Map<string, { font: string; gid: number }>();
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const ops = await page.getOperatorList();
    let font = '';
    for (let i = 0; i < ops.fnArray.length; i++) {
      const args = ops.argsArray[i] as unknown[];
      if (ops.fnArray[i] === OPS.setFont) font = (page.commonObjs.get(args[0] as string) as { name: string }).name;
      if (ops.fnArray[i] !== OPS.showText) continue;
      for (const g of args[0] as ({ unicode: string; originalCharCode: number } | number | null)[]) {
        // Identity-H CID fonts: the character code is the glyph ID; 0 is .notdef (a box).
        if (g && typeof g === 'object' && wanted.includes(g.unicode)) out.set(g.unicode, { font, gid: g.originalCharCode });
      }
    }
  }
  await doc.destroy();
  return out;
}

describe.skipIf(choice === undefined)('render --pdf with characters Noto Serif SC lacks', () => {
  it('embeds the fallback fonts and draws real glyphs from them; a plain form embeds no fallback', async () => {
    const f = file('fallback.yaml', withChars('𨋢😀🎉'));
    const huadu = path.join(root, 'examples', 'huadu-propaganda-2023.yaml');
    const out = path.join(work, 'out');
    const tmp = mkdtempSync(path.join(work, 'tmp-'));
    const run = await runNode(BIN, ['render', '--pdf', f, huadu, '--out', out], { env: { TMPDIR: tmp }, timeoutMs: 120_000 });
    expect(run.status, run.stderr).toBe(0);

    const pdf = new Uint8Array(readFileSync(path.join(out, 'fallback.pdf')));
    const { fonts, descriptors } = pdfFonts(pdf);
    expect(fonts.some((x) => /NotoSerifHK/.test(x.baseFont))).toBe(true);
    expect(fonts.some((x) => /NotoEmoji/.test(x.baseFont))).toBe(true);
    expect(fonts.map((x) => x.subtype)).not.toContain('Type3');
    for (const d of descriptors) expect(d.embedded, d.name).toBe(true);

    const glyphs = await glyphsOf(pdf, ['𨋢', '😀', '🎉', '深']);
    expect(glyphs.get('𨋢')?.font).toMatch(/NotoSerifHK/);
    expect(glyphs.get('😀')?.font).toMatch(/NotoEmoji/);
    expect(glyphs.get('🎉')?.font).toMatch(/NotoEmoji/);
    expect(glyphs.get('深')?.font).toMatch(/NotoSerifSC/);
    for (const [ch, g] of glyphs) expect(g.gid, ch).toBeGreaterThan(0);

    // the fallbacks cost nothing where they are not needed (Huadu: ≤ 300 KB, issue 3)
    const plain = readFileSync(path.join(out, 'huadu-propaganda-2023.pdf'));
    expect(pdfFonts(new Uint8Array(plain)).fonts.filter((x) => /NotoSerifHK|NotoEmoji/.test(x.baseFont))).toEqual([]);
    expect(plain.length).toBeLessThanOrEqual(300 * 1024);
  }, 150_000);
});
