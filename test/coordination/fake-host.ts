import type { AnimationState } from '../../src/animation/state.js';
import type { AnimationHost } from '../../src/coordination/host.js';

interface Run {
  start: number;
  stop: number;
}

/**
 * A minimal AnimationHost for unit tests: each animation has a fixed duration in ticks; a run started
 * at S is running on [S, S + duration) and finished from S + duration (its end tick) on.
 */
export class FakeHost implements AnimationHost {
  readonly durations = new Map<string, number>();
  readonly runs = new Map<string, Run>();
  /** Every call, in order: `start a@3`, `stop a@5`. */
  readonly calls: string[] = [];

  constructor(durations: Record<string, number>) {
    for (const [id, d] of Object.entries(durations)) this.durations.set(id, d);
  }

  hasAnimation(id: string): boolean {
    return this.durations.has(id);
  }

  startAnimationAt(id: string, tick: number): void {
    if (!this.durations.has(id)) throw new Error(`unknown animation "${id}"`);
    this.calls.push(`start ${id}@${tick}`);
    this.runs.set(id, { start: tick, stop: Number.POSITIVE_INFINITY });
  }

  stopAnimationAt(id: string, tick: number): void {
    if (!this.durations.has(id)) throw new Error(`unknown animation "${id}"`);
    this.calls.push(`stop ${id}@${tick}`);
    const run = this.runs.get(id);
    if (run) run.stop = tick;
  }

  stateAt(id: string, tick: number): AnimationState {
    const run = this.runs.get(id);
    if (!run) return 'defined';
    if (tick < run.start) return 'scheduled';
    if (tick >= run.stop) return 'stopped';
    return tick < run.start + this.durations.get(id)! ? 'running' : 'finished';
  }

  endTickOf(id: string): number | undefined {
    const run = this.runs.get(id);
    if (!run) return undefined;
    const end = run.start + this.durations.get(id)!;
    return Math.min(run.stop, end);
  }
}
