import type { CoordinationEnv } from './env.js';
import { checkAnimations, PrimitiveBase, type PrimitiveOptions } from './primitive.js';
import type { FieldReader, PrimitiveFields } from './snapshot.js';

/**
 * - `waiting`: armed, some member has not finished yet.
 * - `resolved`: every member finished; its actions ran. `triggerAt` arms it again.
 */
export type BarrierState = 'waiting' | 'resolved';

/** Options of `engine.barrier`: the animations to wait for. */
export interface BarrierOptions extends PrimitiveOptions {
  /** Animations to wait for. Must exist on the host (an unknown id throws). */
  readonly members: readonly string[];
}

/**
 * Resolves once every member has finished, including members that finished before the barrier
 * existed. It resolves at the tick the last member finished (or the tick it was armed, if later), so a
 * loop that skips ticks sees the same tick. A member that is stopped, paused or never scheduled holds
 * the barrier: "finished" means the host reports `finished` for it.
 */
export class BarrierPrimitive extends PrimitiveBase {
  readonly kind = 'barrier' as const;
  readonly members: readonly string[];
  #state: BarrierState = 'waiting';
  #armedAt: number;
  #resolvedAt = -1;

  constructor(id: string, options: BarrierOptions, env: CoordinationEnv) {
    const path = `barrier "${id}"`;
    super(id, options, env, path);
    this.members = checkAnimations(options.members, env, `${path}.members`);
    this.#armedAt = env.armTick();
  }

  get state(): BarrierState {
    return this.#state;
  }

  /** The tick it last resolved at, or `undefined`. */
  get resolvedTick(): number | undefined {
    return this.#resolvedAt < 0 ? undefined : this.#resolvedAt;
  }

  override nextDue(): number {
    return this.#state === 'waiting' ? this.#resolveTick() : Number.POSITIVE_INFINITY;
  }

  override advance(tick: number): void {
    if (this.#state !== 'waiting') return;
    // Cheap test first (one host call per member at most): a member still running holds the barrier.
    for (const m of this.members) {
      const end = this.env.host.endTickOf(m);
      if (end === undefined || end > tick) return;
    }
    const at = this.#resolveTick();
    if (at > tick) return;
    this.#state = 'resolved';
    this.#resolvedAt = at;
    this.env.emit({ type: 'barrier.resolved', id: this.id, tick: at });
    this.env.runActions(this.actions, at, this.id);
  }

  override saveFields(): PrimitiveFields {
    return { state: this.#state, armedAt: this.#armedAt, resolvedAt: this.#resolvedAt };
  }

  override loadFields(r: FieldReader): void {
    this.#state = r.oneOf<BarrierState>('state', ['waiting', 'resolved']);
    this.#armedAt = r.int('armedAt');
    this.#resolvedAt = r.int('resolvedAt');
  }

  override fire(tick: number): void {
    this.#state = 'waiting';
    this.#armedAt = tick;
    this.advance(tick);
  }

  /**
   * The first tick at which every member is `finished` (never before the arm tick), or `Infinity`.
   * The end tick the host gives may be the last running tick or the first finished one depending on
   * its convention; both are accepted by looking one tick further.
   */
  #resolveTick(): number {
    let at = this.#armedAt;
    const host = this.env.host;
    for (const m of this.members) {
      const end = host.endTickOf(m);
      if (end === undefined || !Number.isFinite(end)) return Number.POSITIVE_INFINITY;
      let done = end;
      if (host.stateAt(m, done) !== 'finished') {
        done = end + 1;
        if (host.stateAt(m, done) !== 'finished') return Number.POSITIVE_INFINITY;
      }
      if (done > at) at = done;
    }
    // A member that ended before the resolve tick must still be finished at it (not restarted).
    for (const m of this.members) {
      const end = host.endTickOf(m) as number;
      if (end + 1 < at && host.stateAt(m, at) !== 'finished') return Number.POSITIVE_INFINITY;
    }
    return at;
  }
}
