/**
 * `declare lsp` through a real client session over stdio (issue 16): initialize, didOpen,
 * didChange, publishDiagnostics compared with `declare validate --format json` on the
 * whole fixture corpus (after the position conversion), configuration and suppressions,
 * UTF-16 columns, the client's language, hover, completion, and quick fixes applied and
 * validated again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { globSync } from 'tinyglobby';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, assertBuilt, declare, repoRoot, scratch } from '../authoring/helpers.js';
import { Session, applyEdits, expectedOf, shown, type CodeAction, type JsonDiagnostic, type LspDiagnostic } from './helpers.js';

const HUADU = path.join(repoRoot, 'examples', 'huadu-propaganda-2023.yaml');

/** Fixtures an editor cannot open as text: their bytes are not UTF-8 (validate reads bytes). */
const NOT_TEXT = new Set(['test/fixtures/rules/y001-not-utf8.yaml']);

const CORPUS = globSync('test/fixtures/**/*.yaml', { cwd: repoRoot }).filter((f) => !NOT_TEXT.has(f)).sort();

interface JsonReport {
  files: { file: string; diagnostics: JsonDiagnostic[] }[];
}

/** validate --format json on files (relative to cwd), by file. */
async function validate(files: string[], cwd = repoRoot, extra: string[] = []): Promise<Map<string, JsonDiagnostic[]>> {
  const run = await declare(['validate', '--format', 'json', ...extra, ...files], { cwd, timeoutMs: 120_000 });
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as JsonReport;
  return new Map(report.files.map((f) => [f.file, f.diagnostics]));
}

/** validate a text as a file of a scratch directory (so its configuration applies). */
async function validateText(text: string, file: string, cwd: string, extra: string[] = []): Promise<JsonDiagnostic[]> {
  writeFileSync(path.join(cwd, file), text);
  return (await validate([file], cwd, extra)).get(file)!;
}

let zh: Session;

beforeAll(async () => {
  assertBuilt();
  zh = await Session.start('zh-cn');
}, 60_000);

afterAll(async () => {
  await zh?.stop();
});

