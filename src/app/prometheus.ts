/**
 * The monitor's figures as Prometheus metrics (prom-client's registry and text format), for the
 * simulator's `/metrics` and `tinydisplay monitor --prometheus`.
 *
 * Rules a scraper relies on: each family's HELP and TYPE appear once; a family never mixes an
 * unlabelled total with labelled series (so `sum()` never counts twice: totals are what `sum()` gives);
 * latency is a histogram with `_bucket`/`_sum`/`_count`, not quantile gauges; rates are left to
 * `rate()` over the counters. One snapshot of the monitor is taken per scrape.
 */
import { createRequire } from 'node:module';
import type * as PromClient from 'prom-client';
import type { Metric, Registry } from 'prom-client';
import type { DataLayerMetrics, DataLayerMonitor } from '../data/index.js';
import type { HistogramSnapshot } from '../util/index.js';

type Labels = Readonly<Record<string, string>>;

interface Sample {
  readonly labels?: Labels;
  readonly value: number;
  readonly metricName?: string;
}

type Kind = 'counter' | 'gauge' | 'histogram';

/** A Prometheus exporter over a data-layer monitor (from `createMetricsExporter`). */
export interface MetricsExporter {
  readonly registry: Registry;
  /** The Prometheus text of one fresh snapshot. */
  metrics(): Promise<string>;
  readonly contentType: string;
}

/** Options of `createMetricsExporter`. */
export interface MetricsExporterOptions {
  /** Prefix of every family name. Default `'tinydisplay'`. */
  readonly prefix?: string;
}

/** Samples of a fixed-bucket histogram, its bounds divided by `per` (1e9: ns -> s; dividing keeps 1e3 ns '0.000001'). */
function histogramSamples(name: string, h: HistogramSnapshot, per: number, labels: Labels = {}): Sample[] {
  const out: Sample[] = [];
  let cumulative = 0;
  for (let i = 0; i < h.bounds.length; i++) {
    cumulative += h.counts[i] ?? 0;
    const bound = h.bounds[i] as number;
    out.push({
      metricName: `${name}_bucket`,
      labels: { ...labels, le: Number.isFinite(bound) ? String(bound / per) : '+Inf' },
      value: cumulative,
    });
  }
  out.push({ metricName: `${name}_sum`, labels, value: h.sum / per });
  out.push({ metricName: `${name}_count`, labels, value: h.count });
  return out;
}

function byKey(
  record: Readonly<Record<string, number>> | undefined,
  label: string,
  extra: Labels = {},
): Sample[] {
  return Object.entries(record ?? {}).map(([k, value]) => ({ labels: { ...extra, [label]: k }, value }));
}

