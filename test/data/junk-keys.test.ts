import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataLayerMonitor, RingBuffer } from '../../src/data/index.js';

// Issue 9: columns were never reclaimed, so after maxColumns distinct junk keys every later point
// carrying a new key was refused whole, real fields included.
describe('RingBuffer under a flood of junk keys', () => {
  it('evicts the junk column written longest ago for a real key while the junk is still held, and counts it', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0 });
    const rb = new RingBuffer({ capacity: 8, maxColumns: 4, clock: () => 0, monitor });
    rb.addDataPoint({ cpu: 1 });
    for (let i = 0; i < 3; i++) rb.addDataPoint({ [`junk${i}`]: i, cpu: 2 });
    // Every junk value is still held, none can be reclaimed: junk0 (written longest ago) is evicted.
    expect(rb.addDataPoint({ cpu: 3, temp: 2 })).toBe(5);
    expect(rb.getBySequence(5)).toMatchObject({ fields: { cpu: 3, temp: 2 }, completeness: 'complete' });
    expect(rb.stats).toMatchObject({
      droppedFields: 0,
      rejectedPoints: 0,
      columnsReclaimed: 0,
      columnsEvicted: 1,
    });
    expect(rb.getBySequence(2)?.fields).toEqual({ cpu: 2 }); // junk0's value went with its column
    expect(rb.columns.map((c) => c.key)).toEqual(['cpu', 'junk1', 'junk2', 'temp']);
  });

  it('keeps a key that is written often through a flood of keys written once', () => {
    const rb = new RingBuffer({ capacity: 1024, maxColumns: 8, clock: () => 0 });
    for (let i = 0; i < 500; i++) {
      rb.addDataPoint({ [`junk${i}`]: i });
      if (i % 3 === 0) rb.addDataPoint({ cpu: i });
    }
    expect(rb.columns.map((c) => c.key)).toContain('cpu');
    expect(Array.from(rb.window('cpu', 3))).toEqual([492, 495, 498]);
    expect(rb.stats.columnsEvicted).toBeGreaterThan(400);
  });

  it('reclaims a junk column once its last value has left the buffer, so a real key gets one', () => {
    const rb = new RingBuffer({ capacity: 4, maxColumns: 4, clock: () => 0 });
    rb.addDataPoint({ cpu: 0 });
    for (let i = 0; i < 3; i++) rb.addDataPoint({ [`junk${i}`]: i });
    for (let i = 0; i < 4; i++) rb.addDataPoint({ cpu: i }); // the junk points leave the buffer
    expect(rb.addDataPoint({ cpu: 9, temp: 2 })).toBe(9);
    expect(rb.getBySequence(9)?.fields).toEqual({ cpu: 9, temp: 2 });
    expect(rb.stats).toMatchObject({ columnsReclaimed: 1, droppedFields: 0 });
    // The column written longest ago went; positions shift and the generation says so.
    expect(rb.columnGeneration).toBe(1);
    expect(rb.columns.map((c) => [c.key, c.index])).toEqual([
      ['cpu', 0],
      ['junk1', 1],
      ['junk2', 2],
      ['temp', 3],
    ]);
    expect(Array.from(rb.window('temp', 4))).toEqual([2]);
    expect(rb.window('junk0', 4).length).toBe(0);
  });

  it('reclaims under the byte budget too (the limit the CLI monitor reaches first)', () => {
    // Room for the per-point overhead and two numeric columns of 4 slots: 4 * 11 + 2 * 4 * 8 bytes.
    const rb = new RingBuffer({ capacity: 4, maxBytes: 4 * 11 + 2 * 32, clock: () => 0 });
    rb.addDataPoint({ cpu: 0, junk: 1 });
    // No room: `junk`, written once, is evicted (its held value lost, counted) and temp gets a column.
    expect(rb.addDataPoint({ cpu: 1, temp: 5 })).toBe(2);
    expect(rb.getBySequence(2)?.fields).toEqual({ cpu: 1, temp: 5 });
    expect(rb.stats).toMatchObject({ columnsEvicted: 1, droppedFields: 0 });
    rb.addDataPoint({ cpu: 2, temp: 6 }); // temp written twice: never evicted for a newcomer
    expect(() => rb.addDataPoint({ other: 1 })).toThrow(/must fit a new number column/);
    for (let i = 0; i < 4; i++) rb.addDataPoint({ cpu: i });
    expect(rb.addDataPoint({ cpu: 9, other: 2 })).toBe(8); // temp left the buffer: reclaimed
    expect(rb.getBySequence(8)?.fields).toEqual({ cpu: 9, other: 2 });
    expect(rb.stats).toMatchObject({ columnsReclaimed: 1, columnsEvicted: 1, droppedFields: 1 });
    expect(rb.bytesUsed).toBeLessThanOrEqual(rb.maxBytes);
  });

  it('never reclaims a declared column, nor one the point being stored uses', () => {
    const rb = new RingBuffer({ capacity: 2, maxColumns: 3, clock: () => 0, fields: { cpu: 'number' } });
    rb.addDataPoint({ old: 1 });
    rb.addDataPoint({ cpu: 1 });
    rb.addDataPoint({ cpu: 2 }); // `old` left the buffer; `cpu` is declared
    rb.addDataPoint({ old: 5, a: 1, b: 2 });
    const last = rb.getLatest(1)[0];
    expect(last?.fields).toEqual({ old: 5, a: 1 });
    expect(rb.stats).toMatchObject({ columnsReclaimed: 0, droppedFields: 1 });
  });

  it('always lets a real key in after a flood has left the buffer (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 3, max: 8 }),
        (junk, capacity, maxColumns) => {
          const rb = new RingBuffer({ capacity, maxColumns, clock: () => 0 });
          for (let i = 0; i < junk; i++) rb.addDataPoint({ [`junk${i}`]: i, cpu: i });
          for (let i = 0; i < capacity; i++) rb.addDataPoint({ cpu: i });
          const seq = rb.addDataPoint({ cpu: 1, temp: 2 });
          expect(rb.getBySequence(seq)?.fields).toEqual({ cpu: 1, temp: 2 });
          const c = rb.stats;
          expect(c.ingested + c.rejectedPoints).toBe(junk + capacity + 1);
          expect(c.rejectedPoints).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the shape readers right when a column is reclaimed', () => {
    const rb = new RingBuffer({ capacity: 2, maxColumns: 2, clock: () => 0 });
    rb.addDataPoint({ a: 1 });
    rb.addDataPoint({ a: 2 }); // {a} compiled
    rb.addDataPoint({ b: 1 });
    rb.addDataPoint({ b: 2 });
    rb.addDataPoint({ c: 3 }); // `a` reclaimed for `c`
    // `b` (written twice) and `c` (once) are held: `c`, the one-off, is evicted for `a`.
    expect(rb.addDataPoint({ a: 4 })).toBe(6);
    expect(rb.stats).toMatchObject({ columnsReclaimed: 1, columnsEvicted: 1, rejectedPoints: 0 });
    expect(rb.getBySequence(5)?.fields).toEqual({});
    rb.addDataPoint({ b: 5 });
    rb.addDataPoint({ b: 6 });
    rb.addDataPoint({ a: 7 }); // the {a} reader still writes `a`'s column
    expect(rb.getLatest(2).map((p) => p.fields)).toEqual([{ b: 6 }, { a: 7 }]);
    expect(Array.from(rb.window('a', 3))).toEqual([7]);
  });
});
