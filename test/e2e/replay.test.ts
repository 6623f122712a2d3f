import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DataRecorder,
  type DisplayPipeline,
  parseRecording,
  replayFast,
  replayRealTime,
} from '../../src/app/index.js';
import { above, crosses, fireTrigger, linearMap, thresholdMap } from '../../src/binding/index.js';
import { ManualScheduler } from '../../src/clock/index.js';
import { firePrimitive, startAnimation } from '../../src/coordination/index.js';
import {
  type SourceClock,
  type SourceErrorReport,
  SourceSupervisor,
  SyntheticSource,
} from '../../src/sources/index.js';
import { makeDisplay } from './setup.js';

/** The display's data wiring: the same in the live run and in every replay. */
function configure(p: DisplayPipeline): void {
  const b = p.binder;
  b.bindDataToAnimation('cpu', 'barFill', 'value', linearMap([0, 100], [0, 1]), {
    deadband: 0.5,
    transition: { ticks: 6, easing: 'quadOut' },
    staleAfter: 15,
    onStale: { kind: 'decay', value: 0, ticks: 10 },
  });
  b.bindDataToAnimation(
    'mem',
    'barColour',
    'value',
    thresholdMap('#00ff00', [60, '#ffa500'], [85, '#ff0000']),
    {
      debounce: 2,
    },
  );
  b.bindDataToAnimation('disk', 'label', 'value', undefined, { throttle: 4 });
  b.addDataTrigger(
    ['cpu', 'mem'],
    'cpu > 80 && mem > 50',
    [firePrimitive('alertSeq'), fireTrigger('after', 5)],
    {
      id: 'hot',
      cooldown: 20,
      priority: 2,
    },
  );
  b.addDataTrigger('cpu', crosses(50, 'down'), firePrimitive('alertSync'), { id: 'cooling', cooldown: 8 });
  b.addDataTrigger('disk', above(95), startAnimation('beep'), { id: 'disk', mode: 'level', cooldown: 12 });
  b.addDataTrigger('cpu', () => false, startAnimation('iconBlink'), { id: 'after' });
}

/** The synthetic source: a seeded sine for cpu, seeded noise for mem, seeded bursts for disk. */
function syntheticSource(seed: number, interval: number): SyntheticSource {
  return new SyntheticSource({
    id: 'synthetic',
    seed,
    intervalMs: interval,
    fields: {
      cpu: { kind: 'sine', period: 57, amplitude: 48, offset: 50 },
      mem: { kind: 'noise', amplitude: 14, offset: 62 },
      disk: { kind: 'bursts', base: 90, peak: 97, every: 40, length: 6, jitter: 1.5 },
    },
  });
}

/** A source clock on the test's scheduler: the source's timers and the ticks share one timeline. */
function sourceClock(s: ManualScheduler): SourceClock {
  return {
    now: s.now,
    setTimeout: (fn, ms) => s.schedule(fn, ms),
    clearTimeout: (handle) => s.cancel(handle),
  };
}

/** Wait (bounded) until the supervisor's connection attempt resolved. */
async function untilLive(sup: SourceSupervisor): Promise<void> {
  await vi.waitUntil(() => sup.state === 'live', { timeout: 2000, interval: 1 });
}

const trace = (d: { results: readonly unknown[] }) => d.results.map((r) => JSON.stringify(r)).join('\n');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function replayTwice(lines: readonly string[], fromTick: number, untilTick: number): string[] {
  return [0, 1].map(() => {
    const d = makeDisplay();
    configure(d.pipeline);
    replayFast(d.pipeline, lines.join(''), { fromTick, untilTick });
    return trace(d);
  });
}

