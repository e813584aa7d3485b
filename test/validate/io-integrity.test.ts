/**
 * Issue 10 items 3, 12 (reports) and 14 (FIFOs), through the binary:
 * - an -o that names an input (directly, through a symlink or a hard link, or a file found
 *   through a directory) is refused with exit 2 and the input keeps its bytes;
 * - a report that cannot be written in full (/dev/full as -o or as stdout) is exit 2 with
 *   one clear line, never a silent cut with exit 0 or a stack trace;
 * - a FIFO named on the command line (or found as declare.config.yaml) is refused at
 *   once instead of waiting forever.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runNode } from '../helpers/spawn.js';
import { BASE, assertBuilt } from '../authoring/helpers.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
beforeAll(assertBuilt);

function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'declare-integrity-'));
  dirs.push(d);
  return d;
}

/** `count` generated declarations in `dir` (bench/generate.mjs, the bench's corpus). */
function generateCorpus(dir: string, count: number): void {
  execFileSync(process.execPath, [path.join(path.dirname(path.dirname(BIN)), 'bench', 'generate.mjs'), dir, String(count)], { stdio: 'ignore' });
}

const run = (args: string[], cwd: string) => runNode(BIN, args, { cwd, timeoutMs: 20_000 });

describe('-o must not name an input (item 3)', () => {
  it('validate x.yaml -o x.yaml, ./x.yaml, a symlink or a hard link to it: exit 2, the declaration unchanged', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.yaml'), BASE);
    symlinkSync('x.yaml', path.join(dir, 'link.yaml'));
    linkSync(path.join(dir, 'x.yaml'), path.join(dir, 'hard.json'));
    for (const out of ['x.yaml', './x.yaml', path.join(dir, 'x.yaml'), 'link.yaml', 'hard.json']) {
      const r = await run(['validate', 'x.yaml', '--format', 'json', '-o', out], dir);
      expect(r.status, out).toBe(2);
      expect(r.stderr).toMatch(/^declare: -o .* 指向输入文件 x\.yaml：报告会覆盖它。/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(readFileSync(path.join(dir, 'x.yaml'), 'utf8')).toBe(BASE);
    }
  });

  it('a file found through a directory or a glob, and summary -o, are refused too', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'decl'));
    writeFileSync(path.join(dir, 'decl', 'a.yaml'), BASE);
    for (const args of [['validate', 'decl', '-o', 'decl/a.yaml'], ['validate', 'decl/*.yaml', '-o', 'decl/a.yaml'], ['summary', 'decl', '-f', 'csv', '-o', 'decl/a.yaml']]) {
      const r = await run(args, dir);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('报告会覆盖它');
      expect(readFileSync(path.join(dir, 'decl', 'a.yaml'), 'utf8')).toBe(BASE);
    }
  });

  it('the configuration file that was read is protected as well; another -o file is still written', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.yaml'), BASE);
    writeFileSync(path.join(dir, 'declare.config.yaml'), 'rules:\n  R003: off\n');
    const r = await run(['validate', 'x.yaml', '-o', 'declare.config.yaml'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('指向配置文件 declare.config.yaml');
    expect(readFileSync(path.join(dir, 'declare.config.yaml'), 'utf8')).toBe('rules:\n  R003: off\n');
    const ok = await run(['validate', 'x.yaml', '-f', 'json', '-o', 'report.json'], dir);
    expect(ok.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')).version).toBe(1);
  });
});

/** Run with stdout opened on `file` (e.g. /dev/full). */
async function runWithStdout(args: string[], cwd: string, file: string): Promise<{ status: number | null; stderr: string }> {
  const fd = openSync(file, 'w');
  // The child has its own copy of the descriptor once spawned.
  const r = await runNode(BIN, args, { cwd, stdin: 'ignore', stdoutFd: fd, timeoutMs: 20_000, onStart: () => closeSync(fd) });
  return { status: r.status, stderr: r.stderr };
}

