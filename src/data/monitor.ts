/**
 * `DataLayerMonitor`: what the data layer did, as numbers a user can read. Every record call is O(1)
 * (a few integer ops, time-bucketed rate counters, an HDR histogram for latency); `metrics()`
 * builds a plain snapshot on demand.
 *
 * Later layers add their own sections without editing this file:
 *
 *   declare module '../data/monitor.js' { interface MonitorSections { sources: SourcesMetrics } }
 *   monitor.provide('sources', () => sourcesSnapshot());
 */
import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';
import { Histogram, type HistogramSnapshot, RateCounter, ReasonCounts } from '../util/index.js';
import { batchClock } from './batch-clock.js';
import { REJECT_REASONS, type RejectReason } from './payload.js';

/** Sections other layers register through declaration merging (see the file comment). */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging from other modules.
export interface MonitorSections {}

/** Options of a `DataLayerMonitor`. */
export interface DataLayerMonitorOptions {
  /** Monotonic clock in ms. Default `performance.now`, read once per synchronous batch. Buffers given this monitor stamp with it too. */
  readonly clock?: () => number;
  /** Most distinct source ids tracked one by one; the rest count under `'(other)'`. Default 256. */
  readonly maxSources?: number;
}

/** Bytes a watched buffer holds against its budget. */
export interface BufferUsage {
  readonly bytesUsed: number;
  readonly bytesBudget: number;
}

/** A count and its mean rates per second. */
export interface RateSnapshot {
  readonly total: number;
  /** Mean per second over the last 1, 10 and 60 complete seconds. */
  readonly perSecond1s: number;
  readonly perSecond10s: number;
  readonly perSecond60s: number;
}

/** Ingest latency: time the buffer spent taking a sampled point, as percentiles in ns. */
export interface LatencySnapshot {
  /** Samples recorded (a buffer samples one point in `latencySampleEvery`). */
  readonly count: number;
  readonly minNs: number;
  readonly p50Ns: number;
  readonly p90Ns: number;
  readonly p99Ns: number;
  readonly p999Ns: number;
  readonly maxNs: number;
  readonly meanNs: number;
  /** The same samples in fixed buckets (`LATENCY_BUCKETS_NS`), for exporters that need counts per bucket. */
  readonly buckets: HistogramSnapshot;
}

/** Upper bounds (ns) of the ingest latency buckets: 1 µs to 1 s, roughly 1-2.5-5 per decade. */
export const LATENCY_BUCKETS_NS: readonly number[] = [
  1e3, 2.5e3, 5e3, 1e4, 2.5e4, 5e4, 1e5, 2.5e5, 5e5, 1e6, 2.5e6, 5e6, 1e7, 2.5e7, 5e7, 1e8, 2.5e8, 5e8, 1e9,
];

/** One snapshot of the monitor (`monitor.metrics()`). */
export interface DataLayerMetrics {
  /** Monitor clock at the snapshot, ms. */
  readonly time: number;
  readonly ingest: RateSnapshot & { readonly bySource: Readonly<Record<string, RateSnapshot>> };
  readonly latency: LatencySnapshot;
  /** Whole points refused, by reason. */
  readonly rejectedPoints: Readonly<Record<RejectReason, number>> & { readonly total: number };
  /** Single fields dropped (drop-field mode) while the rest of the point was kept, by reason. */
  readonly droppedFields: Readonly<Record<RejectReason, number>> & { readonly total: number };
  /** Points removed to make room (overwrite-oldest, or the byte budget). */
  readonly evictions: number;
  /** Points refused because the buffer was full under reject-newest. */
  readonly rejectedFull: number;
  /** Points readers missed because they were overwritten before being read. */
  readonly readerGaps: number;
  /** Points whose source timestamp went backwards (kept in arrival order, flagged). */
  readonly outOfOrder: number;
  readonly listenerErrors: number;
  readonly memory: BufferUsage & { readonly buffers: number };
  readonly sections: Partial<MonitorSections>;
  /** Sections whose snapshot function threw, as `key: message` (they are left out of `sections`). */
  readonly sectionErrors: readonly string[];
}

const OTHER_SOURCE = '(other)';

function reasonCounts(counts: ReasonCounts<RejectReason>): Record<RejectReason, number> & { total: number } {
  return { total: counts.total, ...counts.snapshot() };
}

/** Counts and rates of the data layer (ingest, rejections, latency, buffer use) plus sections other parts provide; `metrics()` composes one snapshot. */
export class DataLayerMonitor {
  /** The clock buffers attached to this monitor stamp with (ms). */
  readonly clock: () => number;
  private readonly maxSources: number;
  private readonly ingest = new RateCounter();
  private readonly sourceNames: string[] = [];
  private readonly sourceRates: RateCounter[] = [];
  private readonly sourceIndexes = new Map<string, number>();
  private readonly histogram: RecordableHistogram = createHistogram();
  private readonly latencyBuckets = new Histogram(LATENCY_BUCKETS_NS);
  private readonly rejectedPoints = new ReasonCounts(REJECT_REASONS);
  private readonly droppedFields = new ReasonCounts(REJECT_REASONS);
  private evictions = 0;
  private rejectedFull = 0;
  private readerGaps = 0;
  private outOfOrder = 0;
  private listenerErrors = 0;
  private readonly buffers: (() => BufferUsage)[] = [];
  private readonly providers = new Map<keyof MonitorSections, () => unknown>();

