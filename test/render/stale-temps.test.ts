import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runNode } from '../helpers/spawn.js';

/**
 * A render batch killed by SIGKILL cannot remove its temporary outputs
 * (`.declare-<pid>-<hex>.tmp` in --out): the next render into that directory removes those
 * of dead processes, and keeps a live process's and every other file.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const example = path.join(root, 'examples', 'huadu-propaganda-2023.yaml');
const work = mkdtempSync(path.join(os.tmpdir(), 'declare-stale-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The pid of a process that has exited (and so is no process now, barring reuse). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('render --out: stale temporary files', () => {
  it('removes the .declare-<pid>-<hex>.tmp of a dead process, keeps a live one and other files', async () => {
    const out = path.join(work, 'out');
    mkdirSync(out);
    copyFileSync(example, path.join(work, 'x.yaml'));
    const dead = `.declare-${deadPid()}-0badc0de.tmp`;
    const live = `.declare-${process.pid}-cafef00d.tmp`;
    const other = ['.declare-notapid-0badc0de.tmp', 'keep.tmp', 'mine.html'];
    for (const n of [dead, live, ...other]) writeFileSync(path.join(out, n), 'half a PDF');
    const r = await runNode(BIN, ['render', 'x.yaml', '--out', 'out'], { cwd: work });
    expect(r.status, r.stderr).toBe(0);
    const left = readdirSync(out).sort();
    expect(left).not.toContain(dead);
    expect(left).toEqual([live, ...other, 'x.html'].sort());
    expect(existsSync(path.join(out, 'x.html'))).toBe(true);
  });
});
