import { describe, expect, it } from 'vitest';
import { DataLayerMonitor } from '../../src/data/index.js';
import { SourceGroup, SyntheticSource } from '../../src/sources/index.js';
import { FakeClock, flushPromises, RecordingSink } from './helpers.js';

const wave = { v: { kind: 'sine', period: 10 } } as const;

describe('SourceGroup', () => {
  it('starts and stops its sources together and reports them as the monitor section "sources"', async () => {
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const group = new SourceGroup({ sink, clock, onError: () => undefined });
    group.add(new SyntheticSource({ id: 'a', fields: wave, intervalMs: 100 }));
    group.add(new SyntheticSource({ id: 'b', fields: wave, intervalMs: 50 }), { silentAfterMs: 1_000 });
    const monitor = new DataLayerMonitor({ clock: () => clock.now() });
    group.attachMonitor(monitor);
    group.startAll();
    await flushPromises();
    clock.advance(200);
    const section = monitor.metrics().sections.sources;
    expect(section?.sources.map((s) => [s.id, s.kind, s.state, s.messages])).toEqual([
      ['a', 'synthetic', 'live', 2],
      ['b', 'synthetic', 'live', 4],
    ]);
    await group.stopAll();
    expect(group.metrics().sources.map((s) => s.state)).toEqual(['stopped', 'stopped']);
    expect(clock.pending).toBe(0);
  });

  it('refuses two sources with the same id', () => {
    const group = new SourceGroup({ sink: new RecordingSink() });
    group.add(new SyntheticSource({ id: 'a', fields: wave }));
    expect(() => group.add(new SyntheticSource({ id: 'a', fields: wave }))).toThrow(
      /id "a" is already in the group/,
    );
    expect(group.size).toBe(1);
    expect(group.get('a')?.id).toBe('a');
  });
});
