/**
 * One clock read per batch of arrivals (d3-timer's "one `now` per frame"). A socket read that holds
 * several messages delivers them in one synchronous run; they arrived together, so they share one
 * stamp, and the clock (about half the cost of ingesting a numeric point on a VM) is read once for
 * the batch instead of once per point. The held reading is dropped in a microtask, that is, as
 * soon as the synchronous run that read it ends: the next socket read, timer or tick reads afresh.
 *
 * Only for real clocks: a fake clock stepped between two synchronous calls (tests) must be read
 * per call, so `RingBuffer` batches its default clock only, never one it is given.
 */

export interface BatchClock {
  /** The time of the current batch (ms): read from the clock on the batch's first call. */
  (): number;
  /** End the current batch now (the next call reads the clock); benchmarks use it to set batch sizes. */
  endBatch(): void;
  /** Clock reads so far (one per batch). */
  readonly reads: number;
}

/**
 * Wraps a clock so that calls in one synchronous run share one reading (the batch of one socket
 * read); the reading is dropped in a microtask.
 */
export function batchClock(read: () => number): BatchClock {
  let held = Number.NaN;
  let reads = 0;
  // One microtask per synchronous run at most, however often `endBatch` is called inside it.
  let expiring = false;
  const expire = (): void => {
    expiring = false;
    held = Number.NaN;
  };
  const endBatch = (): void => {
    held = Number.NaN;
  };
  const now = (): number => {
    if (!Number.isNaN(held)) return held; // a batch is open
    held = read();
    reads++;
    if (!expiring) {
      expiring = true;
      queueMicrotask(expire);
    }
    return held;
  };
  return Object.defineProperties(now, {
    endBatch: { value: endBatch },
    reads: { get: () => reads },
  }) as BatchClock;
}
