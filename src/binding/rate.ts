/**
 * Events per second over the last second of ticks: a `BucketCounter` of one-tick buckets, O(1) per
 * event and per tick (a read sums one second of ticks).
 */
import { BucketCounter } from '../util/index.js';

export class TickRate {
  private readonly counter: BucketCounter;
  private readonly window: number;
  private lastTick = Number.NaN;

  /** @param ticksPerWindow ticks in the window (the fps, for a per-second rate). */
  constructor(private readonly ticksPerWindow: number) {
    this.window = Math.max(1, Math.ceil(ticksPerWindow));
    this.counter = new BucketCounter(this.window, 1);
  }

  /** Count `n` events at `tick` (ticks must not go backwards). */
  add(tick: number, n = 1): void {
    this.advance(tick);
    this.counter.add(tick, n);
  }

  /** Move the window to end at `tick` (it never moves back). */
  advance(tick: number): void {
    if (Number.isNaN(this.lastTick) || tick > this.lastTick) this.lastTick = tick;
  }

  /** Events in the window ending at the last tick seen, scaled to one second. */
  perSecond(): number {
    if (Number.isNaN(this.lastTick)) return 0;
    const end = this.lastTick + 1;
    return (this.counter.sum(end - this.window, end) * this.window) / this.ticksPerWindow;
  }

  /** Events since creation. */
  get count(): number {
    return this.counter.total;
  }
}
