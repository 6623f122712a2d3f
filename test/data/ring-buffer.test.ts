import { describe, expect, it, vi } from 'vitest';
import { DataLayerMonitor, PayloadError, RingBuffer } from '../../src/data/index.js';

function fakeClock(start = 0) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('RingBuffer ingestion', () => {
  it('stamps each point with a monotonic sequence, its arrival time and its source', () => {
    const clock = fakeClock(100);
    const rb = new RingBuffer({ clock: clock.now });
    expect(rb.addDataPoint({ cpu: 1 }, 'sys')).toBe(1);
    clock.advance(5);
    expect(rb.addDataPoint({ cpu: 2 })).toBe(2);
    const [a, b] = rb.getLatest(2);
    expect(a).toMatchObject({ seq: 1, time: 100, sourceId: 'sys', kind: 'data', fields: { cpu: 1 } });
    expect(b).toMatchObject({ seq: 2, time: 105, sourceId: 'default', fields: { cpu: 2 } });
  });

  it('addresses nested objects by dotted path and keeps strings, booleans and nulls', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    rb.addDataPoint({ sensors: { cpu: { temp: 41.5 } }, title: 'Song', playing: true, note: null });
    expect(rb.getBySequence(1)?.fields).toEqual({
      'sensors.cpu.temp': 41.5,
      title: 'Song',
      playing: true,
      note: null,
    });
    expect(rb.columns.map((c) => [c.key, c.type, c.origin])).toEqual([
      ['sensors.cpu.temp', 'number', 'discovered'],
      ['title', 'string', 'discovered'],
      ['playing', 'boolean', 'discovered'],
      ['note', 'any', 'discovered'],
    ]);
  });

  it('leaves a field out of a point that did not carry it (also after wrap-around)', () => {
    const rb = new RingBuffer({ capacity: 2, clock: () => 0 });
    rb.addDataPoint({ a: 1, b: 2 });
    rb.addDataPoint({ a: 3, b: 4 });
    rb.addDataPoint({ a: 5 });
    expect(rb.getLatest(2).map((p) => p.fields)).toEqual([{ a: 3, b: 4 }, { a: 5 }]);
  });

  it('stores Float32 columns when asked, allocated once for the whole capacity', () => {
    const rb = new RingBuffer({
      capacity: 10,
      precision: 'float32',
      fields: { x: 'number' },
      clock: () => 0,
    });
    const before = rb.bytesUsed;
    expect(before).toBe(10 * (8 + 2 + 1 + 4));
    rb.addDataPoint({ x: 0.1 });
    expect(rb.getBySequence(1)?.fields.x).toBeCloseTo(0.1, 6);
    expect(rb.bytesUsed).toBe(before);
  });

  it('fails construction with a clear error when the declared schema cannot fit maxBytes', () => {
    expect(
      () => new RingBuffer({ capacity: 1000, maxBytes: 10_000, fields: { a: 'number', b: 'number' } }),
    ).toThrow(
      /27 bytes per point, 27000 bytes for capacity 1000, more than maxBytes 10000; lower "capacity" to at most 370/,
    );
  });

  it.each([
    [{ capacity: 0 }, /"capacity" must be an integer/],
    [{ maxBytes: -1 }, /"maxBytes" must be an integer/],
    [{ overflow: 'drop' }, /"overflow" must be "overwrite-oldest" or "reject-newest", got drop/],
    [{ fields: { a: 'float' } }, /"fields.a" must be one of number, string, boolean, any, got float/],
    [{ latencySampleEvery: 3 }, /"latencySampleEvery" must be a power of two, got 3/],
  ])('names the bad option %o', (options, message) => {
    expect(() => new RingBuffer(options as never)).toThrow(message);
  });

  it('overwrites the oldest point at capacity by default and counts the eviction', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0 });
    const rb = new RingBuffer({ capacity: 3, monitor });
    for (let i = 1; i <= 5; i++) rb.addDataPoint({ v: i });
    expect(rb.getLatest(10).map((p) => p.fields.v)).toEqual([3, 4, 5]);
    expect(rb.oldestSeq).toBe(3);
    expect(rb.stats.evictions).toBe(2);
    expect(monitor.metrics().evictions).toBe(2);
  });

  it('holds 10,000 points by default (the story’s max_size), each numeric key a column of that length', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    expect(rb.capacity).toBe(10_000);
    for (let i = 1; i <= 10_001; i++) rb.addDataPoint({ v: i });
    expect(rb.oldestSeq).toBe(2);
    expect(rb.stats.evictions).toBe(1);
    const fixed = rb.bytesUsed;
    rb.addDataPoint({ w: 1 });
    // A new numeric key costs a Float64 per point held, whatever the input rate: on a Pi, each key
    // of a 100,000-point buffer would be 800 KB.
    expect(rb.bytesUsed - fixed).toBe(8 * 10_000);
  });

  it('refuses the newest point at capacity under reject-newest, returning -1 and counting it', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0 });
    const rb = new RingBuffer({ capacity: 2, overflow: 'reject-newest', monitor });
    expect([rb.addDataPoint({ v: 1 }), rb.addDataPoint({ v: 2 }), rb.addDataPoint({ v: 3 })]).toEqual([
      1, 2, -1,
    ]);
    expect(rb.getLatest(5).map((p) => p.fields.v)).toEqual([1, 2]);
    expect(rb.stats.rejectedFull).toBe(1);
    expect(monitor.metrics().rejectedFull).toBe(1);
    expect(rb.nextSeq).toBe(3);
  });

  it('counts string bytes against maxBytes and evicts the oldest points to make room', () => {
    const rb = new RingBuffer({ capacity: 100, maxBytes: 100 * (11 + 8 + 4) + 10, fields: { s: 'string' } });
    const fixed = rb.bytesUsed;
    rb.addDataPoint({ s: 'aaaa' });
    rb.addDataPoint({ s: 'ééé' });
    expect(rb.bytesUsed).toBe(fixed + 4 + 6);
    rb.addDataPoint({ s: 'bb' });
    expect(rb.getLatest(5).map((p) => p.fields.s)).toEqual(['ééé', 'bb']);
    expect(rb.bytesUsed).toBe(fixed + 8);
    expect(rb.stats.evictions).toBe(1);
  });

  it('under reject-newest, refuses a point whose strings do not fit the byte budget (-1, counted)', () => {
    const rb = new RingBuffer({
      capacity: 10,
      maxBytes: 10 * 23 + 5,
      fields: { s: 'string' },
      overflow: 'reject-newest',
    });
    expect(rb.addDataPoint({ s: 'abc' })).toBe(1);
    expect(rb.addDataPoint({ s: 'abc' })).toBe(-1);
    expect(rb.stats.rejectedFull).toBe(1);
    expect(rb.getLatest(5).map((p) => p.fields.s)).toEqual(['abc']);
  });

  it('drops only a new field whose column would not fit the byte budget, keeps the rest, counted', () => {
    const rb = new RingBuffer({ capacity: 100, maxBytes: 100 * (11 + 8) + 50 });
    rb.addDataPoint({ a: 1 });
    expect(rb.addDataPoint({ a: 2, b: 3 })).toBe(2);
    expect(rb.getBySequence(2)).toMatchObject({ fields: { a: 2 }, completeness: 'partial' });
    expect(rb.columns.map((c) => c.key)).toEqual(['a']);
    expect(rb.stats).toMatchObject({ droppedFields: 1, rejectedPoints: 0 });
    // A point with nothing left is refused whole, naming the field.
    expect(() => rb.addDataPoint({ b: 3 })).toThrow(
      'field "b" must fit a new number column of 800 bytes in maxBytes 1950, got 3',
    );
    expect(rb.stats).toMatchObject({ droppedFields: 2, rejectedPoints: 1 });
  });

  it('refuses a string that cannot fit even in an empty buffer, naming the budget', () => {
    const rb = new RingBuffer({ capacity: 10, maxBytes: 10 * 23 + 3, fields: { s: 'string' } });
    expect(() => rb.addDataPoint({ s: 'abcd' })).toThrow(/payload must fit in maxBytes 233/);
    expect(rb.count).toBe(0);
  });

  it('holds arrival times that go backwards at the previous time so reads by time stay ordered', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    rb.addDataPoint({ a: 1 }, 's', { arrivalTime: 10 });
    rb.addDataPoint({ a: 2 }, 's', { arrivalTime: 5 });
    expect(rb.getLatest(2).map((p) => p.time)).toEqual([10, 10]);
    expect(rb.stats.clampedTimes).toBe(1);
    expect(() => rb.addDataPoint({ a: 3 }, 's', { arrivalTime: Number.NaN })).toThrow(
      /arrival time must be a finite/,
    );
    expect(() => rb.addDataPoint({ a: 3 }, 's', { arrivalTime: Number.POSITIVE_INFINITY })).toThrow(
      /arrival time must be a finite/,
    );
    expect(() => rb.addMarker('s', 'gap-start', { arrivalTime: Number.NaN })).toThrow(/arrival time/);
    expect(rb.count).toBe(2);
  });

  it('keeps out-of-order source timestamps in arrival order and flags them, per source', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0 });
    const rb = new RingBuffer({ monitor });
    rb.addDataPoint({ v: 1 }, 'a', { sourceTime: 100 });
    rb.addDataPoint({ v: 2 }, 'b', { sourceTime: 50 });
    rb.addDataPoint({ v: 3 }, 'a', { sourceTime: 90 });
    rb.addDataPoint({ v: 4 }, 'a', { sourceTime: 110 });
    expect(rb.getLatest(4).map((p) => [p.fields.v, p.order])).toEqual([
      [1, 'in-order'],
      [2, 'in-order'],
      [3, 'out-of-order'],
      [4, 'in-order'],
    ]);
    expect(monitor.metrics().outOfOrder).toBe(1);
  });

  it('stores gap markers that readers see in order, skipped by window and stats', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    rb.addDataPoint({ v: 1 }, 'mqtt');
    expect(rb.addMarker('mqtt', 'gap-start')).toBe(2);
    rb.addMarker('mqtt', 'gap-end');
    rb.addDataPoint({ v: 2 }, 'mqtt');
    expect(rb.getLatest(4).map((p) => p.kind)).toEqual(['data', 'gap-start', 'gap-end', 'data']);
    expect(rb.getBySequence(2)?.fields).toEqual({});
    expect(Array.from(rb.window('v', 10))).toEqual([1, 2]);
    expect(rb.windowStats('v', 10).count).toBe(2);
  });
});

