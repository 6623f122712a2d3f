import type { CoordinationAction } from './actions.js';
import { type BarrierOptions, BarrierPrimitive } from './barrier.js';
import type { CoordinationEnv } from './env.js';
import type { CoordinationEvent, FailedActionKind, FireCause } from './events.js';
import { EventHistory } from './history.js';
import type { AnimationHost } from './host.js';
import { PendingQueue } from './pending.js';
import type { CoordinationPrimitive, PrimitiveBase } from './primitive.js';
import { type SequenceOptions, SequencePrimitive } from './sequence.js';
import {
  type CoordinationSnapshot,
  FieldReader,
  type PendingSnapshot,
  type PrimitiveSnapshot,
} from './snapshot.js';
import { type SyncOptions, SyncPrimitive } from './sync.js';
import { type TimelineOptions, TimelinePrimitive } from './timeline.js';
import { type TriggerOptions, TriggerPrimitive } from './trigger.js';

export interface CoordinationEngineOptions {
  /** Events kept in `history` (a ring: the oldest is overwritten and counted). Default 1024. */
  readonly historyLimit?: number;
  /**
   * Actions waiting for a later tick (`afterTicks`, `triggerAt`). At the limit a new one is refused,
   * counted in `counters.pendingDropped` and reported as a `pending.dropped` event. Default 4096.
   */
  readonly pendingLimit?: number;
  /** Longest chain of primitives firing one another within one tick. Default 32. */
  readonly maxChainDepth?: number;
  /** Distinct cycles reported as events (later repeats are only counted). Default 64. */
  readonly cycleReportLimit?: number;
  /**
   * `run` (default): `call` actions run. `skip`: they are counted in `counters.skippedCalls` and not
   * run, so a dry run (`predict`) cannot touch the program's own state.
   */
  readonly callbacks?: 'run' | 'skip';
}

/** What the engine counted since creation. Read-only view; the engine updates it in place. */
export interface CoordinationCounters {
  readonly evaluations: number;
  /** Ticks processed, intermediate due ticks of a jump included. */
  readonly ticksProcessed: number;
  readonly events: number;
  readonly fires: number;
  /** Fires refused because the primitive already fired at that tick. */
  readonly duplicateFires: number;
  /** Fires refused by a trigger's cooldown. */
  readonly suppressedFires: number;
  /** Actions, callbacks and conditions that threw (each also an `action.error` event). */
  readonly actionErrors: number;
  /** Chains refused as cycles or too deep (reported once per distinct path). */
  readonly cycleErrors: number;
  readonly pendingDropped: number;
  /** `call` actions not run because the engine was made with `callbacks: 'skip'`. */
  readonly skippedCalls: number;
}

type MutableCounters = { -readonly [K in keyof CoordinationCounters]: number };

type Phase = 'idle' | 'evaluating';

const NO_EVENTS: readonly CoordinationEvent[] = Object.freeze([]);

/**
 * Drives coordination primitives tick by tick on top of an `AnimationHost`.
 *
 * `evaluate(tick)` processes, in order, every tick in (last evaluated, tick] at which something is
 * due (a pending action, a sequence step, a barrier, a timeline entry, a scheduled start), and then
 * `tick` itself. At each processed tick T:
 * 1. pending actions and `triggerAt` requests due at T, in (due tick, enqueue order);
 * 2. every primitive by priority (higher first), ties in creation order: it runs what is due at T,
 *    then (at `tick` itself only) a trigger evaluates its condition;
 * 3. pending entries queued for T while doing so.
 * Firing another primitive in the same tick runs it at once, as a chain; a primitive fires at most once
 * per tick; a chain that reaches a primitive already in it, or passes `maxChainDepth`, is refused and
 * reported as a `cycle.error`. Actions "after N ticks" wait in a bounded queue and run at their own tick.
 * Errors thrown by actions, callbacks and conditions are counted, reported as `action.error` events,
 * and the loop goes on. No clock is read anywhere.
 */