describe('declare lsp: diagnostics', () => {
  it(`publishes exactly validate's diagnostics on every fixture (${CORPUS.length} files)`, async () => {
    expect(CORPUS.length).toBeGreaterThan(100);
    const expected = await validate(CORPUS);
    let compared = 0;
    for (const file of CORPUS) {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      const uri = pathToFileURL(path.join(repoRoot, file)).href;
      const got = await zh.open(uri, text);
      zh.close(uri);
      expect({ file, diagnostics: got.map(shown) }).toEqual({ file, diagnostics: expected.get(file)!.map((d) => expectedOf(text, d)) });
      compared += got.length;
    }
    expect(compared).toBeGreaterThanOrEqual(150);
  }, 300_000);

  it('links each diagnostic to its rule documentation, as SARIF helpUri does', async () => {
    const file = 'test/fixtures/rules/r003-annual-only.yaml';
    const run = await declare(['validate', '--format', 'sarif', file]);
    const sarif = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[] };
    const help = new Map(sarif.runs[0]!.tool.driver.rules.map((r) => [r.id, r.helpUri]));
    const uri = pathToFileURL(path.join(repoRoot, file)).href;
    const got = await zh.open(uri, readFileSync(path.join(repoRoot, file), 'utf8'));
    zh.close(uri);
    expect(got.length).toBeGreaterThan(0);
    for (const d of got) {
      expect(d.source).toBe('declare');
      expect(d.codeDescription?.href).toBe(help.get(d.code));
    }
  }, 60_000);

  it('honours the file’s declare.config.yaml and its inline suppressions, like validate', async () => {
    const text = BASE.replace(/^( *)annual: /m, '$1# declare-disable-next-line R003 -- 上级文件未规定数量\n$1annual: ');
    const dir = scratch({ 'declare.config.yaml': 'rules:\n  R004: error\n  R001: off\noptions:\n  satisfactionThreshold: 95\n' });
    try {
      const expected = await validateText(text, 'form.yaml', dir.dir);
      const uri = pathToFileURL(path.join(dir.dir, 'form.yaml')).href;
      const got = await zh.open(uri, text);
      expect(got.map(shown)).toEqual(expected.map((d) => expectedOf(text, d)));
      // the configuration made R004 (88% < 95%) an error; the comment silenced one R003
      expect(got.find((d) => d.code === 'R004')?.severity).toBe(1);
      expect(expected.filter((d) => d.rule === 'R003')).toHaveLength(1);
      // an edited configuration applies at the next change
      writeFileSync(path.join(dir.dir, 'declare.config.yaml'), 'rules:\n  R004: off\n');
      const v = zh.replace(uri, `${text}\n`);
      const after = await zh.published(uri, v);
      expect(after.find((d) => d.code === 'R004')).toBeUndefined();
      zh.close(uri);
    } finally {
      dir.cleanup();
    }
  }, 60_000);

  it('counts columns in UTF-16 code units: a CJK Extension B character is two', async () => {
    // 𠀀 (U+20000) and 𪚥 (U+2A6A5) are one column each for validate, two units each for the editor
    const text = BASE.replace('department: 广州市花都区狮岭镇人民政府', 'department: 𠀀𪚥镇\n𠀀𪚥: 1');
    const dir = scratch();
    try {
      const expected = await validateText(text, 'astral.yaml', dir.dir);
      const s001 = expected.find((d) => d.rule === 'S001')!;
      expect([s001.column, s001.endColumn]).toEqual([1, 3]);
      const uri = pathToFileURL(path.join(dir.dir, 'astral.yaml')).href;
      const got = await zh.open(uri, text);
      const key = got.find((d) => d.code === 'S001')!;
      expect(key.range).toEqual({ start: { line: s001.line - 1, character: 0 }, end: { line: s001.line - 1, character: 4 } });
      // and after an astral character on the same line: the flow mapping's unknown key
      const flow = `${text.replace('𠀀𪚥: 1\n', '')}\nother_tasks: [{ 𠀀: 1 }]\n`;
      const v = zh.replace(uri, flow);
      const flowGot = await zh.published(uri, v);
      const flowExpected = await validateText(flow, 'astral.yaml', dir.dir);
      expect(flowGot.map(shown)).toEqual(flowExpected.map((d) => expectedOf(flow, d)));
      const last = flow.split('\n').length - 2;
      const onLast = flowGot.filter((d) => d.range.start.line === last);
      expect(onLast.length).toBeGreaterThan(0);
      zh.close(uri);
    } finally {
      dir.cleanup();
    }
  }, 60_000);

  it('speaks English when the client’s locale is English', async () => {
    const en = await Session.start('en-US');
    try {
      const file = 'test/fixtures/rules/m003-funds-exceed.yaml';
      const expected = (await validate([file], repoRoot, ['--lang', 'en'])).get(file)!;
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      const got = await en.open(pathToFileURL(path.join(repoRoot, file)).href, text);
      expect(got.map(shown)).toEqual(expected.map((d) => expectedOf(text, d)));
      expect(got.map((d) => d.message).join('\n')).toMatch(/[a-z]{4,} /);
    } finally {
      await en.stop();
    }
  }, 60_000);

  it('checks on didChange, and the last diagnostics are those of the last version', async () => {
    // the default debounce (150 ms): five keystrokes sent at once fall inside it
    const zh = await Session.start('zh-cn', {});
    const text = readFileSync(HUADU, 'utf8');
    const uri = 'file:///untitled/huadu-change.yaml';
    const dir = scratch();
    const opened = await zh.open(uri, text);
    expect(opened.map(shown)).toEqual((await validateText(text, 'opened.yaml', dir.dir)).map((d) => expectedOf(text, d)));
    // five quick keystrokes (faster than the debounce): one check, of the last text
    const line = text.split('\n').findIndex((l) => l.includes('basic:'));
    const col = text.split('\n')[line]!.indexOf('basic: ') + 'basic: '.length;
    let v = 0;
    ['1', '2', '3', '4', '5'].forEach((ch, i) => {
      v = zh.change(uri, [{ range: { start: { line, character: col + i }, end: { line, character: col + i } }, newText: ch }]);
    });
    expect(zh.text(uri)).toContain('basic: 123451499.73');
    const got = await zh.published(uri, v);
    expect(got.map((d) => d.code)).toContain('M001');
    try {
      const expected = await validateText(zh.text(uri), 'changed.yaml', dir.dir);
      expect(got.map(shown)).toEqual(expected.map((d) => expectedOf(zh.text(uri), d)));
    } finally {
      dir.cleanup();
    }
    const versions = zh.client.notifications.filter((n) => (n.params as { uri: string }).uri === uri).map((n) => (n.params as { version: number }).version);
    expect(versions[versions.length - 1]).toBe(v);
    expect(versions.filter((x) => x > 1 && x < v)).toEqual([]); // superseded versions were never published
    await zh.stop();
  }, 60_000);

  it('leaves YAML files that are not declarations alone, and checks them once they become one', async () => {
    const uri = 'file:///untitled/other.yaml';
    zh.openOnly(uri, 'name: ci\non: push\n', 'yaml');
    const v = zh.replace(uri, 'indicators: 1\n');
    const got = await zh.published(uri, v);
    expect(got.map((d) => d.code)).toContain('S001');
    expect(zh.client.notifications.some((n) => (n.params as { uri: string; version?: number }).uri === uri && (n.params as { version?: number }).version === 1)).toBe(false);
    zh.close(uri);
  }, 60_000);
});

