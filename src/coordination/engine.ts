/**
 * The coordination engine: the primitives it was given (by id and in evaluation order, with how to
 * create each again for `fork`), the evaluate loop that decides which ticks are processed, what one
 * action does within a processed tick (`ActionDispatcher`: chains, once-per-tick fires, cycles and
 * depth), what a failure costs (`CoordinationFaults`), and the snapshot / restore / fork / predict
 * surface. The queue of later actions is `pending`, the JSON form `snapshot`.
 */

import type { CoordinationAction } from './actions.js';
import { type BarrierOptions, BarrierPrimitive } from './barrier.js';
import type { CoordinationEnv } from './env.js';
import type {
  ActionErrorEvent,
  CoordinationEvent,
  CycleErrorEvent,
  FailedActionKind,
  FireCause,
} from './events.js';
import { EventHistory } from './history.js';
import type { AnimationHost } from './host.js';
import {
  type CoordinationEngineOptions,
  type CoordinationStats,
  type MutableCounters,
  positiveInt,
  zeroCounters,
} from './options.js';
import { PendingQueue } from './pending.js';
import type { CoordinationPrimitive, PrimitiveBase } from './primitive.js';
import { ErrorReportLimiter } from './report.js';
import { type SequenceOptions, SequencePrimitive } from './sequence.js';
import {
  applyFields,
  type CoordinationSnapshot,
  encodePending,
  encodePrimitives,
  planRestore,
  SNAPSHOT_FORMAT,
} from './snapshot.js';
import { type SyncOptions, SyncPrimitive } from './sync.js';
import { type TimelineOptions, TimelinePrimitive } from './timeline.js';
import { type TriggerOptions, TriggerPrimitive } from './trigger.js';

type Phase = 'idle' | 'evaluating';

const NO_EVENTS: readonly CoordinationEvent[] = Object.freeze([]);

