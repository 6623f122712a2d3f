/**
 * Events per second over the last second of ticks, O(1) per event and per tick: a ring of per-tick
 * counts (one slot per tick of a second) and a running sum.
 */
export class TickRate {
  private readonly slots: Uint32Array;
  private sum = 0;
  private lastTick = Number.NaN;
  private total = 0;

  /** @param ticksPerWindow ticks in the window (the fps, for a per-second rate). */
  constructor(private readonly ticksPerWindow: number) {
    this.slots = new Uint32Array(Math.max(1, Math.ceil(ticksPerWindow)));
  }

  /** Count `n` events at `tick` (ticks must not go backwards). */
  add(tick: number, n = 1): void {
    this.advance(tick);
    const i = tick % this.slots.length;
    this.slots[i] = (this.slots[i] as number) + n;
    this.sum += n;
    this.total += n;
  }

  /** Move the window to end at `tick`, dropping the counts that left it. */
  advance(tick: number): void {
    const len = this.slots.length;
    if (Number.isNaN(this.lastTick) || tick - this.lastTick >= len) {
      this.slots.fill(0);
      this.sum = 0;
    } else {
      for (let t = this.lastTick + 1; t <= tick; t++) {
        const i = t % len;
        this.sum -= this.slots[i] as number;
        this.slots[i] = 0;
      }
    }
    if (Number.isNaN(this.lastTick) || tick > this.lastTick) this.lastTick = tick;
  }

  /** Events in the window ending at the last tick seen, scaled to one second. */
  perSecond(): number {
    return (this.sum * this.slots.length) / this.ticksPerWindow;
  }

  /** Events since creation. */
  get count(): number {
    return this.total;
  }
}
