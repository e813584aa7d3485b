import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

/** Whether this run may (re)write golden files: only on an explicit `UPDATE_GOLDEN=1`. */
export const UPDATE_GOLDEN = process.env['UPDATE_GOLDEN'] === '1';

/**
 * Compare `actual` with the golden file `file`. The golden is written only when `update`
 * (default: `UPDATE_GOLDEN=1`); a missing golden otherwise fails, saying how to create it,
 * and nothing is written.
 */
export function expectGolden(file: string, actual: string, update: boolean = UPDATE_GOLDEN): void {
  if (update) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) {
    throw new Error(`missing golden file ${path.relative(process.cwd(), file) || file}: create it with UPDATE_GOLDEN=1 npx vitest run <this test file>, review it and commit it`);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
