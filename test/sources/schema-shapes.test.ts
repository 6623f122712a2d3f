import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/data/index.js';
import { PayloadGate, type SourceSchema } from '../../src/sources/index.js';

const SCHEMA: SourceSchema = {
  fields: {
    cpu: { type: 'number', min: 0, max: 100, onOutOfRange: 'clamp', rename: 'cpu_pct', required: true },
    temp: { type: 'number', min: -40, max: 125 },
    label: { type: 'string' },
  },
  unknownFields: 'keep',
};

/** What the gate returns, or the reason it refused. */
function outcome(gate: PayloadGate, data: unknown): unknown {
  try {
    return { ...gate.check(data) };
  } catch (err) {
    return { refused: (err as { reason?: string }).reason };
  }
}

const value = fc.oneof(
  fc.double({ min: -200, max: 200, noNaN: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 'text', null, true),
);
const KEY_SETS = [
  ['cpu', 'temp'],
  ['temp', 'cpu'],
  ['cpu', 'extra'],
  ['cpu'],
  ['extra', 'temp'],
  ['cpu', 'label'],
];
const payload = fc
  .tuple(fc.constantFrom(...KEY_SETS), fc.array(value, { minLength: 2, maxLength: 2 }))
  .map(([keys, values]) => Object.fromEntries(keys.map((k, i) => [k, values[i]])));

describe('a schema checked in one pass, by shape', () => {
  it('gives what the checked walk gives, for any stream of mixed shapes (property)', () => {
    for (const unknownFields of ['keep', 'drop', 'reject'] as const) {
      fc.assert(
        fc.property(fc.array(payload, { minLength: 1, maxLength: 40 }), (stream) => {
          const schema = { ...SCHEMA, unknownFields };
          const longLived = new PayloadGate({}, schema);
          for (const p of stream) {
            // A fresh gate has seen no shape: it always takes the checked walk.
            expect(outcome(longLived, p)).toEqual(outcome(new PayloadGate({}, schema), p));
          }
        }),
        { numRuns: 150 },
      );
    }
  });

  it('hands the buffer a plain object it reads on its fast path (no object per point once a shape repeats)', () => {
    const gate = new PayloadGate({}, SCHEMA);
    const rb = new RingBuffer({ clock: () => 0 });
    const seen = new Set<unknown>();
    for (let i = 0; i < 10; i++) {
      const checked = gate.check({ cpu: 150 - i, temp: i, extra: 1 });
      seen.add(checked);
      expect(Object.getPrototypeOf(checked)).toBe(Object.prototype);
      rb.addDataPoint(checked);
    }
    // The first payload took the checked walk (a fresh object); every later one reuses one object.
    expect(seen.size).toBe(2);
    expect(rb.stats.shapesCompiled).toBe(1);
    expect(rb.getLatest(2).map((p) => ({ ...p.fields }))).toEqual([
      { cpu_pct: 100, temp: 8, extra: 1 },
      { cpu_pct: 100, temp: 9, extra: 1 },
    ]);
  });

  it('refuses on the fast path exactly as on the checked one, naming the field', () => {
    const gate = new PayloadGate({}, SCHEMA);
    gate.check({ cpu: 1, temp: 2 });
    gate.check({ cpu: 1, temp: 2 });
    expect(() => gate.check({ cpu: 1, temp: 300 })).toThrow('field "temp" must be in [-40, 125], got 300');
    expect(() => gate.check({ cpu: 1, temp: Number.NaN })).toThrow(/field "temp" must be a finite number/);
    expect({ ...gate.check({ cpu: 101, temp: 3 }) }).toEqual({ cpu_pct: 100, temp: 3 });
  });

  it('checks a payload without a schema by its shape once seen, and still refuses a bad value', () => {
    const gate = new PayloadGate();
    const p = { cpu: 1, mem: 2 };
    expect(gate.check(p)).toBe(p);
    expect(gate.check({ cpu: 3, mem: 4 })).toEqual({ cpu: 3, mem: 4 });
    expect(() => gate.check({ cpu: 3, mem: Number.POSITIVE_INFINITY })).toThrow(
      /field "mem" must be a finite/,
    );
    expect(() => gate.check([1, 2])).toThrow(/must be a plain object/);
  });
});
