import { describe, expect, it } from 'vitest';
import { DataLayerMonitor, DataStore, type KeyStatus } from '../../src/data/index.js';

describe('DataStore', () => {
  it('answers no-data before a value, then the latest value with its age in ticks and ms', () => {
    const store = new DataStore();
    const cpu = store.track('cpu');
    expect(store.track('cpu')).toBe(cpu);
    expect(store.statusOf(cpu)).toBe('no-data');
    expect(store.valueOf('cpu')).toBeUndefined();
    expect(store.ageTicks(cpu)).toBe(Number.POSITIVE_INFINITY);
    expect(store.ageMs(cpu)).toBe(Number.POSITIVE_INFINITY);
    store.judge(3, 300);
    store.write(cpu, 41, 240);
    store.write('cpu', 42, 270); // the latest value of the tick wins
    expect(store.statusOf('cpu')).toBe('fresh');
    expect(store.valueOf(cpu)).toBe(42);
    expect(store.tickOf(cpu)).toBe(3);
    expect(store.versionOf(cpu)).toBe(2);
    expect([store.ageTicks(cpu), store.ageMs(cpu)]).toEqual([0, 30]);
    store.judge(7, 700);
    expect([store.ageTicks(cpu), store.ageMs(cpu)]).toEqual([4, 430]);
    expect(store.valueOf(cpu)).toBe(42);
  });

  it.each([
    // staleAfterTicks, ticks after the value's tick -> status
    [3, 0, 'fresh'],
    [3, 2, 'fresh'],
    [3, 3, 'stale'],
    [1, 1, 'stale'],
    [undefined, 1_000_000, 'fresh'],
  ] as const)('with staleAfterTicks %s, a value %i ticks old is %s', (limit, age, expected) => {
    const store = new DataStore();
    const s = limit === undefined ? store.track('k') : store.track('k', { staleAfterTicks: limit });
    store.judge(10, 1000);
    store.write(s, 1, 990);
    if (age > 0) store.judge(10 + age, (10 + age) * 100);
    expect(store.statusOf(s)).toBe(expected as KeyStatus);
  });

  it('gives a key one staleness limit and names both when asked for another', () => {
    const store = new DataStore();
    const s = store.track('cpu');
    expect(store.staleAfterOf(s)).toBe(Number.POSITIVE_INFINITY);
    store.track('cpu', { staleAfterTicks: 5 });
    store.track('cpu', { staleAfterTicks: 5 });
    store.track('cpu');
    expect(store.staleAfterOf('cpu')).toBe(5);
    expect(() => store.track('cpu', { staleAfterTicks: 6 })).toThrow(
      /track\("cpu"\): the key is stale after 5 ticks already, got staleAfterTicks 6/,
    );
    expect(() => store.track('mem', { staleAfterTicks: 0.5 })).toThrow(/integer >= 1, got 0.5/);
  });

  it('refuses a key beyond maxKeys, ticks that do not increase, and ignores writes to untracked keys', () => {
    const store = new DataStore({ maxKeys: 1 });
    store.track('a');
    expect(() => store.track('b')).toThrow(/already tracking maxKeys \(1\) keys/);
    expect(() => new DataStore({ maxKeys: 0 })).toThrow(/option "maxKeys" must be an integer >= 1, got 0/);
    store.judge(2, 200);
    expect(() => store.judge(2, 200)).toThrow(/tick must be > 2/);
    store.write('b', 1, 150);
    expect(store.statusOf('b')).toBe('no-data');
    expect(store.slotOf('b')).toBe(-1);
  });

  it('shows every tracked key at the judged tick in the monitor’s keys section', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0 });
    const store = new DataStore({ monitor });
    store.track('cpu', { staleAfterTicks: 2 });
    store.track('mem');
    store.track('__proto__');
    store.judge(1, 100);
    store.write('cpu', 5, 80);
    store.write('mem', 'high', 90);
    store.judge(4, 400);
    expect(monitor.metrics().sections.keys).toEqual({
      tick: 4,
      keys: Object.assign(Object.create(null), {
        cpu: { status: 'stale', ageTicks: 3, ageMs: 320, staleAfterTicks: 2 },
        mem: { status: 'fresh', ageTicks: 3, ageMs: 310, staleAfterTicks: null },
        ['__proto__']: { status: 'no-data', ageTicks: null, ageMs: null, staleAfterTicks: null },
      }),
      stale: ['cpu'],
      noData: ['__proto__'],
    });
  });
});
