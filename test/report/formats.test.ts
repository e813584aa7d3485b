/** Behaviour of each format beyond the golden files: escaping, well-formedness, colour. */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, FileResult } from '../../src/diagnostic.js';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';
import {
  OUTPUT_FORMATS,
  fileUri,
  artifactLocation,
  directoryUri,
  formatters,
  ruleHelpMarkdown,
  ruleHelpText,
  toJsonReport,
} from '../../src/report/index.js';
import { formatJunit } from '../../src/report/junit.js';
import { JsonWriter } from '../../src/report/json.js';
import { jsonSafe } from '../../src/report/escape.js';
import { NASTY_MESSAGE, RESULTS, RULES, context } from './fixture.js';

const ANSI = /\u001b\[/;

function one(message: string, file = 'a.yaml', severity: Diagnostic['severity'] = 'error'): FileResult[] {
  return [
    {
      file,
      source: 'a: 1\n',
      rulesChecked: ['M001'],
      diagnostics: [{ rule: 'M001', severity, message, path: ['a'], line: 1, column: 4, endLine: 1, endColumn: 5 }],
    },
  ];
}

describe('github', () => {
  it('escapes data and property values as the Actions runner does', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a,b:c%d\ne')).toBe('a%2Cb%3Ac%25d%0Ae');
    // Already-escaped-looking text must round-trip: % is escaped first.
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('one line per diagnostic, message and file escaped', () => {
    const out = formatGithub(one(NASTY_MESSAGE, 'x,y:z.yaml'), context());
    expect(out).toBe(
      '::error file=x%2Cy%3Az.yaml,line=1,col=4,endLine=1,endColumn=5,title=M001::' +
        '50%25 的字符 <&>"\' 重复,含冒号: 是%0A第二行\n',
    );
    expect(out.split('\n')).toHaveLength(2);
  });

  it('warnings are ::warning; no diagnostics, no output', () => {
    expect(formatGithub(one('m', 'a.yaml', 'warning'), context())).toMatch(/^::warning file=/);
    expect(formatGithub([RESULTS[1]!], context())).toBe('');
  });
});

/** An element of a parsed XML document. */
interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/**
 * Parse with saxes, a conformant XML 1.0 parser that rejects every well-formedness error
 * (bad nesting, unescaped `<`/`&`, forbidden characters, several roots…) by throwing.
 */
function parseXml(xml: string): XmlNode {
  const doc: XmlNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [doc];
  const parser = new SaxesParser();
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (t) => void (stack.at(-1)!.text += t));
  parser.write(xml).close();
  return doc;
}

const kids = (n: XmlNode, name: string): XmlNode[] => n.children.filter((c) => c.name === name);

describe('junit', () => {
  it('the parser used here really rejects malformed XML', () => {
    for (const bad of ['<a><b></a>', '<a>&</a>', '<a x="<"/>', '<a>\u0001</a>', '<a/><b/>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
  });

  it('is well-formed XML with the right totals', () => {
    const xml = formatters.junit(RESULTS, context());
    const root = parseXml(xml).children[0]!;
    expect(root.name).toBe('testsuites');
    expect([root.attributes.tests, root.attributes.failures]).toEqual(['9', '2']);
    const suites = kids(root, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual(RESULTS.map((r) => r.file));
    const cases = kids(suites[2]!, 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual([
      'Y001 文件不是合法的 YAML',
      'M001 支出合计不等于收入合计',
      'M004 任务没有资金',
      'R007 文本疑似乱码',
    ]);
    expect(cases.every((c) => c.attributes.classname === RESULTS[2]!.file)).toBe(true);
    expect(kids(cases[1]!, 'failure')[0]!.text).toContain('4:3 支出合计');
    // Warnings never fail; they are in system-out, text intact.
    expect(kids(cases[3]!, 'failure')).toEqual([]);
    expect(kids(cases[3]!, 'system-out')[0]!.text).toBe('2:16 警告 ' + NASTY_MESSAGE);
  });

  it('escapes markup and replaces characters XML 1.0 forbids', () => {
    const nasty = 'a<b>&"\'\u0000\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF\uD800 ok\ttab\r\nend';
    const xml = formatJunit(one(nasty, 'f<"&\u0007>.yaml'), context());
    const suite = kids(parseXml(xml).children[0]!, 'testsuite')[0]!;
    expect(suite.attributes.name).toBe('f<"&\uFFFD>.yaml');
    const failure = kids(kids(suite, 'testcase')[0]!, 'failure')[0]!;
    // Attribute values keep TAB/CR/LF through normalisation; text keeps CR.
    expect(failure.attributes.message).toBe('1:4 a<b>&"\'' + '\uFFFD'.repeat(9) + ' ok\ttab\r\nend');
    expect(failure.text).toBe('1:4 a<b>&"\'' + '\uFFFD'.repeat(9) + ' ok\ttab\r\nend');
  });

  it('a diagnostic of a rule not in rulesChecked still gets a testcase', () => {
    const results: FileResult[] = [{ ...one('m')[0]!, rulesChecked: [] }];
    const root = parseXml(formatJunit(results, context())).children[0]!;
    expect(kids(kids(root, 'testsuite')[0]!, 'testcase').map((c) => c.attributes.name)).toEqual(['M001 支出合计不等于收入合计']);
    expect(root.attributes.failures).toBe('1');
  });

  it('no files: an empty but valid document', () => {
    const root = parseXml(formatJunit([], context())).children[0]!;
    expect(root.attributes).toMatchObject({ tests: '0', failures: '0' });
  });

  it('has no timestamps or host names, and every time is "0" (deterministic)', () => {
    const xml = formatters.junit(RESULTS, context());
    expect(xml).not.toMatch(/timestamp=|hostname=/);
    const times = Array.from(xml.matchAll(/ time="([^"]*)"/g), (m) => m[1]);
    expect(times.length).toBe((xml.match(/<testsuites? |<testcase /g) ?? []).length);
    expect(new Set(times)).toEqual(new Set(['0']));
  });
});

describe('json', () => {
  it('in pieces is byte for byte the whole document: JSON.stringify of toJsonReport, escaped (issue 17)', () => {
    const suppressed: FileResult = {
      file: 'examples/s.yaml',
      source: 'a: 1\n',
      rulesChecked: ['R003'],
      diagnostics: [
        { rule: 'R003', severity: 'warning', message: '行\u2028分隔', path: ['a'], line: 1, column: 1, endLine: 1, endColumn: 2, suppression: { kind: 'inline', reason: '说明', line: 1, column: 1 } },
        { rule: 'M001', severity: 'error', message: 'x', path: [], args: { a: 1, b: undefined as unknown as string }, line: 1, column: 1, endLine: 1, endColumn: 2 },
      ],
    };
    for (const results of [[], RESULTS, [RESULTS[1]!], [...RESULTS, suppressed, ...RESULTS]]) {
      const whole = jsonSafe(JSON.stringify(toJsonReport(results), null, 2)) + '\n';
      expect(formatters.json(results, context())).toBe(whole);
      const w = new JsonWriter();
      expect([w.start(), ...results.map((r) => w.file(r)), w.end()].join('')).toBe(whole);
    }
  });

  it('has exactly the cli.md shape', () => {
    const report = JSON.parse(formatters.json(RESULTS, context())) as ReturnType<typeof toJsonReport>;
    expect(Object.keys(report)).toEqual(['version', 'files', 'summary']);
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ files: 3, errors: 2, warnings: 2 });
    expect(Object.keys(report.files[0]!)).toEqual(['file', 'errors', 'warnings', 'diagnostics']);
    expect(Object.keys(report.files[2]!.diagnostics[0]!)).toEqual([
      'rule', 'severity', 'message', 'path', 'line', 'column', 'endLine', 'endColumn',
    ]);
    expect(report.files[2]!.diagnostics[2]!.path).toEqual(['tasks', 0, 'name']);
    expect(report.files[1]).toEqual({ file: 'examples/clean.yaml', errors: 0, warnings: 0, diagnostics: [] });
  });

  it('2-space indent and a final newline', () => {
    const out = formatters.json([], context());
    expect(out).toBe('{\n  "version": 1,\n  "files": [],\n  "summary": {\n    "files": 0,\n    "errors": 0,\n    "warnings": 0\n  }\n}\n');
  });
});

describe('stylish', () => {
  it('colour only when asked', () => {
    expect(formatters.stylish(RESULTS, context({ color: true }))).toMatch(ANSI);
    expect(formatters.stylish(RESULTS, context({ color: false }))).not.toMatch(ANSI);
    expect(formatters.stylish([RESULTS[1]!], context({ color: false }))).not.toMatch(ANSI);
  });

  it('no other format ever colours', () => {
    for (const format of OUTPUT_FORMATS.filter((f) => f !== 'stylish')) {
      expect(formatters[format](RESULTS, context({ color: true }))).not.toMatch(ANSI);
    }
  });

  it('an ESC or bidi control in a message or file name cannot drive the terminal', () => {
    const out = formatters.stylish(one('evil \u001b[2J\u202Etxt', 'a\u001b]0;x\u0007.yaml'), context());
    expect(out).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/);
  });

  it('summaries in both languages, singular and plural', () => {
    expect(formatters.stylish(RESULTS, context())).toMatch(/\n\n✖ 4 个问题（2 个错误，2 个警告）\n$/);
    expect(formatters.stylish(RESULTS, context({ lang: 'en' }))).toMatch(/\n\n✖ 4 problems \(2 errors, 2 warnings\)\n$/);
    expect(formatters.stylish(one('m'), context({ lang: 'en' }))).toMatch(/✖ 1 problem \(1 error, 0 warnings\)\n$/);
  });

  it('a clean run prints one success line', () => {
    expect(formatters.stylish([RESULTS[1]!], context())).toBe('✔ 1 个文件，没有发现问题\n');
    expect(formatters.stylish([RESULTS[1]!, RESULTS[1]!], context({ lang: 'en' }))).toBe('✔ 2 files checked, no problems\n');
  });

  it('files without diagnostics are not listed; a file without source has no frame', () => {
    const out = formatters.stylish(RESULTS, context());
    expect(out).not.toContain('clean.yaml');
    expect(out).toMatch(/examples\/a,b:c\.yaml\n {2}3:1 {2}错误 {2}第 3 行第 1 列：缩进错误 {2}Y001\n\n/);
  });
});

describe('sarif locations', () => {
  it('file names become relative URI references with forward slashes', () => {
    expect(fileUri('examples/花都 宣传部.yaml')).toBe('examples/%E8%8A%B1%E9%83%BD%20%E5%AE%A3%E4%BC%A0%E9%83%A8.yaml');
    expect(fileUri('.\\examples\\a.yaml')).toBe('examples/a.yaml');
    expect(fileUri('./a:b.yaml')).toBe('a%3Ab.yaml');
    expect(fileUri('<stdin>')).toBe('%3Cstdin%3E');
    expect(fileUri('../up/x.yaml')).toBe('../up/x.yaml');
    expect(fileUri('C:\\x\\y.yaml')).toBe('file:///C:/x/y.yaml');
    expect(fileUri('/tmp/x.yaml')).toBe('file:///tmp/x.yaml');
  });

  it('locations are relative to the working directory (%SRCROOT%), outside it absolute', () => {
    const base = { uriBaseId: '%SRCROOT%' };
    expect(artifactLocation('./a/./b/../c.yaml', '/w')).toEqual({ uri: 'a/c.yaml', ...base });
    expect(artifactLocation('/w/申报/x.yaml', '/w')).toEqual({ uri: '%E7%94%B3%E6%8A%A5/x.yaml', ...base });
    expect(artifactLocation('/w/x.yaml', '/w/')).toEqual({ uri: 'x.yaml', ...base });
    expect(artifactLocation('/wx/x.yaml', '/w')).toEqual({ uri: 'file:///wx/x.yaml' });
    expect(artifactLocation('../up/x.yaml', '/w/sub')).toEqual({ uri: 'file:///w/up/x.yaml' });
    expect(artifactLocation('c:\\w\\x.yaml', 'C:\\w')).toEqual({ uri: 'x.yaml', ...base });
    expect(artifactLocation('D:\\x.yaml', 'C:\\w')).toEqual({ uri: 'file:///D:/x.yaml' });
    expect(artifactLocation('<stdin>', '/w')).toEqual({ uri: '%3Cstdin%3E' });
    expect(directoryUri('/w/花 都')).toBe('file:///w/%E8%8A%B1%20%E9%83%BD/');
  });

  it('originalUriBaseIds names the working directory when the CLI gives it', () => {
    const log = JSON.parse(formatters.sarif(RESULTS, context({ cwd: '/work/repo' }))) as { runs: { originalUriBaseIds?: unknown }[] };
    expect(log.runs[0]!.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/repo/' } });
  });

  it('columns are declared as code points', () => {
    const log = JSON.parse(formatters.sarif(RESULTS, context())) as { runs: { columnKind: string; results: unknown[] }[] };
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.columnKind).toBe('unicodeCodePoints');
    expect(log.runs[0]!.results).toHaveLength(4);
  });
});

describe('rule help', () => {
  it('Markdown: heading, labels, yaml fences', () => {
    const md = ruleHelpMarkdown(RULES[1]!, 'zh');
    expect(md.startsWith('## M001 支出合计不等于收入合计\n\n默认严重程度：**错误**\n\n')).toBe(true);
    expect(md).toContain('**为什么：** 收支不平衡');
    expect(md).toContain('**依据：** 《预算绩效目标管理办法》第十条');
    expect(md).toContain('**错误示例：**\n\n```yaml\nbudget:\n  income: { appropriation: 900 }\n');
    expect(md.endsWith('```\n')).toBe(true);
    expect(ruleHelpMarkdown(RULES[1]!, 'en')).toContain('Default severity: **error**');
    expect(ruleHelpMarkdown(RULES[1]!, 'en', 3).startsWith('### M001 Expenditure')).toBe(true);
  });

  it('an empty source is left out; a snippet with backticks gets a longer fence', () => {
    expect(ruleHelpMarkdown(RULES[2]!, 'zh')).not.toContain('依据');
    const tricky = { ...RULES[2]!, docs: { ...RULES[2]!.docs, failing: 'a: "```"\n' } };
    expect(ruleHelpMarkdown(tricky, 'en')).toContain('````yaml\na: "```"\n````');
  });

  it('plain text has no Markdown', () => {
    const text = ruleHelpText(RULES[1]!, 'zh');
    expect(text).not.toMatch(/\*\*|```/);
    expect(text).toContain('错误示例：\n    budget:\n      income:');
  });
});
