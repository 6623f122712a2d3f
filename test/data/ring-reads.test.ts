import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataLayerMonitor, type DataPoint, RingBuffer } from '../../src/data/index.js';

function filled(n: number, capacity = 100) {
  let t = 0;
  const rb = new RingBuffer({ capacity, clock: () => t });
  for (let i = 1; i <= n; i++) {
    t = i * 10;
    rb.addDataPoint({ v: i, w: i * 2 });
  }
  return rb;
}

describe('RingBuffer reads', () => {
  it('getBySequence returns undefined for overwritten and future sequence numbers', () => {
    const rb = filled(5, 3);
    expect(rb.getBySequence(2)).toBeUndefined();
    expect(rb.getBySequence(3)?.fields.v).toBe(3);
    expect(rb.getBySequence(6)).toBeUndefined();
    expect(rb.getBySequence(3.5)).toBeUndefined();
  });

  it('getDataSince returns points that arrived at or after a time, by binary search', () => {
    const rb = filled(10);
    expect(rb.getDataSince(75).map((p) => p.seq)).toEqual([8, 9, 10]);
    expect(rb.getDataSince(80).map((p) => p.seq)).toEqual([8, 9, 10]);
    expect(rb.getDataSince(1000)).toEqual([]);
  });

  it('readSince reports how many points a slow reader missed, never a silent loss', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0 });
    const rb = new RingBuffer({ capacity: 4, monitor });
    for (let i = 1; i <= 10; i++) rb.addDataPoint({ v: i });
    const r = rb.readSince(2);
    expect(r.missed).toBe(4);
    expect(r.points.map((p) => p.seq)).toEqual([7, 8, 9, 10]);
    expect(r.lastSeq).toBe(10);
    expect(monitor.metrics().readerGaps).toBe(4);
    expect(rb.readSince(10)).toEqual({ points: [], missed: 0, lastSeq: 10 });
  });

  it('a cursor reads in batches and accumulates its gap count', () => {
    const rb = new RingBuffer({ capacity: 3, clock: () => 0 });
    const cursor = rb.createCursor('next');
    rb.addDataPoint({ v: 1 });
    rb.addDataPoint({ v: 2 });
    expect(cursor.read(1).map((p) => p.fields.v)).toEqual([1]);
    for (let i = 3; i <= 7; i++) rb.addDataPoint({ v: i });
    expect(cursor.read().map((p) => p.fields.v)).toEqual([5, 6, 7]);
    expect(cursor.gapCount).toBe(3);
    expect(cursor.position).toBe(7);
  });

  it('a cursor reads only what arrived up to a tick boundary time', () => {
    const rb = filled(5);
    const cursor = rb.createCursor('oldest');
    expect(cursor.readUntil(30).map((p) => p.seq)).toEqual([1, 2, 3]);
    expect(cursor.readUntil(35)).toEqual([]);
    expect(cursor.readUntil(50).map((p) => p.seq)).toEqual([4, 5]);
  });

  it('a cursor that fell behind reads up to the boundary only, after counting what it missed', () => {
    const rb = filled(10, 4);
    const cursor = rb.createCursor('oldest');
    for (let i = 11; i <= 20; i++) rb.addDataPoint({ v: i }, 'x', { arrivalTime: i * 10 });
    expect(cursor.readUntil(180).map((p) => p.seq)).toEqual([17, 18]);
    expect(cursor.gapCount).toBe(10);
    expect(cursor.readUntil(1000).map((p) => p.seq)).toEqual([19, 20]);
  });

  it('window gives the last n values oldest first, into a caller array without allocating a new one', () => {
    const rb = filled(10, 6);
    const out = new Float64Array(4);
    expect(rb.window('v', 4, out)).toBe(out);
    expect(Array.from(out)).toEqual([7, 8, 9, 10]);
    expect(Array.from(rb.window('v', 20))).toEqual([5, 6, 7, 8, 9, 10]);
    expect(rb.window('nope', 3)).toHaveLength(0);
    expect(() => rb.window('v', 5, new Float64Array(2))).toThrow(/"out" holds 2 values, fewer than n = 5/);
  });

  it('window and stats refuse a non-numeric field by name', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    rb.addDataPoint({ s: 'x' });
    expect(() => rb.window('s', 1)).toThrow('window/stats: field "s" holds string values, not numbers');
  });

  it('stats gives min, max, mean and last of the last n values', () => {
    const rb = filled(10);
    expect(rb.windowStats('v', 4)).toEqual({ count: 4, min: 7, max: 10, mean: 8.5, last: 10 });
    const empty = rb.windowStats('nope', 4);
    expect(empty.count).toBe(0);
    expect(empty.mean).toBeNaN();
  });

  it('iterates oldest first, building points one at a time', () => {
    const rb = filled(5, 3);
    expect([...rb].map((p) => p.seq)).toEqual([3, 4, 5]);
    const it2 = rb[Symbol.iterator]();
    expect(it2.next().value?.seq).toBe(3);
    for (let i = 6; i <= 9; i++) rb.addDataPoint({ v: i });
    // Overwritten while iterating: the iterator jumps to what is still held.
    expect(it2.next().value?.seq).toBe(7);
  });
});

