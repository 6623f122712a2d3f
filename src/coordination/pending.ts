import type { CoordinationAction } from './actions.js';

/** One action waiting for its tick. */
export interface PendingEntry {
  readonly dueTick: number;
  /** Enqueue order: ties on `dueTick` run first-in, first-out. */
  readonly seq: number;
  readonly action: CoordinationAction;
  readonly sourceId: string;
  /** `request`: a `triggerAt` call; `action`: an `afterTicks` action of `sourceId`. */
  readonly origin: 'request' | 'action';
}

/**
 * A bounded min-heap of actions keyed by (due tick, enqueue order). At the limit a new entry is
 * refused (the caller counts and reports it): dropping the newest keeps what was promised earlier.
 */
export class PendingQueue {
  readonly limit: number;
  #heap: PendingEntry[] = [];
  #seq = 0;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`pendingLimit: expected an integer >= 1, received ${String(limit)}`);
    }
    this.limit = limit;
  }

  get size(): number {
    return this.#heap.length;
  }

  /** The earliest due tick, or `Infinity` when empty. */
  peekDue(): number {
    const top = this.#heap[0];
    return top === undefined ? Number.POSITIVE_INFINITY : top.dueTick;
  }

  /** False when full (nothing was added). */
  push(
    dueTick: number,
    action: CoordinationAction,
    sourceId: string,
    origin: PendingEntry['origin'],
  ): boolean {
    if (this.#heap.length >= this.limit) return false;
    const h = this.#heap;
    h.push({ dueTick, seq: this.#seq++, action, sourceId, origin });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(h[i]!, h[parent]!)) break;
      swap(h, i, parent);
      i = parent;
    }
    return true;
  }

  /** Remove and return the earliest entry due at or before `tick`. */
  popDue(tick: number): PendingEntry | undefined {
    const h = this.#heap;
    const top = h[0];
    if (top === undefined || top.dueTick > tick) return undefined;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        swap(h, i, m);
        i = m;
      }
    }
    return top;
  }

  clear(): void {
    this.#heap = [];
  }

  /** Entries in run order (a sorted copy), for snapshots and tests. */
  entries(): PendingEntry[] {
    return [...this.#heap].sort((a, b) => (less(a, b) ? -1 : 1));
  }
}

function less(a: PendingEntry, b: PendingEntry): boolean {
  return a.dueTick < b.dueTick || (a.dueTick === b.dueTick && a.seq < b.seq);
}

function swap(h: PendingEntry[], i: number, j: number): void {
  const t = h[i]!;
  h[i] = h[j]!;
  h[j] = t;
}
