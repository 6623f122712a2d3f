import { KeyedReportGate } from '../util/index.js';
import type { ActionErrorEvent, CycleErrorEvent } from './events.js';

/** What `onError` receives. */
export interface CoordinationErrorReport {
  readonly event: ActionErrorEvent | CycleErrorEvent;
  /** Errors of the same primitive and kind left unreported since the previous report of that pair. */
  readonly suppressed: number;
}

/**
 * Rate-limits error reports per (primitive id, kind of failure): the first one is reported, later
 * ones within `intervalTicks` are counted and handed to the next report. Keys are bounded by the
 * number of primitives times the kinds of failure, and by `maxKeys` (later keys share one window).
 */
export class ErrorReportLimiter {
  readonly intervalTicks: number;
  readonly #onError: ((report: CoordinationErrorReport) => void) | undefined;
  readonly #gate: KeyedReportGate<string>;

  constructor(
    onError: ((report: CoordinationErrorReport) => void) | undefined,
    intervalTicks: number,
    maxKeys = 1024,
  ) {
    if (onError !== undefined && typeof onError !== 'function') {
      throw new TypeError(`onError: expected a function, received ${typeof onError}`);
    }
    if (!Number.isInteger(intervalTicks) || intervalTicks < 0) {
      throw new RangeError(
        `reportIntervalTicks: expected an integer >= 0, received ${String(intervalTicks)}`,
      );
    }
    this.#onError = onError;
    this.intervalTicks = intervalTicks;
    this.#gate = new KeyedReportGate(intervalTicks, maxKeys);
  }

  /**
   * `off`: no `onError`; `withheld`: within the interval (counted for the next report); `reported`;
   * `failed`: `onError` threw (the caller counts it; rethrowing would stop the loop being reported on).
   */
  report(event: ActionErrorEvent | CycleErrorEvent): 'off' | 'withheld' | 'reported' | 'failed' {
    const onError = this.#onError;
    if (onError === undefined) return 'off';
    const key = `${event.id}\u0000${event.type === 'cycle.error' ? 'cycle' : event.action}`;
    const suppressed = this.#gate.admit(key, event.tick);
    if (suppressed < 0) return 'withheld';
    try {
      onError({ event, suppressed });
      return 'reported';
    } catch {
      return 'failed';
    }
  }
}
