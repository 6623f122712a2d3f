/**
 * The sources section of a monitor snapshot in the Prometheus text format, to follow the data layer's
 * own `toPrometheus()` (which leaves sections out).
 */
import { SOURCE_STATES, type SourcesMetrics } from '../sources/index.js';

function label(pairs: Readonly<Record<string, string>>): string {
  const body = Object.entries(pairs)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
  return `{${body}}`;
}

/** Source counters as Prometheus text (ends with a newline; empty when there are no sources). */
export function sourcesToPrometheus(metrics: SourcesMetrics, prefix = 'tinydisplay_source'): string {
  if (metrics.sources.length === 0) return '';
  const lines: string[] = [];
  const metric = (
    name: string,
    type: 'counter' | 'gauge',
    help: string,
    value: (s: SourcesMetrics['sources'][number]) => number,
  ): void => {
    lines.push(`# HELP ${prefix}_${name} ${help}`, `# TYPE ${prefix}_${name} ${type}`);
    for (const s of metrics.sources)
      lines.push(`${prefix}_${name}${label({ source: s.id, kind: s.kind })} ${value(s)}`);
  };
  lines.push(`# HELP ${prefix}_state 1 for the state the source is in, 0 for the others.`);
  lines.push(`# TYPE ${prefix}_state gauge`);
  for (const s of metrics.sources)
    for (const state of SOURCE_STATES)
      lines.push(`${prefix}_state${label({ source: s.id, state })} ${s.state === state ? 1 : 0}`);
  metric('messages_total', 'counter', 'Points accepted into the buffer.', (s) => s.messages);
  metric('bytes_total', 'counter', 'Bytes received, accepted or refused.', (s) => s.bytes);
  metric('refused_total', 'counter', 'Payloads refused (bad JSON, limits, schema).', (s) => s.refusedTotal);
  metric('lost_total', 'counter', 'Points lost in the transport or the sink.', (s) => s.lostTotal);
  metric(
    'duplicates_total',
    'counter',
    'Messages received twice (redeliveries, repeated sequence numbers).',
    (s) => s.duplicates,
  );
  metric('reconnects_total', 'counter', 'Connection attempts after the first.', (s) => s.reconnects);
  metric('gaps_total', 'counter', 'Interruptions of a live stream.', (s) => s.gaps);
  return `${lines.join('\n')}\n`;
}
