/**
 * Issue 10 through the real binary: output names stay inside the output directory
 * whatever the input is called (item 4), --force keeps rows under a misspelt indicator
 * key (6), a closed stdout stops render cleanly with exit 2 (12), SIGHUP is handled like
 * SIGINT (14), --timeout / SOURCE_DATE_EPOCH bounds and long titles (15), one unreadable
 * input does not stop the batch (16). docs/SECURITY.md "Output files and signals".
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runNode } from '../helpers/spawn.js';
import { ChromiumWatch, processesMentioning } from '../faults/processes.js';
import { pdfInfo, root, testBrowser } from './pdf-helpers.js';

const example = path.join(root, 'examples', 'huadu-propaganda-2023.yaml');
const broken = path.join(root, 'test', 'fixtures', 'render', 'huadu-m001.yaml');
const choice = await testBrowser();

let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'declare-render-edges-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Every path under `dir`, relative, sorted (the file tree before/after a run). */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** A fresh directory below `work` with its own TMPDIR (profiles, temporary files). */
function scratch(name: string): { dir: string; tmp: string } {
  const dir = mkdtempSync(path.join(work, `${name}-`));
  const tmp = path.join(dir, 'tmp');
  mkdirSync(tmp);
  return { dir, tmp };
}

/** The example with another 部门名称. */
function withDepartment(department: string): string {
  return readFileSync(example, 'utf8').replace(/^department: .*$/m, `department: ${JSON.stringify(department)}`);
}

/** Files whose name says they are temporary. */
function temporaries(dir: string): string[] {
  return tree(dir).filter((p) => /\.tmp$/.test(p));
}

/** `declare:` lines of stderr (the diagnostics of the inputs aside). */
function declareLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('declare:'));
}

