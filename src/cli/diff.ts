import { execFile } from 'node:child_process';
import path from 'node:path';
import { check } from '../check.js';
import { countBySeverity, type Lang } from '../diagnostic.js';
import { MAX_FILE_BYTES, type Encoding } from '../load/load.js';
import { diffDeclarations, diffFormatters, type DiffFormat, type DiffSide } from '../review/diff.js';
import { githubWrap } from '../report/github.js';
import { useColor } from './color.js';
import { CliError } from './errors.js';
import { diffCliMessages } from '../messages/cli.js';
import { STDIN } from './files.js';
import { readInput, readStream } from './io.js';
import type { CliIo } from './main.js';
import { runToken } from './validate.js';

/** Options of `declare diff` (docs/review.md). */
export interface DiffOptions {
  /** compare FILE with the same file at this git revision */
  rev?: string;
  /** text (default), markdown, json */
  format?: DiffFormat;
  /** false with --no-color */
  color?: boolean;
  /** label and message language */
  lang: Lang;
  /** both files' text encoding (--encoding) */
  encoding?: Encoding;
}

/**
 * `declare diff OLD NEW` / `declare diff FILE --rev REV`: exit 0 when the two mean the
 * same, 1 when they differ (like diff(1)), 2 when the comparison could not be made (a file
 * that cannot be read or is not YAML at all, a git problem, bad usage).
 */
export async function runDiff(oldFile: string, newFile: string | undefined, opts: DiffOptions, io: CliIo): Promise<number> {
  const lang = opts.lang;
  const m = diffCliMessages(lang);
  if (opts.rev !== undefined && newFile !== undefined) {
    throw new CliError(m.revOneFile);
  }
  if (opts.rev === undefined && newFile === undefined) {
    throw new CliError(m.needTwo);
  }
  if (oldFile === STDIN && newFile === STDIN) {
    throw new CliError(m.stdinBoth);
  }

  let oldSide: DiffSide;
  let newSide: DiffSide;
  if (opts.rev !== undefined) {
    const bytes = await gitShow(oldFile, opts.rev, io.cwd, lang);
    oldSide = side(`${oldFile}@${opts.rev}`, bytes, lang, opts.encoding);
    newSide = side(oldFile, await read(oldFile, io, lang), lang, opts.encoding);
  } else {
    oldSide = side(oldFile, await read(oldFile, io, lang), lang, opts.encoding);
    newSide = side(newFile!, await read(newFile!, io, lang), lang, opts.encoding);
  }
  const diff = diffDeclarations(oldSide, newSide);
  const format = opts.format ?? 'text';
  const text = diffFormatters[format](diff, { lang, color: format === 'text' && useColor(io.env, io.stdoutIsTTY, opts.color) });
  // Multi-line texts from the files are shown as they are: pause workflow commands around
  // them in GitHub Actions (issue 10 item 5).
  io.stdout(format === 'text' && io.env.GITHUB_ACTIONS === 'true' ? githubWrap(text, runToken()) : text);
  return diff.identical ? 0 : 1;
}

async function read(file: string, io: CliIo, lang: Lang): Promise<Uint8Array> {
  if (file === STDIN) return readStream(io.stdin, file, lang);
  return readInput(path.resolve(io.cwd, file), lang);
}

/**
 * Check one side. A file that is not YAML at all (Y001) has nothing to compare: that is
 * exit 2 with the parser's message. Structure errors are not: the diff compares what can
 * be read and says so.
 */
function side(label: string, bytes: Uint8Array, lang: Lang, encoding: Encoding = 'utf-8'): DiffSide {
  const out = check(bytes, label, { lang, encoding });
  const y001 = out.result.diagnostics.find((d) => d.rule === 'Y001');
  if (y001) {
    throw new CliError(diffCliMessages(lang).notYaml({ label, line: y001.line, column: y001.column, message: y001.message }));
  }
  return {
    label,
    decl: out.declaration ?? out.partial,
    complete: out.declaration !== undefined,
    errors: countBySeverity(out.result.diagnostics).errors,
    // the file's form heads the comparison: its header fields, lists, totals and labels
    ...(out.form ? { form: out.form } : {}),
  };
}

/** Run git without a shell; resolves stdout, rejects with git's stderr (or the spawn error). */
function git(args: string[], cwd: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: MAX_FILE_BYTES + 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderrText: stderr.toString('utf8').trim() }));
      else resolve(stdout);
    });
  });
}

/** The content of `file` at git revision `rev` (`git show REV:<path from the repository root>`). */
async function gitShow(file: string, rev: string, cwd: string, lang: Lang): Promise<Uint8Array> {
  const m = diffCliMessages(lang);
  if (file === STDIN) throw new CliError(m.revStdin);
  // A revision starting with '-' would be read by git as an option.
  if (rev === '' || rev.startsWith('-') || /[\u0000-\u001f]/.test(rev)) {
    throw new CliError(m.badRev({ rev }));
  }
  const abs = path.resolve(cwd, file);
  const dir = path.dirname(abs);
  let prefix: string;
  try {
    prefix = (await git(['rev-parse', '--show-prefix'], dir)).toString('utf8').trim();
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderrText?: string };
    if (e.code === 'ENOENT' && e.stderrText === undefined) {
      throw new CliError(m.noGit, { cause: err });
    }
    if (e.code === 'ENOENT') {
      throw new CliError(m.noDirectory({ file, dir: path.dirname(file) }), { cause: err });
    }
    throw new CliError(m.notInRepo({ file, detail: e.stderrText ?? e.message }), { cause: err });
  }
  try {
    await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], dir);
  } catch (err) {
    throw new CliError(m.unknownRev({ rev }), { cause: err });
  }
  const inRepo = `${prefix}${path.basename(abs)}`;
  try {
    return await git(['show', `${rev}:${inRepo}`], dir);
  } catch (err) {
    const e = err as { stderrText?: string; message: string };
    throw new CliError(m.notInRev({ file: inRepo, rev, detail: e.stderrText || e.message }), { cause: err });
  }
}
