import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataLayerMonitor, RingBuffer } from '../../src/data/index.js';

// Issue 9: columns were never reclaimed, so after maxColumns distinct junk keys every later point
// carrying a new key was refused whole, real fields included.
describe('RingBuffer under a flood of junk keys', () => {
  it('keeps the known fields of a point whose new key finds no column, and counts the dropped one', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0 });
    const rb = new RingBuffer({ capacity: 8, maxColumns: 4, clock: () => 0, monitor });
    rb.addDataPoint({ cpu: 1 });
    for (let i = 0; i < 3; i++) rb.addDataPoint({ [`junk${i}`]: i, cpu: 2 });
    // Every junk value is still held: no column can be reclaimed yet.
    expect(rb.addDataPoint({ cpu: 3, temp: 2 })).toBe(5);
    expect(rb.getBySequence(5)).toMatchObject({ fields: { cpu: 3 }, completeness: 'partial' });
    expect(rb.stats).toMatchObject({ droppedFields: 1, rejectedPoints: 0, columnsReclaimed: 0 });
    expect(monitor.metrics().droppedFields).toMatchObject({ 'too-many-fields': 1 });
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
    expect(rb.addDataPoint({ cpu: 1, temp: 5 })).toBe(2); // no room: temp dropped, cpu kept
    for (let i = 0; i < 3; i++) rb.addDataPoint({ cpu: i });
    expect(rb.addDataPoint({ cpu: 9, temp: 2 })).toBe(6);
    expect(rb.getBySequence(6)?.fields).toEqual({ cpu: 9, temp: 2 });
    expect(rb.stats).toMatchObject({ columnsReclaimed: 1, droppedFields: 1 });
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
    // `b` is still held (seq 4): `a` finds no column and nothing else is left, so the point is refused.
    expect(() => rb.addDataPoint({ a: 4 })).toThrow('field "a" must fit in maxColumns 2, got 4');
    expect(rb.stats).toMatchObject({ columnsReclaimed: 1, rejectedPoints: 1 });
    rb.addDataPoint({ c: 5 });
    rb.addDataPoint({ c: 6 });
    rb.addDataPoint({ a: 7 }); // `b` left: reclaimed for `a`
    expect(rb.getLatest(2).map((p) => p.fields)).toEqual([{ c: 6 }, { a: 7 }]);
    expect(Array.from(rb.window('a', 3))).toEqual([7]);
  });
});