export class CoordinationEngine<TInput = unknown> {
  readonly host: AnimationHost;
  readonly history: EventHistory;
  readonly maxChainDepth: number;
  readonly #counters: MutableCounters = {
    evaluations: 0,
    ticksProcessed: 0,
    events: 0,
    fires: 0,
    duplicateFires: 0,
    suppressedFires: 0,
    actionErrors: 0,
    cycleErrors: 0,
    pendingDropped: 0,
    skippedCalls: 0,
  };
  readonly #pending: PendingQueue;
  readonly #byId = new Map<string, PrimitiveBase>();
  /** Evaluation order; replaced (never mutated) on creation, so a walk in progress is unaffected. */
  #ordered: readonly PrimitiveBase[] = [];
  #created = 0;
  #lastTick = -1;
  #phase: Phase = 'idle';
  #current = -1;
  #out: CoordinationEvent[] = [];
  readonly #chain: string[] = [];
  readonly #reportedCycles = new Set<string>();
  readonly #cycleReportLimit: number;
  readonly #options: CoordinationEngineOptions;
  readonly #callbacks: 'run' | 'skip';
  /** How to create every primitive again, in creation order (for `fork`). */
  readonly #definitions: ((e: CoordinationEngine<TInput>) => unknown)[] = [];
  readonly #env: CoordinationEnv;

  constructor(host: AnimationHost, options: CoordinationEngineOptions = {}) {
    if (typeof host !== 'object' || host === null || typeof host.startAnimationAt !== 'function') {
      throw new TypeError('host: expected an AnimationHost (e.g. a TickAnimationEngine)');
    }
    this.host = host;
    this.history = new EventHistory(options.historyLimit ?? 1024);
    this.#pending = new PendingQueue(options.pendingLimit ?? 4096);
    this.maxChainDepth = positiveInt(options.maxChainDepth ?? 32, 'maxChainDepth');
    this.#cycleReportLimit = positiveInt(options.cycleReportLimit ?? 64, 'cycleReportLimit');
    const callbacks = options.callbacks ?? 'run';
    if (callbacks !== 'run' && callbacks !== 'skip') {
      throw new TypeError(`callbacks: expected 'run' | 'skip', received ${String(callbacks)}`);
    }
    this.#callbacks = callbacks;
    this.#options = options;
    this.#env = {
      host,
      armTick: () => (this.#phase === 'evaluating' ? this.#current : this.#lastTick + 1),
      emit: (e) => this.#emit(e),
      runActions: (actions, tick, sourceId) => this.#runActions(actions, tick, sourceId),
      fire: (id, tick, cause) => this.#fire(id, tick, cause, id),
      requestFire: (id, tick) => this.#requestFire(id, tick),
      reportError: (id, tick, action, err) => this.#reportError(id, tick, action, err),
      countSuppressed: () => {
        this.#counters.suppressedFires++;
      },
    };
  }

  /** The last tick `evaluate` was called with; -1 before the first call. */
  get lastTick(): number {
    return this.#lastTick;
  }

  get counters(): CoordinationCounters {
    return this.#counters;
  }

  /** Actions waiting for a later tick. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Starts several animations at one tick. */
  sync(id: string, options: SyncOptions): SyncPrimitive {
    return this.#add(
      id,
      () => new SyncPrimitive(id, options, this.#env),
      (e) => e.sync(id, options),
    );
  }

  /** Resolves once every member has finished (also members that finished before it existed). */
  barrier(id: string, options: BarrierOptions): BarrierPrimitive {
    return this.#add(
      id,
      () => new BarrierPrimitive(id, options, this.#env),
      (e) => e.barrier(id, options),
    );
  }

  /** Animations one after another (chain, with gaps) or at offsets from its start. */
  sequence(id: string, options: SequenceOptions): SequencePrimitive {
    return this.#add(
      id,
      () => new SequencePrimitive(id, options, this.#env),
      (e) => e.sequence(id, options),
    );
  }

  /** A condition (evaluated at each `evaluate` tick) and actions; edge-triggered by default. */
  trigger(id: string, options: TriggerOptions<TInput>): TriggerPrimitive<TInput> {
    return this.#add(
      id,
      () => new TriggerPrimitive<TInput>(id, options, this.#env),
      (e) => e.trigger(id, options),
    );
  }

  /** Labels and actions at offsets from its start; each runs once, even across a jump. */
  timeline(id: string, options: TimelineOptions): TimelinePrimitive {
    return this.#add(
      id,
      () => new TimelinePrimitive(id, options, this.#env),
      (e) => e.timeline(id, options),
    );
  }

  /** The primitive called `id`, or `undefined`. */
  getCoordinationPrimitive(id: string): CoordinationPrimitive | undefined {
    return this.#byId.get(id);
  }

  /** Every primitive, in evaluation order. */
  primitives(): readonly CoordinationPrimitive[] {
    return this.#ordered;
  }

  /**
   * Bring coordination up to `tick` (see the class comment for the order) and return the events that
   * happened, in order; their ticks may be earlier than `tick` when the call jumped ahead. `input` is
   * handed to trigger conditions. Calling again with the last tick does nothing and returns no events;
   * an earlier tick throws a `RangeError`.
   */
  evaluate(tick: number, input?: TInput): readonly CoordinationEvent[] {
    if (!Number.isInteger(tick) || tick < 0) {
      throw new RangeError(`evaluate: expected an integer tick >= 0, received ${String(tick)}`);
    }
    if (this.#phase === 'evaluating') {
      throw new Error(
        `evaluate(${tick}): called from inside evaluate(${this.#current}); use an action instead`,
      );
    }
    if (tick < this.#lastTick) {
      throw new RangeError(
        `evaluate: ticks only move forward; last evaluated ${this.#lastTick}, received ${tick}`,
      );
    }
    if (tick === this.#lastTick) return NO_EVENTS;
    this.#counters.evaluations++;
    this.#phase = 'evaluating';
    this.#out = [];
    try {
      let cur = this.#lastTick;
      for (;;) {
        let next = tick;
        // A jump: stop at every tick in between at which something is due (one step needs no search).
        if (tick > cur + 1) {
          const p = this.#pending.peekDue();
          if (p < next) next = p;
          for (const prim of this.#ordered) {
            const d = prim.nextDue();
            if (d < next) next = d;
          }
          // Something due at a tick already processed (created late) runs now, with its own tick.
          if (next <= cur) next = cur + 1;
        }
        this.#processTick(next, next === tick, input);
        cur = next;
        if (cur >= tick) break;
      }
    } finally {
      this.#phase = 'idle';
      this.#lastTick = tick;
      this.#chain.length = 0;
    }
    const out = this.#out;
    this.#out = [];
    return out.length === 0 ? NO_EVENTS : out;
  }

  /**
   * A copy of this engine (same primitives, options and run-time state) driving `host` instead: give
   * it a copy of the animation engine (`TickAnimationEngine.restore(engine.serialize())`) to explore
   * what-ifs. `options` override this engine's options (e.g. `callbacks: 'skip'`).
   */
  fork(host: AnimationHost, options: CoordinationEngineOptions = {}): CoordinationEngine<TInput> {
    const copy = new CoordinationEngine<TInput>(host, { ...this.#options, ...options });
    for (const define of this.#definitions) define(copy);
    copy.restore(this.snapshot());
    return copy;
  }

  /**
   * What coordination would do up to `tick`, without touching this engine: a fork on `host` (a copy
   * of the animation engine, which the prediction does change) with callbacks skipped, evaluated to
   * `tick` with `input`. Returns the events it reports, each at its own tick.
   */
  predict(host: AnimationHost, tick: number, input?: TInput): readonly CoordinationEvent[] {
    if (host === this.host) {
      throw new Error('predict: host must be a copy of the animation engine, not the live one');
    }
    return this.fork(host, { callbacks: 'skip' }).evaluate(tick, input);
  }

  /**
   * The run-time state as JSON-safe data (see `CoordinationSnapshot`). Throws when a pending action
   * cannot be named (it did not come from a primitive's options).
   */
  snapshot(): CoordinationSnapshot {
    if (this.#phase === 'evaluating') throw new Error('snapshot: called from inside evaluate');
    const primitives: PrimitiveSnapshot[] = [...this.#byId.values()].map((p) => ({
      id: p.id,
      kind: p.kind,
      lastFiredTick: p.lastFiredTick,
      fields: p.saveFields(),
    }));
    const pending: PendingSnapshot[] = this.#pending.entries().map((e) => {
      if (e.origin === 'request') {
        return { dueTick: e.dueTick, sourceId: e.sourceId, origin: e.origin, action: null };
      }
      const path = this.#byId.get(e.sourceId)?.pathOf(e.action);
      if (path === undefined) {
        throw new Error(
          `snapshot: a pending ${e.action.kind} action of "${e.sourceId}" is not in its options`,
        );
      }
      return { dueTick: e.dueTick, sourceId: e.sourceId, origin: e.origin, action: path };
    });
    return {
      format: 'tinydisplay.coordination/1',
      lastTick: this.#lastTick,
      primitives,
      pending,
      counters: { ...this.#counters },
      reportedCycles: [...this.#reportedCycles],
    };
  }

  /**
   * Load a snapshot into this engine, whose primitives must have been created with the same ids,
   * kinds and options as the one it was taken of (new primitives not in the snapshot keep their
   * state). Everything is checked before anything changes; errors name the path in the snapshot.
   */
  restore(snapshot: CoordinationSnapshot): void {
    if (this.#phase === 'evaluating') throw new Error('restore: called from inside evaluate');
    if (snapshot?.format !== 'tinydisplay.coordination/1') {
      throw new TypeError(
        `snapshot.format: expected 'tinydisplay.coordination/1', received ${String(snapshot?.format)}`,
      );
    }
    if (!Number.isInteger(snapshot.lastTick) || snapshot.lastTick < -1) {
      throw new RangeError(
        `snapshot.lastTick: expected an integer >= -1, received ${String(snapshot.lastTick)}`,
      );
    }
    const loads: { prim: PrimitiveBase; ps: PrimitiveSnapshot; path: string }[] = [];
    snapshot.primitives.forEach((ps, i) => {
      const path = `snapshot.primitives[${i}]`;
      const prim = this.#byId.get(ps.id);
      if (prim === undefined) throw new Error(`${path}.id: no primitive "${ps.id}" in this engine`);
      if (prim.kind !== ps.kind) {
        throw new TypeError(`${path}.kind: "${ps.id}" is a ${prim.kind} here, received ${String(ps.kind)}`);
      }
      if (!Number.isInteger(ps.lastFiredTick) || ps.lastFiredTick < -1) {
        throw new RangeError(
          `${path}.lastFiredTick: expected an integer >= -1, received ${String(ps.lastFiredTick)}`,
        );
      }
      loads.push({ prim, ps, path });
    });
    const pending = snapshot.pending.map((e, i) => {
      const path = `snapshot.pending[${i}]`;
      const prim = this.#byId.get(e.sourceId);
      if (prim === undefined)
        throw new Error(`${path}.sourceId: no primitive "${e.sourceId}" in this engine`);
      if (!Number.isInteger(e.dueTick) || e.dueTick <= snapshot.lastTick) {
        throw new RangeError(
          `${path}.dueTick: expected an integer > lastTick, received ${String(e.dueTick)}`,
        );
      }
      if (e.origin === 'request') {
        return { e, action: { kind: 'fire', primitive: e.sourceId } as CoordinationAction };
      }
      const action = e.action === null ? undefined : prim.actionAt(e.action);
      if (action === undefined) {
        throw new Error(`${path}.action: "${e.sourceId}" has no action at ${String(e.action)}`);
      }
      return { e, action };
    });
    if (pending.length > this.#pending.limit) {
      throw new RangeError(
        `snapshot.pending: ${pending.length} entries, more than pendingLimit (${this.#pending.limit})`,
      );
    }
    // Fields are checked as they load: on a bad one, put back what was loaded so far and rethrow.
    const saved = loads.map(({ prim }) => new FieldReader(prim.saveFields(), prim.id));
    let loaded = 0;
    try {
      for (const { prim, ps, path } of loads) {
        prim.loadFields(new FieldReader(ps.fields, `${path}.fields`));
        loaded++;
      }
    } catch (err) {
      for (let i = 0; i < loaded; i++) loads[i]?.prim.loadFields(saved[i] as FieldReader);
      throw err;
    }
    for (const { prim, ps } of loads) prim.lastFiredTick = ps.lastFiredTick;
    this.#pending.clear();
    for (const { e, action } of pending) this.#pending.push(e.dueTick, action, e.sourceId, e.origin);
    this.#lastTick = snapshot.lastTick;
    Object.assign(this.#counters, snapshot.counters);
    this.#reportedCycles.clear();
    for (const c of snapshot.reportedCycles.slice(0, this.#cycleReportLimit)) this.#reportedCycles.add(c);
  }

  #processTick(tick: number, isTarget: boolean, input: TInput | undefined): void {
    this.#current = tick;
    this.#counters.ticksProcessed++;
    this.#drainPending(tick);
    for (const prim of this.#ordered) {
      prim.advance(tick);
      if (isTarget) prim.evaluateCondition(tick, input);
    }
    this.#drainPending(tick);
  }

  #drainPending(tick: number): void {
    for (let e = this.#pending.popDue(tick); e !== undefined; e = this.#pending.popDue(tick)) {
      this.#chain.length = 0;
      if (e.origin === 'request' && e.action.kind === 'fire') {
        // A triggerAt request: the primitive fires itself, from outside any chain.
        this.#fire(e.action.primitive, e.dueTick, 'external', e.sourceId);
      } else {
        this.#runAction(e.action, e.dueTick, e.sourceId);
      }
    }
  }

  #runActions(actions: readonly CoordinationAction[], tick: number, sourceId: string): void {
    if (actions.length === 0) return;
    const chain = this.#chain;
    const pushed = chain[chain.length - 1] !== sourceId;
    if (pushed) chain.push(sourceId);
    try {
      for (const a of actions) this.#runAction(a, tick, sourceId);
    } finally {
      if (pushed) chain.pop();
    }
  }

  #runAction(a: CoordinationAction, tick: number, sourceId: string): void {
    switch (a.kind) {
      case 'start':
        try {
          this.host.startAnimationAt(a.animation, tick);
        } catch (err) {
          this.#reportError(sourceId, tick, 'start', err);
        }
        return;
      case 'stop':
        try {
          this.host.stopAnimationAt(a.animation, tick);
        } catch (err) {
          this.#reportError(sourceId, tick, 'stop', err);
        }
        return;
      case 'fire':
        this.#fire(a.primitive, tick, 'action', sourceId);
        return;
      case 'call':
        if (this.#callbacks === 'skip') {
          this.#counters.skippedCalls++;
          return;
        }
        try {
          a.fn({ tick, primitiveId: sourceId });
        } catch (err) {
          this.#reportError(sourceId, tick, 'call', err);
        }
        return;
      case 'after':
        if (a.ticks === 0) this.#runAction(a.action, tick, sourceId);
        else this.#schedule(tick + a.ticks, a.action, sourceId, tick, 'action');
        return;
    }
  }

  #fire(id: string, tick: number, cause: FireCause, sourceId: string): void {
    const prim = this.#byId.get(id);
    if (prim === undefined) {
      this.#reportError(sourceId, tick, 'fire', new Error(`no coordination primitive "${id}"`));
      return;
    }
    const chain = this.#chain;
    const inChain = chain.includes(id);
    if (inChain || chain.length >= this.maxChainDepth) {
      this.#reportCycle(id, tick, [...chain, id], inChain ? 'cycle' : 'depth');
      return;
    }
    if (prim.lastFiredTick === tick) {
      this.#counters.duplicateFires++;
      return;
    }
    prim.lastFiredTick = tick;
    this.#counters.fires++;
    chain.push(id);
    try {
      prim.fire(tick, cause);
    } finally {
      chain.pop();
    }
  }

  #requestFire(id: string, tick: number): void {
    if (!Number.isInteger(tick) || tick < 0) {
      throw new RangeError(`triggerAt("${id}"): expected an integer tick >= 0, received ${String(tick)}`);
    }
    const earliest = this.#phase === 'evaluating' ? this.#current : this.#lastTick + 1;
    if (tick < earliest) {
      throw new RangeError(
        `triggerAt("${id}"): tick ${tick} is already evaluated; expected a tick >= ${earliest}`,
      );
    }
    this.#schedule(tick, { kind: 'fire', primitive: id }, id, Math.max(0, earliest), 'request');
  }

  #schedule(
    dueTick: number,
    action: CoordinationAction,
    sourceId: string,
    now: number,
    origin: 'request' | 'action',
  ): void {
    if (this.#pending.push(dueTick, action, sourceId, origin)) return;
    this.#counters.pendingDropped++;
    this.#emit({ type: 'pending.dropped', id: sourceId, tick: now, dueTick });
  }

  #reportError(id: string, tick: number, action: FailedActionKind, err: unknown): void {
    this.#counters.actionErrors++;
    const message = err instanceof Error ? err.message : String(err);
    this.#emit({ type: 'action.error', id, tick, action, message });
  }

  #reportCycle(id: string, tick: number, path: string[], reason: 'cycle' | 'depth'): void {
    this.#counters.cycleErrors++;
    const key = `${reason}:${path.join('>')}`;
    if (this.#reportedCycles.has(key) || this.#reportedCycles.size >= this.#cycleReportLimit) return;
    this.#reportedCycles.add(key);
    this.#emit({ type: 'cycle.error', id, tick, path, reason });
  }

  #emit(e: CoordinationEvent): void {
    this.#counters.events++;
    this.history.push(e);
    if (this.#phase === 'evaluating') this.#out.push(e);
  }

  #add<P extends PrimitiveBase>(
    id: string,
    make: () => P,
    again: (e: CoordinationEngine<TInput>) => unknown,
  ): P {
    if (typeof id !== 'string' || id.length === 0) {
      throw new TypeError(`id: expected a non-empty string, received ${String(id)}`);
    }
    if (this.#byId.has(id)) throw new Error(`id: a coordination primitive "${id}" already exists`);
    const prim = make();
    prim.order = this.#created++;
    this.#definitions.push(again);
    this.#byId.set(id, prim);
    this.#ordered = [...this.#ordered, prim].sort((a, b) => b.priority - a.priority || a.order - b.order);
    return prim;
  }
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name}: expected an integer >= 1, received ${String(value)}`);
  }
  return value;
}
