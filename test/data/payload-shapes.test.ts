import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/data/index.js';

describe('RingBuffer payload shapes', () => {
  it('stores the same points whichever path took them, across shape changes', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    const points: Record<string, unknown>[] = [
      { a: 1, b: 2 },
      { a: 3, b: 4 },
      { b: 5, a: 6 },
      { a: 7, b: 8, c: 9 },
      { a: 10, b: 11 },
      { a: 12, b: 13, s: 'str' },
      { a: 14, b: 15 },
    ];
    for (const p of points) rb.addDataPoint(p);
    expect(rb.getLatest(points.length).map((p) => p.fields)).toEqual(points);
    expect(rb.getCounters().shapesCompiled).toBe(3);
  });

  it('refuses a bad value in a known shape through the checked path, naming the field', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    rb.addDataPoint({ a: 1, b: 2 });
    rb.addDataPoint({ a: 1, b: 2 });
    expect(() => rb.addDataPoint({ a: 1, b: Number.NEGATIVE_INFINITY })).toThrow(
      'field "b" must be a finite number, got -Infinity',
    );
    expect(rb.count).toBe(2);
  });

  it('takes hostile key text as data, never as code, on the compiled path too', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    const key = `x"]; globalThis.hacked = 1; d["`;
    const point = { [key]: 1, 'back\\slash': 2, 'line\u2028sep': 3 };
    rb.addDataPoint(point);
    rb.addDataPoint(point);
    expect(rb.getCounters().shapesCompiled).toBe(1);
    expect(rb.getLatest(2).map((p) => p.fields)).toEqual([point, point]);
    expect((globalThis as { hacked?: number }).hacked).toBeUndefined();
  });

  it('keeps its cache of shapes bounded and counts what it forgot', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    for (let i = 0; i < 20; i++) rb.addDataPoint({ [`k${i}`]: i });
    const c = rb.getCounters();
    expect(c.shapesCompiled).toBe(20);
    expect(c.shapesForgotten).toBe(4);
  });
});
