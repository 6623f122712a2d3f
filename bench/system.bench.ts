/**
 * The system-metrics source's per-sample cost (it samples once a second on a Pi, beside a 60 fps loop):
 *
 * - `sources.system_metrics.us_cpu_per_sample`: CPU time (all threads, `process.cpuUsage`) of one
 *   `SystemMetricsSource` sample through the default probe (/proc and /sys read synchronously).
 * - `peer.fs_promises.system_metrics_files.us_cpu_per_sample`: the same /proc and /sys files read
 *   with `fs/promises` `readFile`, what the probe did before: a thread-pool round trip per open, stat,
 *   read and close.
 *
 * CPU time, not wall time: the thread pool's work counts. Compare the two entries of the same run.
 */
import { readFile } from 'node:fs/promises';
import { SystemMetricsSource } from '../src/sources/index.js';
import type { SourceContext } from '../src/sources/source.js';
import type { BenchContext, BenchEntry } from './harness.js';
import { round } from './harness.js';

async function cpuPerCall(n: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await fn();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}

export default async function systemBench(ctx: BenchContext): Promise<BenchEntry[]> {
  const n = ctx.quick ? 300 : 3_000;
  const source = new SystemMetricsSource();
  const sourceCtx = { clock: { now: () => performance.now() } } as unknown as SourceContext;
  const sample = () => source.sample(sourceCtx);
  // The files one sample reads on this machine (a missing one costs only its failed open).
  const files = [
    '/proc/net/dev',
    '/proc/diskstats',
    '/proc/meminfo',
    '/sys/class/thermal/thermal_zone0/temp',
  ];
  const peer = () => Promise.all(files.map((f) => readFile(f, 'utf8').catch(() => undefined)));
  const ours = await cpuPerCall(n, sample);
  const theirs = await cpuPerCall(n, peer);
  return [
    { name: 'sources.system_metrics.us_cpu_per_sample', value: round(ours, 1), unit: 'us' },
    { name: 'peer.fs_promises.system_metrics_files.us_cpu_per_sample', value: round(theirs, 1), unit: 'us' },
  ];
}
