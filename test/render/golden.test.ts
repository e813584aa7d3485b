import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { renderHtml } from '../../src/render/html.js';
import { expectGolden } from '../helpers/golden.js';

/**
 * Golden HTML for every example: examples/<name>.yaml → test/fixtures/render/golden/<name>.html.
 * Regenerate with UPDATE_GOLDEN=1 npx vitest run test/render/golden.test.ts, and review the diff.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const examplesDir = path.join(root, 'examples');
const goldenDir = path.join(root, 'test', 'fixtures', 'render', 'golden');
const examples = readdirSync(examplesDir).filter((f) => /\.ya?ml$/.test(f)).sort();

describe('golden HTML of the examples', () => {
  it('has examples to render', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples)('%s', (file) => {
    const out = check(readFileSync(path.join(examplesDir, file)), `examples/${file}`);
    expect(out.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(out.declaration).toBeDefined();
    // A fixed version: the goldens do not change when package.json's does.
    // Each form by its own layout (its own grid, through the one pipeline).
    const html = renderHtml(out.declaration!, { version: 'golden', ...(out.form ? { layout: out.form.render } : {}) });
    const golden = path.join(goldenDir, file.replace(/\.ya?ml$/, '.html'));
    expectGolden(golden, html);
  });

  it('has no golden file without an example', () => {
    const names = new Set(examples.map((f) => f.replace(/\.ya?ml$/, '.html')));
    const stale = readdirSync(goldenDir).filter((f) => f.endsWith('.html') && !names.has(f));
    expect(stale).toEqual([]);
  });
});
