/**
 * The binder's value table: one slot per key a binding or trigger reads, holding the key's latest
 * value and the tick it arrived for. It is the sink the input delivers into at each tick boundary,
 * and it counts what arrived (points, late points, lost points, arrival-to-apply delay).
 */
import { Histogram } from '../util/index.js';
import type { TickInputSink } from './hosts.js';

/** Delay buckets in ms, from arrival to the processing of the tick that applied the point. */
const DELAY_BOUNDS_MS = [0.5, 1, 2, 5, 10, 17, 20, 34, 50, 100, 250, 500, 1000];

export class TickValues implements TickInputSink {
  /** Key of each slot. */
  readonly keys: string[] = [];
  /** Latest value of each slot. */
  readonly values: unknown[] = [];
  /** Tick each slot's latest value arrived for (-Infinity: never). */
  readonly ticks: number[] = [];
  readonly delay = new Histogram(DELAY_BOUNDS_MS);
  pointsApplied = 0;
  /** Points stamped at or before a boundary already processed (applied one tick late). */
  latePoints = 0;
  lostPoints = 0;
  private readonly index = new Map<string, number>();
  private tick = 0;
  private prevBoundary = Number.NEGATIVE_INFINITY;
  private delayRef = 0;

  /** The slot of `key`, created on first use. */
  slotFor(key: string): number {
    let s = this.index.get(key);
    if (s === undefined) {
      s = this.keys.length;
      this.index.set(key, s);
      this.keys.push(key);
      this.values.push(undefined);
      this.ticks.push(Number.NEGATIVE_INFINITY);
    }
    return s;
  }

  /** Whether the slot ever had a value. */
  hasValue(slot: number): boolean {
    return this.ticks[slot] !== Number.NEGATIVE_INFINITY;
  }

  /** Start delivering for `tick`; `delayRefMs` is the time the delay histogram measures to. */
  begin(tick: number, delayRefMs: number): void {
    this.tick = tick;
    this.delayRef = delayRefMs;
  }

  /** Delivery for the tick whose boundary is `boundaryMs` is over. */
  end(boundaryMs: number): void {
    this.prevBoundary = boundaryMs;
  }

  point(arrivalMs: number): void {
    this.pointsApplied++;
    if (arrivalMs <= this.prevBoundary) this.latePoints++;
    this.delay.record(this.delayRef - arrivalMs);
  }

  field(path: string, value: unknown): void {
    const s = this.index.get(path);
    if (s !== undefined) {
      this.values[s] = value;
      this.ticks[s] = this.tick;
    }
  }

  lost(count: number): void {
    this.lostPoints += count;
  }
}