describe('declare lsp: hover and completion', () => {
  const uri = pathToFileURL(path.join(repoRoot, 'test', 'fixtures', 'rules', 'r003-annual-only.yaml')).href;
  let text: string;
  const at = (needle: string, delta = 0) => {
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes(needle));
    return { line, character: lines[line]!.indexOf(needle) + delta };
  };
  const hover = (position: { line: number; character: number }) => zh.client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position });
  const complete = (t: string, line: number, character: number) => {
    const v = zh.replace(uri, t);
    return zh.published(uri, v).then(() => zh.client.request<{ label: string; detail?: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line, character } }));
  };

  beforeAll(async () => {
    text = readFileSync(new URL(uri), 'utf8');
    await zh.open(uri, text);
  });
  afterAll(() => zh.close(uri));

  it('shows a key’s label and doc from the form definition', async () => {
    const h = await hover(at('basic', 1));
    expect(h!.contents.value).toContain('基本支出');
    const level = await hover(at('level', 1));
    expect(level!.contents.value).toMatch(/预算级次[\s\S]*省、市、区、县、镇/);
    const l1 = await hover(at('产出指标', 1));
    expect(l1!.contents.value).toContain('数量指标、质量指标、时效指标、成本指标');
  });

  it('shows the rule’s documentation on a diagnostic', async () => {
    const v = zh.version(uri);
    const diags = await zh.published(uri, v);
    const r003 = diags.find((d) => d.code === 'R003')!;
    const h = await hover(r003.range.start);
    expect(h!.contents.value).toContain('### R003');
    expect(h!.contents.value).toContain('docs/rules.md#r003');
  });

  it('completes keys at every level, level values and the 一级/二级 categories valid there', async () => {
    const lines = text.split('\n');
    const blank = (afterNeedle: string, indent: number) => {
      const i = lines.findIndex((l) => l.includes(afterNeedle));
      const t = [...lines.slice(0, i + 1), ' '.repeat(indent), ...lines.slice(i + 1)].join('\n');
      return { t, line: i + 1 };
    };
    const labels = (items: { label: string }[]) => items.map((i) => i.label);
    // level values
    const lv = at('level: ', 'level: '.length);
    const levelLine = text.split('\n')[lv.line]!;
    const cut = [...text.split('\n').slice(0, lv.line), 'level: ', ...text.split('\n').slice(lv.line + 1)].join('\n');
    expect(labels(await complete(cut, lv.line, 'level: '.length))).toEqual(['省', '市', '区', '县', '镇']);
    void levelLine;
    // keys of budget.expenditure are all there already; of a task item, those not written yet
    const noFunds = text.replace(/^ {4}funds: .*\n/m, '');
    const taskLines = noFunds.split('\n');
    const nameLine = taskLines.findIndex((l) => l.includes('- name: '));
    const task = { t: [...taskLines.slice(0, nameLine + 1), '    ', ...taskLines.slice(nameLine + 1)].join('\n'), line: nameLine + 1 };
    expect(labels(await complete(task.t, task.line, 4))).toEqual(expect.arrayContaining(['funds']));
    expect(labels(await complete(task.t, task.line, 4))).not.toContain('name');
    // under indicators: the 一级指标 not written yet; under 产出指标: its 二级指标
    const ind = blank('indicators:', 2);
    const present = lines.filter((l) => /^ {2}\S+指标:/.test(l)).map((l) => l.trim().replace(/:$/, ''));
    expect(labels(await complete(ind.t, ind.line, 2))).toEqual(['产出指标', '成本指标', '效益指标', '满意度指标'].filter((x) => !present.includes(x)));
    const l2 = blank('产出指标:', 4);
    expect(labels(await complete(l2.t, l2.line, 4)).every((x) => ['数量指标', '质量指标', '时效指标', '成本指标'].includes(x))).toBe(true);
    // the root keys, none already written
    const root = [...lines, ''].join('\n');
    const top = labels(await complete(root, lines.length, 0));
    expect(top).toEqual(expect.arrayContaining(['version', 'other_tasks']));
    expect(top).not.toContain('year');
    await complete(text, 0, 0);
  });
});

