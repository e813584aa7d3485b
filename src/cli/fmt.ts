import { chmod, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { check } from '../check.js';
import type { Encoding } from '../load/load.js';
import type { Lang } from '../diagnostic.js';
import { formatDeclaration } from '../review/fmt.js';
import { sameMeaning } from '../review/model.js';
import { escapeText } from '../report/escape.js';
import { CliError } from './errors.js';
import { fmtMessages } from '../messages/cli.js';
import { STDIN, expandInputs } from './files.js';
import { readInput, readStream, writeAtomic } from './io.js';
import type { CliIo } from './main.js';

/** Options of `declare fmt` (docs/review.md). */
export interface FmtOptions {
  /** only report the files that would change */
  check?: boolean;
  /** message language */
  lang: Lang;
  /** the inputs' encoding (default utf-8); other than utf-8 only with toUtf8 */
  encoding?: Encoding;
  /** convert to UTF-8 in place: read as `encoding`, or as GB 18030 when not UTF-8 */
  toUtf8?: boolean;
}

/**
 * `declare fmt [--check]`. Exit codes:
 * 0 every file is (now) in canonical form;
 * 1 with --check, some file would change; or some file is not valid YAML (Y001) and was
 *   left alone (like validate: a broken file is an invalid declaration);
 * 2 an input could not be read or written, or (never expected) formatting would have
 *   changed a file's meaning, so it was left alone.
 * Other errors in a declaration (S, M, R rules) do not matter here: fmt formats what is
 * there, `declare validate` judges it.
 */
export async function runFmt(inputs: string[], opts: FmtOptions, io: CliIo): Promise<number> {
  const lang = opts.lang;
  const m = fmtMessages(lang);
  if (opts.encoding !== undefined && opts.encoding !== 'utf-8' && !opts.toUtf8) {
    // fmt writes UTF-8 only: rewriting a GBK file is a conversion, and must be asked for.
    throw new CliError(m.utf8Only({ encoding: opts.encoding }));
  }
  const files = await expandInputs(inputs, io.cwd, lang);
  const failures: string[] = [];
  const broken: string[] = [];
  const changed: string[] = [];
  for (const file of files) {
    const abs = path.resolve(io.cwd, file);
    let bytes: Uint8Array;
    try {
      bytes = file === STDIN ? await readStream(io.stdin, file, lang) : await readInput(abs, lang);
    } catch (err) {
      if (err instanceof CliError) {
        failures.push(err.message.replace(escapeText(abs), escapeText(file)));
        continue;
      }
      throw err;
    }
    const name = file === STDIN ? '<stdin>' : file;
    // --to-utf8 without --encoding: UTF-8 stays UTF-8, anything else is read as GB 18030.
    const encoding: Encoding = opts.encoding ?? (opts.toUtf8 && !isUtf8(bytes) ? 'gb18030' : 'utf-8');
    const result = formatDeclaration(bytes, { encoding });
    if (!result.ok) {
      broken.push(name);
      const y = check(bytes, name, { lang, encoding }).result.diagnostics[0];
      const where = y ? `${name}:${y.line}:${y.column}` : name;
      io.stderr(`${escapeText(m.notYaml({ where, message: y?.message ?? '' }))}\n`);
      continue;
    }
    // Converting from GBK rewrites the bytes even when the text is already canonical.
    const rewrite = result.changed || encoding !== 'utf-8';
    if (rewrite && !sameMeaning(check(bytes, name, { lang, encoding }), check(result.text, name, { lang }))) {
      // The formatter must never change what a file says; if it would, leave the file alone.
      failures.push(m.wouldChangeMeaning({ name }));
      continue;
    }
    if (file === STDIN) {
      if (!opts.check) io.stdout(result.text);
      if (rewrite) changed.push(name);
      continue;
    }
    if (!rewrite) continue;
    changed.push(file);
    if (opts.check) {
      io.stdout(`${escapeText(file)}\n`);
      continue;
    }
    try {
      await writeInPlace(abs, result.text, lang);
    } catch (err) {
      if (err instanceof CliError) {
        failures.push(err.message.replace(escapeText(abs), escapeText(file)));
        continue;
      }
      throw err;
    }
    io.stdout(`${escapeText(file)}\n`);
  }

  if (opts.check) {
    io.stderr(changed.length > 0
      ? m.notCanonical({ count: changed.length })
      : broken.length === 0 && failures.length === 0
        ? m.allCanonical({ count: files.length })
        : '');
  }
  for (const f of failures) io.stderr(`declare: ${escapeText(f)}\n`);
  if (failures.length > 0) return 2;
  if (broken.length > 0) return 1;
  return opts.check && changed.length > 0 ? 1 : 0;
}

/** Replace a file atomically, through a symbolic link to its target, keeping its mode. */
async function writeInPlace(file: string, text: string, lang: Lang): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const mode = (await stat(target).catch(() => undefined))?.mode;
  await writeAtomic(target, text, lang);
  if (mode !== undefined) await chmod(target, mode & 0o7777).catch(() => undefined);
}
