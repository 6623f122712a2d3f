/**
 * The binder's input sink: what the input delivers at a tick boundary goes into the `DataStore` (the
 * latest value of each tracked key, with its arrival time), and what arrived is counted here (points,
 * late points, lost points, the arrival-to-apply delay) for the monitor's `binder` section.
 */
import type { DataStore, FieldValue } from '../data/index.js';
import { Histogram } from '../util/index.js';
import type { TickInputSink } from './hosts.js';

/** Delay buckets in ms, from arrival to the processing of the tick that applied the point. */
const DELAY_BOUNDS_MS = [0.5, 1, 2, 5, 10, 17, 20, 34, 50, 100, 250, 500, 1000];

export class StoreSink implements TickInputSink {
  readonly delay = new Histogram(DELAY_BOUNDS_MS);
  pointsApplied = 0;
  /** Points stamped at or before a boundary already processed (applied one tick late). */
  latePoints = 0;
  lostPoints = 0;
  private prevBoundary = Number.NEGATIVE_INFINITY;
  private boundary = Number.NEGATIVE_INFINITY;
  private delayRef = 0;

  constructor(private readonly store: DataStore) {}

  /** The keys the store tracks: an input delivers only these. */
  get keys(): readonly string[] {
    return this.store.keys;
  }

  /**
   * Start delivering for `tick`, due at `boundaryMs`; `delayRefMs` is the time the delay histogram
   * measures to. The store is judged at `tick` from here on.
   */
  begin(tick: number, boundaryMs: number, delayRefMs: number): void {
    this.store.judge(tick, boundaryMs);
    this.boundary = boundaryMs;
    this.delayRef = delayRefMs;
  }

  /** Delivery for the tick begun last is over. */
  end(): void {
    this.prevBoundary = this.boundary;
  }

  point(arrivalMs: number): void {
    this.pointsApplied++;
    if (arrivalMs <= this.prevBoundary) this.latePoints++;
    this.delay.record(this.delayRef - arrivalMs);
  }

  field(path: string, value: unknown, arrivalMs?: number): void {
    this.store.write(path, value as FieldValue, arrivalMs ?? this.boundary);
  }

  lost(count: number): void {
    this.lostPoints += count;
  }
}
