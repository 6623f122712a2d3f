import { describe } from './actions.js';
import type { CoordinationCounters } from './engine.js';
import type { PrimitiveKind } from './events.js';

/** A primitive's run-time fields: JSON-safe, named per kind. */
export type PrimitiveFields = Readonly<Record<string, number | string>>;

export interface PrimitiveSnapshot {
  readonly id: string;
  readonly kind: PrimitiveKind;
  /** The last tick it fired at, -1 if never. */
  readonly lastFiredTick: number;
  readonly fields: PrimitiveFields;
}

export interface PendingSnapshot {
  readonly dueTick: number;
  readonly sourceId: string;
  /** `request`: a `triggerAt` of `sourceId`; `action`: an action of `sourceId` named by `action`. */
  readonly origin: 'request' | 'action';
  /** Where the action sits in its primitive's options, e.g. `actions[1].action`; null for requests. */
  readonly action: string | null;
}

/**
 * The run-time state of a `CoordinationEngine`, JSON-safe. Definitions (conditions, callbacks) are
 * code, not data: restore into an engine whose primitives were created with the same ids and options.
 * The event history is not part of it (it is a report, not state).
 */
export interface CoordinationSnapshot {
  readonly format: 'tinydisplay.coordination/1';
  readonly lastTick: number;
  readonly primitives: readonly PrimitiveSnapshot[];
  readonly pending: readonly PendingSnapshot[];
  readonly counters: CoordinationCounters;
  /** Cycle paths already reported (later repeats are only counted). */
  readonly reportedCycles: readonly string[];
}

/** Reads typed fields out of a snapshot record, naming the path of anything wrong. */
export class FieldReader {
  readonly #fields: PrimitiveFields;
  readonly #path: string;

  constructor(fields: unknown, path: string) {
    if (typeof fields !== 'object' || fields === null) {
      throw new TypeError(`${path}: expected an object of fields, received ${describe(fields)}`);
    }
    this.#fields = fields as PrimitiveFields;
    this.#path = path;
  }

  /** An integer >= -1 (ticks, indices; -1 for "none"). */
  int(name: string): number {
    const v = this.#fields[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -1) {
      throw new RangeError(`${this.#path}.${name}: expected an integer >= -1, received ${describe(v)}`);
    }
    return v;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const v = this.#fields[name];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      throw new TypeError(
        `${this.#path}.${name}: expected one of ${allowed.map((a) => `'${a}'`).join(' | ')}, received ${describe(v)}`,
      );
    }
    return v as T;
  }
}
