/**
 * readInput into a reused buffer (src/cli/io.ts ReadBuffer, issue 17): each read gives
 * exactly that file's bytes, whatever was read into the buffer before (a longer file, a
 * file too large for it), and a file too large for it never replaces the buffer kept.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInput, type ReadBuffer } from '../../src/cli/io.js';
import { scratchDir } from '../helpers/scratch.js';

const dir = scratchDir('declare-read-buffer-');
const write = (name: string, content: Buffer): string => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('readInput with a ReadBuffer', () => {
  it('gives each file its own bytes, a shorter file after a longer one included', async () => {
    const long = write('long.yaml', Buffer.from('year: 2024\n'.repeat(500), 'utf8'));
    const short = write('short.yaml', Buffer.from('部门: 宣传部\n', 'utf8'));
    const scratch: ReadBuffer = {};
    const a = Buffer.from(await readInput(long, 'zh', scratch));
    expect(a.equals(Buffer.from('year: 2024\n'.repeat(500), 'utf8'))).toBe(true);
    const kept = scratch.buf;
    expect(kept).toBeDefined();
    const b = await readInput(short, 'zh', scratch);
    expect(Buffer.from(b).toString('utf8')).toBe('部门: 宣传部\n');
    expect(b.buffer).toBe(kept!.buffer); // read into the same buffer
  });

  it('reads a file larger than the kept buffer may grow into a buffer of its own', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x61);
    const p = write('big.yaml', big);
    const scratch: ReadBuffer = {};
    await readInput(write('small.yaml', Buffer.from('a: 1\n')), 'zh', scratch);
    const kept = scratch.buf!;
    const got = await readInput(p, 'zh', scratch);
    expect(got.length).toBe(big.length);
    expect(Buffer.from(got).equals(big)).toBe(true);
    expect(got.buffer).not.toBe(kept.buffer);
    expect(scratch.buf).toBe(kept);
  });

  it('without one, every read has a buffer of its own', async () => {
    const p = write('x.yaml', Buffer.from('a: 1\n'));
    const one = await readInput(p, 'zh');
    const two = await readInput(p, 'zh');
    expect(one.buffer).not.toBe(two.buffer);
  });
});
