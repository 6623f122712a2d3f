import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnimationDefinition,
  type EngineSnapshot,
  type Frame,
  TickAnimationEngine,
} from '../../src/animation/index.js';
import { apply, type Cmd, definitions, fresh, HORIZON, scenario } from '../fixtures/random-animations.js';

/** Step an engine 0..HORIZON, giving each command at its tick, and record every frame. */
function stepped(
  defs: AnimationDefinition[],
  commands: Cmd[],
): { engine: TickAnimationEngine; frames: Frame[] } {
  const engine = fresh(defs);
  const byTick = [...commands].sort((x, y) => x.tick - y.tick);
  const frames: Frame[] = [];
  let k = 0;
  for (let t = 0; t <= HORIZON; t++) {
    while (k < byTick.length && (byTick[k] as Cmd).tick === t) apply(engine, defs, byTick[k++] as Cmd);
    frames.push(engine.frameAt(t));
    if (t < HORIZON) engine.advanceTick();
  }
  return { engine, frames };
}

const roundTrip = (e: TickAnimationEngine) =>
  TickAnimationEngine.restore(JSON.parse(JSON.stringify(e.snapshot())) as EngineSnapshot);

describe('frameAt is a pure function of definitions and commands', () => {
  it('frameAt(N) is the same whether the engine was stepped 0..N or asked for N directly', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const defs = definitions(s);
        const { frames } = stepped(defs, s.commands);
        const direct = fresh(defs);
        for (const c of s.commands) apply(direct, defs, c);
        // Ascending, descending and scattered queries: cached folds must never leak between ticks.
        for (let t = 0; t <= HORIZON; t++) expect(direct.frameAt(t)).toEqual(frames[t]);
        for (let t = HORIZON; t >= 0; t--) expect(direct.frameAt(t)).toEqual(frames[t]);
        for (let j = 0; j <= HORIZON; j++) {
          const t = (j * 17) % (HORIZON + 1);
          expect(direct.frameAt(t)).toEqual(frames[t]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('frameAt(N) is the same after a serialise/restore round trip through JSON', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const defs = definitions(s);
        const { engine, frames } = stepped(defs, s.commands);
        const restored = roundTrip(engine);
        expect(restored.getCurrentTick()).toBe(HORIZON);
        for (let t = 0; t <= HORIZON; t++) expect(restored.frameAt(t)).toEqual(frames[t]);
        for (const d of defs) expect(restored.endTickOf(d.id)).toBe(engine.endTickOf(d.id));
        expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(engine.snapshot()));
      }),
      { numRuns: 150 },
    );
  });

  it('a restored engine given the remaining commands ends where the original did, even with a short history', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: HORIZON }), (s, cut) => {
        const defs = definitions(s);
        const sorted = [...s.commands].sort((x, y) => x.tick - y.tick);
        const original = fresh(defs, 3);
        for (const c of sorted) apply(original, defs, c);
        const half = fresh(defs, 3);
        for (const c of sorted) if (c.tick < cut) apply(half, defs, c);
        const resumed = roundTrip(half);
        for (const c of sorted) if (c.tick >= cut) apply(resumed, defs, c);
        for (let t = cut; t <= HORIZON + 5; t++) expect(resumed.frameAt(t)).toEqual(original.frameAt(t));
        expect(resumed.stats.droppedCommands).toBe(original.stats.droppedCommands);
      }),
      { numRuns: 100 },
    );
  });

  it('stateAt agrees between stepped, direct and restored engines', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const defs = definitions(s);
        const { engine } = stepped(defs, s.commands);
        const direct = fresh(defs);
        for (const c of s.commands) apply(direct, defs, c);
        const restored = roundTrip(engine);
        for (const d of defs) {
          for (let t = 0; t <= HORIZON; t += 3) {
            const st = engine.stateAt(d.id, t);
            expect(direct.stateAt(d.id, t)).toBe(st);
            expect(restored.stateAt(d.id, t)).toBe(st);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
