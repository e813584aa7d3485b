import { existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../diagnostic.js';
import { LEVELS } from '../model/framework.js';
import { formOption } from './form-option.js';
import { escapeText } from '../report/escape.js';
import { CliError } from './errors.js';
import { writeAtomic } from './io.js';
import type { CliIo } from './main.js';

/** Where the committed JSON Schema lives in the package. */
export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'declaration.schema.json');

/** Control characters (escape.ts's set): never part of a department name. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/**
 * The `$schema` reference the modeline gets (docs/editor.md "The modeline"). A path into
 * the installation directory works for the author only, so: the package's own schema when
 * it lies in the same repository as the file (this repository, or the package installed in
 * the project's node_modules); otherwise the documented copy at the repository's root,
 * `schema/declaration.schema.json` (created with `declare schema`). The repository is the
 * nearest directory with `.git` above the file, else the working directory. Either way the
 * path is relative to the file and never leaves the repository, so it works for everyone
 * who checks the repository out. `missing` names the copy when it does not exist yet.
 */
export function schemaReference(fileDir: string, cwd: string): { ref: string; missing?: string } {
  const root = repositoryRoot(fileDir) ?? (isInside(fileDir, cwd) ? cwd : fileDir);
  const rel = (to: string) => path.relative(fileDir, to).split(path.sep).join('/');
  if (isInside(SCHEMA_FILE, root)) return { ref: rel(SCHEMA_FILE) };
  const copy = path.join(root, 'schema', 'declaration.schema.json');
  return existsSync(copy) ? { ref: rel(copy) } : { ref: rel(copy), missing: copy };
}

function repositoryRoot(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function isInside(p: string, dir: string): boolean {
  const r = path.relative(dir, p);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

/** Options of `declare init`. */
export interface InitOptions {
  year?: number;
  department?: string;
  level?: string;
  force?: boolean;
  /** --form: which form's skeleton (default 部门整体) */
  form?: string;
  lang: Lang;
}

/** `declare init [FILE]`: write the template (never over an existing file without --force). */
export async function runInit(file: string | undefined, opts: InitOptions, io: CliIo): Promise<number> {
  const zh = opts.lang === 'zh';
  if (opts.level !== undefined && !(LEVELS as readonly string[]).includes(opts.level)) {
    throw new CliError(zh ? `--level 必须是 ${LEVELS.join(' ')} 之一` : `--level must be one of ${LEVELS.join(' ')}`);
  }
  if (opts.year !== undefined && (opts.year < 2000 || opts.year > 2100)) {
    throw new CliError(zh ? '--year 必须在 2000 到 2100 之间' : '--year must be from 2000 to 2100');
  }
  if (opts.department !== undefined && CONTROL.test(opts.department)) {
    // A newline (or any control character) has no place in a name and would break the file.
    throw new CliError(zh
      ? `--department 含有控制字符（如换行）：${opts.department}。部门名称只能是一行文字`
      : `--department contains a control character (such as a newline): ${opts.department}; a department name is one line of text`);
  }
  const year = opts.year ?? new Date().getFullYear() + 1;
  const target = file === undefined ? undefined : path.resolve(io.cwd, file);
  const schema = schemaReference(target ? path.dirname(target) : io.cwd, io.cwd);
  const text = formOption(opts.form, opts.lang).init({ year, department: opts.department, level: opts.level, schemaRef: schema.ref });
  if (!target) {
    io.stdout(text);
    return 0;
  }
  const exists = await access(target).then(() => true, () => false);
  if (exists && !opts.force) {
    throw new CliError(zh ? `${file} 已存在，未覆盖。要覆盖请加 --force` : `${file} exists and was not overwritten; add --force to overwrite`);
  }
  await writeAtomic(target, text, opts.lang);
  const shown = escapeText(file!);
  io.stderr(zh ? `已生成 ${shown}。填写后运行：npx declare validate ${shown}\n` : `wrote ${shown}. Fill it in, then run: npx declare validate ${shown}\n`);
  if (schema.missing !== undefined) {
    const at = escapeText(path.relative(io.cwd, schema.missing) || schema.missing);
    io.stderr(zh
      ? `编辑器提示：第一行引用 ${at}，它还不存在。运行 npx declare schema > ${at} 生成它（提交到仓库，同事的编辑器也能用）\n`
      : `editor help: the first line refers to ${at}, which does not exist yet. Run npx declare schema > ${at} to create it (commit it, so colleagues' editors use it too)\n`);
  }
  return 0;
}
