import { ReportWindow } from '../util/index.js';
import { type TickScheduler, timeoutScheduler } from './scheduler.js';

/** Options of a `TickClock`. */
export interface TickClockOptions {
  /** Ticks per second. Required; a finite number > 0. */
  readonly fps: number;
  /** Monotonic time source in ms. Default: `performance.now`. The only wall-clock read of the engine. */
  readonly now?: () => number;
  /** Where the clock asks to be woken. Default: `setTimeout` (see `timeoutScheduler`). */
  readonly scheduler?: TickScheduler;
  /**
   * A tick counts as late when it runs more than this many ms after its due time. Default: half a
   * tick (`500 / fps`).
   */
  readonly lateAfterMs?: number;
  /**
   * Called when the tick callback throws; the loop goes on. Default: report to `console.error`, the
   * first error and then at most one every 10 s of ticks, with the count of errors since.
   */
  readonly onError?: (error: unknown, tick: number) => void;
}

/** What the loop did so far. Counters only grow (until `start` is called again). */
export interface TickClockStats {
  /** Tick callbacks run. */
  readonly ticks: number;
  /** Ticks that ran more than `lateAfterMs` after their due time. */
  readonly lateTicks: number;
  /** Ticks never run because the loop fell behind and jumped to the due tick. */
  readonly skippedTicks: number;
  /** Tick callbacks that threw. */
  readonly callbackErrors: number;
}

/** Called once per tick: `skipped` is how many ticks were jumped over just before this one. */
export type TickCallback = (tick: number, skipped: number) => void;

/** `idle`: never started; `running`: ticking; `stopped`: stopped by `stop()` (may start again). */
export type TickClockState = 'idle' | 'running' | 'stopped';

/**
 * Paces ticks at a fixed fps. Tick `n` is due at `timeOfTick(n) = origin + n × 1000 / fps` ms.
 *
 * It is the only part of the engine that reads a clock, and its time source and scheduler are
 * injected. When the loop falls behind (a blocked event loop), it does not replay the missed ticks:
 * it jumps to the tick due now, counts the ticks it skipped and passes that count to the callback.
 */
export class TickClock {
  /** Ticks per second. */
  readonly fps: number;
  /** Length of one tick in ms (`1000 / fps`). */
  readonly tickMs: number;
  private readonly now: () => number;
  private readonly scheduler: TickScheduler;
  private readonly lateAfterMs: number;
  private readonly onError: (error: unknown, tick: number) => void;
  private originMs = 0;
  private nextTick = 0;
  private handle: unknown;
  private callback: TickCallback | undefined;
  private stateValue: TickClockState = 'idle';
  private counters = { ticks: 0, lateTicks: 0, skippedTicks: 0, callbackErrors: 0 };
  /** Callback errors reported at most once per 10 s of ticks. */
  private readonly reports: ReportWindow;

  constructor(options: TickClockOptions) {
    const { fps } = options;
    if (typeof fps !== 'number' || !Number.isFinite(fps) || fps <= 0) {
      throw new RangeError(`TickClock: option 'fps' must be a finite number > 0, received ${String(fps)}`);
    }
    const late = options.lateAfterMs ?? 500 / fps;
    if (!Number.isFinite(late) || late < 0) {
      throw new RangeError(
        `TickClock: option 'lateAfterMs' must be a finite number >= 0 (ms), received ${String(late)}`,
      );
    }
    this.fps = fps;
    this.tickMs = 1000 / fps;
    this.reports = new ReportWindow(fps * 10);
    this.now = options.now ?? (() => performance.now());
    this.scheduler = options.scheduler ?? timeoutScheduler;
    this.lateAfterMs = late;
    this.onError = options.onError ?? ((error, tick) => this.report(error, tick));
  }

  /** `idle`, `running` or `stopped`. */
  get state(): TickClockState {
    return this.stateValue;
  }

  /** Time (ms, on the `now` scale) of tick 0. Set by `start`. */
  get origin(): number {
    return this.originMs;
  }

  /** Counters of ticks run, late, skipped and failed. */
  get stats(): TickClockStats {
    return { ...this.counters };
  }

  /** The due time of tick `n`, in ms on the `now` scale. */
  timeOfTick(n: number): number {
    return this.originMs + (n * 1000) / this.fps;
  }

  /** The tick due at `timeMs`: the last tick whose due time is <= `timeMs` (may be negative). */
  tickAt(timeMs: number): number {
    let n = Math.floor(((timeMs - this.originMs) * this.fps) / 1000);
    // The division above can land one off at a boundary; settle it against timeOfTick itself.
    while (this.timeOfTick(n) > timeMs) n--;
    while (this.timeOfTick(n + 1) <= timeMs) n++;
    return n;
  }

  /**
   * The tick at which a data point arriving at `timeMs` becomes visible: the first tick `N` with
   * `timeOfTick(N) >= timeMs`, so a point arriving in `(timeOfTick(N-1), timeOfTick(N)]` is applied
   * at tick `N`.
   */
  tickForArrival(timeMs: number): number {
    const at = this.tickAt(timeMs);
    return this.timeOfTick(at) === timeMs ? at : at + 1;
  }

  /**
   * Start ticking: `onTick(fromTick)` runs at `origin + fromTick × tickMs`. `originMs` defaults to
   * `now()` minus `fromTick` ticks, so `fromTick` runs at once.
   */
  start(onTick: TickCallback, options: { fromTick?: number; originMs?: number } = {}): void {
    if (this.stateValue === 'running') throw new Error('TickClock.start: the clock is already running');
    const fromTick = options.fromTick ?? 0;
    if (!Number.isInteger(fromTick)) {
      throw new RangeError(`TickClock.start: 'fromTick' must be an integer, received ${String(fromTick)}`);
    }
    this.callback = onTick;
    this.originMs = options.originMs ?? this.now() - (fromTick * 1000) / this.fps;
    this.nextTick = fromTick;
    this.counters = { ticks: 0, lateTicks: 0, skippedTicks: 0, callbackErrors: 0 };
    this.stateValue = 'running';
    this.arm(this.now());
  }

  /** Stop ticking; pending wake-ups are cancelled. */
  stop(): void {
    if (this.stateValue !== 'running') return;
    this.stateValue = 'stopped';
    this.scheduler.cancel(this.handle);
    this.handle = undefined;
  }

  private arm(nowMs: number): void {
    this.handle = this.scheduler.schedule(this.wake, this.timeOfTick(this.nextTick) - nowMs);
  }

  private readonly wake = (): void => {
    this.handle = undefined;
    if (this.stateValue !== 'running') return;
    const t = this.now();
    const due = this.tickAt(t);
    if (due >= this.nextTick) {
      const skipped = due - this.nextTick;
      this.counters.skippedTicks += skipped;
      const tick = due;
      if (t - this.timeOfTick(tick) > this.lateAfterMs) this.counters.lateTicks++;
      this.nextTick = tick + 1;
      this.counters.ticks++;
      try {
        this.callback?.(tick, skipped);
      } catch (error) {
        this.counters.callbackErrors++;
        this.onError(error, tick);
      }
    }
    // Woken early (timers may fire early) or after the tick: wait for the next due one.
    if (this.stateValue === 'running') this.arm(this.now());
  };

  private report(error: unknown, tick: number): void {
    const heldBack = this.reports.admit(tick);
    if (heldBack < 0) return;
    const extra = heldBack > 0 ? ` (${heldBack} more since the last report)` : '';
    console.error(`TickClock: tick callback threw at tick ${tick}${extra}:`, error);
  }
}
