import { afterEach, describe, expect, it } from 'vitest';
import {
  DataRecorder,
  type DisplayPipeline,
  parseRecording,
  replayFast,
  replayRealTime,
} from '../../src/app/index.js';
import { above, crosses, fireTrigger, linear, thresholds } from '../../src/binding/index.js';
import { ManualScheduler } from '../../src/clock/index.js';
import { firePrimitive, startAnimation } from '../../src/coordination/index.js';
import { makeDisplay } from './setup.js';

/** The display's data wiring: the same in the live run and in every replay. */
function configure(p: DisplayPipeline): void {
  const b = p.binder;
  b.bindDataToAnimation('cpu', 'barFill', 'value', linear([0, 100], [0, 1]), {
    deadband: 0.5,
    transition: { ticks: 6, easing: 'quadOut' },
    staleAfter: 15,
    onStale: { kind: 'decay', value: 0, ticks: 10 },
  });
  b.bindDataToAnimation(
    'mem',
    'barColour',
    'value',
    thresholds('#00ff00', [60, '#ffa500'], [85, '#ff0000']),
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

/** Seeded PRNG (mulberry32): the synthetic source's values and timing. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Next synthetic point: a random walk with bursts and a silent stretch (for staleness). */
function synthetic(seed: number) {
  const rnd = prng(seed);
  let cpu = 40;
  let mem = 50;
  let disk = 90;
  return {
    /** Delay to the next point, in ms (fractional, like a real arrival). */
    delay: (elapsed: number) => (elapsed > 700 && elapsed < 1100 ? 400 : 1 + rnd() * 25),
    next: () => {
      cpu = Math.min(100, Math.max(0, cpu + (rnd() - 0.45) * 18));
      mem = Math.min(100, Math.max(0, mem + (rnd() - 0.5) * 10));
      disk = Math.min(100, Math.max(80, disk + (rnd() - 0.5) * 4));
      return { cpu: Math.round(cpu * 10) / 10, mem: Math.round(mem * 10) / 10, storage: { disk } };
    },
  };
}

const trace = (d: { results: readonly unknown[] }) => d.results.map((r) => JSON.stringify(r)).join('\n');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
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
  it('replays a live run (fake time) twice to the same per-tick trace, byte for byte', () => {
    const live = makeDisplay();
    configure(live.pipeline);
    const lines: string[] = [];
    const recorder = new DataRecorder(live.pipeline.buffer, (l) => lines.push(l));
    const source = synthetic(42);
    const s = live.scheduler;
    const start = s.now();
    const emit = () => {
      const p = source.next();
      live.pipeline.buffer.addDataPoint({ cpu: p.cpu, mem: p.mem, disk: p.storage.disk }, 'synthetic');
      const elapsed = s.now() - start;
      if (elapsed < 2400) s.schedule(emit, source.delay(elapsed));
    };
    s.schedule(emit, 3.3);
    live.pipeline.start();
    s.advanceTo(start + 2500);
    live.pipeline.stop();
    recorder.stop();

    const first = live.results[0]?.tick ?? 0;
    const last = live.pipeline.currentTick;
    expect(last - first).toBeGreaterThan(100);
    expect(lines.length).toBeGreaterThan(80);
    expect(live.pipeline.binder.metrics().latePoints).toBe(0);
    const liveTrace = trace(live);
    // The run did something worth comparing: triggers fired, the bar moved, the data went stale.
    expect(live.results.some((r) => r.fired.includes('hot'))).toBe(true);
    expect(live.results.some((r) => r.events.some((e) => e.type === 'sync.fired'))).toBe(true);
    expect(live.pipeline.binder.metrics().bindingUpdates).toBeGreaterThan(20);
    expect(live.pipeline.binder.bindingState('cpu->barFill.value')).toBe('live');

    const [a, b] = replayTwice(lines, first, last);
    expect(a).toBe(liveTrace);
    expect(b).toBe(liveTrace);
  });

  it('replays a live run on the real clock to the same trace, fast and at real speed', async () => {
    const live = makeDisplay({ now: () => performance.now(), scheduler: undefined });
    configure(live.pipeline);
    const lines: string[] = [];
    const recorder = new DataRecorder(live.pipeline.buffer, (l) => lines.push(l));
    const source = synthetic(7);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const emit = () => {
      const p = source.next();
      live.pipeline.buffer.addDataPoint({ cpu: p.cpu, mem: p.mem, disk: p.storage.disk }, 'synthetic');
      timer = setTimeout(emit, 1 + Math.floor(p.cpu % 9));
    };
    cleanups.push(() => {
      clearTimeout(timer);
      live.pipeline.stop();
      recorder.stop();
    });
    emit();
    await new Promise<void>((resolve) => {
      live.pipeline.start();
      const check = setInterval(() => {
        if (live.pipeline.currentTick >= 30) {
          clearInterval(check);
          resolve();
        }
      }, 5);
      cleanups.push(() => clearInterval(check));
    });
    live.pipeline.stop();
    clearTimeout(timer);
    recorder.stop();
    const first = live.results[0]?.tick ?? 0;
    const last = live.pipeline.currentTick;
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
    for (let i = 0; i < 200 && real.pipeline.currentTick < last; i++) s.advanceBy(20);
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
