import { describe, expect, it } from 'vitest';
import { createMetricsExporter, DataLayerMonitor, RingBuffer } from '../../src/index.js';

/** Families of an exposition: name -> { help count, type count, type, series lines }. */
function families(text: string) {
  const out = new Map<string, { help: number; type: number; kind: string; series: string[] }>();
  const get = (name: string) => {
    let f = out.get(name);
    if (!f) {
      f = { help: 0, type: 0, kind: '', series: [] };
      out.set(name, f);
    }
    return f;
  };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const f = get(meta[2] as string);
      if (meta[1] === 'HELP') f.help++;
      else {
        f.type++;
        f.kind = meta[3] as string;
      }
      continue;
    }
    const name = (/^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line) as RegExpExecArray)[0];
    const base = out.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    get(base).series.push(line);
  }
  return out;
}

function scenario() {
  const monitor = new DataLayerMonitor({ clock: () => 0 });
  const rb = new RingBuffer({ monitor, capacity: 1 });
  rb.addDataPoint({ v: 1 }, 'cpu "0"');
  rb.addDataPoint({ v: 2 }, 'cpu "0"');
  rb.addDataPoint({ v: 3 }, 'mem');
  expect(() => rb.addDataPoint({ v: Number.NaN })).toThrow();
  for (const ns of [500, 1500, 20_000, 3e6]) monitor.recordLatency(ns);
  return monitor;
}

describe('createMetricsExporter', () => {
  it("gives each family's HELP and TYPE once, and never mixes an unlabelled total with labelled series", async () => {
    const text = await createMetricsExporter(scenario()).metrics();
    const fams = families(text);
    expect(fams.size).toBeGreaterThan(10);
    for (const [name, f] of fams) {
      expect([name, f.help, f.type]).toEqual([name, 1, 1]);
      if (f.kind === 'histogram') continue;
      const labelled = f.series.filter((l) => l.includes('{')).length;
      expect([name, labelled === 0 || labelled === f.series.length]).toEqual([name, true]);
    }
  });

  it('counts points per source with escaped labels, so sum() is the total', async () => {
    const text = await createMetricsExporter(scenario()).metrics();
    expect(text).toContain('tinydisplay_points_ingested_total{source="cpu \\"0\\""} 2');
    expect(text).toContain('tinydisplay_points_ingested_total{source="mem"} 1');
    expect(text).not.toMatch(/^tinydisplay_points_ingested_total \d/m);
    expect(text).toContain('tinydisplay_points_rejected_total{reason="non-finite"} 1');
    expect(text).toContain('tinydisplay_evictions_total 2');
  });

  it('exports ingest latency as a cumulative histogram in seconds', async () => {
    const text = await createMetricsExporter(scenario()).metrics();
    expect(text).toContain('# TYPE tinydisplay_ingest_latency_seconds histogram');
    expect(text).not.toContain('quantile');
    expect(text).toContain('tinydisplay_ingest_latency_seconds_bucket{le="0.000001"} 1');
    expect(text).toContain('tinydisplay_ingest_latency_seconds_bucket{le="0.0000025"} 2');
    expect(text).toContain('tinydisplay_ingest_latency_seconds_bucket{le="+Inf"} 4');
    expect(text).toContain('tinydisplay_ingest_latency_seconds_count 4');
    const buckets = [...text.matchAll(/_latency_seconds_bucket\{le="[^"]+"\} (\d+)/g)].map((m) =>
      Number(m[1]),
    );
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
  });

  it('takes a fresh snapshot for every scrape', async () => {
    const monitor = scenario();
    const exporter = createMetricsExporter(monitor);
    await exporter.metrics();
    new RingBuffer({ monitor }).addDataPoint({ v: 1 }, 'late');
    expect(await exporter.metrics()).toContain('tinydisplay_points_ingested_total{source="late"} 1');
  });
});
