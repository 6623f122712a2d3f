import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TickAnimationEngine } from '../src/animation/index.js';
import {
  afterTicks,
  CoordinationEngine,
  type CoordinationEvent,
  firePrimitive,
  startAnimation,
  stopAnimation,
} from '../src/coordination/index.js';

const FRAMES = 10_000;
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
function buildScene(
  conditions: boolean,
  restored?: TickAnimationEngine,
): { engine: TickAnimationEngine; coordination: CoordinationEngine } {
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
  const a = (i: number): string => `a${i % 50}`;
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

interface RunResult {
  readonly frames: string;
  readonly events: string;
  readonly eventCount: number;
  readonly changedFrames: number;
  /** Event types seen, sorted. */
  readonly types: readonly string[];
}

/** `evaluate` calls of the last run. */
let evaluations = 0;

/** Evaluate coordination up to each tick in `evaluateAt`, then hash every frame up to it. */
function run(conditions: boolean, evaluateAt: readonly number[]): RunResult {
  const { engine, coordination } = buildScene(conditions);
  const frames = createHash('sha256');
  const events = createHash('sha256');
  let eventCount = 0;
  let changedFrames = 0;
  let previous = '';
  const types = new Set<string>();
  let next = 0;
  for (const tick of evaluateAt) {
    const got: readonly CoordinationEvent[] = coordination.evaluate(tick);
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
  expect(coordination.counters.actionErrors).toBe(0);
  expect(coordination.counters.cycleErrors).toBe(0);
  evaluations = coordination.counters.evaluations;
  return {
    frames: frames.digest('hex'),
    events: events.digest('hex'),
    eventCount,
    changedFrames,
    types: [...types].sort(),
  };
}

const ALL_KINDS = [
  'barrier.resolved',
  'sequence.completed',
  'sequence.started',
  'sequence.step',
  'sync.fired',
  'timeline.action',
  'timeline.completed',
  'timeline.label',
  'timeline.started',
  'trigger.fired',
];

const everyTick = Array.from({ length: FRAMES }, (_, i) => i);

/** Ticks 0..FRAMES-1 with seeded gaps of 1 to 40 (a loop that falls behind), always ending on the last. */
function skippingTicks(seed: number): number[] {
  const out: number[] = [];
  let s = seed >>> 0;
  for (let t = 0; t < FRAMES - 1; ) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    t = Math.min(FRAMES - 1, t + 1 + (s % 40));
    out.push(t);
  }
  return out;
}

describe('determinism', () => {
  it('gives byte-identical frames and events in two independent runs of 10,000 ticks', () => {
    const first = run(true, everyTick);
    const second = run(true, everyTick);
    expect(second).toEqual(first);
    // The scene is busy, not idle: plenty of coordination and of changing frames.
    expect(first.eventCount).toBeGreaterThan(500);
    expect(first.changedFrames).toBeGreaterThan(FRAMES / 2);
    expect(first.types).toEqual(ALL_KINDS);
  });

  it('gives the same frames and events when the loop skips ticks (each due action runs once, at its tick)', () => {
    const stepped = run(false, everyTick);
    const ticks = skippingTicks(7);
    const skipping = run(false, ticks);
    expect(evaluations).toBe(ticks.length);
    expect(ticks.length).toBeLessThan(FRAMES / 10);
    expect(skipping).toEqual(stepped);
    expect(stepped.eventCount).toBeGreaterThan(500);
    expect(stepped.types).toEqual(ALL_KINDS);
  });

  it('continues identically after a JSON snapshot and restore of both engines halfway', () => {
    const half = FRAMES / 2;
    const hashFrom = (engine: TickAnimationEngine, coordination: CoordinationEngine, from: number) => {
      const frames = createHash('sha256');
      const events = createHash('sha256');
      for (let tick = from; tick < FRAMES; tick++) {
        for (const e of coordination.evaluate(tick)) events.update(JSON.stringify(e));
        frames.update(JSON.stringify(engine.frameAt(tick)));
      }
      return { frames: frames.digest('hex'), events: events.digest('hex') };
    };
    const original = buildScene(true);
    for (let tick = 0; tick < half; tick++) original.coordination.evaluate(tick);
    const saved = JSON.stringify({
      animation: original.engine.serialize(),
      coordination: original.coordination.snapshot(),
    });
    const expected = hashFrom(original.engine, original.coordination, half);

    const parsed = JSON.parse(saved);
    const copy = buildScene(true, TickAnimationEngine.restore(parsed.animation));
    copy.coordination.restore(parsed.coordination);
    expect(hashFrom(copy.engine, copy.coordination, half)).toEqual(expected);
  });
});
