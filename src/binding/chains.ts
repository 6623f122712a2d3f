/**
 * Chained trigger firings waiting for their tick (`fireTrigger(id, after)`): a bounded queue ordered
 * by (due tick, enqueue order). At the bound a new entry is refused and the caller counts it.
 */
export interface ChainEntry {
  readonly due: number;
  readonly seq: number;
  readonly triggerId: string;
  /** Links from the condition firing that started the chain (1 for its first link). */
  readonly depth: number;
  /** The trigger whose action queued it. */
  readonly from: string;
}

export class ChainQueue {
  private readonly entries: ChainEntry[] = [];
  private seq = 0;

  constructor(readonly limit: number) {}

  get size(): number {
    return this.entries.length;
  }

  /** Queue a firing; false when the queue is full (nothing queued). */
  push(due: number, triggerId: string, depth: number, from: string): boolean {
    if (this.entries.length >= this.limit) return false;
    const entry: ChainEntry = { due, seq: this.seq++, triggerId, depth, from };
    // Entries mostly arrive in due order: walk from the end; equal due ticks keep enqueue order.
    let i = this.entries.length;
    while (i > 0 && (this.entries[i - 1] as ChainEntry).due > due) i--;
    this.entries.splice(i, 0, entry);
    return true;
  }

  /** The next entry due at or before `tick`, removed from the queue; undefined when none is due. */
  shiftDue(tick: number): ChainEntry | undefined {
    const first = this.entries[0];
    if (first === undefined || first.due > tick) return undefined;
    this.entries.shift();
    return first;
  }
}
