import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { above, changed, crosses, RingBufferInput, type TickInput } from '../../src/binding/index.js';
import { RingBuffer } from '../../src/data/index.js';
import { ArrayInput, setupBinder } from './fakes.js';

type Point = { t: number; fields: Record<string, number> };

function run(points: readonly Point[], ticks: number, input: TickInput, push: (p: Point) => void): string[] {
  const { engine, binder, fired, run: runTicks } = setupBinder({ input });
  binder.bindDataToAnimation('a', 'bar', 'fill', undefined, { deadband: 2 });
  binder.bindDataToAnimation('b', 'bar', 'x', undefined, { debounce: 2 });
  binder.addDataTrigger('a', crosses(50, 'either'), () => {}, { id: 'cross' });
  binder.addDataTrigger('b', changed(), () => {}, { id: 'changed' });
  binder.addDataTrigger(['a', 'b'], 'a > 70 || b < 10', () => {}, { id: 'expr', cooldown: 3 });
  binder.addDataTrigger('a', above(90), () => {}, { id: 'level', mode: 'level' });
  for (const p of points) push(p);
  runTicks(0, ticks);
  return [...engine.values(), ...fired];
}

describe('inputs agree', () => {
  it('the ring buffer input (latest value per key) gives what every-field delivery gives', () => {
    const point = fc.record({
      dt: fc.double({ min: 0, max: 150, noNaN: true }),
      a: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      b: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 60 }), (raw) => {
        let t = 0;
        const points: Point[] = [];
        for (const r of raw) {
          t += r.dt;
          const fields: Record<string, number> = {};
          if (r.a !== undefined) fields.a = r.a;
          if (r.b !== undefined) fields.b = r.b;
          if (Object.keys(fields).length > 0) points.push({ t, fields });
        }
        const ticks = Math.ceil(t / 100) + 4;
        const array = new ArrayInput();
        const viaArray = run(points, ticks, array, (p) => array.push(p.t, p.fields));
        const buffer = new RingBuffer({ capacity: 128, clock: () => 0 });
        const ring = new RingBufferInput(buffer);
        const viaRing = run(points, ticks, ring, (p) =>
          buffer.addDataPoint(p.fields, 's', { arrivalTime: p.t }),
        );
        expect(viaRing).toEqual(viaArray);
      }),
      { numRuns: 150, seed: 20261124 },
    );
  });
});
