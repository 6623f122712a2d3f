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
    // Only {a, b} repeats; a shape seen once is read without compiling.
    expect(rb.stats.shapesCompiled).toBe(1);
  });

  it('keeps interleaved shapes apart: each point is read by its own shape', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    const shapes = [['a', 'b'], ['b', 'a'], ['a', 'b', 'c'], ['c'], ['a']];
    const points: Record<string, number>[] = [];
    for (let i = 0; i < 50; i++) {
      const keys = shapes[i % shapes.length] as string[];
      points.push(Object.fromEntries(keys.map((k, j) => [k, i * 10 + j])));
    }
    for (const p of points) rb.addDataPoint(p);
    expect(rb.getLatest(points.length).map((p) => p.fields)).toEqual(points);
    expect(rb.stats).toMatchObject({ shapesCompiled: shapes.length, shapesForgotten: 0 });
  });

  it('reads records without a prototype (what a schema builds) like plain objects', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    for (let i = 0; i < 3; i++) {
      const p = Object.create(null) as Record<string, number>;
      p.cpu = i;
      p.mem = i * 2;
      rb.addDataPoint(p);
    }
    expect(rb.getLatest(3).map((p) => ({ ...p.fields }))).toEqual([
      { cpu: 0, mem: 0 },
      { cpu: 1, mem: 2 },
      { cpu: 2, mem: 4 },
    ]);
    expect(rb.stats.shapesCompiled).toBe(1);
  });

  it('never takes an array or a class instance for a known shape', () => {
    const rb = new RingBuffer({ clock: () => 0 });
    rb.addDataPoint({ 0: 1 });
    rb.addDataPoint({ 0: 2 });
    expect(() => rb.addDataPoint([3] as unknown as Record<string, unknown>)).toThrow(
      /must be a plain object/,
    );
    class Reading {
      0 = 4;
    }
    expect(() => rb.addDataPoint(new Reading() as unknown as Record<string, unknown>)).toThrow(
      /must be a plain object/,
    );
    expect(rb.count).toBe(2);
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
    expect(rb.stats.shapesCompiled).toBe(1);
    expect(rb.getLatest(2).map((p) => p.fields)).toEqual([point, point]);
    expect((globalThis as { hacked?: number }).hacked).toBeUndefined();
  });

  it('keeps its cache of shapes bounded (64), forgetting the least recently used, counted', () => {
    const rb = new RingBuffer({ clock: () => 0, capacity: 16 });
    const twice = (key: string): void => {
      rb.addDataPoint({ [key]: 1 });
      rb.addDataPoint({ [key]: 2 });
    };
    for (let i = 0; i < 64; i++) twice(`k${i}`);
    expect(rb.stats).toMatchObject({ shapesCompiled: 64, shapesForgotten: 0 });
    rb.addDataPoint({ k0: 3 }); // k0 is now the most recently used, k1 the least
    twice('new');
    expect(rb.stats).toMatchObject({ shapesCompiled: 65, shapesForgotten: 1 });
    rb.addDataPoint({ k0: 4 }); // still known: no new compile
    expect(rb.stats.shapesCompiled).toBe(65);
    twice('k1'); // forgotten: learnt and compiled again
    expect(rb.stats).toMatchObject({ shapesCompiled: 66, shapesForgotten: 2 });
  });
});