/** A registry whose families read the monitor's snapshot of the current scrape. */
export function createMetricsExporter(
  monitor: DataLayerMonitor,
  options: MetricsExporterOptions = {},
): MetricsExporter {
  const prefix = options.prefix ?? 'tinydisplay';
  // prom-client is loaded when an exporter is made, not with the package (start-up time and memory).
  const prom = createRequire(import.meta.url)('prom-client') as typeof PromClient;
  const registry: Registry = new prom.Registry();
  let snapshot: DataLayerMetrics | undefined;
  const current = (): DataLayerMetrics => {
    snapshot ??= monitor.metrics();
    return snapshot;
  };
  const family = (
    name: string,
    kind: Kind,
    help: string,
    samples: (m: DataLayerMetrics) => Sample[],
  ): void => {
    const full = `${prefix}_${name}`;
    const metric = {
      name: full,
      help,
      type: kind,
      aggregator: 'sum',
      get: async () => ({ name: full, help, type: kind, aggregator: 'sum', values: samples(current()) }),
    };
    // prom-client formats any object with this shape; its own classes cannot take pre-counted buckets.
    registry.registerMetric(metric as unknown as Metric);
  };

  // ---- data layer ----
  family('points_ingested_total', 'counter', 'Points ingested into the ring buffer, by source.', (m) =>
    Object.entries(m.ingest.bySource).map(([source, r]) => ({ labels: { source }, value: r.total })),
  );
  family('ingest_latency_seconds', 'histogram', 'Source callback to readable in the buffer (sampled).', (m) =>
    histogramSamples(`${prefix}_ingest_latency_seconds`, m.latency.buckets, 1e9),
  );
  family('points_rejected_total', 'counter', 'Points refused whole, by reason.', (m) =>
    Object.entries(m.rejectedPoints)
      .filter(([reason]) => reason !== 'total')
      .map(([reason, value]) => ({ labels: { reason }, value })),
  );
  family(
    'fields_dropped_total',
    'counter',
    'Fields dropped with the rest of the point kept, by reason.',
    (m) =>
      Object.entries(m.droppedFields)
        .filter(([reason]) => reason !== 'total')
        .map(([reason, value]) => ({ labels: { reason }, value })),
  );
  family('evictions_total', 'counter', 'Points evicted to make room.', (m) => [{ value: m.evictions }]);
  family('rejected_full_total', 'counter', 'Points refused because the buffer was full.', (m) => [
    { value: m.rejectedFull },
  ]);
  family('reader_gap_points_total', 'counter', 'Points readers missed (overwritten before read).', (m) => [
    { value: m.readerGaps },
  ]);
  family('out_of_order_total', 'counter', 'Points whose source time went backwards.', (m) => [
    { value: m.outOfOrder },
  ]);
  family('listener_errors_total', 'counter', 'Buffer listener calls that threw.', (m) => [
    { value: m.listenerErrors },
  ]);
  family('buffer_bytes_used', 'gauge', 'Bytes held by the watched buffers.', (m) => [
    { value: m.memory.bytesUsed },
  ]);
  family('buffer_bytes_budget', 'gauge', 'Byte budget of the watched buffers.', (m) => [
    { value: m.memory.bytesBudget },
  ]);

  // ---- sources ----
  const sources = (m: DataLayerMetrics) => m.sections.sources?.sources ?? [];
  family('source_up', 'gauge', "1 for each source's current connection state.", (m) =>
    sources(m).map((s) => ({ labels: { source: s.id, kind: s.kind, state: s.state }, value: 1 })),
  );
  family('source_messages_total', 'counter', 'Points a source delivered into the buffer.', (m) =>
    sources(m).map((s) => ({ labels: { source: s.id, kind: s.kind }, value: s.messages })),
  );
  family('source_bytes_total', 'counter', 'Bytes a source received, accepted or refused.', (m) =>
    sources(m).map((s) => ({ labels: { source: s.id, kind: s.kind }, value: s.bytes })),
  );
  family('source_refused_total', 'counter', 'Payloads a source refused, by reason.', (m) =>
    sources(m).flatMap((s) => byKey(s.refused, 'reason', { source: s.id, kind: s.kind })),
  );
  family('source_lost_total', 'counter', 'Points lost in the transport or the sink, by reason.', (m) =>
    sources(m).flatMap((s) => byKey(s.lost, 'reason', { source: s.id, kind: s.kind })),
  );
  family(
    'source_duplicates_total',
    'counter',
    'Messages a source received twice (redeliveries, repeated sequence numbers).',
    (m) => sources(m).map((s) => ({ labels: { source: s.id, kind: s.kind }, value: s.duplicates })),
  );
  family('source_reconnects_total', 'counter', 'Connection attempts after the first.', (m) =>
    sources(m).map((s) => ({ labels: { source: s.id, kind: s.kind }, value: s.reconnects })),
  );
  family('source_gaps_total', 'counter', 'Interruptions of a live stream.', (m) =>
    sources(m).map((s) => ({ labels: { source: s.id, kind: s.kind }, value: s.gaps })),
  );

  // ---- bindings and triggers ----
  const binder = (m: DataLayerMetrics) => m.sections.binder;
  family('binding_updates_total', 'counter', 'Parameter updates written by each binding.', (m) =>
    byKey(binder(m)?.updatesByBinding, 'binding'),
  );
  family('binding_errors_total', 'counter', 'Map and apply errors of each binding.', (m) =>
    byKey(binder(m)?.errorsByBinding, 'binding'),
  );
  family('trigger_firings_total', 'counter', 'Firings of each trigger.', (m) =>
    byKey(binder(m)?.firingsByTrigger, 'trigger'),
  );
  family('trigger_suppressed_total', 'counter', "Firings held back by each trigger's cooldown.", (m) =>
    byKey(binder(m)?.suppressedByTrigger, 'trigger'),
  );
  family('trigger_condition_errors_total', 'counter', 'Condition errors of each data trigger.', (m) =>
    byKey(binder(m)?.conditionErrorsByTrigger, 'trigger'),
  );
  family('apply_delay_seconds', 'histogram', "From a point's arrival to the tick that applied it.", (m) => {
    const b = binder(m);
    return b ? histogramSamples(`${prefix}_apply_delay_seconds`, b.applyDelayMs, 1e3) : [];
  });

  return {
    registry,
    contentType: registry.contentType,
    async metrics() {
      snapshot = undefined;
      try {
        return await registry.metrics();
      } finally {
        snapshot = undefined;
      }
    },
  };
}
