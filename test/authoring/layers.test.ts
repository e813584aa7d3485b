/**
 * Issue 11 "clean edges": no folder cycles. scripts/check-layers.ts lists the imports that
 * go up the layers (load → model → forms → rules/review/render → cli); there must be none.
 */
import { describe, expect, it } from 'vitest';
import { FORBIDDEN, violations } from '../../scripts/check-layers.js';

describe('folder layers', () => {
  it('forbids the edges of the issue: load → model, model → rules, render → cli', () => {
    for (const edge of [['load', 'model'], ['model', 'rules'], ['render', 'cli']]) expect(FORBIDDEN).toContainEqual(edge);
  });

  it('src/ has no import across a forbidden edge', () => {
    expect(violations()).toEqual([]);
  });
});