describe('declare lsp: quick fixes, applied and validated again', () => {
  const dir = scratch();
  afterAll(() => dir.cleanup());

  /** Open `text`, take the fix titled like `title` for the diagnostic `code`, apply it, validate the result. */
  async function fix(name: string, text: string, code: string | ((d: LspDiagnostic) => boolean), title: RegExp): Promise<{ before: LspDiagnostic[]; fixed: string; after: JsonDiagnostic[] }> {
    const uri = pathToFileURL(path.join(dir.dir, name)).href;
    const before = await zh.open(uri, text);
    const d = before.find((x) => (typeof code === 'string' ? x.code === code : code(x)));
    expect(d, `${String(code)} in ${before.map((x) => x.code).join(' ')}`).toBeDefined();
    const actions = await zh.client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d!.range, context: { diagnostics: [d] } });
    const action = actions.find((a) => title.test(a.title));
    expect(action, actions.map((a) => a.title).join(' | ')).toBeDefined();
    const fixed = applyEdits(text, action!.edit.changes[uri]!);
    // the server agrees after the edit is sent as the editor would
    const v = zh.change(uri, action!.edit.changes[uri]!);
    const published = await zh.published(uri, v);
    const after = await validateText(fixed, name, dir.dir);
    expect(published.map(shown)).toEqual(after.map((x) => expectedOf(fixed, x)));
    zh.close(uri);
    return { before, fixed, after };
  }

  it('renames a "did you mean" key', async () => {
    const text = BASE.replace('  expenditure:', '  expenditures:');
    const { fixed, after } = await fix('typo.yaml', text, (d) => d.code === 'S001' && d.message.includes('expenditures'), /expenditure/);
    expect(fixed).toBe(BASE);
    expect(after.filter((d) => d.rule.startsWith('S'))).toEqual([]);
  });

  it('renames a misspelt 二级指标', async () => {
    const text = BASE.replace('数量指标:', '数量指:');
    const { fixed, after } = await fix('l2.yaml', text, 'S003', /数量指标/);
    expect(fixed).toBe(BASE);
    expect(after.filter((d) => d.rule.startsWith('S'))).toEqual([]);
  });

  it('replaces a full-width colon after a key', async () => {
    const text = BASE.replace('year: 2024', 'year：2024');
    const { fixed, after } = await fix('colon.yaml', text, 'Y001', /全角冒号/);
    expect(fixed).toBe(BASE);
    expect(after.filter((d) => d.rule === 'Y001')).toEqual([]);
  });

  it('replaces full-width spaces in a key’s indentation', async () => {
    const text = BASE.replace('    basic: ', '\u3000\u3000basic: ');
    const { fixed, after } = await fix('space.yaml', text, 'Y001', /全角空格/);
    expect(fixed).toBe(BASE);
    expect(after.filter((d) => d.rule === 'Y001')).toEqual([]);
  });

  it('adds a suppression comment whose reason must still be written', async () => {
    const { before, fixed, after } = await fix('suppress.yaml', BASE, 'R003', /抑制.*R003/);
    const r003 = before.filter((d) => d.code === 'R003');
    expect(fixed).toMatch(/# declare-disable-next-line R003 -- \n/);
    // no reason yet: S004 says so, and the R003 stays
    expect(after.map((d) => d.rule)).toContain('S004');
    expect(after.filter((d) => d.rule === 'R003')).toHaveLength(r003.length);
    // with a reason written, it is suppressed
    const reasoned = fixed.replace('R003 -- \n', 'R003 -- 上级文件未规定数量\n');
    const final = await validateText(reasoned, 'suppress.yaml', dir.dir);
    expect(final.filter((d) => d.rule === 'R003')).toHaveLength(r003.length - 1);
    expect(final.map((d) => d.rule)).not.toContain('S004');
    expect(final.map((d) => d.rule)).not.toContain('R009');
  });

  it('adds a 满意度指标 skeleton whose targets are flagged until filled in', async () => {
    const text = BASE.replace(/ {2}满意度指标:\n(?: {4,}.*\n)+/, '');
    expect(text).not.toContain('满意度指标');
    const { fixed, after } = await fix('r002.yaml', text, 'R002', /满意度指标/);
    expect(fixed).toContain('  满意度指标:\n    服务对象满意度指标:\n      - name: 服务对象满意度\n        period: 待填写\n        annual: 待填写\n');
    expect(after.map((d) => d.rule)).not.toContain('R002');
    expect(after.filter((d) => d.rule.startsWith('S') || d.rule.startsWith('Y'))).toEqual([]);
    expect(after.filter((d) => d.rule === 'R006').length).toBeGreaterThanOrEqual(2);
  });
});