  constructor(options: DataLayerMonitorOptions = {}) {
    const maxSources = options.maxSources ?? 256;
    if (!Number.isSafeInteger(maxSources) || maxSources < 1) {
      throw new RangeError(
        `DataLayerMonitor: option "maxSources" must be a positive integer, got ${maxSources}`,
      );
    }
    if (options.clock !== undefined && typeof options.clock !== 'function') {
      throw new TypeError(`DataLayerMonitor: option "clock" must be a function, got ${typeof options.clock}`);
    }
    this.maxSources = maxSources;
    // The default clock is read once per synchronous batch (batch-clock.ts); a given one per call.
    this.clock = options.clock ?? batchClock(() => performance.now());
  }

  /** The small integer a buffer passes to `recordIngest` for `sourceId` (cold: call once per source). */
  sourceIndex(sourceId: string): number {
    const known = this.sourceIndexes.get(sourceId);
    if (known !== undefined) return known;
    const name = this.sourceNames.length < this.maxSources ? sourceId : OTHER_SOURCE;
    let index = this.sourceIndexes.get(name);
    if (index === undefined) {
      index = this.sourceNames.length;
      this.sourceNames.push(name);
      this.sourceRates.push(new RateCounter());
      this.sourceIndexes.set(name, index);
    }
    // Ids past the limit are not remembered one by one: the map stays bounded by maxSources + 1.
    if (name === sourceId) this.sourceIndexes.set(sourceId, index);
    return index;
  }

  /**
   * One point ingested from source `sourceIndex` at `timeMs` (monitor clock), which made the buffer
   * evict `evicted` older points. Hot path: a compare and a few increments.
   */
  recordIngest(sourceIndex: number, timeMs: number, evicted = 0): void {
    this.ingest.add(timeMs);
    (this.sourceRates[sourceIndex] as RateCounter).add(timeMs);
    this.evictions += evicted;
  }

  /** One ingest latency sample in ns (rounded; at least 1 ns, the histogram's floor). */
  recordLatency(ns: number): void {
    const v = ns >= 1 ? Math.round(ns) : 1;
    this.histogram.record(v);
    this.latencyBuckets.record(v);
  }

  recordRejectedPoint(reason: RejectReason): void {
    this.rejectedPoints.add(reason, 1);
  }

  recordDroppedField(reason: RejectReason): void {
    this.droppedFields.add(reason, 1);
  }

  recordEvictions(n: number): void {
    this.evictions += n;
  }

  recordRejectedFull(): void {
    this.rejectedFull++;
  }

  recordReaderGap(missed: number): void {
    this.readerGaps += missed;
  }

  recordOutOfOrder(): void {
    this.outOfOrder++;
  }

  recordListenerError(): void {
    this.listenerErrors++;
  }

  /** Include a buffer's bytes in `memory`. Returns a function that stops watching it. */
  watchBuffer(usage: () => BufferUsage): () => void {
    this.buffers.push(usage);
    return () => {
      const i = this.buffers.indexOf(usage);
      if (i >= 0) this.buffers.splice(i, 1);
    };
  }

  /** Register (or replace) the snapshot function of a section other layers declared. */
  provide<K extends keyof MonitorSections>(key: K, snapshot: () => MonitorSections[K]): void {
    if (typeof snapshot !== 'function') {
      throw new TypeError(
        `DataLayerMonitor.provide: "snapshot" for section "${String(key)}" must be a function`,
      );
    }
    this.providers.set(key, snapshot);
  }

  /** A plain snapshot of every counter; a section whose snapshot throws is left out and named in `sectionErrors`. */
  metrics(): DataLayerMetrics {
    const now = this.clock();
    const bySource: Record<string, RateSnapshot> = Object.create(null) as Record<string, RateSnapshot>;
    for (let i = 0; i < this.sourceNames.length; i++) {
      bySource[this.sourceNames[i] as string] = rateSnapshot(this.sourceRates[i] as RateCounter, now);
    }
    let bytesUsed = 0;
    let bytesBudget = 0;
    for (const usage of this.buffers) {
      const u = usage();
      bytesUsed += u.bytesUsed;
      bytesBudget += u.bytesBudget;
    }
    const sections: Record<string, unknown> = {};
    const sectionErrors: string[] = [];
    for (const [key, snapshot] of this.providers) {
      try {
        sections[key] = snapshot();
      } catch (err) {
        sectionErrors.push(`${String(key)}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const h = this.histogram;
    const count = h.count;
    return {
      time: now,
      ingest: { ...rateSnapshot(this.ingest, now), bySource },
      latency: {
        count,
        minNs: count === 0 ? 0 : h.min,
        p50Ns: count === 0 ? 0 : h.percentile(50),
        p90Ns: count === 0 ? 0 : h.percentile(90),
        p99Ns: count === 0 ? 0 : h.percentile(99),
        p999Ns: count === 0 ? 0 : h.percentile(99.9),
        maxNs: count === 0 ? 0 : h.max,
        meanNs: count === 0 ? 0 : h.mean,
        buckets: this.latencyBuckets.snapshot(),
      },
      rejectedPoints: reasonCounts(this.rejectedPoints),
      droppedFields: reasonCounts(this.droppedFields),
      evictions: this.evictions,
      rejectedFull: this.rejectedFull,
      readerGaps: this.readerGaps,
      outOfOrder: this.outOfOrder,
      listenerErrors: this.listenerErrors,
      memory: { bytesUsed, bytesBudget, buffers: this.buffers.length },
      sections: sections as Partial<MonitorSections>,
      sectionErrors,
    };
  }
}

function rateSnapshot(r: RateCounter, now: number): RateSnapshot {
  return {
    total: r.total,
    perSecond1s: r.rate(now, 1),
    perSecond10s: r.rate(now, 10),
    perSecond60s: r.rate(now, 60),
  };
}