describe('RingBuffer bad input', () => {
  it('rejects a non-finite number naming the field and value, counts it, and leaves the buffer untouched', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0 });
    const rb = new RingBuffer({ monitor });
    rb.addDataPoint({ a: 1, b: 2 });
    const err = (() => {
      try {
        rb.addDataPoint({ a: 5, b: Number.POSITIVE_INFINITY });
      } catch (e) {
        return e as PayloadError;
      }
      throw new Error('expected a refusal');
    })();
    expect(err).toBeInstanceOf(PayloadError);
    expect(err.message).toBe('field "b" must be a finite number, got Infinity');
    expect(rb.count).toBe(1);
    expect(rb.nextSeq).toBe(2);
    expect(rb.stats.rejectedPoints).toBe(1);
    expect(monitor.metrics().rejectedPoints['non-finite']).toBe(1);
  });

  it('rejects a value of the wrong type for a declared field', () => {
    const rb = new RingBuffer({ fields: { temp: 'number' } });
    expect(() => rb.addDataPoint({ temp: 'hot' })).toThrow(
      'field "temp" must be a number (declared number), got "hot"',
    );
  });

  it('types a discovered field by its first value and refuses another type later', () => {
    const rb = new RingBuffer();
    rb.addDataPoint({ temp: 20 });
    expect(() => rb.addDataPoint({ temp: true })).toThrow(
      'field "temp" must be a number (first seen as number), got true',
    );
  });

  it('refuses unknown fields when unknownFields is reject', () => {
    const rb = new RingBuffer({ fields: { a: 'number' }, unknownFields: 'reject' });
    expect(() => rb.addDataPoint({ a: 1, zz: 2 })).toThrow(/field "zz" must be a declared field/);
    expect(rb.columns).toHaveLength(1);
  });

  it('refuses __proto__, constructor and prototype keys without touching any prototype', () => {
    const rb = new RingBuffer();
    const hostile = JSON.parse('{"a":1,"__proto__":{"isAdmin":true}}') as Record<string, unknown>;
    expect(() => rb.addDataPoint(hostile)).toThrow(/field "__proto__" must not be named/);
    expect(() => rb.addDataPoint({ x: { constructor: { prototype: 1 } } })).toThrow(/x.constructor/);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(rb.count).toBe(0);
  });

  it('refuses over-deep and oversized payloads', () => {
    const rb = new RingBuffer({ payloadLimits: { maxDepth: 2, maxFields: 3, maxStringBytes: 4 } });
    expect(() => rb.addDataPoint({ a: { b: { c: 1 } } })).toThrow(
      /field "a.b" must hold leaves at most 2 levels deep/,
    );
    expect(() => rb.addDataPoint({ a: 1, b: 2, c: 3, d: 4 })).toThrow(/have at most 3 fields/);
    expect(() => rb.addDataPoint({ s: 'hello' })).toThrow(/field "s" must be at most 4 UTF-8 bytes/);
    expect(rb.stats.rejectedPoints).toBe(3);
  });

  it('with badField drop-field, drops the bad fields, keeps the rest, flags the point partial and counts', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0 });
    const rb = new RingBuffer({ badField: 'drop-field', fields: { n: 'number' }, monitor });
    const seq = rb.addDataPoint({ n: 'x', ok: 1, bad: Number.NaN, constructor: 3 });
    const p = rb.getBySequence(seq);
    expect(p?.fields).toEqual({ ok: 1 });
    expect(p?.completeness).toBe('partial');
    const m = monitor.metrics();
    expect(m.droppedFields['wrong-type']).toBe(1);
    expect(m.droppedFields['non-finite']).toBe(1);
    expect(m.droppedFields['forbidden-key']).toBe(1);
    expect(m.droppedFields.total).toBe(3);
  });

  it('takes the general path again when a known stream changes key order or shape', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    rb.addDataPoint({ a: 1, b: 2 });
    rb.addDataPoint({ b: 3, a: 4 });
    rb.addDataPoint({ a: 5, b: 6, c: 7 });
    expect(() => rb.addDataPoint({ a: 8, b: Number.NaN })).toThrow(/field "b"/);
    expect(rb.getLatest(3).map((p) => p.fields)).toEqual([
      { a: 1, b: 2 },
      { a: 4, b: 3 },
      { a: 5, b: 6, c: 7 },
    ]);
  });
});

