import { type CoordinationAction, describe } from './actions.js';
import type { PrimitiveKind } from './events.js';
import type { CoordinationStats } from './options.js';
import type { PendingEntry } from './pending.js';
import type { PrimitiveBase } from './primitive.js';

export const SNAPSHOT_FORMAT = 'tinydisplay.coordination/1';

/** A primitive's run-time fields: JSON-safe, named per kind. */
export type PrimitiveFields = Readonly<Record<string, number | string>>;

/**
 * One coordination primitive in a `CoordinationSnapshot`: its id and kind, the last tick it fired
 * (-1: never) and its own state fields.
 */
export interface PrimitiveSnapshot {
  readonly id: string;
  readonly kind: PrimitiveKind;
  /** The last tick it fired at, -1 if never. */
  readonly lastFiredTick: number;
  readonly fields: PrimitiveFields;
}

/**
 * A request or action waiting in a `CoordinationSnapshot`: the tick it is due, who asked, and
 * which action it is.
 */
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
  /** The engine's `stats` when taken (the field keeps its name so saved snapshots stay readable). */
  readonly counters: CoordinationStats;
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

export function encodePrimitives(prims: Iterable<PrimitiveBase>): PrimitiveSnapshot[] {
  return [...prims].map((p) => ({
    id: p.id,
    kind: p.kind,
    lastFiredTick: p.lastFiredTick,
    fields: p.saveFields(),
  }));
}

/** Pending entries in run order, each action named by its path in its primitive's options. */
export function encodePending(
  entries: readonly PendingEntry[],
  byId: ReadonlyMap<string, PrimitiveBase>,
): PendingSnapshot[] {
  return entries.map((e) => {
    if (e.origin === 'request') {
      return { dueTick: e.dueTick, sourceId: e.sourceId, origin: e.origin, action: null };
    }
    const path = byId.get(e.sourceId)?.pathOf(e.action);
    if (path === undefined) {
      throw new Error(`snapshot: a pending ${e.action.kind} action of "${e.sourceId}" is not in its options`);
    }
    return { dueTick: e.dueTick, sourceId: e.sourceId, origin: e.origin, action: path };
  });
}

interface FieldLoad {
  readonly prim: PrimitiveBase;
  readonly snap: PrimitiveSnapshot;
  readonly path: string;
}

interface PendingLoad {
  readonly dueTick: number;
  readonly sourceId: string;
  readonly origin: PendingEntry['origin'];
  readonly action: CoordinationAction;
}

/** Check a snapshot against the engine's primitives; throws naming the path of the first misfit. */
export function planRestore(
  snapshot: CoordinationSnapshot,
  byId: ReadonlyMap<string, PrimitiveBase>,
  pendingLimit: number,
): { loads: FieldLoad[]; pending: PendingLoad[] } {
  if (snapshot?.format !== SNAPSHOT_FORMAT) {
    throw new TypeError(
      `snapshot.format: expected '${SNAPSHOT_FORMAT}', received ${describe(snapshot?.format)}`,
    );
  }
  if (!Number.isInteger(snapshot.lastTick) || snapshot.lastTick < -1) {
    throw new RangeError(
      `snapshot.lastTick: expected an integer >= -1, received ${describe(snapshot.lastTick)}`,
    );
  }
  if (!Array.isArray(snapshot.primitives) || !Array.isArray(snapshot.pending)) {
    throw new TypeError('snapshot.primitives, snapshot.pending: expected arrays');
  }
  const loads = snapshot.primitives.map((snap, i): FieldLoad => {
    const path = `snapshot.primitives[${i}]`;
    const prim = byId.get(snap.id);
    if (prim === undefined) throw new Error(`${path}.id: no primitive "${snap.id}" in this engine`);
    if (prim.kind !== snap.kind) {
      throw new TypeError(
        `${path}.kind: "${snap.id}" is a ${prim.kind} here, received ${describe(snap.kind)}`,
      );
    }
    if (!Number.isInteger(snap.lastFiredTick) || snap.lastFiredTick < -1) {
      throw new RangeError(
        `${path}.lastFiredTick: expected an integer >= -1, received ${describe(snap.lastFiredTick)}`,
      );
    }
    return { prim, snap, path };
  });
  const pending = snapshot.pending.map((e, i): PendingLoad => {
    const path = `snapshot.pending[${i}]`;
    const prim = byId.get(e.sourceId);
    if (prim === undefined) throw new Error(`${path}.sourceId: no primitive "${e.sourceId}" in this engine`);
    if (!Number.isInteger(e.dueTick) || e.dueTick <= snapshot.lastTick) {
      throw new RangeError(
        `${path}.dueTick: expected an integer > lastTick, received ${describe(e.dueTick)}`,
      );
    }
    if (e.origin === 'request') {
      return {
        dueTick: e.dueTick,
        sourceId: e.sourceId,
        origin: e.origin,
        action: { kind: 'fire', primitive: e.sourceId },
      };
    }
    const action = e.action === null ? undefined : prim.actionAt(e.action);
    if (action === undefined || e.origin !== 'action') {
      throw new Error(`${path}.action: "${e.sourceId}" has no action at ${describe(e.action)}`);
    }
    return { dueTick: e.dueTick, sourceId: e.sourceId, origin: e.origin, action };
  });
  if (pending.length > pendingLimit) {
    throw new RangeError(
      `snapshot.pending: ${pending.length} entries, more than pendingLimit (${pendingLimit})`,
    );
  }
  return { loads, pending };
}

/** Load every primitive's fields; on a bad one, put back the ones already loaded and rethrow. */
export function applyFields(loads: readonly FieldLoad[]): void {
  const saved = loads.map(({ prim }) => new FieldReader(prim.saveFields(), prim.id));
  let loaded = 0;
  try {
    for (const { prim, snap, path } of loads) {
      prim.loadFields(new FieldReader(snap.fields, `${path}.fields`));
      loaded++;
    }
  } catch (err) {
    for (let i = 0; i < loaded; i++) loads[i]?.prim.loadFields(saved[i] as FieldReader);
    throw err;
  }
  for (const { prim, snap } of loads) prim.lastFiredTick = snap.lastFiredTick;
}
