/**
 * `mkdir -p` by hand. Node's recursive mkdir never returns for a path under /proc: it
 * reads ENOENT as "create the parent first", and the parent exists. Here, an existing
 * parent that refuses a child is an error.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Create `dir` and any missing parents; no error if it exists. */
export async function makeDir(dir: string, mode?: number): Promise<void> {
  try {
    await mkdir(dir, mode === undefined ? undefined : { mode });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    const parentExists = await stat(parent).then(() => true, () => false);
    if (parentExists) throw error;
    await makeDir(parent, mode);
    await mkdir(dir, mode === undefined ? undefined : { mode }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
}
