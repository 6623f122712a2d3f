import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../src/data/index.js';
import { historySeries, Scene, type Series, Sparkline } from '../../../src/render/index.js';
import { ascii } from '../ascii.js';

function fixed(values: number[]): Series & { version: number } {
  return {
    version: 1,
    read(out: Float64Array): number {
      const n = Math.min(out.length, values.length);
      for (let i = 0; i < n; i++) out[i] = values[values.length - n + i] as number;
      return n;
    },
  };
}

describe('Sparkline', () => {
  it('draws the newest value at the right edge on an automatic scale', () => {
    const scene = new Scene({
      width: 4,
      height: 3,
      widgets: [new Sparkline({ w: 4, h: 3, series: fixed([0, 1, 2]) })],
    });
    scene.frame(0);
    expect(ascii(scene.framebuffer)).toEqual(['...#', '..#.', '.#..']);
  });

  it('leaves a gap where the data has one instead of drawing across it', () => {
    const s = fixed([0, 0, Number.NaN, 2, 2]);
    const scene = new Scene({
      width: 5,
      height: 3,
      widgets: [new Sparkline({ w: 5, h: 3, series: s, min: 0, max: 2 })],
    });
    scene.frame(0);
    expect(ascii(scene.framebuffer)).toEqual(['...##', '.....', '##...']);
  });

  it('draws bars from the bottom, clamped to a fixed scale', () => {
    const s = fixed([1, 4, 9]);
    const scene = new Scene({
      width: 6,
      height: 4,
      widgets: [new Sparkline({ w: 6, h: 4, series: s, mode: 'bars', step: 1, min: 0, max: 3 })],
    });
    scene.frame(0);
    // Three 1-pixel bars with 1-pixel gaps, right-aligned; 4 and 9 are above max and fill the height.
    expect(ascii(scene.framebuffer)).toEqual(['...#.#', '...#.#', '.#.#.#', '.#.#.#']);
  });

  it('redraws when the series version changes, and not otherwise', () => {
    const values = [1, 2];
    const s = fixed(values);
    const scene = new Scene({ width: 4, height: 4, widgets: [new Sparkline({ w: 4, h: 4, series: s })] });
    scene.frame(0);
    expect(scene.frame(1)).toBeUndefined();
    values.push(0);
    s.version++;
    expect(scene.frame(2)?.damage).toEqual([{ x: 0, y: 0, w: 4, h: 4 }]);
  });
});

describe('historySeries', () => {
  it("reads a ring buffer field, newest last, with a gap at a source's gap marker", () => {
    let now = 0;
    const buffer = new RingBuffer({ capacity: 32, clock: () => now });
    for (const v of [1, 2, 3]) {
      now += 100;
      buffer.addDataPoint({ cpu: v }, 'sys');
    }
    buffer.addMarker('sys', 'gap-start');
    buffer.addMarker('sys', 'gap-end');
    now += 100;
    buffer.addDataPoint({ cpu: 7 }, 'sys');
    buffer.addDataPoint({ other: 1 }, 'sys');
    const s = historySeries(buffer, 'cpu');
    const out = new Float64Array(8);
    const n = s.read(out);
    expect(Array.from(out.subarray(0, n))).toEqual([1, 2, 3, Number.NaN, 7]);
    const few = new Float64Array(2);
    expect(s.read(few)).toBe(2);
    expect(Array.from(few)).toEqual([Number.NaN, 7]);
  });

  it('puts a gap between points further apart than gapAfterMs', () => {
    let now = 0;
    const buffer = new RingBuffer({ capacity: 8, clock: () => now });
    for (const [t, v] of [
      [0, 1],
      [100, 2],
      [5000, 3],
    ] as const) {
      now = t;
      buffer.addDataPoint({ v });
    }
    const out = new Float64Array(4);
    const n = historySeries(buffer, 'v', { gapAfterMs: 1000 }).read(out);
    expect(Array.from(out.subarray(0, n))).toEqual([1, 2, Number.NaN, 3]);
    expect(historySeries(buffer, 'missing').read(out)).toBe(0);
  });
});

describe('historySeries version', () => {
  it('changes for a new value of its key or an eviction it shows, not for other keys', () => {
    const buffer = new RingBuffer({ capacity: 4 });
    const series = historySeries(buffer, 'cpu');
    const out = new Float64Array(8);
    const v0 = series.version;
    buffer.addDataPoint({ cpu: 1 });
    const v1 = series.version;
    expect(v1).not.toBe(v0);
    series.read(out);
    buffer.addDataPoint({ mem: 5 });
    expect(series.version).toBe(v1); // another key: nothing to redraw
    buffer.addDataPoint({ cpu: 2 });
    const v2 = series.version;
    expect(v2).not.toBe(v1);
    expect(series.read(out)).toBe(2);
    // The window holds every value: evicting the oldest changes the picture.
    buffer.addDataPoint({ mem: 6 });
    buffer.addDataPoint({ mem: 7 });
    expect(series.version).not.toBe(v2);
    expect(series.read(out)).toBe(1);
  });
});
