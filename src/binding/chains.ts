/**
 * Chained trigger firings waiting for their tick (`fireTrigger(id, after)`): a bounded queue ordered
 * by (due tick, enqueue order). At the bound a new entry is refused and the caller counts it.
 *
 * A 0-tick link keeps the path of the cascade it belongs to (the triggers fired in this tick along
 * 0-tick links), so a link back into that path is refused as a cycle before the trigger's actions run
 * again. A delayed link starts a new cascade at its due tick; only `maxCascadeDepth` bounds those.
 */
export interface ChainEntry {
  readonly due: number;
  readonly seq: number;
  readonly triggerId: string;
  /** Links from the condition firing that started the chain (1 for its first link). */
  readonly depth: number;
  /** The trigger whose action queued it. */
  readonly from: string;
  /**
   * 0-tick links: the ids fired in this tick's cascade up to and including `triggerId`. Undefined for
   * a delayed link (a new cascade starts at its due tick).
   */
  readonly path: readonly string[] | undefined;
}

/** A 0-tick chain re-entering a trigger of its own cascade; `path` ends with the re-entered id. */
export class ChainCycleError extends Error {
  constructor(
    message: string,
    readonly path: readonly string[],
  ) {
    super(message);
    this.name = 'ChainCycleError';
  }
}

export class ChainQueue {
  private readonly entries: ChainEntry[] = [];
  private seq = 0;

  constructor(readonly limit: number) {}

  get size(): number {
    return this.entries.length;
  }

  /** Queue a firing; false when the queue is full (nothing queued). */
  push(
    due: number,
    triggerId: string,
    depth: number,
    from: string,
    path: readonly string[] | undefined,
  ): boolean {
    if (this.entries.length >= this.limit) return false;
    const entry: ChainEntry = { due, seq: this.seq++, triggerId, depth, from, path };
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
