/**
 * Random edits never crash `declare lsp` or leave stale diagnostics (issue 16): seeded
 * random insertions, deletions and replacements (CJK, astral characters, colons of both
 * widths, indentation, list markers, comments, suppression words) are sent as an editor
 * sends keystrokes, mostly faster than the debounce and sometimes after a pause; at
 * checkpoints and after the last edit, the published diagnostics of the latest version
 * must be validate's on that exact text.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertBuilt, declare, repoRoot } from '../authoring/helpers.js';
import { Session, expectedOf, prng, shown, type JsonDiagnostic, type Position } from './helpers.js';

const SEED = 16_2026;
const EDITS = 300;
const PIECES = ['0', '1', '.', ':', '：', ' ', '  ', '\n', '\n  ', '- ', '#', '"', "'", '\u3000', '指标', '𠀀', '𪚥', 'name: ', 'annual: 待定', '满意度', '{', '[', ']', '}', '|', '&a', '*a', '# declare-disable-next-line R003 -- 理由', '-1', '1e3', 'ü', '\t'];

let session: Session;
let dir: string;

beforeAll(async () => {
  assertBuilt();
  session = await Session.start('zh-cn', { debounceMs: 10 });
  dir = mkdtempSync(path.join(os.tmpdir(), 'declare-lsp-fuzz-'));
}, 60_000);

afterAll(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function validateText(text: string): Promise<JsonDiagnostic[]> {
  writeFileSync(path.join(dir, 'fuzz.yaml'), text);
  const run = await declare(['validate', '--format', 'json', 'fuzz.yaml'], { cwd: dir });
  return (JSON.parse(run.stdout) as { files: { diagnostics: JsonDiagnostic[] }[] }).files[0]!.diagnostics;
}

function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

it(`survives ${EDITS} seeded random edits and ends with validate's diagnostics`, async () => {
  const random = prng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const uri = 'file:///fuzz/huadu.yaml';
  await session.open(uri, readFileSync(path.join(repoRoot, 'examples', 'huadu-propaganda-2023.yaml'), 'utf8'));
  let checkpoints = 0;
  for (let i = 1; i <= EDITS; i++) {
    const text = session.text(uri);
    // an offset that never splits a surrogate pair (editors never do)
    let a = Math.floor(random() * (text.length + 1));
    if (a > 0 && a < text.length && (text.charCodeAt(a) & 0xfc00) === 0xdc00) a--;
    const r = random();
    let b = a;
    if (r < 0.35) {
      b = Math.min(text.length, a + 1 + Math.floor(random() * 12));
      if (b < text.length && (text.charCodeAt(b) & 0xfc00) === 0xdc00) b++;
    }
    const newText = r < 0.2 ? '' : pick(PIECES);
    const v = session.change(uri, [{ range: { start: positionOf(text, a), end: positionOf(text, b) }, newText }]);
    if (i % 50 === 0 || i === EDITS) {
      // a pause: the check of this version must come, and be validate's
      const got = await session.published(uri, v);
      const final = session.text(uri);
      const expected = await validateText(final);
      expect({ edit: i, diagnostics: got.map(shown) }).toEqual({ edit: i, diagnostics: expected.map((d) => expectedOf(final, d)) });
      checkpoints++;
    } else if (random() < 0.1) {
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    expect(session.client.alive).toBe(true);
  }
  expect(checkpoints).toBe(EDITS / 50);
  // still answering, and no diagnostics were published for a version after the last
  const hover = await session.client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
  expect(hover === null || typeof hover === 'object').toBe(true);
  const last = session.client.notifications.filter((n) => (n.params as { uri: string }).uri === uri).at(-1)!.params as { version: number };
  expect(last.version).toBe(session.version(uri));
  expect(session.client.stderr).toBe('');
}, 300_000);
