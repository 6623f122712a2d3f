import { afterEach, describe, expect, it } from 'vitest';
import { DisplayPipeline } from '../../src/app/index.js';
import { ManualScheduler } from '../../src/clock/index.js';

const pipelines: DisplayPipeline[] = [];
afterEach(() => {
  for (const p of pipelines.splice(0)) p.stop();
});

function make(maxCatchUpTicks?: number) {
  const s = new ManualScheduler(500);
  const ticks: number[] = [];
  const p = new DisplayPipeline({
    fps: 50,
    now: s.now,
    scheduler: s,
    onTick: (r) => ticks.push(r.tick),
    ...(maxCatchUpTicks === undefined ? {} : { maxCatchUpTicks }),
  });
  pipelines.push(p);
  return { s, p, ticks };
}

describe('DisplayPipeline live loop', () => {
  it('ticks at its fps on the injected clock, from the tick due at start', () => {
    const { s, p, ticks } = make();
    s.advanceBy(30); // 30 ms after creation: tick 2 (40 ms) is the first due
    p.start();
    expect(p.state).toBe('running');
    s.advanceBy(70); // to 100 ms
    expect(ticks).toEqual([2, 3, 4, 5]);
    p.stop();
    s.advanceBy(100);
    expect(ticks).toEqual([2, 3, 4, 5]);
    expect(p.state).toBe('stopped');
  });

  it('processes the ticks a blocked loop skipped, so live sees the ticks a replay sees', () => {
    const { s, p, ticks } = make();
    p.start();
    s.advanceBy(20);
    s.jumpTo(s.now() + 95); // the event loop was blocked for ~5 ticks
    s.advanceBy(0);
    s.advanceBy(20); // to 135 ms: tick 6 (120 ms) is due, tick 7 (140 ms) is not
    expect(ticks).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(p.ticksJumped).toBe(0);
    expect(p.clock.stats.skippedTicks).toBe(3); // the clock skipped 2, 3, 4; the pipeline ran them
  });

  it('jumps past a gap longer than maxCatchUpTicks and counts the ticks it jumped', () => {
    const { s, p, ticks } = make(3);
    p.start();
    s.jumpTo(s.now() + 200); // 10 ticks late
    s.advanceBy(0);
    expect(ticks).toEqual([7, 8, 9, 10]);
    expect(p.ticksJumped).toBe(7);
  });

  it('refuses a bad fps or catch-up bound, naming the option', () => {
    expect(() => new DisplayPipeline({ fps: 0 })).toThrow(/option 'fps' must be a finite number > 0, got 0/);
    expect(() => new DisplayPipeline({ fps: 30, maxCatchUpTicks: -1 })).toThrow(/option 'maxCatchUpTicks'/);
  });
});
