/**
 * Where the tick clock asks to be woken up. The default uses `setTimeout`; tests pass a scheduler they
 * step by hand (see `ManualScheduler`), so no test sleeps.
 */
export interface TickScheduler {
  /** Call `callback` once after about `delayMs` milliseconds; returns a handle for `cancel`. */
  schedule(callback: () => void, delayMs: number): unknown;
  /** Cancel a callback that has not run yet; cancelling one that ran is a no-op. */
  cancel(handle: unknown): void;
}

/** `setTimeout`-based scheduler (the default). */
export const timeoutScheduler: TickScheduler = {
  schedule: (callback, delayMs) => setTimeout(callback, Math.max(0, delayMs)),
  cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * A scheduler and time source for tests and replays: time moves only when `advanceTo`/`advanceBy` is
 * called, and callbacks due by then run in order of their due time.
 */
export class ManualScheduler implements TickScheduler {
  private time: number;
  private seq = 0;
  private readonly pending = new Map<number, { due: number; seq: number; callback: () => void }>();

  /** @param startMs the initial reading of `now()`, in ms (default 0). */
  constructor(startMs = 0) {
    this.time = startMs;
  }

  /** The current time in ms; pass as the clock's `now`. */
  readonly now = (): number => this.time;

  schedule(callback: () => void, delayMs: number): unknown {
    const id = ++this.seq;
    this.pending.set(id, { due: this.time + Math.max(0, delayMs), seq: id, callback });
    return id;
  }

  cancel(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Number of callbacks waiting. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Move time to `ms`, running every callback due by then (callbacks may schedule more). */
  advanceTo(ms: number): void {
    for (;;) {
      let next: { due: number; seq: number; callback: () => void } | undefined;
      let nextId = -1;
      for (const [id, p] of this.pending) {
        if (p.due > ms) continue;
        if (!next || p.due < next.due || (p.due === next.due && p.seq < next.seq)) {
          next = p;
          nextId = id;
        }
      }
      if (!next) break;
      this.pending.delete(nextId);
      if (next.due > this.time) this.time = next.due;
      next.callback();
    }
    if (ms > this.time) this.time = ms;
  }

  /** Move time forward by `ms`. */
  advanceBy(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  /** Move time without running anything (simulates a blocked event loop). */
  jumpTo(ms: number): void {
    this.time = ms;
  }
}
