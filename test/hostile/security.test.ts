/**
 * Security (issue 5.4, docs/SECURITY.md), through the real binary: nothing in a
 * declaration makes the browser reach the network or the file system, run script, or
 * write outside --out; Handlebars expressions in text stay text; `__proto__` /
 * `constructor` keys are unknown keys and pollute nothing. test/render/pdf.test.ts
 * covers the PdfEngine in-process (hostile text and raw HTML); this file covers the
 * command a user runs, --html and --pdf, with a local server counting requests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { renderHtml } from '../../src/render/html.js';
import { pageTexts, testBrowser } from '../render/pdf-helpers.js';
import { BASE_YAML, replaceOnce } from '../validate/helpers.js';
import { assertBuilt, runMeasured, tempDir } from './harness.js';
import { parseHtml } from './html-tree.js';

const choice = await testBrowser();

let server: Server;
let base = '';
const hits: string[] = [];
let work: { dir: string; remove: () => void };

beforeAll(async () => {
  assertBuilt();
  work = tempDir('security');
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  work?.remove();
});

/** Every text that goes into the declaration, each aimed at one way out. */
function hostileTexts(): Record<string, string> {
  return {
    department: `<img src=${base}/img>`,
    goal1: `<link rel=stylesheet href=${base}/link>`,
    goal2: '<iframe src=file:///etc/passwd></iframe>',
    goal3: `<script>fetch('${base}/script')</script>`,
    goal4: `<div style="background:url(${base}/style-attr)">背景</div>`,
    goal5: '{{constructor.constructor "return process"}}',
    goal6: '{{__proto__}}',
    goal7: '{{lookup this "constructor"}}',
    goal8: `</td></tr></table><img src=${base}/break-out><!--`,
    taskName: `<svg onload=fetch('${base}/svg')>`,
    taskContent: `<meta http-equiv=refresh content="0;url=${base}/refresh">`,
    taskExpected: `<base href=${base}/base/><a href=javascript:fetch('${base}/js')>链接</a>`,
    other1: `<object data=${base}/object></object><embed src=${base}/embed>`,
    other2: `<style>@import url(${base}/import); body{background:url(file:///etc/hostname)}</style>`,
    indicatorName: `<video poster=${base}/poster src=${base}/video>`,
    period: `不少于10场<img src=x onerror=fetch('${base}/onerror')>`,
    annual: `不少于10场<link rel=prefetch href=${base}/prefetch>`,
  };
}

/** BASE_YAML with the hostile texts, each as a YAML double-quoted scalar. */
function hostileYaml(t: Record<string, string>): string {
  const q = (s: string) => JSON.stringify(s);
  let y = replaceOnce(BASE_YAML, 'department: 中国共产党广州市花都区委员会宣传部', `department: ${q(t.department!)}`);
  y = replaceOnce(y, '  - 高举思想旗帜，深入学习宣传贯彻习近平新时代中国特色社会主义思想。', ['goal1', 'goal2', 'goal3', 'goal4', 'goal5', 'goal6', 'goal7', 'goal8'].map((k) => `  - ${q(t[k]!)}`).join('\n'));
  y = replaceOnce(y, '  - name: 深入抓好党的二十大精神的学习宣传贯彻', `  - name: ${q(t.taskName!)}`);
  y = replaceOnce(y, '    content: 持续加强理论研究和宣传阐释，精心组织党的二十大精神宣讲。', `    content: ${q(t.taskContent!)}`);
  y = replaceOnce(y, '    expected: 全区干部群众对党的二十大精神的知晓度明显提高，宣讲覆盖各镇街。', `    expected: ${q(t.taskExpected!)}\nother_tasks:\n  - ${q(t.other1!)}\n  - ${q(t.other2!)}`);
  y = replaceOnce(y, '      - name: 媒体合作数量', `      - name: ${q(t.indicatorName!)}`);
  y = replaceOnce(y, '        period: 与中央、省市媒体（含网络）合作15家', `        period: ${q(t.period!)}`);
  y = replaceOnce(y, '        annual: 与中央、省市媒体（含网络）合作15家', `        annual: ${q(t.annual!)}`);
  return y;
}

