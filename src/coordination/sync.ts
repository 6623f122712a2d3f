import type { CoordinationEnv } from './env.js';
import type { FireCause } from './events.js';
import { checkAnimations, checkTick, PrimitiveBase, type PrimitiveOptions } from './primitive.js';
import type { FieldReader, PrimitiveFields } from './snapshot.js';

/**
 * - `idle`: waits for `triggerAt` or a `fire` action.
 * - `scheduled`: will fire at its `atTick`.
 * - `fired`: fired at least once (it may fire again, once per tick).
 */
export type SyncState = 'idle' | 'scheduled' | 'fired';

/** Options of `engine.sync`: the animations started together. */
export interface SyncOptions extends PrimitiveOptions {
  /** Animations started together, at the tick the sync fires, in this order. Must exist on the host. */
  readonly animations: readonly string[];
  /** Fire by itself at this tick (integer >= 0). Default: only when fired. */
  readonly atTick?: number;
}

/** Starts several animations at one tick, then runs its actions. */
export class SyncPrimitive extends PrimitiveBase {
  readonly kind = 'sync' as const;
  readonly animations: readonly string[];
  readonly atTick: number | undefined;
  #state: SyncState;

  constructor(id: string, options: SyncOptions, env: CoordinationEnv) {
    const path = `sync "${id}"`;
    super(id, options, env, path);
    this.animations = checkAnimations(options.animations, env, `${path}.animations`);
    this.atTick = options.atTick === undefined ? undefined : checkTick(options.atTick, `${path}.atTick`);
    this.#state = this.atTick === undefined ? 'idle' : 'scheduled';
  }

  get state(): SyncState {
    return this.#state;
  }

  override nextDue(): number {
    return this.#state === 'scheduled' ? (this.atTick as number) : Number.POSITIVE_INFINITY;
  }

  override advance(tick: number): void {
    if (this.#state === 'scheduled' && (this.atTick as number) <= tick) {
      // Leave `scheduled` first: a refused fire (cycle) must not be retried on every tick.
      this.#state = 'idle';
      this.env.fire(this.id, this.atTick as number, 'schedule');
    }
  }

  override saveFields(): PrimitiveFields {
    return { state: this.#state };
  }

  override loadFields(r: FieldReader): void {
    this.#state = r.oneOf<SyncState>('state', ['idle', 'scheduled', 'fired']);
  }

  override fire(tick: number, cause: FireCause): void {
    this.#state = 'fired';
    for (const animation of this.animations) {
      try {
        this.env.host.startAnimationAt(animation, tick);
      } catch (err) {
        this.env.reportError(this.id, tick, 'start', err);
      }
    }
    this.env.emit({ type: 'sync.fired', id: this.id, tick, animations: this.animations, cause });
    this.env.runActions(this.actions, tick, this.id);
  }
}
