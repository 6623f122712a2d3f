import { describe, expect, it } from 'vitest';
import {
  SourceSupervisor,
  SyntheticGenerator,
  SyntheticSource,
  seededUnit,
} from '../../src/sources/index.js';
import { type ContractFixture, runSourceContract } from './contract.js';
import { FakeClock, flushPromises, RecordingSink } from './helpers.js';

const FIELDS = {
  wave: { kind: 'sine', period: 4, amplitude: 10, offset: 50 },
  hiss: { kind: 'noise', amplitude: 1 },
  level: { kind: 'steps', levels: [1, 2, 3], every: 2 },
  load: { kind: 'bursts', base: 5, peak: 95, every: 5, length: 2 },
} as const;

runSourceContract({
  name: 'synthetic',
  can: { sendHostile: false, interrupt: false },
  async setup(): Promise<ContractFixture> {
    const gen = new SyntheticGenerator(FIELDS, 7);
    return {
      source: new SyntheticSource({ id: 'synth', fields: FIELDS, seed: 7, intervalMs: 5 }),
      sendValid: async () => undefined,
      expected: (n) => gen.at(n - 1),
      teardown: async () => undefined,
    };
  },
});

describe('SyntheticGenerator', () => {
  it('gives the same values for the same seed, different ones for another seed', () => {
    const a = new SyntheticGenerator(FIELDS, 42);
    const b = new SyntheticGenerator(FIELDS, 42);
    const c = new SyntheticGenerator(FIELDS, 43);
    const seq = (g: SyntheticGenerator) => Array.from({ length: 50 }, (_, i) => g.at(i));
    expect(seq(a)).toEqual(seq(b));
    expect(seq(a).map((x) => x.hiss)).not.toEqual(seq(c).map((x) => x.hiss));
  });

  it('computes each waveform from the sample index', () => {
    const g = new SyntheticGenerator(FIELDS, 1);
    expect([0, 1, 2, 3].map((i) => Math.round(g.at(i).wave as number))).toEqual([50, 60, 50, 40]);
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => g.at(i).level)).toEqual([1, 1, 2, 2, 3, 3, 1]);
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => g.at(i).load)).toEqual([95, 95, 5, 5, 5, 95, 95]);
    for (let i = 0; i < 1_000; i++) {
      const h = g.at(i).hiss as number;
      expect(h).toBeGreaterThanOrEqual(-1);
      expect(h).toBeLessThan(1);
    }
  });

  it('spreads seededUnit evenly over [0, 1)', () => {
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const u = seededUnit(3, 0, i);
      bins[Math.floor(u * 10)] = (bins[Math.floor(u * 10)] as number) + 1;
    }
    for (const n of bins) expect(n).toBeGreaterThan(850);
  });

  it('refuses bad waveforms naming the field', () => {
    expect(() => new SyntheticGenerator({ x: { kind: 'sine', period: 0 } }, 1)).toThrow(
      /field "x": sine period/,
    );
    expect(() => new SyntheticGenerator({ y: { kind: 'steps', levels: [], every: 1 } }, 1)).toThrow(
      /field "y"/,
    );
    expect(() => new SyntheticGenerator({ ['__proto__']: { kind: 'noise' } }, 1)).toThrow(
      /cannot be a field name/,
    );
  });
});

describe('SyntheticSource', () => {
  it('samples on the injected timer and ends after count samples', async () => {
    const clock = new FakeClock();
    const sink = new RecordingSink();
    const sup = new SourceSupervisor(
      new SyntheticSource({ id: 's', fields: FIELDS, seed: 9, intervalMs: 100, count: 3 }),
      {
        sink,
        clock,
        onError: () => undefined,
      },
    );
    sup.start();
    await flushPromises();
    clock.advance(99);
    expect(sink.points).toHaveLength(0);
    clock.advance(1);
    expect(sink.points).toHaveLength(1);
    clock.advance(300);
    await flushPromises();
    const g = new SyntheticGenerator(FIELDS, 9);
    expect(sink.points.map((p) => p.data)).toEqual([g.at(0), g.at(1), g.at(2)]);
    expect(sup.state).toBe('stopped');
  });
});
