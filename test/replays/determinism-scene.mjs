// The determinism scene of test/determinism.test.ts, as plain JavaScript that takes the library as a
// parameter: vitest passes the TypeScript sources, scripts/replay-hashes.mjs passes the built dist/
// (also under an arm64 Node run by qemu). Types: determinism-scene.d.mts.
import { createHash } from 'node:crypto';

export const name = 'determinism-scene';
export const FRAMES = 10_000;
const EASINGS = [
  'linear',
  'quadInOut',
  'cubicOut',
  'sineIn',
  'backOut',
  'bounceOut',
  'elasticOut',
  'steps(4)',
];

/**
 * 50 animations and 20 primitives (4 of each kind) that keep one another busy for 10,000 ticks:
 * timelines restart themselves and fire the rest, triggers start syncs and sequences, barriers wait
 * on the syncs' animations and fire sequences. With `conditions`, the triggers also have conditions
 * over the tick (evaluated only at ticks given to `evaluate`, so that variant is stepped tick by tick).
 */
export function buildScene(lib, conditions, restored) {
  const {
    afterTicks,
    CoordinationEngine,
    firePrimitive,
    startAnimation,
    stopAnimation,
    TickAnimationEngine,
  } = lib;
  const engine = restored ?? new TickAnimationEngine();
  for (let i = 0; i < 50 && restored === undefined; i++) {
    const d = 12 + ((i * 13) % 60);
    engine.addAnimation({
      id: `a${i}`,
      target: `w${i % 10}`,
      tracks: {
        [`p${Math.floor(i / 10)}`]: [
          { at: 0, value: i },
          { at: Math.floor(d / 2), value: 100 + i, easing: EASINGS[i % EASINGS.length] },
          { at: d, value: 3 * i, easing: EASINGS[(i + 3) % EASINGS.length] },
        ],
      },
      repeat: i === 49 ? Number.POSITIVE_INFINITY : i % 7 === 0 ? 2 : 0,
      direction: i % 5 === 0 ? 'alternate' : 'normal',
      delay: i % 3,
    });
  }
  const coordination = new CoordinationEngine(engine, { historyLimit: 256 });
  const a = (i) => `a${i % 50}`;
  for (let k = 0; k < 4; k++) {
    coordination.sync(`sync${k}`, { animations: [a(k * 5), a(k * 5 + 1), a(k * 5 + 2)] });
    coordination.barrier(`barrier${k}`, {
      members: [a(k * 5), a(k * 5 + 1), a(k * 5 + 2)],
      actions: [firePrimitive(`seq${(k + 1) % 4}`)],
    });
    coordination.sequence(`seq${k}`, {
      timing: k % 2 === 0 ? 'chain' : 'offsets',
      gapTicks: k,
      steps: [
        { animation: a(20 + k * 6), offsetTicks: 0 },
        { animation: a(21 + k * 6), offsetTicks: 9 + k },
        { animation: a(22 + k * 6), offsetTicks: 4 },
      ],
      actions: [startAnimation(a(44 + k))],
    });
    const period = 211 + 37 * k;
    coordination.timeline(`tl${k}`, {
      startAt: 5 * k,
      labels: { half: Math.floor(period / 2) },
      entries: [
        { at: 0, actions: [firePrimitive(`sync${k}`), firePrimitive(`barrier${k}`)] },
        { at: 17 + k, actions: [firePrimitive(`trig${(k + 2) % 4}`), startAnimation(a(40 + k))] },
        { at: 'half', actions: [stopAnimation(a(49)), afterTicks(7 + k, startAnimation(a(49)))] },
        { at: period, actions: [afterTicks(1, firePrimitive(`tl${k}`))] },
      ],
    });
    coordination.trigger(`trig${k}`, {
      priority: k % 2,
      mode: k % 2 === 0 ? 'edge' : 'level',
      cooldownTicks: 25 + k,
      ...(conditions ? { condition: ({ tick }) => Math.floor(tick / (53 + 11 * k)) % 3 === 0 } : {}),
      actions: [
        firePrimitive(k % 2 === 0 ? `seq${k}` : `sync${(k + 1) % 4}`),
        afterTicks(30, startAnimation(a(30 + k))),
      ],
    });
  }
  return { engine, coordination };
}

/** Evaluate coordination up to each tick in `evaluateAt`, then hash every frame up to it. */
export function runScene(lib, conditions, evaluateAt) {
  const { engine, coordination } = buildScene(lib, conditions);
  const frames = createHash('sha256');
  const events = createHash('sha256');
  let eventCount = 0;
  let changedFrames = 0;
  let previous = '';
  const types = new Set();
  let next = 0;
  for (const tick of evaluateAt) {
    const got = coordination.evaluate(tick);
    eventCount += got.length;
    for (const e of got) {
      types.add(e.type);
      events.update(JSON.stringify(e));
    }
    for (; next <= tick; next++) {
      const text = JSON.stringify(engine.frameAt(next));
      if (text !== previous) changedFrames++;
      previous = text;
      frames.update(text);
    }
  }
  return {
    frames: frames.digest('hex'),
    events: events.digest('hex'),
    eventCount,
    changedFrames,
    types: [...types].sort(),
    counters: {
      actionErrors: coordination.stats.actionErrors,
      cycleErrors: coordination.stats.cycleErrors,
      evaluations: coordination.stats.evaluations,
    },
  };
}

/** Ticks 0..FRAMES-1. */
export const everyTick = Array.from({ length: FRAMES }, (_, i) => i);

/** The golden: frame and event hashes of the scene with conditions, stepped through every tick. */
export function run(lib) {
  const { frames, events } = runScene(lib, true, everyTick);
  return { frames, events };
}
