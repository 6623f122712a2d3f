import { afterEach, describe, expect, it, vi } from 'vitest';
import { TickAnimationEngine } from '../../src/animation/index.js';
import { ramp } from '../fixtures/ramp.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const failingAfterHalf = (t: number) => {
  if (t > 0.5) throw new Error('custom easing broke');
  return t;
};

function engineWith(onError?: (error: unknown, context: { id: string; tick: number }) => void) {
  const e = new TickAnimationEngine(onError ? { onError } : {});
  e.addAnimation(ramp('fragile', 'box', 'x', 10, 0, 10, failingAfterHalf));
  e.addAnimation(ramp('steady', 'box', 'y', 10, 0, 10));
  e.addAnimation({
    id: 'nan',
    target: 'led',
    tracks: {
      v: [
        { at: 0, value: 0 },
        { at: 4, value: 1, easing: () => Number.NaN },
      ],
    },
  });
  e.startAnimationAt('fragile', 0);
  e.startAnimationAt('steady', 0);
  e.startAnimationAt('nan', 0);
  return e;
}

describe('an animation failing inside the frame loop', () => {
  it('is left out of the frame, counted and reported, and the other animations go on', () => {
    const seen: Array<[string, number, string]> = [];
    const e = engineWith((error, { id, tick }) => seen.push([id, tick, (error as Error).message]));
    expect(e.frameAt(3)).toEqual({ box: { x: 3, y: 3 } }); // 'nan' fails while its easing runs (ticks 1..3)
    expect(e.frameAt(7)).toEqual({ box: { y: 7 }, led: { v: 1 } }); // 'fragile' fails past half way
    expect(e.frameAt(10)).toEqual({ box: { x: 10, y: 10 }, led: { v: 1 } }); // ended: no easing call
    expect(e.stats.evaluationErrors).toBe(2);
    expect(seen).toEqual([
      ['nan', 3, "easing into keyframe 1 of track 'v' returned NaN at progress 0.75"],
      ['fragile', 7, 'custom easing broke'],
    ]);
  });

  it('is reported once per animation by default, however often it fails', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const e = engineWith();
    for (let t = 0; t <= 10; t++) e.frameAt(t);
    expect(e.stats.evaluationErrors).toBe(7); // 'nan' at ticks 1..3, 'fragile' at 6..9: one per frame
    expect(log).toHaveBeenCalledTimes(2);
    expect(String(log.mock.calls[0]?.[0])).toMatch(/animation 'nan' failed at tick 1/);
  });
});