/** Every file under `dir` (relative paths), to see what a run wrote. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

const strip = (s: string) => s.replace(/\s+/g, '');

describe('a declaration cannot reach out', () => {
  it('--html: every hostile text is escaped text, no element or attribute comes from the file, no request', async () => {
    const texts = hostileTexts();
    const dir = path.join(work.dir, 'html');
    mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(path.join(dir, 'x.yaml'), hostileYaml(texts));
    const before = tree(dir);
    // The input is named ../../x.yaml from a nested working directory.
    const r = await runMeasured(['render', '../../x.yaml', '--html', '--out', 'out'], { cwd: path.join(dir, 'a', 'b') });
    expect(r.status, r.stderr).toBe(0);
    expect(tree(dir)).toEqual([...before, 'a/b/out/x.html'].sort());

    const html = readFileSync(path.join(dir, 'a', 'b', 'out', 'x.html'), 'utf8');
    const clean = parseHtml(renderHtml(check(BASE_YAML, 'base.yaml').declaration!, { version: '0' }));
    const parsed = parseHtml(html); // throws if an unescaped < or & came through
    expect(new Set(parsed.elements)).toEqual(new Set(clean.elements));
    const attrNames = (t: typeof parsed) => new Set(t.attributes.map((a) => a.slice(0, a.indexOf('='))));
    expect(attrNames(parsed)).toEqual(attrNames(clean));
    for (const [key, text] of Object.entries(texts)) {
      expect(parsed.texts.some((t) => t.includes(text)), key).toBe(true);
      // a text with a character Handlebars escapes must not appear as written
      if (/[<>&"'`=]/.test(text)) expect(html.includes(text), `${key} appears unescaped`).toBe(false);
    }
    expect(parsed.attributes.filter((a) => /127\.0\.0\.1|file:/.test(a) && !a.startsWith('meta@content='))).toEqual([]);
    expect(hits).toEqual([]);
  });

  describe.skipIf(choice === undefined)('--pdf', () => {
    it('prints every hostile text literally; the server gets no request; only out/x.pdf is written', async () => {
      const texts = hostileTexts();
      const dir = path.join(work.dir, 'pdf');
      mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
      mkdirSync(path.join(dir, 'tmp'));
      writeFileSync(path.join(dir, 'x.yaml'), hostileYaml(texts));
      const before = tree(dir);
      const r = await runMeasured(['render', '../../x.yaml', '--pdf', '--out', 'out'], { cwd: path.join(dir, 'a', 'b'), env: { TMPDIR: path.join(dir, 'tmp') } });
      expect(r.status, r.stderr).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300)); // a late request would show now
      expect(hits).toEqual([]);
      expect(tree(dir)).toEqual([...before, 'a/b/out/x.pdf'].sort()); // nothing else, TMPDIR empty again
      const all = (await pageTexts(readFileSync(path.join(dir, 'a', 'b', 'out', 'x.pdf')))).join('');
      for (const [key, text] of Object.entries(texts)) expect(all, key).toContain(strip(text));
    });
  });
});

describe('prototype keys and Handlebars expressions', () => {
  it('__proto__ / constructor / prototype keys anywhere are S001/S003 findings and change no prototype', () => {
    const protoNames = Object.getOwnPropertyNames(Object.prototype).sort();
    const yaml = [
      `__proto__: { polluted: 1 }`,
      `constructor: { prototype: { polluted: 1 } }`,
      replaceOnce(
        replaceOnce(
          replaceOnce(BASE_YAML, 'budget:\n', 'budget:\n  __proto__: { basic: 1 }\n'),
          '  产出指标:\n',
          '  __proto__:\n    数量指标: [{ name: a, period: 1个, annual: 1个 }]\n  产出指标:\n    constructor: [{ name: b, period: 1个, annual: 1个 }]\n',
        ),
        '      - name: 媒体合作数量\n',
        '      - name: 媒体合作数量\n        __proto__: { polluted: 1 }\n        prototype: x\n',
      ),
    ].join('\n');
    const out = check(yaml, 'proto.yaml');
    expect(out.result.diagnostics.map((d) => `${d.rule} ${d.message.match(/「(__proto__|constructor|prototype)」/)?.[1]}`)).toEqual([
      'S001 __proto__',
      'S001 constructor',
      'S001 __proto__',
      'S003 __proto__',
      'S003 constructor',
      'S001 __proto__',
      'S001 prototype',
    ]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(out.partial)).toBe(Object.prototype);
    // --force lays such a file out without running anything
    const html = renderHtml(out.partial, { version: '0', unchecked: true });
    expect(html).toContain('未通过校验');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('Handlebars syntax in every text field prints as itself', () => {
    const expressions = ['{{constructor.constructor "return process"}}', '{{__proto__}}', '{{lookup this "constructor"}}', '{{> budget}}', '{{{css}}}', '{{#each goals}}x{{/each}}'];
    const q = (s: string) => JSON.stringify(s);
    const yaml = replaceOnce(BASE_YAML, '  - 高举思想旗帜，深入学习宣传贯彻习近平新时代中国特色社会主义思想。', expressions.map((e) => `  - ${q(e)}`).join('\n'));
    const out = check(yaml, 'hbs.yaml');
    expect(out.result.diagnostics).toEqual([]);
    const parsed = parseHtml(renderHtml(out.declaration!, { version: '0' }));
    for (const e of expressions) expect(parsed.texts, e).toContain(e);
  });
});