describe.skipIf(!existsSync('/dev/full'))('a report that cannot be written in full (item 12)', () => {
  it('-o /dev/full: exit 2, one line naming it, and /dev/full is still a device', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.yaml'), BASE);
    for (const cmd of [['validate', 'x.yaml', '-f', 'json'], ['summary', 'x.yaml']]) {
      const r = await run([...cmd, '-o', '/dev/full'], dir);
      expect(r.status, cmd.join(' ')).toBe(2);
      expect(r.stderr).toBe('declare: 无法完整写入 /dev/full（ENOSPC）：磁盘空间不足，报告未写出\n');
    }
    expect(execFileSync('stat', ['-c', '%F', '/dev/full'], { encoding: 'utf8' }).trim()).toBe('character special file');
  });

  it('stdout on /dev/full: exit 2 and one clear line, no stack trace', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.yaml'), BASE);
    for (const cmd of [['validate', 'x.yaml'], ['validate', 'x.yaml', '-f', 'sarif'], ['summary', 'x.yaml'], ['validate', 'x.yaml', '--lang', 'en']]) {
      const r = await runWithStdout(cmd, dir, '/dev/full');
      expect(r.status, cmd.join(' ')).toBe(2);
      expect(r.stderr, cmd.join(' ')).toMatch(/^declare: (无法完整写入 标准输出（ENOSPC）：磁盘空间不足|cannot write standard output in full \(ENOSPC\))/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('stdout on a regular file still gets the whole report', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.yaml'), BASE);
    const r = await runWithStdout(['validate', 'x.yaml', '-f', 'json'], dir, path.join(dir, 'out.json'));
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')).summary.files).toBe(1);
  });
});

describe('special files are refused before they are opened (item 14)', () => {
  it('a FIFO on the command line: exit 2 at once with a message naming it; the other files are still checked', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.yaml'), BASE);
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const r = await run(['validate', 'pipe.yaml', 'x.yaml', '-f', 'json'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('拒绝读取 pipe.yaml：它是命名管道（FIFO），不是普通文件');
    expect(r.stderr).toContain('declare validate - <');
    expect(JSON.parse(r.stdout).files.map((f: { file: string }) => f.file)).toEqual(['x.yaml']);
  });

  it('a FIFO found in a directory, and one named declare.config.yaml, do not hang either', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'a'));
    writeFileSync(path.join(dir, 'a', 'x.yaml'), BASE);
    execFileSync('mkfifo', [path.join(dir, 'a', 'p.yaml')]);
    // a directory scan lists regular files only: the FIFO is not a declaration
    const scan = await run(['validate', 'a', '-f', 'json'], dir);
    expect(scan.status).toBe(0);
    expect(JSON.parse(scan.stdout).files.map((f: { file: string }) => f.file)).toEqual(['a/x.yaml']);
    mkdirSync(path.join(dir, 'b'));
    writeFileSync(path.join(dir, 'b', 'x.yaml'), BASE);
    execFileSync('mkfifo', [path.join(dir, 'b', 'declare.config.yaml')]);
    const config = await run(['validate', 'b/x.yaml'], dir);
    expect(config.status).toBe(2);
    expect(config.stderr).toContain('无法读取配置文件 b/declare.config.yaml：它不是普通文件');
  });

  it('a device (/dev/zero) is refused; stdin through - still works', async () => {
    const dir = tmp();
    const r = await run(['validate', '/dev/zero'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('设备文件');
    const stdin = await runNode(BIN, ['validate', '-', '--stdin-filepath', 'x.yaml'], { cwd: dir, input: BASE, timeoutMs: 20_000 });
    expect(stdin.status).toBe(0);
  });
});

describe('the JSON report is streamed, also into -o (issue 17)', () => {
  it('stdout gets each file as it is checked: the first entries arrive while the run goes on', async () => {
    const dir = tmp();
    generateCorpus(path.join(dir, 'c'), 120);
    let early: string | undefined;
    let seen = '';
    const r = await runNode(BIN, ['validate', 'c', '-f', 'json'], {
      cwd: dir,
      timeoutMs: 120_000,
      onStart: (child) =>
        child.stdout!.on('data', (chunk: Buffer) => {
          seen += chunk.toString('utf8');
          if (early === undefined && seen.includes('"file": "c/decl-0001.yaml"') && child.exitCode === null) early = seen;
        }),
    });
    expect(r.status).toBe(0);
    expect(early).toBeDefined();
    expect(early).not.toContain('"summary"');
    expect(JSON.parse(r.stdout).summary.files).toBe(120);
  });

  it('-o through a symlink writes the file it leads to and keeps the link (json and sarif)', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.yaml'), BASE);
    for (const format of ['json', 'sarif']) {
      const real = path.join(dir, `real.${format}`);
      writeFileSync(real, 'old');
      const link = path.join(dir, `link.${format}`);
      symlinkSync(`real.${format}`, link);
      const r = await run(['validate', 'x.yaml', '-f', format, '-o', link], dir);
      expect(r.status, format).toBe(0);
      expect(lstatSync(link).isSymbolicLink(), format).toBe(true);
      expect(JSON.parse(readFileSync(real, 'utf8')).version, format).toBeDefined();
    }
  });

  it.skipIf(!existsSync('/proc/self/fd/1'))('-o a link to the stdout descriptor (as /dev/stdout is) with stdout on a file: the file gets the report, the link stays a link', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.yaml'), BASE);
    symlinkSync('/proc/self/fd/1', path.join(dir, 'stdout'));
    for (const format of ['json', 'sarif']) {
      const out = path.join(dir, `out.${format}`);
      const r = await runWithStdout(['validate', 'x.yaml', '-f', format, '-o', 'stdout'], dir, out);
      expect(r.status, format).toBe(0);
      expect(lstatSync(path.join(dir, 'stdout')).isSymbolicLink(), format).toBe(true);
      expect(JSON.parse(readFileSync(out, 'utf8')).version, format).toBeDefined();
    }
  });

  it('stopped by SIGTERM while the report is being written: no report, no temporary file, and the signal is the exit status', async () => {
    const dir = tmp();
    generateCorpus(path.join(dir, 'c'), 400);
    const r = await runNode(BIN, ['validate', 'c', '-f', 'json', '-o', 'report.json'], {
      cwd: dir,
      timeoutMs: 120_000,
      onStart: (child) => {
        const poll = setInterval(() => {
          const temps = readdirSync(dir).filter((n) => n.startsWith('.declare-'));
          if (temps.length > 0 && statSync(path.join(dir, temps[0]!)).size > 0) {
            clearInterval(poll);
            child.kill('SIGTERM');
          }
        }, 5);
        child.on('close', () => clearInterval(poll));
      },
    });
    expect(r.signal).toBe('SIGTERM');
    expect(readdirSync(dir).sort()).toEqual(['c']);
  });

  it('-o names an input: refused after the run, the input unchanged and no temporary file left', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.yaml'), BASE);
    const r = await run(['validate', 'x.yaml', '-f', 'json', '-o', 'x.yaml', '--lang', 'en'], dir);
    expect(r.status).toBe(2);
    expect(readFileSync(path.join(dir, 'x.yaml'), 'utf8')).toBe(BASE);
    expect(readdirSync(dir)).toEqual(['x.yaml']);
  });
});
