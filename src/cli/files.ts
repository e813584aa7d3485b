import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { CliError } from './errors.js';
import { readErrorMessage } from './io.js';
import { filesMessages } from '../messages/cli.js';
import type { Lang } from '../diagnostic.js';

/** The stdin marker of cli.md. */
export const STDIN = '-';

const YAML_GLOB = '**/*.{yaml,yml}';
/** Configuration files are not declarations: directory scans and globs skip them. */
const NOT_DECLARATIONS = ['**/declare.config.yaml', '**/declare.config.yml', '**/node_modules/**'];

/**
 * Expand the command line's inputs (files, directories, quoted globs, `-`) into a sorted,
 * de-duplicated list of paths relative to cwd as the user wrote them. An input that
 * matches nothing is a tool failure (exit 2), per cli.md.
 */
export async function expandInputs(inputs: readonly string[], cwd: string, lang: Lang = 'zh'): Promise<string[]> {
  const out = new Set<string>();
  for (const input of inputs) {
    if (input === STDIN) {
      out.add(STDIN);
      continue;
    }
    const abs = path.resolve(cwd, input);
    let statError: string | undefined;
    const st = await stat(abs).catch((err: { code?: string }) => {
      statError = err.code;
      return undefined;
    });
    if (statError === 'ELOOP' || statError === 'EACCES' || statError === 'EPERM') {
      throw new CliError(readErrorMessage(input, { code: statError }, lang));
    }
    if (st?.isDirectory()) {
      const found = await glob(YAML_GLOB, { cwd: abs, onlyFiles: true, followSymbolicLinks: false, ignore: NOT_DECLARATIONS });
      if (found.length === 0) {
        throw new CliError(filesMessages(lang).emptyDirectory({ input }));
      }
      for (const f of found) out.add(path.join(input, f));
    } else if (st) {
      out.add(input);
    } else if (isDynamicPattern(input)) {
      const found = await glob(input, { cwd, onlyFiles: true, followSymbolicLinks: false, expandDirectories: false, ignore: NOT_DECLARATIONS });
      if (found.length === 0) {
        throw new CliError(filesMessages(lang).globNoMatch({ input }));
      }
      for (const f of found) out.add(f);
    } else {
      throw new CliError(filesMessages(lang).notFound({ input }));
    }
  }
  return [...out].sort(byPath);
}

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Refuse (exit 2) an output file that is one of the inputs or configuration files read
 * (issue 10 item 3): `validate x.yaml -o x.yaml` would replace the declaration with its
 * own report. Compared by device and inode, so a symlink, a hard link, `./x.yaml` or a
 * file found through a directory or glob is recognised too. A target that does not exist
 * yet cannot be an input.
 */
export async function refuseOverwritingInput(
  output: string,
  shown: string,
  read: { inputs: readonly string[]; configs: readonly string[] },
  cwd: string,
  lang: Lang,
): Promise<void> {
  const target = await stat(output).catch(() => undefined);
  if (!target || !target.isFile()) return;
  for (const [list, isConfig] of [[read.inputs, false], [read.configs, true]] as const) {
    for (const file of list) {
      const st = await stat(file).catch(() => undefined);
      if (!st || st.dev !== target.dev || st.ino !== target.ino) continue;
      const name = path.relative(cwd, file) || file;
      throw new CliError(filesMessages(lang).outputIsInput({ shown, isConfig, name }));
    }
  }
}
