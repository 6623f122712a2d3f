/**
 * Running actions within a processed tick: starting and stopping animations on the host, callbacks,
 * firing primitives as a chain (at most once per tick each; a chain that comes back to a primitive or
 * passes `maxChainDepth` is refused), and handing "after N ticks" actions to the bounded pending queue
 * and running them when due. Separate from the engine, which decides which ticks are processed and in
 * what order; this decides what one action does.
 */
import type { CoordinationAction } from './actions.js';
import type { CoordinationEvent, FireCause } from './events.js';
import type { CoordinationFaults } from './faults.js';
import type { AnimationHost } from './host.js';
import type { MutableCounters } from './options.js';
import type { PendingQueue } from './pending.js';
import type { PrimitiveBase } from './primitive.js';

/** What the dispatcher works on; the engine owns every part. */
export interface DispatchParts {
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

export class ActionDispatcher {
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
