import { describe, expect, it } from 'vitest';
import { delayCeiling, nextDelay, resolveBackoff } from '../../src/sources/index.js';

const opts = resolveBackoff({ initialDelayMs: 100, maxDelayMs: 5_000, factor: 2 });

describe('nextDelay', () => {
  it.each([
    // attempt, random, expected delay (ms)
    [0, 0, 0],
    [0, 0.5, 50],
    [0, 0.999, 99],
    [1, 0.5, 100],
    [2, 0.5, 200],
    [3, 0.25, 200],
    [5, 0.5, 1_600],
    [6, 0.5, 2_500], // ceiling 6400 capped at 5000
    [10, 0.999, 4_995],
    [1_000, 0.5, 2_500], // factor ** 1000 overflows to Infinity; the cap still holds
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(nextDelay(attempt, opts, () => random)).toBe(expected);
  });

  it('never exceeds the ceiling and never goes negative (full jitter)', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      for (const r of [0, 0.1, 0.5, 0.9, 0.999999]) {
        const d = nextDelay(attempt, opts, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.max(1, delayCeiling(attempt, opts)));
      }
    }
  });

  it('grows the ceiling by the factor per attempt up to maxDelayMs', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((a) => delayCeiling(a, opts))).toEqual([
      100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000,
    ]);
  });
});

describe('resolveBackoff', () => {
  it('fills the documented defaults', () => {
    expect(resolveBackoff()).toEqual({
      initialDelayMs: 250,
      maxDelayMs: 30_000,
      factor: 2,
      resetAfterMs: 5_000,
      maxAttempts: Number.POSITIVE_INFINITY,
    });
  });

  it('names the option, the expectation and the value it refuses', () => {
    expect(() => resolveBackoff({ initialDelayMs: -1 })).toThrow(/backoff\.initialDelayMs: .*>= 0, got -1/);
    expect(() => resolveBackoff({ factor: 0.5 })).toThrow(/backoff\.factor: .*>= 1, got 0.5/);
    expect(() => resolveBackoff({ maxDelayMs: Number.NaN })).toThrow(/backoff\.maxDelayMs: .*got NaN/);
    expect(() => resolveBackoff({ initialDelayMs: 500, maxDelayMs: 100 })).toThrow(
      /maxDelayMs: expected >= initialDelayMs/,
    );
    expect(() => resolveBackoff({ maxAttempts: 0 })).toThrow(/maxAttempts/);
  });
});
