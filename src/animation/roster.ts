/**
 * Which animations a frame visits. Listed records (started at some point, or following a value) are
 * kept sorted by (target, order), so frames come out with targets in order without a sort; records
 * that write nothing from some tick on are retired until a command or an earlier tick needs them.
 * Separate from the engine because this is cost bookkeeping only: it never changes what a frame holds.
 */
import type { CompiledAnimation } from './compile.js';
import type { AnimationHistory } from './history.js';
import type { FrameSlots } from './slots.js';

/** One animation as the engine keeps it. */
export interface AnimationRecord {
  readonly def: CompiledAnimation;
  /** Order of adding: the later animation wins a property both write. */
  readonly order: number;
  readonly history: AnimationHistory;
  listed: boolean;
  /** When retired: the first tick from which it writes nothing. */
  silentFrom: number;
  /** `writeFrame`'s cache: its tracks' slots in `slotOwner` at layout `slotLayout` (see `FrameSlots`). */
  slotOwner?: FrameSlots;
  slotLayout?: number;
  slotMap?: Int32Array | undefined;
}

export class AnimationRoster {
  #listed: AnimationRecord[] = [];
  readonly #retired = new Set<AnimationRecord>();
  /** Largest `silentFrom` among retired records: frames for earlier ticks must bring some back. */
  #retiredFrom = Number.NEGATIVE_INFINITY;

  /** Listed records in (target, order) order; replaced, not mutated, when one leaves. */
  get listed(): readonly AnimationRecord[] {
    return this.#listed;
  }

  get retiredCount(): number {
    return this.#retired.size;
  }

  /** Whether a frame at `tick` may need a retired record back (see `unretireAt`). */
  needsUnretire(tick: number): boolean {
    return tick < this.#retiredFrom;
  }

  /** Add `rec` to the listed records at its (target, order) place. */
  list(rec: AnimationRecord): void {
    rec.listed = true;
    const listed = this.#listed;
    const key = rec.def.target;
    let lo = 0;
    let hi = listed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = listed[mid] as AnimationRecord;
      if (other.def.target < key || (other.def.target === key && other.order < rec.order)) lo = mid + 1;
      else hi = mid;
    }
    listed.splice(lo, 0, rec);
  }

  /** Forget `rec` (its animation was removed). */
  remove(rec: AnimationRecord): void {
    if (rec.listed) this.#listed = this.#listed.filter((r) => r !== rec);
    this.#retired.delete(rec);
  }

  /** A command arrived for `rec`: a retired record is listed again. */
  revive(rec: AnimationRecord): void {
    if (this.#retired.delete(rec)) {
      rec.silentFrom = Number.POSITIVE_INFINITY;
      this.list(rec);
    }
  }

  /** Set aside records that write nothing from their history's `silentFrom` on. */
  retire(recs: readonly AnimationRecord[]): void {
    for (const rec of recs) {
      rec.silentFrom = rec.history.silentFrom();
      rec.listed = false;
      this.#retired.add(rec);
      if (rec.silentFrom > this.#retiredFrom) this.#retiredFrom = rec.silentFrom;
    }
    const gone = new Set(recs);
    this.#listed = this.#listed.filter((r) => !gone.has(r));
  }

  /** Bring back the retired records that may still write at `tick`. */
  unretireAt(tick: number): void {
    let from = Number.NEGATIVE_INFINITY;
    for (const rec of this.#retired) {
      if (rec.silentFrom > tick) {
        this.#retired.delete(rec);
        rec.silentFrom = Number.POSITIVE_INFINITY;
        this.list(rec);
      } else if (rec.silentFrom > from) {
        from = rec.silentFrom;
      }
    }
    this.#retiredFrom = from;
  }
}
