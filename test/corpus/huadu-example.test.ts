/**
 * Issue 12, "What it must show": the bundled Huadu example gets the warnings a reviewer
 * would now raise (R010, R015), and the README's example output and docs/rules.md show
 * them — as the real binary prints them, so neither page can drift from the tool.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HUADU_EXAMPLE, huaduOutput } from '../../scripts/gen-readme-rules.js';
import { repoRoot, run } from '../review/helpers.js';

/** The fenced block right after `marker` in `text`. */
function blockAfter(text: string, marker: string): string {
  const at = text.indexOf(marker);
  expect(at, marker).toBeGreaterThanOrEqual(0);
  const open = text.indexOf('```\n', at) + 4;
  return text.slice(open, text.indexOf('```', open));
}

describe('the bundled Huadu example (examples/huadu-propaganda-2023.yaml)', () => {
  const binary = run(['validate', '--no-color', HUADU_EXAMPLE]);

  it('gets R015 on all four tasks and R010 on its indicators (warnings: exit 0)', () => {
    expect(binary.code).toBe(0);
    const found = binary.stdout.split('\n').filter((l) => /^\s+\d+:\d+\s/.test(l)).map((l) => `${l.trim().split(/\s+/)[0]} ${l.trim().split(/\s+/).at(-1)}`);
    expect(found).toEqual(['41:5 M004', '43:15 R015', '45:5 M004', '47:15 R015', '51:15 R015', '55:15 R015', '60:1 R002', '60:1 R010']);
  });

  it('docs/rules.md shows exactly what the binary prints (regenerate: npx tsx scripts/gen-readme-rules.ts --write)', () => {
    expect(huaduOutput('zh')).toBe(binary.stdout);
    const page = readFileSync(path.join(repoRoot, 'docs', 'rules.md'), 'utf8');
    expect(blockAfter(page, '## 示例：花都区委宣传部 2023 年申报表')).toBe(binary.stdout);
  });

  it('the README’s example output is what the binary prints', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    expect(blockAfter(readme, 'Example (`stylish`, the default')).toBe(binary.stdout);
  });
});
