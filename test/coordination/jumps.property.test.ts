import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterTicks,
  CoordinationEngine,
  type CoordinationEvent,
  firePrimitive,
  startAnimation,
} from '../../src/coordination/index.js';
import { FakeHost } from './fake-host.js';

interface Scene {
  readonly durations: readonly number[];
  readonly timelines: readonly {
    startAt: number;
    offsets: readonly number[];
    delay: number;
    target: number;
  }[];
  readonly sequenceGaps: readonly number[];
}

const ANIMS = 4;

const sceneArb: fc.Arbitrary<Scene> = fc.record({
  durations: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: ANIMS, maxLength: ANIMS }),
  timelines: fc.array(
    fc.record({
      startAt: fc.integer({ min: 0, max: 30 }),
      offsets: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 4 }),
      delay: fc.integer({ min: 0, max: 6 }),
      target: fc.integer({ min: 0, max: 5 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  sequenceGaps: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 3 }),
});

/** Timelines that start animations, fire (now or later) a sequence, a sync or a barrier. */
function build(scene: Scene): { engine: CoordinationEngine; host: FakeHost } {
  const host = new FakeHost(Object.fromEntries(scene.durations.map((d, i) => [`a${i}`, d])));
  const engine = new CoordinationEngine(host);
  const targets = ['seq', 'sync', 'bar', 'seq', 'sync', 'bar'];
  engine.sequence('seq', {
    steps: scene.sequenceGaps.map((g, i) => ({ animation: `a${i % ANIMS}`, gapTicks: g })),
  });
  engine.sync('sync', { animations: ['a1', 'a2'] });
  engine.barrier('bar', { members: ['a0', 'a3'], actions: [startAnimation('a1')] });
  scene.timelines.forEach((tl, k) => {
    engine.timeline(`tl${k}`, {
      startAt: tl.startAt,
      entries: tl.offsets.map((at, i) => ({
        at,
        actions: [
          startAnimation(`a${(i + k) % ANIMS}`),
          afterTicks(tl.delay, firePrimitive(targets[(tl.target + i) % targets.length] as string)),
        ],
      })),
    });
  });
  return { engine, host };
}

describe('evaluate across jumps (property)', () => {
  it('reports the same events and gives the host the same commands as stepping tick by tick', () => {
    fc.assert(
      fc.property(
        sceneArb,
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 20 }),
        (scene, gaps) => {
          const stepped = build(scene);
          const jumped = build(scene);
          const end = 120;
          const a: CoordinationEvent[] = [];
          const b: CoordinationEvent[] = [];
          for (let t = 0; t <= end; t++) a.push(...stepped.engine.evaluate(t));
          let t = 0;
          for (let i = 0; t < end; i++) {
            t = Math.min(end, t + (gaps[i % gaps.length] as number));
            b.push(...jumped.engine.evaluate(t));
          }
          expect(b).toEqual(a);
          expect(jumped.host.calls).toEqual(stepped.host.calls);
        },
      ),
      { numRuns: 150, seed: 20261124 },
    );
  });
});
