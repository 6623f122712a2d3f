/**
 * Coordination benchmarks.
 *
 * `coordination.evaluate.100_primitives.ns`: one `evaluate(tick)` (tick + 1 each op) over 100
 * primitives of mixed kinds (20 each of trigger, sync, barrier, sequence, timeline) on 50 animations,
 * with triggers restarting the others periodically so the scene never goes idle.
 */
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

export default async function coordinationBench(ctx: BenchContext): Promise<BenchEntry[]> {
  const engine = buildMixedScene(new DurationHost(ANIMATIONS));
  ctx.log(`  primitives: ${engine.primitives().length}, host: fixed-duration fake`);
  gc();
  let tick = 0;
  let events = 0;
  const timing = timePerOp(
    () => {
      events += engine.evaluate(tick++).length;
    },
    { opsPerRound: ctx.quick ? 200 : 1000, rounds: ctx.quick ? 20 : 100 },
  );
  ctx.log(`  ticks: ${tick}, events: ${events}, p99: ${round(timing.p99Ns)} ns`);
  return [{ name: 'coordination.evaluate.100_primitives.ns', value: round(timing.medianNs), unit: 'ns' }];
}
