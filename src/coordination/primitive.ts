import { type CoordinationAction, describe, validateActions } from './actions.js';
import type { CoordinationEnv } from './env.js';
import type { FireCause, PrimitiveKind } from './events.js';
import type { FieldReader, PrimitiveFields } from './snapshot.js';

/**
 * What every coordination primitive offers the rest of the program, whatever its kind. This is what
 * `CoordinationEngine.getCoordinationPrimitive(id)` returns.
 */
export interface CoordinationPrimitive {
  readonly id: string;
  readonly kind: PrimitiveKind;
  /** The primitive's state as a named string; each kind documents its own union. */
  readonly state: string;
  /** Evaluation order: higher first, ties in creation order. */
  readonly priority: number;
  /**
   * Fire (sync, trigger), start (sequence, timeline) or arm (barrier) this primitive at `tick`. The
   * request runs in the `evaluate` call that reaches `tick`, before the primitives are walked; asking
   * twice for one tick fires once. `tick` must be later than the last evaluated tick (or equal to the
   * tick being evaluated, when called from an action): a past tick throws a `RangeError`.
   */
  triggerAt(tick: number): void;
}

/** Options every primitive accepts. */
export interface PrimitiveOptions {
  /** Evaluation order within a tick: higher first, ties in creation order. Default 0. */
  readonly priority?: number;
  /** Run when the primitive fires (sync, trigger), resolves (barrier) or completes. Default none. */
  readonly actions?: readonly CoordinationAction[];
}

/**
 * Shared plumbing of the primitives. The methods marked internal are called by `CoordinationEngine`
 * only; calling them directly bypasses its ordering and cycle checks.
 */
export abstract class PrimitiveBase implements CoordinationPrimitive {
  abstract readonly kind: PrimitiveKind;
  abstract readonly state: string;
  readonly id: string;
  readonly priority: number;
  readonly actions: readonly CoordinationAction[];
  /** @internal Creation order, the tie-break of `priority`. */
  order = 0;
  /** @internal The last tick this primitive fired at (the engine's once-per-tick rule). */
  lastFiredTick = -1;
  protected readonly env: CoordinationEnv;
  /** Every action of the options (nested ones too) by its path, and back: snapshots name actions. */
  readonly #pathOf = new Map<CoordinationAction, string>();
  readonly #actionAt = new Map<string, CoordinationAction>();

  constructor(id: string, options: PrimitiveOptions, env: CoordinationEnv, path: string) {
    this.id = id;
    this.env = env;
    const priority = options.priority ?? 0;
    if (typeof priority !== 'number' || !Number.isFinite(priority)) {
      throw new TypeError(`${path}.priority: expected a finite number, received ${describe(priority)}`);
    }
    this.priority = priority;
    this.actions = options.actions ?? [];
    validateActions(this.actions, env.host, `${path}.actions`);
    this.registerActions(this.actions, 'actions');
  }

  /** @internal Record the paths of `actions` (and of the actions nested in them) under `prefix`. */
  protected registerActions(actions: readonly CoordinationAction[], prefix: string): void {
    actions.forEach((a, i) => {
      let path = `${prefix}[${i}]`;
      for (let cur: CoordinationAction | undefined = a; cur !== undefined; ) {
        if (!this.#pathOf.has(cur)) this.#pathOf.set(cur, path);
        this.#actionAt.set(path, cur);
        cur = cur.kind === 'after' ? cur.action : undefined;
        path = `${path}.action`;
      }
    });
  }

  /** @internal Where `action` sits in this primitive's options, if it does. */
  pathOf(action: CoordinationAction): string | undefined {
    return this.#pathOf.get(action);
  }

  /** @internal The action at `path` of this primitive's options. */
  actionAt(path: string): CoordinationAction | undefined {
    return this.#actionAt.get(path);
  }

  /** @internal This kind's run-time fields, JSON-safe. */
  abstract saveFields(): PrimitiveFields;

  /** @internal Set the run-time fields from a snapshot (validated by `reader`). */
  abstract loadFields(reader: FieldReader): void;

  triggerAt(tick: number): void {
    this.env.requestFire(this.id, tick);
  }

  /** @internal Do what firing means for this kind, at `tick`. */
  abstract fire(tick: number, cause: FireCause): void;

  /** @internal The next tick something of this primitive is due at; `Infinity` when nothing is. */
  nextDue(): number {
    return Number.POSITIVE_INFINITY;
  }

  /** @internal Run everything due at or before `tick`, each at its own tick. */
  advance(_tick: number): void {}

  /** @internal Evaluate a condition at a tick given to `evaluate` (triggers only). */
  evaluateCondition(_tick: number, _input: unknown): void {}
}

/** `value` is an integer tick >= 0, or throws naming `path`. */
export function checkTick(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${path}: expected an integer tick >= 0, received ${describe(value)}`);
  }
  return value;
}

/** Every id is a known animation of the host, or throws naming the path and the id. */
export function checkAnimations(ids: unknown, env: CoordinationEnv, path: string): readonly string[] {
  if (!Array.isArray(ids) || ids.length === 0) {
    throw new TypeError(`${path}: expected a non-empty array of animation ids, received ${describe(ids)}`);
  }
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || !env.host.hasAnimation(id)) {
      throw new Error(`${path}[${i}]: expected a known animation id, received ${describe(id)}`);
    }
  });
  return [...(ids as string[])];
}
