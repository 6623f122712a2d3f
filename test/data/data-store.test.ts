import { describe, expect, it } from 'vitest';
import { DataStore, RingBuffer } from '../../src/data/index.js';

function setup(options: ConstructorParameters<typeof DataStore>[0] = {}, capacity = 100) {
  let now = 0;
  const buffer = new RingBuffer({ capacity, clock: () => now });
  const store = new DataStore(options);
  store.follow(buffer);
  const push = (t: number, data: Record<string, unknown>, source = 'src') => {
    now = t;
    return buffer.addDataPoint(data, source);
  };
  return {
    buffer,
    store,
    push,
    mark: (t: number, m: 'gap-start' | 'gap-end', source = 'src') => {
      now = t;
      buffer.addMarker(source, m);
    },
  };
}

describe('DataStore', () => {
  it('holds the latest value of every key with its sequence, time and source', () => {
    const { store, push } = setup();
    push(10, { cpu: 1, title: 'a' }, 'sys');
    push(20, { cpu: 2 }, 'sys');
    expect(store.update(100)).toBe(2);
    expect(store.get('cpu')).toMatchObject({ value: 2, seq: 2, time: 20, sourceId: 'sys', version: 2 });
    expect(store.value('title')).toBe('a');
    expect(store.keys()).toEqual(['cpu', 'title']);
  });

  it('takes only what arrived up to the given time (a tick boundary), the rest on the next update', () => {
    const { store, push } = setup();
    push(10, { v: 1 });
    push(20, { v: 2 });
    push(30, { v: 3 });
    expect(store.update(20)).toBe(2);
    expect(store.value('v')).toBe(2);
    expect(store.update(25)).toBe(0);
    expect(store.update(30)).toBe(1);
    expect(store.value('v')).toBe(3);
  });

  it('reports fresh, stale and no-data from a per-key staleAfter, with the age in ms', () => {
    const { store, push } = setup({ staleAfter: 1000, staleAfterByKey: { fast: 100 } });
    push(0, { slow: 1, fast: 1 });
    store.update(0);
    expect(store.status('slow', 500)).toBe('fresh');
    expect(store.status('fast', 500)).toBe('stale');
    expect(store.status('slow', 1001)).toBe('stale');
    expect(store.status('missing', 0)).toBe('no-data');
    expect(store.age('slow', 250)).toBe(250);
    expect(store.age('missing', 250)).toBe(Number.POSITIVE_INFINITY);
  });

  it('marks the values of a source stale between gap-start and its recovery', () => {
    const { store, push, mark } = setup();
    push(0, { v: 1 }, 'mqtt');
    push(0, { w: 1 }, 'other');
    mark(5, 'gap-start', 'mqtt');
    store.update(5);
    expect(store.status('v', 5)).toBe('stale');
    expect(store.status('w', 5)).toBe('fresh');
    expect(store.sourceState('mqtt')).toBe('interrupted');
    mark(6, 'gap-end', 'mqtt');
    store.update(6);
    expect(store.status('v', 6)).toBe('fresh');
  });

  it('counts the points the buffer overwrote before an update could read them', () => {
    const { store, push } = setup({}, 3);
    for (let i = 1; i <= 8; i++) push(i, { v: i });
    expect(store.update(100)).toBe(3);
    expect(store.gapCount).toBe(5);
    expect(store.value('v')).toBe(8);
  });

  it('applies points given directly, and counts keys beyond maxKeys', () => {
    const store = new DataStore({ maxKeys: 1 });
    store.apply({
      seq: 1,
      time: 5,
      sourceId: 's',
      kind: 'data',
      order: 'in-order',
      completeness: 'complete',
      fields: { a: 1, b: 2 },
    });
    expect(store.get('a')).toMatchObject({ value: 1, seq: 1, time: 5 });
    expect(store.get('b')).toBeUndefined();
    expect(store.droppedKeys).toBe(1);
  });

  it('names a bad option', () => {
    expect(() => new DataStore({ staleAfter: -1 })).toThrow(
      'option "staleAfter" must be a number of ms >= 0, got -1',
    );
    expect(() => new DataStore().update(0)).toThrow(/follow\(buffer\) first/);
  });
});
