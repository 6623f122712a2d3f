import type { ActionErrorEvent, CycleErrorEvent } from './events.js';

/** What `onError` receives. */
export interface CoordinationErrorReport {
  readonly event: ActionErrorEvent | CycleErrorEvent;
  /** Errors of the same primitive and kind left unreported since the previous report of that pair. */
  readonly suppressed: number;
}

interface Slot {
  lastTick: number;
  suppressed: number;
}

/**
 * Rate-limits error reports per (primitive id, kind of failure): the first one is reported, later
 * ones within `intervalTicks` are counted and handed to the next report. Keys are bounded by the
 * number of primitives times the kinds of failure.
 */
export class ErrorReportLimiter {
  readonly intervalTicks: number;
  readonly #onError: ((report: CoordinationErrorReport) => void) | undefined;
  readonly #slots = new Map<string, Slot>();

  constructor(onError: ((report: CoordinationErrorReport) => void) | undefined, intervalTicks: number) {
    if (onError !== undefined && typeof onError !== 'function') {
      throw new TypeError(`onError: expected a function, received ${typeof onError}`);
    }
    if (!Number.isInteger(intervalTicks) || intervalTicks < 0) {
      throw new RangeError(
        `errorReportIntervalTicks: expected an integer >= 0, received ${String(intervalTicks)}`,
      );
    }
    this.#onError = onError;
    this.intervalTicks = intervalTicks;
  }

  /**
   * `off`: no `onError`; `withheld`: within the interval (counted for the next report); `reported`;
   * `failed`: `onError` threw (the caller counts it; rethrowing would stop the loop being reported on).
   */
  report(event: ActionErrorEvent | CycleErrorEvent): 'off' | 'withheld' | 'reported' | 'failed' {
    const onError = this.#onError;
    if (onError === undefined) return 'off';
    const key = `${event.id}\u0000${event.type === 'cycle.error' ? 'cycle' : event.action}`;
    let slot = this.#slots.get(key);
    if (slot !== undefined && event.tick < slot.lastTick + this.intervalTicks) {
      slot.suppressed++;
      return 'withheld';
    }
    const suppressed = slot?.suppressed ?? 0;
    if (slot === undefined) {
      slot = { lastTick: event.tick, suppressed: 0 };
      this.#slots.set(key, slot);
    } else {
      slot.lastTick = event.tick;
      slot.suppressed = 0;
    }
    try {
      onError({ event, suppressed });
      return 'reported';
    } catch {
      return 'failed';
    }
  }
}
