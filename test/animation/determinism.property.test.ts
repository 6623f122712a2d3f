import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnimationDefinition,
  type EngineSnapshot,
  type Frame,
  TickAnimationEngine,
} from '../../src/animation/index.js';

const HORIZON = 40;
const easing = fc.constantFrom(
  'linear',
  'quadIn',
  'cubicOut',
  'backOut',
  'elasticInOut',
  'bounceOut',
  'steps(3)',
  'cubic-bezier(0.3,0,0.7,1)',
);

const keyframeDef = fc.record({
  values: fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 4 }),
  gaps: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 4, maxLength: 4 }),
  easings: fc.array(easing, { minLength: 4, maxLength: 4 }),
  colour: fc.boolean(),
  delay: fc.integer({ min: 0, max: 3 }),
  repeat: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constant(Number.POSITIVE_INFINITY)),
  direction: fc.constantFrom('normal', 'reverse', 'alternate'),
  fill: fc.constantFrom('hold', 'none'),
  withSpeed: fc.boolean(),
});

const followDef = fc.record({
  initial: fc.integer({ min: 0, max: 100 }),
  ticks: fc.integer({ min: 0, max: 6 }),
  easing,
});

type Cmd = {
  tick: number;
  anim: number;
  kind: 'start' | 'stop' | 'pause' | 'resume' | 'param';
  v: number;
  ticks: number;
  e: string;
};

const command = fc.record({
  tick: fc.integer({ min: 0, max: HORIZON }),
  anim: fc.nat(),
  kind: fc.constantFrom('start', 'start', 'stop', 'pause', 'resume', 'param', 'param'),
  v: fc.integer({ min: 1, max: 100 }),
  ticks: fc.integer({ min: 0, max: 5 }),
  e: easing,
}) as fc.Arbitrary<Cmd>;

const scenario = fc.record({
  anims: fc.array(
    fc.oneof(
      keyframeDef.map((k) => ({ type: 'k' as const, k })),
      followDef.map((f) => ({ type: 'f' as const, f })),
    ),
    {
      minLength: 1,
      maxLength: 5,
    },
  ),
  commands: fc.array(command, { maxLength: 30 }),
  targets: fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 5, maxLength: 5 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function definitions(s: Scenario): AnimationDefinition[] {
  return s.anims.map((a, i): AnimationDefinition => {
    const target = s.targets[i] ?? 'a';
    if (a.type === 'f') {
      return {
        id: `f${i}`,
        target,
        follow: {
          property: `p${i}`,
          initial: a.f.initial,
          transition: { ticks: a.f.ticks, easing: a.f.easing },
        },
      };
    }
    const k = a.k;
    let at = 0;
    const frames = k.values.map((v, j) => {
      at += j === 0 ? 0 : (k.gaps[j] ?? 1);
      return {
        at,
        value: k.colour ? (`#${(Math.abs(v) * 5).toString(16).padStart(2, '0')}40c0` as const) : v,
        easing: k.easings[j],
      };
    });
    return {
      id: `k${i}`,
      target,
      tracks: {
        [`p${i}`]: frames,
        q: [
          { at: 0, value: [0, i] },
          { at: 3, value: [i, 0], easing: 'sineInOut' },
        ],
      },
      delay: k.delay,
      repeat: k.repeat,
      direction: k.direction,
      fill: k.fill,
      ...(k.withSpeed ? { parameters: { rate: 1 }, speed: { param: 'rate' } } : {}),
    } as AnimationDefinition;
  });
}

function apply(engine: TickAnimationEngine, defs: AnimationDefinition[], c: Cmd): void {
  const def = defs[c.anim % defs.length] as AnimationDefinition;
  const id = def.id;
  if (c.kind === 'start') engine.startAnimationAt(id, c.tick);
  else if (c.kind === 'stop') engine.stopAnimationAt(id, c.tick);
  else if (c.kind === 'pause') engine.pauseAnimationAt(id, c.tick);
  else if (c.kind === 'resume') engine.resumeAnimationAt(id, c.tick);
  else if ('follow' in def) {
    engine.updateAnimationParameter(id, 'value', c.v, c.tick, { ticks: c.ticks, easing: c.e });
  } else if (def.parameters) engine.updateAnimationParameter(id, 'rate', c.v / 25, c.tick);
  else engine.startAnimationAt(id, c.tick);
}

function fresh(defs: AnimationDefinition[], max?: number): TickAnimationEngine {
  const e = new TickAnimationEngine(max ? { maxCommandsPerAnimation: max } : {});
  for (const d of defs) e.addAnimation(d);
  return e;
}

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
  TickAnimationEngine.restore(JSON.parse(JSON.stringify(e.serialize())) as EngineSnapshot);

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
        expect(JSON.stringify(restored.serialize())).toBe(JSON.stringify(engine.serialize()));
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