// ---- model-based property test -------------------------------------------------------------------

type Op =
  | { kind: 'push'; v: number | undefined; w: number | undefined; dt: number }
  | { kind: 'marker'; dt: number }
  | { kind: 'latest'; n: number }
  | { kind: 'bySeq'; back: number }
  | { kind: 'read'; max: number }
  | { kind: 'window'; n: number }
  | { kind: 'since'; back: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      v: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
      w: fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }),
      dt: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('marker' as const), dt: fc.integer({ min: 0, max: 3 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('latest' as const), n: fc.integer({ min: 0, max: 12 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('bySeq' as const), back: fc.integer({ min: -2, max: 12 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('read' as const), max: fc.integer({ min: 0, max: 6 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('window' as const), n: fc.integer({ min: 0, max: 12 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('since' as const), back: fc.integer({ min: 0, max: 20 }) }),
  },
);

interface ModelPoint {
  seq: number;
  time: number;
  marker: boolean;
  fields: Record<string, number>;
}

function view(p: DataPoint | undefined) {
  return p === undefined
    ? undefined
    : {
        seq: p.seq,
        time: p.time,
        marker: p.kind !== 'data',
        fields: { ...p.fields } as Record<string, unknown>,
      };
}

describe('RingBuffer against an array model', () => {
  it('agrees with the model for any sequence of pushes, reads and wrap-arounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.array(opArb, { maxLength: 80 }), (capacity, ops) => {
        let now = 0;
        const rb = new RingBuffer({ capacity, clock: () => now });
        const all: ModelPoint[] = [];
        let cursor = 0;
        let gaps = 0;
        let seen = 0;
        const held = () => all.slice(Math.max(0, all.length - capacity));
        for (const op of ops) {
          switch (op.kind) {
            case 'push': {
              now += op.dt;
              const data: Record<string, number> = {};
              if (op.v !== undefined) data.v = op.v;
              if (op.w !== undefined) data.w = op.w;
              const seq = rb.addDataPoint(data);
              all.push({ seq: all.length + 1, time: now, marker: false, fields: data });
              expect(seq).toBe(all.length);
              break;
            }
            case 'marker':
              now += op.dt;
              rb.addMarker('default', 'gap-start');
              all.push({ seq: all.length + 1, time: now, marker: true, fields: {} });
              break;
            case 'latest':
              expect(rb.getLatest(op.n).map(view)).toEqual(op.n === 0 ? [] : held().slice(-op.n));
              break;
            case 'bySeq': {
              const seq = all.length - op.back;
              const expected = held().find((p) => p.seq === seq);
              expect(view(rb.getBySequence(seq))).toEqual(expected);
              break;
            }
            case 'read': {
              const r = rb.readSince(cursor, op.max);
              const h = held();
              const oldest = h[0]?.seq ?? all.length + 1;
              const missed = Math.max(0, oldest - (cursor + 1));
              const expected = h.filter((p) => p.seq > cursor).slice(0, op.max);
              expect(r.missed).toBe(missed);
              expect(r.points.map(view)).toEqual(expected);
              gaps += r.missed;
              seen += r.points.length;
              cursor = r.lastSeq;
              break;
            }
            case 'window': {
              const values = held()
                .filter((p) => p.fields.v !== undefined)
                .map((p) => p.fields.v as number);
              const expected = op.n === 0 ? [] : values.slice(-op.n);
              expect(Array.from(rb.window('v', op.n))).toEqual(expected);
              const s = rb.windowStats('v', op.n);
              expect(s.count).toBe(expected.length);
              if (expected.length > 0) {
                expect(s.min).toBe(Math.min(...expected));
                expect(s.max).toBe(Math.max(...expected));
                expect(s.last).toBe(expected[expected.length - 1]);
              }
              break;
            }
            case 'since': {
              const t = now - op.back;
              expect(rb.getDataSince(t).map(view)).toEqual(held().filter((p) => p.time >= t));
              break;
            }
          }
        }
        // Everything pushed is either readable now or accounted for as a gap.
        const rest = rb.readSince(cursor);
        gaps += rest.missed;
        seen += rest.points.length;
        expect(seen + gaps).toBe(all.length);
        expect(rest.lastSeq).toBe(all.length);
      }),
      { numRuns: 300 },
    );
  });
});