/**
 * Drives coordination primitives tick by tick on top of an `AnimationHost`.
 *
 * `evaluate(tick)` processes, in order, every tick in (last evaluated, tick] at which something is
 * due (a pending action, a sequence step, a barrier, a timeline entry, a scheduled start), and then
 * `tick` itself. At each processed tick T:
 * 1. pending actions and `triggerAt` requests due at T, in (due tick, enqueue order);
 * 2. (at `tick` itself only) every trigger's condition, by priority (higher first), ties in creation
 *    order: data triggers (`DataAnimationBinder.addDataTrigger`) are triggers too;
 * 3. every primitive by priority, ties in creation order: it runs what is due at T;
 * 4. pending entries queued for T while doing so.
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
  readonly #counters: MutableCounters = zeroCounters();
  readonly #pending: PendingQueue;
  readonly #byId = new Map<string, PrimitiveBase>();
  /** Evaluation order; replaced (never mutated) on creation, so a walk in progress is unaffected. */
  #ordered: readonly PrimitiveBase[] = [];
  #created = 0;
  #lastTick = -1;
  #phase: Phase = 'idle';
  #current = -1;
  /** Events of the `evaluate` in progress; made on the first one (most ticks have none). */
  #out: CoordinationEvent[] | null = null;
  readonly #options: CoordinationEngineOptions;
  readonly #faults: CoordinationFaults;
  readonly #dispatch: ActionDispatcher;
  /** How to create every primitive again, in creation order (for `fork`). */
  readonly #definitions = new Map<string, (e: CoordinationEngine<TInput>) => unknown>();
  readonly #env: CoordinationEnv;

  constructor(host: AnimationHost, options: CoordinationEngineOptions = {}) {
    if (typeof host !== 'object' || host === null || typeof host.startAnimationAt !== 'function') {
      throw new TypeError('host: expected an AnimationHost (e.g. a TickAnimationEngine)');
    }
    this.host = host;
    this.history = new EventHistory(options.historyLimit ?? 1024);
    this.#pending = new PendingQueue(options.pendingLimit ?? 4096);
    this.maxChainDepth = positiveInt(options.maxChainDepth ?? 32, 'maxChainDepth');
    const cycleReportLimit = positiveInt(options.cycleReportLimit ?? 64, 'cycleReportLimit');
    const callbacks = options.callbacks ?? 'run';
    if (callbacks !== 'run' && callbacks !== 'skip') {
      throw new TypeError(`callbacks: expected 'run' | 'skip', received ${String(callbacks)}`);
    }
    this.#options = options;
    const reports = new ErrorReportLimiter(options.onError, options.reportIntervalTicks ?? 600);
    const emit = (e: CoordinationEvent): void => this.#emit(e);
    const faults = new CoordinationFaults(this.#counters, reports, cycleReportLimit, emit);
    const dispatch = new ActionDispatcher({
      host,
      byId: this.#byId,
      pending: this.#pending,
      counters: this.#counters,
      faults,
      emit,
      callbacks,
      maxChainDepth: this.maxChainDepth,
    });
    this.#faults = faults;
    this.#dispatch = dispatch;
    this.#env = {
      host,
      armTick: () => (this.#phase === 'evaluating' ? this.#current : this.#lastTick + 1),
      emit,
      runActions: (actions, tick, sourceId) => dispatch.runActions(actions, tick, sourceId),
      fire: (id, tick, cause) => dispatch.fire(id, tick, cause, id),
      requestFire: (id, tick) => this.#requestFire(id, tick),
      reportError: (id, tick, action, err) => faults.actionError(id, tick, action, err),
      countSuppressed: () => {
        this.#counters.suppressedFires++;
      },
    };
  }

  /** The last tick `evaluate` was called with; -1 before the first call. */
  get lastTick(): number {
    return this.#lastTick;
  }

  /** Counts of what the engine did and what its limits refused (read-only view). */
  get stats(): CoordinationStats {
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

  /**
   * Remove primitive `id`; returns whether it existed. Actions already queued that fire it become
   * `action.error` events when due (as for any unknown id); its events stay in the history.
   */
  remove(id: string): boolean {
    const prim = this.#byId.get(id);
    if (prim === undefined) return false;
    this.#byId.delete(id);
    this.#definitions.delete(id);
    this.#ordered = this.#ordered.filter((p) => p !== prim);
    return true;
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
    this.#out = null;
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
      this.#dispatch.clearChain();
    }
    const out = this.#out;
    this.#out = null;
    return out ?? NO_EVENTS;
  }

  /**
   * A copy of this engine (same primitives, options and run-time state) driving `host` instead: give
   * it a copy of the animation engine (`TickAnimationEngine.restore(engine.snapshot())`) to explore
   * what-ifs. `options` override this engine's options (e.g. `callbacks: 'skip'`).
   */
  fork(host: AnimationHost, options: CoordinationEngineOptions = {}): CoordinationEngine<TInput> {
    const copy = new CoordinationEngine<TInput>(host, { ...this.#options, ...options });
    for (const define of this.#definitions.values()) define(copy);
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
    return {
      format: SNAPSHOT_FORMAT,
      lastTick: this.#lastTick,
      primitives: encodePrimitives(this.#byId.values()),
      pending: encodePending(this.#pending.entries(), this.#byId),
      counters: { ...this.#counters },
      reportedCycles: this.#faults.reportedCycles(),
    };
  }

  /**
   * Load a snapshot into this engine, whose primitives must have been created with the same ids,
   * kinds and options as the one it was taken of (new primitives not in the snapshot keep their
   * state). All or nothing: on any error nothing changes; errors name the path in the snapshot.
   */
  restore(snapshot: CoordinationSnapshot): void {
    if (this.#phase === 'evaluating') throw new Error('restore: called from inside evaluate');
    const plan = planRestore(snapshot, this.#byId, this.#pending.limit);
    applyFields(plan.loads);
    this.#pending.clear();
    for (const e of plan.pending) this.#pending.push(e.dueTick, e.action, e.sourceId, e.origin);
    this.#lastTick = snapshot.lastTick;
    const counters = this.#counters;
    for (const key of Object.keys(counters) as (keyof MutableCounters)[]) {
      const v = (snapshot.counters as Partial<CoordinationStats> | undefined)?.[key];
      if (typeof v === 'number' && Number.isFinite(v)) counters[key] = v;
    }
    this.#faults.restoreReportedCycles(snapshot.reportedCycles);
  }

  #processTick(tick: number, isTarget: boolean, input: TInput | undefined): void {
    this.#current = tick;
    this.#counters.ticksProcessed++;
    const dispatch = this.#dispatch;
    dispatch.drainPending(tick);
    const ordered = this.#ordered;
    // Conditions first (the data of tick N decides what fires at N), then every primitive runs what
    // is due: a sequence fired by a condition at N starts before a step due at N is taken.
    if (isTarget) for (const prim of ordered) prim.evaluateCondition(tick, input);
    for (const prim of ordered) prim.advance(tick);
    dispatch.drainPending(tick);
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
    this.#dispatch.schedule(tick, { kind: 'fire', primitive: id }, id, Math.max(0, earliest), 'request');
  }

  #emit(e: CoordinationEvent): void {
    this.#counters.events++;
    this.history.push(e);
    if (this.#phase === 'evaluating') {
      if (this.#out === null) this.#out = [e];
      else this.#out.push(e);
    }
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
    this.#definitions.set(id, again);
    this.#byId.set(id, prim);
    this.#ordered = [...this.#ordered, prim].sort((a, b) => b.priority - a.priority || a.order - b.order);
    return prim;
  }
}

/**
 * Running actions within a processed tick: starting and stopping animations on the host, callbacks,
 * firing primitives as a chain (at most once per tick each; a chain that comes back to a primitive or
 * passes `maxChainDepth` is refused), and handing "after N ticks" actions to the bounded pending queue
 * and running them when due. The engine decides which ticks are processed and in what order; this
 * decides what one action does.
 */
/** What the dispatcher works on; the engine owns every part. */
interface DispatchParts {
  readonly host: AnimationHost;
  /** Primitives by id (read only here: the engine adds them). */
  readonly byId: ReadonlyMap<string, PrimitiveBase>;
  readonly pending: PendingQueue;
  readonly counters: MutableCounters;
  readonly faults: CoordinationFaults;
  readonly emit: (event: CoordinationEvent) => void;
  /** `skip`: `call` actions are counted, not run. */
  readonly callbacks: 'run' | 'skip';
  readonly maxChainDepth: number;
}

class ActionDispatcher {
  readonly #host: AnimationHost;
  readonly #byId: ReadonlyMap<string, PrimitiveBase>;
  readonly #pending: PendingQueue;
  readonly #counters: MutableCounters;
  readonly #faults: CoordinationFaults;
  readonly #emit: (event: CoordinationEvent) => void;
  readonly #callbacks: 'run' | 'skip';
  readonly #maxChainDepth: number;
  /** Ids of the primitives being fired (and action sources), outermost first. */
  readonly #chain: string[] = [];

  constructor(parts: DispatchParts) {
    this.#host = parts.host;
    this.#byId = parts.byId;
    this.#pending = parts.pending;
    this.#counters = parts.counters;
    this.#faults = parts.faults;
    this.#emit = parts.emit;
    this.#callbacks = parts.callbacks;
    this.#maxChainDepth = parts.maxChainDepth;
  }

  /** Forget the chain (after an `evaluate`, also one that threw). */
  clearChain(): void {
    this.#chain.length = 0;
  }

  /** Run the pending entries due at `tick`, in (due tick, enqueue order), each outside any chain. */
  drainPending(tick: number): void {
    for (let e = this.#pending.popDue(tick); e !== undefined; e = this.#pending.popDue(tick)) {
      this.#chain.length = 0;
      if (e.origin === 'request' && e.action.kind === 'fire') {
        // A triggerAt request: the primitive fires itself, from outside any chain.
        this.fire(e.action.primitive, e.dueTick, 'external', e.sourceId);
      } else {
        this.#runAction(e.action, e.dueTick, e.sourceId);
      }
    }
  }

  /** Run `actions` at `tick` on behalf of `sourceId`, as a link of the current chain. */
  runActions(actions: readonly CoordinationAction[], tick: number, sourceId: string): void {
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

  /** Fire primitive `id` at `tick` unless unknown, already fired at `tick`, or refused by the chain. */
  fire(id: string, tick: number, cause: FireCause, sourceId: string): void {
    const prim = this.#byId.get(id);
    if (prim === undefined) {
      this.#faults.actionError(sourceId, tick, 'fire', new Error(`no coordination primitive "${id}"`));
      return;
    }
    const chain = this.#chain;
    const inChain = chain.includes(id);
    if (inChain || chain.length >= this.#maxChainDepth) {
      this.#faults.cycle(id, tick, [...chain, id], inChain ? 'cycle' : 'depth');
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

  /** Queue `action` for `dueTick`; when the queue is full, count and report the drop at `now`. */
  schedule(
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

  #runAction(a: CoordinationAction, tick: number, sourceId: string): void {
    switch (a.kind) {
      case 'start':
        try {
          this.#host.startAnimationAt(a.animation, tick);
        } catch (err) {
          this.#faults.actionError(sourceId, tick, 'start', err);
        }
        return;
      case 'stop':
        try {
          this.#host.stopAnimationAt(a.animation, tick);
        } catch (err) {
          this.#faults.actionError(sourceId, tick, 'stop', err);
        }
        return;
      case 'fire':
        this.fire(a.primitive, tick, 'action', sourceId);
        return;
      case 'call':
        if (this.#callbacks === 'skip') {
          this.#counters.skippedCalls++;
          return;
        }
        try {
          a.fn({ tick, primitiveId: sourceId });
        } catch (err) {
          this.#faults.actionError(sourceId, tick, 'call', err);
        }
        return;
      case 'after':
        if (a.ticks === 0) this.#runAction(a.action, tick, sourceId);
        else this.schedule(tick + a.ticks, a.action, sourceId, tick, 'action');
        return;
    }
  }
}

/**
 * Soft errors inside the coordination loop: a failed action or callback, and a refused chain (a cycle
 * or one deeper than `maxChainDepth`). Each is counted, emitted as an event and handed to the rate-
 * limited `onError`; a cycle is emitted once per path, up to `cycleReportLimit` paths. The one place
 * that decides what a failure costs and who hears of it.
 */
class CoordinationFaults {
  readonly #counters: MutableCounters;
  readonly #reports: ErrorReportLimiter;
  readonly #emit: (event: CoordinationEvent) => void;
  readonly #cycleReportLimit: number;
  /** Cycle paths already reported (`reason:a>b>a`), at most `cycleReportLimit`. */
  readonly #reportedCycles = new Set<string>();

  constructor(
    counters: MutableCounters,
    reports: ErrorReportLimiter,
    cycleReportLimit: number,
    emit: (event: CoordinationEvent) => void,
  ) {
    this.#counters = counters;
    this.#reports = reports;
    this.#cycleReportLimit = cycleReportLimit;
    this.#emit = emit;
  }

  /** An action, callback or condition of primitive `id` threw at `tick`. */
  actionError(id: string, tick: number, action: FailedActionKind, err: unknown): void {
    this.#counters.actionErrors++;
    const message = err instanceof Error ? err.message : String(err);
    const event = { type: 'action.error', id, tick, action, message } as const;
    this.#emit(event);
    this.#report(event);
  }

  /** Firing `id` at `tick` was refused: `path` already holds it (`cycle`) or is too long (`depth`). */
  cycle(id: string, tick: number, path: string[], reason: 'cycle' | 'depth'): void {
    this.#counters.cycleErrors++;
    const key = `${reason}:${path.join('>')}`;
    if (this.#reportedCycles.has(key) || this.#reportedCycles.size >= this.#cycleReportLimit) return;
    this.#reportedCycles.add(key);
    const event = { type: 'cycle.error', id, tick, path, reason } as const;
    this.#emit(event);
    this.#report(event);
  }

  /** The cycle paths reported so far (for a snapshot). */
  reportedCycles(): string[] {
    return [...this.#reportedCycles];
  }

  /** Replace the reported cycle paths (from a snapshot), keeping at most `cycleReportLimit`. */
  restoreReportedCycles(paths: readonly string[]): void {
    this.#reportedCycles.clear();
    for (const c of paths.slice(0, this.#cycleReportLimit)) this.#reportedCycles.add(c);
  }

  #report(event: ActionErrorEvent | CycleErrorEvent): void {
    const outcome = this.#reports.report(event);
    if (outcome === 'withheld') this.#counters.reportsSuppressed++;
    else if (outcome === 'failed') this.#counters.reportFailures++;
  }
}
