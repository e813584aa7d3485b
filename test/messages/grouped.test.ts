import { describe, expect, it } from 'vitest';
import { grouped } from '../../src/messages/grouped.js';

describe('grouped', () => {
  it('writes whole numbers as toLocaleString("en") does', () => {
    const samples = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10000, 12345, 99999, 100000, 999999, 1000000, 1234567, 10000000, 2 ** 31, Number.MAX_SAFE_INTEGER];
    for (let n = 0; n < 5000; n += 7) samples.push(n, n * 997, n * 1_000_003);
    for (const n of samples) {
      expect(grouped(n)).toBe(n.toLocaleString('en'));
      expect(grouped(-n)).toBe((-n).toLocaleString('en'));
    }
  });

  it('leaves what is not a safe integer to toLocaleString', () => {
    expect(grouped(1234.5)).toBe((1234.5).toLocaleString('en'));
    expect(grouped(2 ** 60)).toBe((2 ** 60).toLocaleString('en'));
  });
});
