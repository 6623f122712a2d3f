import { describe, expect, it } from 'vitest';
import { msToTicks, ticksToMs } from '../../src/clock/index.js';

describe('msToTicks rounds half up with a minimum of 0', () => {
  it.each([
    [0, 60, 0],
    [8, 60, 0], // 0.48 ticks
    [1000 / 120, 60, 1], // exactly half a tick: rounds up despite float noise
    [16, 60, 1], // 0.96
    [24, 60, 1], // 1.44
    [25, 60, 2], // 1.5: half rounds up
    [1000, 60, 60],
    [1000, 30, 30],
    [50, 10, 1], // 0.5
    [149, 10, 1], // 1.49
    [150, 10, 2], // 1.5
    [-20, 60, 0], // negative: minimum 0
    [333, 24, 8], // 7.992
  ])('msToTicks(%f ms, %i fps) = %i', (ms, fps, ticks) => {
    expect(msToTicks(ms, fps)).toBe(ticks);
  });

  it('names the bad argument and the value received', () => {
    expect(() => msToTicks(10, 0)).toThrow(/fps must be a finite number > 0, received 0/);
    expect(() => msToTicks(Number.NaN, 60)).toThrow(/ms must be a finite number, received NaN/);
  });
});

describe('ticksToMs', () => {
  it.each([
    [0, 60, 0],
    [60, 60, 1000],
    [3, 30, 100],
    [1, 50, 20],
  ])('ticksToMs(%i, %i fps) = %f ms', (ticks, fps, ms) => {
    expect(ticksToMs(ticks, fps)).toBe(ms);
  });

  it('round-trips whole ticks through milliseconds', () => {
    for (const fps of [1, 24, 30, 60, 120]) {
      for (let t = 0; t < 500; t++) expect(msToTicks(ticksToMs(t, fps), fps)).toBe(t);
    }
  });
});
