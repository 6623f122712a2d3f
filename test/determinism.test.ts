import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CoordinationEngine } from '../src/coordination/index.js';
import * as lib from '../src/index.js';
import { TickAnimationEngine } from '../src/index.js';
import {
  buildScene as buildSceneOf,
  everyTick,
  FRAMES,
  runScene,
  type SceneRun,
} from './replays/determinism-scene.mjs';

/**
 * The scene (50 animations, 20 primitives that keep one another busy for 10,000 ticks) lives in
 * test/replays/determinism-scene.mjs, plain JavaScript, so that scripts can replay it on the built
 * dist/ (and under an arm64 Node); its committed hashes are checked by test/golden.
 */
const buildScene = (conditions: boolean, restored?: TickAnimationEngine) =>
  buildSceneOf(lib, conditions, restored);

/** A run of the scene takes a few seconds; more on a busy machine (two cores shared in CI). */
const SCENE_TIMEOUT = 120_000;

/** `evaluate` calls of the last run. */
let evaluations = 0;

/** Evaluate coordination up to each tick in `evaluateAt`, then hash every frame up to it. */
function run(conditions: boolean, evaluateAt: readonly number[]): Omit<SceneRun, 'counters'> {
  const { counters, ...result } = runScene(lib, conditions, evaluateAt);
  expect(counters.actionErrors).toBe(0);
  expect(counters.cycleErrors).toBe(0);
  evaluations = counters.evaluations;
  return result;
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
  it(
    'gives byte-identical frames and events in two independent runs of 10,000 ticks',
    () => {
      const first = run(true, everyTick);
      const second = run(true, everyTick);
      expect(second).toEqual(first);
      // The scene is busy, not idle: plenty of coordination and of changing frames.
      expect(first.eventCount).toBeGreaterThan(500);
      expect(first.changedFrames).toBeGreaterThan(FRAMES / 2);
      expect(first.types).toEqual(ALL_KINDS);
    },
    SCENE_TIMEOUT,
  );

  it(
    'gives the same frames and events when the loop skips ticks (each due action runs once, at its tick)',
    () => {
      const stepped = run(false, everyTick);
      const ticks = skippingTicks(7);
      const skipping = run(false, ticks);
      expect(evaluations).toBe(ticks.length);
      expect(ticks.length).toBeLessThan(FRAMES / 10);
      expect(skipping).toEqual(stepped);
      expect(stepped.eventCount).toBeGreaterThan(500);
      expect(stepped.types).toEqual(ALL_KINDS);
    },
    SCENE_TIMEOUT,
  );

  it(
    'continues identically after a JSON snapshot and restore of both engines halfway',
    () => {
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
        animation: original.engine.snapshot(),
        coordination: original.coordination.snapshot(),
      });
      const expected = hashFrom(original.engine, original.coordination, half);

      const parsed = JSON.parse(saved);
      const copy = buildScene(true, TickAnimationEngine.restore(parsed.animation));
      copy.coordination.restore(parsed.coordination);
      expect(hashFrom(copy.engine, copy.coordination, half)).toEqual(expected);
    },
    SCENE_TIMEOUT,
  );
});
