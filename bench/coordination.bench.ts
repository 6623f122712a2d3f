/**
 * Coordination benchmarks.
 *
 * `coordination.evaluate.100_primitives.ns`: one `evaluate(tick)` (tick + 1 each op) over 100
 * primitives of mixed kinds (20 each of trigger, sync, barrier, sequence, timeline) on 50 animations,
 * with triggers restarting the others periodically so the scene never goes idle. The host is the real
 * `TickAnimationEngine` (its `stateAt` / `endTickOf` answers are part of the cost); the same scene on a
 * fixed-duration fake host is logged for comparison (coordination's own share).
 */
import { TickAnimationEngine } from '../src/animation/index.js';
import type { AnimationState } from '../src/animation/state.js';
import {
  type AnimationHost,
  afterTicks,
  CoordinationEngine,
  callAction,
  firePrimitive,
  startAnimation,
} from '../src/coordination/index.js';
import { type BenchContext, type BenchEntry, gc, round, timePerOp } from './harness.js';

const ANIMATIONS = 50;

/** Fixed-duration host: a run started at S is running on [S, S + d) and finished from S + d. */
class DurationHost implements AnimationHost {
  readonly #dur = new Map<string, number>();
  readonly #start = new Map<string, number>();
  readonly #stop = new Map<string, number>();
  constructor(count: number) {
    for (let i = 0; i < count; i++) this.#dur.set(`a${i}`, 10 + ((i * 7) % 50));
  }
  hasAnimation(id: string): boolean {
    return this.#dur.has(id);
  }
  startAnimationAt(id: string, tick: number): void {
    this.#start.set(id, tick);
    this.#stop.delete(id);
  }
  stopAnimationAt(id: string, tick: number): void {
    this.#stop.set(id, tick);
  }
  stateAt(id: string, tick: number): AnimationState {
    const s = this.#start.get(id);
    if (s === undefined) return 'defined';
    const stop = this.#stop.get(id);
    if (stop !== undefined && tick >= stop) return 'stopped';
    if (tick < s) return 'scheduled';
    return tick < s + (this.#dur.get(id) ?? 0) ? 'running' : 'finished';
  }
  endTickOf(id: string): number | undefined {
    const s = this.#start.get(id);
    return s === undefined ? undefined : s + (this.#dur.get(id) ?? 0);
  }
}

const anim = (i: number): string => `a${i % ANIMATIONS}`;

/** 20 of each kind; triggers (conditions over the tick) keep firing the rest. */
export function buildMixedScene(host: AnimationHost, perKind = 20): CoordinationEngine {
  const engine = new CoordinationEngine(host, { historyLimit: 1024 });
  let sink = 0;
  const count = callAction(({ tick }) => {
    sink = (sink + tick) | 0;
  });
  for (let i = 0; i < perKind; i++) {
    engine.sync(`sync${i}`, { animations: [anim(i), anim(i + 20)] });
    engine.barrier(`barrier${i}`, { members: [anim(i), anim(i + 20), anim(i + 35)], actions: [count] });
    engine.sequence(`seq${i}`, {
      steps: [
        { animation: anim(i + 3) },
        { animation: anim(i + 11), gapTicks: 2 },
        { animation: anim(i + 29) },
      ],
    });
    engine.timeline(`tl${i}`, {
      labels: { mid: 15 + i },
      entries: [
        { at: 0, actions: [startAnimation(anim(i + 5))] },
        { at: 'mid', actions: [count] },
        { at: 40 + i, actions: [afterTicks(3, startAnimation(anim(i + 7)))] },
      ],
    });
  }
  for (let i = 0; i < perKind; i++) {
    const period = 30 + 5 * i;
    const kind = i % 4;
    const target = kind === 0 ? `sync${i}` : kind === 1 ? `seq${i}` : kind === 2 ? `tl${i}` : `barrier${i}`;
    engine.trigger(`trig${i}`, {
      priority: i % 3,
      mode: i % 2 === 0 ? 'edge' : 'level',
      cooldownTicks: i % 2 === 0 ? 0 : period,
      condition: ({ tick }) => tick % period < 3,
      actions: [firePrimitive(target)],
    });
  }
  return engine;
}

/** The real engine with 50 two-keyframe animations of 10 to 59 ticks. */
function realHost(): TickAnimationEngine {
  const engine = new TickAnimationEngine();
  for (let i = 0; i < ANIMATIONS; i++) {
    engine.addAnimation({
      id: `a${i}`,
      target: `w${i % 10}`,
      tracks: {
        [`p${Math.floor(i / 10)}`]: [
          { at: 0, value: 0 },
          { at: 10 + ((i * 7) % 50), value: 100, easing: 'quadInOut' },
        ],
      },
    });
  }
  return engine;
}

function measure(ctx: BenchContext, host: AnimationHost, label: string): number {
  const engine = buildMixedScene(host);
  gc();
  let tick = 0;
  let events = 0;
  const timing = timePerOp(
    () => {
      events += engine.evaluate(tick++).length;
    },
    { opsPerRound: ctx.quick ? 200 : 1000, rounds: ctx.quick ? 20 : 100 },
  );
  ctx.log(
    `  ${label}: ${engine.primitives().length} primitives, ${tick} ticks, ${events} events, ` +
      `median ${round(timing.medianNs)} ns, p99 ${round(timing.p99Ns)} ns`,
  );
  return timing.medianNs;
}

export default async function coordinationBench(ctx: BenchContext): Promise<BenchEntry[]> {
  measure(ctx, new DurationHost(ANIMATIONS), 'fixed-duration fake host');
  const median = measure(ctx, realHost(), 'TickAnimationEngine host');
  return [{ name: 'coordination.evaluate.100_primitives.ns', value: round(median), unit: 'ns' }];
}
