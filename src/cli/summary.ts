import { CliError } from './errors.js';
import type { CliIo } from './main.js';
// PLACEHOLDER (being implemented, issue 7).
export async function runSummary(_inputs: string[], _opts: Record<string, unknown>, _io: CliIo): Promise<number> {
  throw new CliError('summary: not available yet');
}
