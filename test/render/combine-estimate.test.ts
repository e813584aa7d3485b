import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { estimatePages } from '../../src/render/combine.js';
import { viewAndGrid } from '../../src/render/html.js';
import { PROJECT_STRESS, STRESS } from './stress.js';
import { root } from './pdf-helpers.js';

/**
 * estimatePages guesses a form's pages from its grid before any layout, to cut the
 * bound volume into parts (combine.ts). A wrong guess only makes a part larger or
 * smaller, but parts cut from bad guesses leave the browser idle at the end: the guess
 * must be near the pages the browser lays out (docs/render.md "Page counts").
 */
function example(file: string): { decl: unknown; layout: ReturnType<typeof check>['form'] } {
  const out = check(readFileSync(path.join(root, 'examples', file)), file);
  return { decl: out.declaration ?? out.partial, layout: out.form };
}

const guess = (decl: unknown, layout?: ReturnType<typeof check>['form']): number => estimatePages(viewAndGrid(decl, { version: 't', layout: layout?.render }).grid);

describe('estimatePages', () => {
  it('is within a page of the laid-out count for the examples and the stress inputs', () => {
    const laidOut: [string, number, number][] = [
      ['huadu-propaganda-2023.yaml', 3, guess(example('huadu-propaganda-2023.yaml').decl)],
      ['guangzhou-city-sports-2024.yaml', 2, guess(example('guangzhou-city-sports-2024.yaml').decl)],
      ['huadu-shiling-town-2024.yaml', 1, guess(example('huadu-shiling-town-2024.yaml').decl)],
      ['indicators-60', 6, guess(STRESS['indicators-60']!())],
      ['content-1700', 6, guess(STRESS['content-1700']!())],
      ['tasks-12', 7, guess(STRESS['tasks-12']!())],
      ['amounts-4dp', 3, guess(STRESS['amounts-4dp']!())],
      ['department-60', 3, guess(STRESS['department-60']!())],
    ];
    const project = example('huadu-project-heritage-2023.yaml').layout;
    laidOut.push(['project indicators-60', 4, guess(PROJECT_STRESS['indicators-60']!(), project)]);
    laidOut.push(['project goals-long', 3, guess(PROJECT_STRESS['goals-long']!(), project)]);
    const off = laidOut.filter(([, pages, guessed]) => Math.abs(pages - guessed) > 1);
    expect(off).toEqual([]);
  });

  it('grows with the text: a form with more rows is guessed no shorter', () => {
    const short = guess(example('huadu-shiling-town-2024.yaml').decl);
    expect(guess(STRESS['indicators-60']!())).toBeGreaterThan(short);
    expect(guess(STRESS['content-1700']!())).toBeGreaterThan(short);
  });
});