describe('record and replay', () => {
  it('replays a live run of a supervised synthetic source (fake time) twice to the same per-tick trace, byte for byte', async () => {
    const live = makeDisplay();
    configure(live.pipeline);
    const lines: string[] = [];
    const recorder = new DataRecorder(live.pipeline.buffer, (l) => lines.push(l));
    const s = live.scheduler;
    const sourceReports: SourceErrorReport[] = [];
    // 7.3 ms between samples: several points in some 20 ms ticks, none in others, stamps off the grid.
    const sup = new SourceSupervisor(syntheticSource(42, 7.3), {
      sink: live.pipeline.buffer,
      clock: sourceClock(s),
      onError: (r) => sourceReports.push(r),
    });
    cleanups.push(() => sup.stop());
    const start = s.now();
    sup.start();
    await untilLive(sup);
    live.pipeline.start();
    s.advanceTo(start + 800);
    // A silent stretch of 400 ms (20 ticks): the cpu binding (staleAfter 15 ticks) goes stale.
    await sup.stop();
    s.advanceTo(start + 1200);
    expect(live.pipeline.binder.bindingState('cpu->barFill.value')).toBe('stale');
    sup.start();
    await untilLive(sup);
    s.advanceTo(start + 2500);
    live.pipeline.stop();
    await sup.stop();
    recorder.stop();

    const first = live.results[0]?.tick ?? 0;
    const last = live.pipeline.currentTick;
    expect(last - first).toBeGreaterThan(100);
    expect(lines.length).toBeGreaterThan(200);
    expect(sup.metrics().messages).toBe(lines.length);
    expect(sourceReports).toEqual([]);
    expect(live.pipeline.binder.metrics().latePoints).toBe(0);
    const liveTrace = trace(live);
    // The run did something worth comparing: triggers fired, the bar moved, the data went stale.
    expect(live.results.some((r) => r.fired.includes('hot'))).toBe(true);
    expect(live.results.some((r) => r.fired.includes('disk'))).toBe(true);
    expect(live.results.some((r) => r.events.some((e) => e.type === 'sync.fired'))).toBe(true);
    expect(live.pipeline.binder.metrics().bindingUpdates).toBeGreaterThan(20);
    expect(live.pipeline.binder.bindingState('cpu->barFill.value')).toBe('fresh');

    const [a, b] = replayTwice(lines, first, last);
    expect(a).toBe(liveTrace);
    expect(b).toBe(liveTrace);
  });

  it('replays a live run on the real clock to the same trace, fast and at real speed', async () => {
    const live = makeDisplay({ now: () => performance.now(), scheduler: undefined });
    configure(live.pipeline);
    const lines: string[] = [];
    const recorder = new DataRecorder(live.pipeline.buffer, (l) => lines.push(l));
    // The supervisor's default clock: performance.now() and the global timers.
    const sup = new SourceSupervisor(syntheticSource(7, 3), { sink: live.pipeline.buffer });
    cleanups.push(async () => {
      live.pipeline.stop();
      recorder.stop();
      await sup.stop();
    });
    sup.start();
    live.pipeline.start();
    // Bounded poll for the 30th tick (about 0.6 s of wall time at 50 fps).
    await vi.waitUntil(() => live.pipeline.currentTick >= 30, { timeout: 10_000, interval: 5 });
    live.pipeline.stop();
    await sup.stop();
    recorder.stop();
    const first = live.results[0]?.tick ?? 0;
    const last = live.pipeline.currentTick;
    expect(live.pipeline.ticksJumped).toBe(0);
    expect(lines.length).toBeGreaterThan(0);
    expect(live.pipeline.binder.metrics().pointsApplied).toBeGreaterThan(0);
    expect(live.pipeline.binder.metrics().bindingUpdates).toBeGreaterThan(0);
    // Points that arrived after the last tick are in the recording but belong to later ticks.
    const [a, b] = replayTwice(lines, first, last);
    expect(a).toBe(trace(live));
    expect(b).toBe(trace(live));

    // At real speed, on a scheduler we step by hand: the same trace again.
    const real = makeDisplay();
    configure(real.pipeline);
    const s = new ManualScheduler(0);
    const done = replayRealTime(real.pipeline, parseRecording(lines.join('')), {
      fromTick: first,
      untilTick: last,
      now: s.now,
      scheduler: s,
    });
    for (let i = 0; i < 10_000 && real.pipeline.currentTick < last; i++) s.advanceBy(20);
    expect(await done).toMatchObject({ lastTick: last, ticks: last - first + 1 });
    expect(trace(real)).toBe(trace(live));
  });

  it('refuses a bad recording line with its line number and field', () => {
    const good = '{"v":1,"seq":1,"t":5,"src":"a","data":{"cpu":1}}';
    expect(() => parseRecording(`${good}\n{"v":1,"seq":2,"t":"soon","src":"a","data":{}}\n`)).toThrow(
      /line 2: recording: field "t" must be a finite number \(ms\), got "soon"/,
    );
  });
});
