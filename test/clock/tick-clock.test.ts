import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualScheduler, TickClock } from '../../src/clock/index.js';

function setup(fps = 10, startMs = 1000) {
  const sched = new ManualScheduler(startMs);
  const clock = new TickClock({ fps, now: sched.now, scheduler: sched });
  const seen: Array<[number, number]> = [];
  return { sched, clock, seen, onTick: (tick: number, skipped: number) => seen.push([tick, skipped]) };
}

describe('TickClock', () => {
  it('runs one callback per tick at the configured fps', () => {
    const { sched, clock, seen, onTick } = setup(10);
    clock.start(onTick);
    expect(seen).toEqual([]); // the first tick runs from the scheduler, not inside start()
    sched.advanceBy(0);
    expect(seen).toEqual([[0, 0]]);
    sched.advanceBy(99);
    expect(seen).toHaveLength(1);
    sched.advanceBy(1);
    expect(seen).toEqual([
      [0, 0],
      [1, 0],
    ]);
    sched.advanceBy(1000);
    expect(seen.map(([t]) => t)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(clock.stats).toEqual({ ticks: 12, lateTicks: 0, skippedTicks: 0, callbackErrors: 0 });
  });

  it('says which tick is due at a time and when a tick is due', () => {
    const { clock, onTick } = setup(60, 500);
    clock.start(onTick);
    expect(clock.origin).toBe(500);
    expect(clock.timeOfTick(0)).toBe(500);
    expect(clock.timeOfTick(60)).toBe(1500);
    for (let n = 0; n < 1000; n++) {
      expect(clock.tickAt(clock.timeOfTick(n))).toBe(n);
      expect(clock.tickAt(clock.timeOfTick(n) - 0.001)).toBe(n - 1);
    }
    expect(clock.tickAt(400)).toBe(-6);
  });

  it('applies a point arriving in (timeOfTick(N-1), timeOfTick(N)] at tick N', () => {
    const { clock, onTick } = setup(60, 0);
    clock.start(onTick);
    for (let n = 1; n < 500; n++) {
      expect(clock.tickForArrival(clock.timeOfTick(n))).toBe(n);
      expect(clock.tickForArrival(clock.timeOfTick(n - 1) + 0.0001)).toBe(n);
    }
  });

  it('jumps to the due tick when the loop fell behind and reports the skipped ticks', () => {
    const { sched, clock, seen, onTick } = setup(10, 0);
    clock.start(onTick);
    sched.advanceTo(200);
    sched.jumpTo(755); // event loop blocked: ticks 3..6 are missed, 7 is due
    sched.advanceTo(755);
    expect(seen).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [7, 4],
    ]);
    expect(clock.stats.skippedTicks).toBe(4);
    expect(clock.stats.lateTicks).toBe(1); // 55 ms after its due time, more than half a tick
    sched.advanceTo(800);
    expect(seen.at(-1)).toEqual([8, 0]);
  });

  it('counts a tick that ran late without skipping', () => {
    const { sched, clock, onTick } = setup(10, 0);
    clock.start(onTick);
    sched.advanceBy(0);
    sched.jumpTo(180); // tick 1 was due at 100
    sched.advanceTo(180);
    expect(clock.stats).toMatchObject({ ticks: 2, lateTicks: 1, skippedTicks: 0 });
  });

  it('keeps ticking when the callback throws, and counts and reports the error', () => {
    const sched = new ManualScheduler(0);
    const errors: Array<[unknown, number]> = [];
    const clock = new TickClock({
      fps: 10,
      now: sched.now,
      scheduler: sched,
      onError: (e, t) => errors.push([e, t]),
    });
    const ticks: number[] = [];
    clock.start((t) => {
      ticks.push(t);
      if (t === 1) throw new Error('boom');
    });
    sched.advanceTo(300);
    expect(ticks).toEqual([0, 1, 2, 3]);
    expect(clock.stats.callbackErrors).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[1]).toBe(1);
  });

  it('stops and cancels its wake-up', () => {
    const { sched, clock, seen, onTick } = setup(10, 0);
    clock.start(onTick);
    sched.advanceBy(0);
    clock.stop();
    expect(clock.state).toBe('stopped');
    expect(sched.pendingCount).toBe(0);
    sched.advanceTo(1000);
    expect(seen).toHaveLength(1);
  });

  it('can start from a given tick', () => {
    const { sched, clock, seen, onTick } = setup(10, 0);
    clock.start(onTick, { fromTick: 50 });
    sched.advanceBy(100);
    expect(seen).toEqual([
      [50, 0],
      [51, 0],
    ]);
    expect(clock.timeOfTick(50)).toBe(0);
  });

  it('names the option and the value on bad construction', () => {
    expect(() => new TickClock({ fps: 0 })).toThrow(/option 'fps' must be a finite number > 0, received 0/);
    expect(() => new TickClock({ fps: 60, lateAfterMs: -1 })).toThrow(/'lateAfterMs'.*received -1/);
  });
});

describe('TickClock with its default time source and scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('paces ticks with setTimeout and performance.now (faked at the edge)', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const clock = new TickClock({ fps: 20 });
    const ticks: number[] = [];
    clock.start((t) => ticks.push(t));
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(100);
    expect(ticks).toEqual([0, 1, 2]);
    clock.stop();
    vi.advanceTimersByTime(1000);
    expect(ticks).toEqual([0, 1, 2]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