describe('output names (issue 10 item 4)', () => {
  it('every output lands inside --out, whatever the input is called', async () => {
    const { dir } = scratch('names');
    const inputs = path.join(dir, 'in');
    mkdirSync(inputs);
    const long = `${'x'.repeat(251)}.yml`; // 255 bytes: the longest name an input can have
    const names = ['.yaml', '..yaml', '...yaml', 'a\nb.yaml', 'c\u001b[31md\u202e.yaml', long];
    for (const n of names) copyFileSync(example, path.join(inputs, n));
    const beforeWork = tree(work);
    const before = tree(dir);
    const r = await runNode(BIN, ['render', ...names.map((n) => path.join('in', n)), '--html', '-o', 'out'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const added = tree(dir).filter((p) => !before.includes(p));
    expect(added.filter((p) => p !== 'out' && !p.startsWith('out/'))).toEqual([]);
    const written = readdirSync(path.join(dir, 'out')).sort();
    const longOut = written.find((n) => n.startsWith('xxx'));
    expect(written.filter((n) => n !== longOut)).toEqual(['...html', '..html', '.html', 'a_b.html', 'c_[31md_.html']);
    // Cut to NAME_MAX with a digest of the whole name, so that it stays unique.
    expect(longOut).toMatch(/^x{241}-[0-9a-f]{8}\.html$/);
    expect(Buffer.byteLength(longOut!)).toBeLessThanOrEqual(255);
    // Nothing beside the scratch directory either (`...yaml` once wrote <parent>.html).
    expect(tree(work).filter((p) => !beforeWork.includes(p) && !p.startsWith(path.basename(dir)))).toEqual([]);
  });

  it('without --out, outputs land beside the input, never beside its directory', async () => {
    const { dir } = scratch('beside');
    const inputs = path.join(dir, 'in');
    mkdirSync(inputs);
    for (const n of ['.yaml', '...yaml']) copyFileSync(example, path.join(inputs, n));
    const before = tree(dir);
    const r = await runNode(BIN, ['render', 'in/.yaml', 'in/...yaml'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(tree(dir).filter((p) => !before.includes(p))).toEqual(['in/...html', 'in/.html']);
  });

  it('two inputs with one output name: the second is refused (exit 2, both named), the others rendered', async () => {
    const { dir } = scratch('same');
    for (const d of ['a', 'b', 'c']) mkdirSync(path.join(dir, d));
    writeFileSync(path.join(dir, 'a', 'x.yaml'), withDepartment('甲单位'));
    writeFileSync(path.join(dir, 'b', 'x.yaml'), withDepartment('乙单位'));
    copyFileSync(example, path.join(dir, 'c', 'y.yaml'));
    const r = await runNode(BIN, ['render', 'b/x.yaml', 'a/x.yaml', 'c/y.yaml', '--html', '-o', 'out'], { cwd: dir });
    expect(r.status).toBe(2);
    const lines = declareLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('a/x.yaml');
    expect(lines[0]).toContain('b/x.yaml');
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['x.html', 'y.html']);
    // The first in sorted order wins, whatever the order on the command line.
    expect(readFileSync(path.join(dir, 'out', 'x.html'), 'utf8')).toContain('甲单位');
  });
});

describe('render --force and indicator keys (issue 10 item 6)', () => {
  it('rows under a misspelt 一级/二级 key are rendered under the key as written, marked', async () => {
    const { dir } = scratch('keys');
    const text = readFileSync(example, 'utf8')
      .replace('    时效指标:', '    时效指表:') // misspelt 二级 under a known 一级
      .replace('  效益指标:', '  效益指木:') // misspelt 一级
      .replace('  # 满意度指标:', '  服务对象满意度指标:\n    - name: 群众满意度调查\n      period: 满意度不低于90%\n      annual: 满意度不低于90%\n  #');
    writeFileSync(path.join(dir, 'typo.yaml'), text);
    const r = await runNode(BIN, ['render', 'typo.yaml', '--force', '--html'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('S003');
    const html = readFileSync(path.join(dir, 'typo.html'), 'utf8');
    expect(html).toContain('class="unchecked-mark"');
    expect(html).toMatch(/<th[^>]*><p class="item"><span class="t">时效指表（指标类别有误）<\/span><\/p><\/th>/);
    expect(html).toMatch(/<th[^>]*><p class="item"><span class="t">效益指木（指标类别有误）<\/span><\/p><\/th>/);
    expect(html).toMatch(/<th[^>]*><p class="item"><span class="t">服务对象满意度指标（指标类别有误）<\/span><\/p><\/th>/);
    for (const row of ['理论政策宣讲', '加大红色革命遗址立体化宣传', '省市媒体（含网络）在媒体上的宣传达到1000篇。', '群众满意度调查']) {
      expect(html, row).toContain(`${row}</span></p></td>`);
    }
    // Known keys are not marked.
    expect(html).toMatch(/<th[^>]*><p class="item"><span class="t">数量指标<\/span><\/p><\/th>/);
  });
});

describe('bounds (issue 10 item 15)', () => {
  it.each(['0', '86401', '2147484'])('--timeout %s is refused with exit 2 and the range', async (value) => {
    const { dir } = scratch('timeout');
    const r = await runNode(BIN, ['render', example, '--html', '-o', dir, '--timeout', value]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--timeout');
    expect(r.stderr).toContain('86400');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['tmp']);
  });

  it('--timeout 86400 is accepted', async () => {
    const { dir } = scratch('timeout-ok');
    const r = await runNode(BIN, ['render', example, '--html', '-o', dir, '--timeout', '86400']);
    expect(r.status, r.stderr).toBe(0);
  });

  it.each(['999999999999', '253402300800', '1e9', '-1', '99999999999999999999999'])('SOURCE_DATE_EPOCH=%s is refused: no PDF date can show it', async (value) => {
    const { dir } = scratch('epoch');
    const r = await runNode(BIN, ['render', example, '--html', '-o', dir], { env: { SOURCE_DATE_EPOCH: value } });
    expect(r.status).toBe(2);
    expect(declareLines(r.stderr)).toEqual([expect.stringContaining('SOURCE_DATE_EPOCH')]);
    expect(r.stderr).toContain('9999-12-31');
  });
});

describe('unreadable inputs (issue 10 item 16)', () => {
  it('one unreadable input is named as typed; the others are rendered; exit 2', async () => {
    const { dir } = scratch('unreadable');
    copyFileSync(example, path.join(dir, 'a.yaml'));
    copyFileSync(example, path.join(dir, 'c.yaml'));
    // Root reads any file whatever its mode: then a file whose read fails (EIO).
    let unreadable = '/proc/self/mem';
    if (process.getuid?.() !== 0) {
      unreadable = 'b.yaml';
      writeFileSync(path.join(dir, unreadable), 'year: 2023\n', { mode: 0o000 });
    }
    const r = await runNode(BIN, ['render', 'a.yaml', unreadable, 'c.yaml', '--html', '-o', 'out'], { cwd: dir });
    expect(r.status).toBe(2);
    const lines = declareLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(unreadable);
    expect(lines[0]).not.toContain(path.join(dir, unreadable)); // as typed, not absolute
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['a.html', 'c.html']);
  });
});

describe('validate with a closed stdout (issue 10 item 12, decision)', () => {
  it('keeps its exit code: the verdict is not lost when the reader stops early', async () => {
    const { dir } = scratch('validate-pipe');
    // Enough reports to fill the pipe, so that the write hits the closed end.
    for (let i = 0; i < 200; i++) copyFileSync(broken, path.join(dir, `b${String(i).padStart(3, '0')}.yaml`));
    const r = await closedAfterFirstLine(['validate', dir], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });
});

interface PipeRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  survivors: string[];
}

/**
 * Run the binary with stdout a pipe that this side destroys after the first chunk (a
 * reader like `head -1`), or signalled after it; Chromium descendants sampled from /proc.
 */
async function closedAfterFirstLine(args: string[], cwd: string, opts: { env?: Record<string, string>; signal?: NodeJS.Signals; executable?: string } = {}): Promise<PipeRun> {
  let watch: ChromiumWatch | undefined;
  const r = await runNode(BIN, args, {
    cwd,
    env: opts.env,
    stdin: 'ignore',
    timeoutMs: 60_000,
    onStart: (child) => {
      watch = opts.executable ? new ChromiumWatch(child.pid!, opts.executable) : undefined;
      child.stdout!.once('data', () => {
        if (opts.signal) child.kill(opts.signal);
        else child.stdout!.destroy();
      });
    },
  });
  const survivors = await (watch?.survivors() ?? Promise.resolve([]));
  return { code: r.status, signal: r.signal ?? null, stderr: r.stderr, survivors };
}

describe.skipIf(choice === undefined)('render --pdf: closed stdout, SIGHUP, long titles', () => {
  const batch = (dir: string, n: number): string => {
    const src = path.join(dir, 'src');
    mkdirSync(src);
    for (let i = 0; i < n; i++) copyFileSync(example, path.join(src, `f${String(i).padStart(2, '0')}.yaml`));
    return src;
  };

  const expectClean = (r: PipeRun, tmp: string, out: string, n: number): void => {
    expect(r.survivors).toEqual([]);
    expect(processesMentioning(tmp)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]); // no browser profile
    expect(temporaries(out)).toEqual([]);
    const pdfs = readdirSync(out);
    expect(pdfs.length).toBeLessThan(n);
    for (const f of pdfs) expect(readFileSync(path.join(out, f)).subarray(-6).toString(), f).toContain('%%EOF');
  };

  it('stdout closed after the first line (`| head -1`): the batch stops, cleans up, exit 2 with one line', async () => {
    const { dir, tmp } = scratch('pipe');
    const src = batch(dir, 12);
    const out = path.join(dir, 'out');
    const r = await closedAfterFirstLine(['render', src, '--pdf', '--concurrency', '2', '-o', out], dir, { env: { TMPDIR: tmp }, executable: choice!.executablePath });
    expect(r.code, r.stderr).toBe(2);
    const lines = declareLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('标准输出已关闭');
    expectClean(r, tmp, out, 12);
  });

  it('SIGHUP is handled like SIGINT: no Chromium process, no profile, no partial file', async () => {
    const { dir, tmp } = scratch('sighup');
    const src = batch(dir, 12);
    const out = path.join(dir, 'out');
    const r = await closedAfterFirstLine(['render', src, '--pdf', '--concurrency', '2', '-o', out], dir, { env: { TMPDIR: tmp }, signal: 'SIGHUP', executable: choice!.executablePath });
    expect(r.signal).toBe('SIGHUP');
    expectClean(r, tmp, out, 12);
  });

  it('a department of 1,000 and 10,000 characters: the PDF is written and its Title read back', async () => {
    const { dir, tmp } = scratch('long');
    const departments = ['宣'.repeat(1000), '传'.repeat(10_000)];
    departments.forEach((d, i) => writeFileSync(path.join(dir, `d${i}.yaml`), withDepartment(d)));
    // The last second a PDF date can show.
    const r = await runNode(BIN, ['render', 'd0.yaml', 'd1.yaml', '--pdf', '-o', 'out'], { cwd: dir, env: { TMPDIR: tmp, SOURCE_DATE_EPOCH: '253402300799' }, timeoutMs: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const [i, d] of departments.entries()) {
      const info = await pdfInfo(readFileSync(path.join(dir, 'out', `d${i}.pdf`)));
      expect(info['Title']).toBe(`2023年度 ${d} 部门整体预算绩效目标申报表`);
      expect(info['Author']).toBe(d);
      expect(info['CreationDate']).toBe("D:99991231235959+00'00'");
    }
    expect(existsSync(path.join(dir, 'out'))).toBe(true);
  });
});
