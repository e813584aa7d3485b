import { CliError } from './errors.js';
import type { CliIo } from './main.js';
// PLACEHOLDER (being implemented, issue 7).
export async function runDiff(_old: string, _new: string | undefined, _opts: Record<string, unknown>, _io: CliIo): Promise<number> {
  throw new CliError('diff: not available yet');
}
