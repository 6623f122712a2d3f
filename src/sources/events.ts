/** Typed events of a supervised source. Listeners run synchronously in registration order. */
import type { LossReason, RefusalReason } from './refusal.js';
import type { SourceState } from './source.js';

/** The events a `SourceSupervisor` emits, by name, with the payload each listener receives. */
export interface SourceEvents {
  /** The source changed state; `at` is the supervisor clock's time in ms. */
  state: {
    readonly sourceId: string;
    readonly from: SourceState;
    readonly to: SourceState;
    readonly at: number;
  };
  /** A payload was refused (counted under `reason`). */
  refused: {
    readonly sourceId: string;
    readonly reason: RefusalReason;
    readonly field: string;
    readonly value: unknown;
    readonly message: string;
  };
  /** Points were lost inside the transport. */
  lost: { readonly sourceId: string; readonly reason: LossReason; readonly count: number };
  /** A connection attempt failed or an open connection dropped. */
  error: { readonly sourceId: string; readonly error: Error };
}

/** The name of a supervisor event: `state`, `refused`, `lost` or `error`. */
export type SourceEventName = keyof SourceEvents;
/** A listener of the supervisor event `E` (`supervisor.on(name, listener)`). */
export type SourceListener<E extends SourceEventName> = (event: SourceEvents[E]) => void;

export class SourceEventEmitter {
  private readonly listeners: { [E in SourceEventName]: SourceListener<E>[] } = {
    state: [],
    refused: [],
    lost: [],
    error: [],
  };
  /** Errors thrown by listeners: counted, the first kept; the emitting loop goes on. */
  listenerErrors = 0;
  firstListenerError: unknown;

  /** Subscribe; returns the function that unsubscribes. */
  on<E extends SourceEventName>(name: E, listener: SourceListener<E>): () => void {
    const list = this.listeners[name] as SourceListener<E>[];
    list.push(listener);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  hasListeners(name: SourceEventName): boolean {
    return this.listeners[name].length > 0;
  }

  emit<E extends SourceEventName>(name: E, event: SourceEvents[E]): void {
    const list = this.listeners[name] as SourceListener<E>[];
    if (list.length === 0) return;
    // A listener may unsubscribe while we walk: walk a snapshot (events are rare, cold path).
    for (const listener of list.slice()) {
      try {
        listener(event);
      } catch (err) {
        this.listenerErrors++;
        if (this.listenerErrors === 1) this.firstListenerError = err;
      }
    }
  }
}
