/**
 * The `bench:pi` workload without its sockets and timers: what tinydisplay itself spends per second of
 * display, in one process, in simulated time (no waiting, warm caches).
 *
 * - `pipeline.pi_workload.us_per_display_second`: one second of bench/pi-pipeline.mjs's display (100
 *   MQTT-shaped JSON payloads through a source's `deliverText`, one system point, 60 ticks of the
 *   DisplayPipeline: binder, engine, the six-widget Scene, the SSD1306 output on a null bus).
 * - `pipeline.pi_workload.heap_bytes_per_display_second`: what that second allocates (collected or not).
 *
 * `bench:pi` measures the same work in real time with the process's wake-ups, the MQTT client and the
 * GC's pauses on top; this entry is the part our code owns, and moves only when our code does.
 */
import * as lib from '../src/index.js';
import type { BenchContext, BenchEntry } from './harness.js';
import { gc, heapBytes, round, timePerOp } from './harness.js';
import { simulatedPiDisplay } from './pi-display.mjs';

export default async function pipelineBench(ctx: BenchContext): Promise<BenchEntry[]> {
  /** One second of display: the messages due before each tick, then the tick. */
  const { scene, second, close } = await simulatedPiDisplay(lib, 'pipeline bench');
  const rounds = ctx.quick ? 10 : 60;
  const t = timePerOp(second, { rounds, opsPerRound: 1, warmupRounds: 20 });
  gc();
  const before = heapBytes();
  const n = 5;
  for (let i = 0; i < n; i++) second();
  const bytes = (heapBytes() - before) / n;
  ctx.log(`  pi workload: ${JSON.stringify(scene.stats)}`);
  await close();
  return [
    { name: 'pipeline.pi_workload.us_per_display_second', value: round(t.medianNs / 1000, 1), unit: 'us' },
    { name: 'pipeline.pi_workload.heap_bytes_per_display_second', value: Math.round(bytes), unit: 'bytes' },
  ];
}