describe('RingBuffer listeners', () => {
  it('calls listeners with the sequence after the point is readable', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    const seen: unknown[] = [];
    const listener = (seq: number, b: RingBuffer) => seen.push(b.getBySequence(seq)?.fields.v);
    rb.addListener(listener);
    rb.addDataPoint({ v: 7 });
    expect(rb.removeListener(listener)).toBe(true);
    rb.addDataPoint({ v: 8 });
    expect(seen).toEqual([7]);
  });

  it('isolates a listener that throws: counted, reported once per interval, ingestion and others go on', () => {
    const clock = fakeClock();
    const monitor = new DataLayerMonitor({ clock: clock.now });
    const onError = vi.fn();
    const rb = new RingBuffer({ monitor, onError, reportIntervalMs: 1000 });
    const good: number[] = [];
    rb.addListener(() => {
      throw new Error('boom');
    });
    rb.addListener((seq) => good.push(seq));
    for (let i = 0; i < 5; i++) rb.addDataPoint({ v: i });
    clock.advance(1000);
    rb.addDataPoint({ v: 5 });
    expect(good).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rb.count).toBe(6);
    expect(monitor.metrics().listenerErrors).toBe(6);
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[0]?.[0]).toBe('RingBuffer listener #0 threw at point 1');
    expect(onError.mock.calls[1]?.[0]).toBe(
      'RingBuffer listener #0 threw at point 6 (4 more since the last report)',
    );
    expect(onError.mock.calls[0]?.[1]).toMatchObject({ message: 'boom' });
  });

  it('lets a listener remove itself during dispatch without skipping the next listener', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    const calls: string[] = [];
    const once = () => {
      calls.push('once');
      rb.removeListener(once);
    };
    rb.addListener(once);
    rb.addListener(() => calls.push('always'));
    rb.addDataPoint({ v: 1 });
    rb.addDataPoint({ v: 2 });
    expect(calls).toEqual(['once', 'always', 'always']);
  });
});

describe('RingBuffer.latestValue', () => {
  it('gives the latest value of a key among a range of points, whatever point carried it', () => {
    const rb = new RingBuffer({ capacity: 8, clock: () => 0 });
    rb.addDataPoint({ cpu: 1, state: 'a' });
    for (let i = 0; i < 5; i++) rb.addDataPoint({ mem: i });
    rb.addDataPoint({ cpu: 2, state: null });
    rb.addDataPoint({ cpu: null });
    expect(rb.latestValue('cpu', 1, 6)).toBe(1);
    expect(rb.latestValue('cpu', 1, 8)).toBe(2); // a null is no value
    expect(rb.latestValue('state', 1, 8)).toBeNull(); // but null is a string slot's value
    expect(rb.latestValue('cpu', 2, 6)).toBeUndefined();
    expect(rb.latestValue('mem', 1, 8)).toBe(4);
    expect(rb.latestValue('nope', 1, 8)).toBeUndefined();
    rb.addDataPoint({ mem: 9 });
    rb.addDataPoint({ mem: 10 }); // seq 1 leaves the buffer
    expect(rb.latestValue('cpu', 1, 6)).toBeUndefined();
  });
});
