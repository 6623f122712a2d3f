/**
 * The pipeline's one store of key status: fed from the ring buffer at each tick boundary, judged at
 * the tick's due time, read by bindings, data triggers and the monitor, and the same in a replay.
 */
import { describe, expect, it } from 'vitest';
import { DataRecorder, replayFast } from '../../src/app/index.js';
import { above, linearMap } from '../../src/binding/index.js';
import { startAnimation } from '../../src/coordination/index.js';
import { DataLayerMonitor } from '../../src/data/index.js';
import { makeDisplay } from './setup.js';

describe('DisplayPipeline.store', () => {
  it('judges a key at each tick’s due time, with its age from the arrival stamp', () => {
    const d = makeDisplay();
    const { store } = d.pipeline;
    const cpu = store.track('cpu', { staleAfterTicks: 3 });
    const seen: string[] = [];
    d.pushAt(5, { cpu: 10 }); // 20 ms ticks: seen at tick 1 (due at 20 ms)
    d.pushAt(47, { cpu: 11 }); // tick 3
    for (let t = 0; t <= 7; t++) {
      d.runTo(t);
      seen.push(
        `${t}:${store.statusOf(cpu)}:${store.valueOf(cpu)}:${store.ageTicks(cpu)}:${store.ageMs(cpu)}`,
      );
    }
    expect(seen).toEqual([
      '0:no-data:undefined:Infinity:Infinity',
      '1:fresh:10:0:15',
      '2:fresh:10:1:35',
      '3:fresh:11:0:13',
      '4:fresh:11:1:33',
      '5:fresh:11:2:53',
      '6:stale:11:3:73',
      '7:stale:11:4:93',
    ]);
  });

  it('does not change a key’s status at gap markers: the connection’s state is the source’s', () => {
    const d = makeDisplay();
    const { store, buffer } = d.pipeline;
    store.track('cpu', { staleAfterTicks: 5 });
    d.pushAt(5, { cpu: 1 });
    d.runTo(1);
    d.scheduler.jumpTo(1000 + 30);
    buffer.addMarker('cpu', 'gap-start');
    d.runTo(3);
    expect(store.statusOf('cpu')).toBe('fresh');
    expect(store.ageTicks('cpu')).toBe(2);
    d.runTo(6);
    expect(store.statusOf('cpu')).toBe('stale');
  });

  it('is what bindings, data triggers and the monitor’s keys section read', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0 });
    const d = makeDisplay({ monitor });
    const { binder, store } = d.pipeline;
    const id = binder.bindDataToAnimation('cpu', 'barFill', 'value', linearMap([0, 100], [0, 1]), {
      staleAfter: 4,
    });
    binder.addDataTrigger('cpu', above(50), startAnimation('beep'), { id: 'hot' });
    expect(store.staleAfterOf('cpu')).toBe(4);
    d.pushAt(5, { cpu: 60 });
    const states: string[] = [];
    for (let t = 0; t <= 6; t++) {
      d.runTo(t);
      expect(binder.bindingState(id)).toBe(store.statusOf('cpu'));
      states.push(store.statusOf('cpu'));
    }
    expect(states).toEqual(['no-data', 'fresh', 'fresh', 'fresh', 'fresh', 'stale', 'stale']);
    expect(d.results.find((r) => r.fired.includes('hot'))?.tick).toBe(1);
    expect(monitor.metrics().sections.keys).toMatchObject({
      tick: 6,
      stale: ['cpu'],
      keys: { cpu: { status: 'stale', ageTicks: 5, ageMs: 115, staleAfterTicks: 4 } },
    });
  });

  it('gives the same statuses and ages in a replay of the same arrival stamps', () => {
    const watch = () => {
      const seen: string[] = [];
      const d = makeDisplay({
        onTick: ({ tick }) => {
          const s = d.pipeline.store;
          seen.push(`${tick}:${s.statusOf('cpu')}:${s.valueOf('cpu')}:${s.ageMs('cpu')}`);
        },
      });
      d.pipeline.store.track('cpu', { staleAfterTicks: 2 });
      return { d, seen };
    };
    const live = watch();
    const lines: string[] = [];
    const recorder = new DataRecorder(live.d.pipeline.buffer, (l) => lines.push(l));
    for (const [ms, v] of [
      [3.5, 1],
      [27.25, 2],
      [29, 3],
      [101, 4],
    ] as const)
      live.d.pushAt(ms, { cpu: v });
    live.d.runTo(9);
    recorder.stop();
    const replay = watch();
    replayFast(replay.d.pipeline, lines.join(''), { fromTick: 0, untilTick: 9 });
    expect(replay.seen).toEqual(live.seen);
    expect(live.seen).toContain('4:stale:3:51');
    expect(live.seen).toContain('6:fresh:4:19');
  });
});
