import { existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../diagnostic.js';
import { LEVELS } from '../model/framework.js';
import { formOption } from './form-option.js';
import { escapeText } from '../report/escape.js';
import { CliError } from './errors.js';
import { initMessages } from '../messages/cli.js';
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
  const m = initMessages(opts.lang);
  if (opts.level !== undefined && !(LEVELS as readonly string[]).includes(opts.level)) {
    throw new CliError(m.badLevel({ levels: LEVELS.join(' ') }));
  }
  if (opts.year !== undefined && (opts.year < 2000 || opts.year > 2100)) {
    throw new CliError(m.badYear);
  }
  if (opts.department !== undefined && CONTROL.test(opts.department)) {
    // A newline (or any control character) has no place in a name and would break the file.
    throw new CliError(m.controlInDepartment({ department: opts.department }));
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
    throw new CliError(m.exists({ file: file! }));
  }
  await writeAtomic(target, text, opts.lang);
  const shown = escapeText(file!);
  io.stderr(m.wrote({ shown }));
  if (schema.missing !== undefined) {
    const at = escapeText(path.relative(io.cwd, schema.missing) || schema.missing);
    io.stderr(m.schemaMissing({ at }));
  }
  return 0;
}
