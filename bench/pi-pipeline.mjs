// The child process of `npm run bench:pi` (bench/pi.ts starts it pinned to one core with the V8 flags
// of its PI_NODE_FLAGS, a 64 MB old-space cap among them): the whole pipeline as a user builds it
// from the public API of the built dist/, the way it runs on a Raspberry Pi Zero 2W driving a 128x64
// SSD1306.
//
//   system metrics at 1 Hz + MQTT (the parent publishes 100 msg/s) -> SourceGroup -> RingBuffer
//   -> DisplayPipeline at 60 fps on the real TickClock (binder: bar and dial follow data with
//   transitions) -> Scene of six widgets (marquee title, clock, CPU bar, dial, sparkline, value text)
//   -> Ssd1306Output on a null I2C bus that counts bytes.
//
// Plain JavaScript on dist/ (no TypeScript loader in the measured process: its compiler would add
// to the CPU time and the RSS). Prints one JSON line with its measurements on stdout and exits.
//
//   node --max-old-space-size=64 --max-semi-space-size=1 --v8-pool-size=1 \
//     bench/pi-pipeline.mjs --url mqtt://127.0.0.1:1883 --topic t --seconds 60
import { parseArgs } from 'node:util';
import { getHeapSpaceStatistics } from 'node:v8';
import { nullBusSsd1306, PI_FPS, PI_HEIGHT, PI_WIDTH, piDisplay } from './pi-display.mjs';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    topic: { type: 'string' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '3' },
    lib: { type: 'string', default: '../dist/index.js' },
    // A sampling profile of every allocation in the measured window (collected objects included).
    'alloc-profile': { type: 'string' },
  },
});
if (opt.url === undefined || opt.topic === undefined)
  throw new Error('pi-pipeline: --url and --topic are required');
const seconds = Number(opt.seconds);
const warmup = Number(opt.warmup);
if (!(seconds > 0) || !(warmup >= 0))
  throw new Error(`pi-pipeline: bad --seconds ${opt.seconds} or --warmup ${opt.warmup}`);

const lib = await import(new URL(opt.lib, import.meta.url).href);
const { MqttSource, SourceGroup, SystemMetricsSource } = lib;

// ---- output: an SSD1306 on a bus that only counts what it is given -----------------------------
const { output, bus } = nullBusSsd1306(lib);

// ---- the display ------------------------------------------------------------------------------------
let composed = 0;
let writesDeferred = 0;
let writing = false;
// A frame composed while the previous write is still in flight (ticks caught up in one synchronous
// run) is not written; the next write then covers the whole screen, and the output sends only the
// bytes that differ from what the panel holds.
let missed = false;
const wholeScreen = [{ x: 0, y: 0, w: PI_WIDTH, h: PI_HEIGHT }];
const wrote = () => {
  writing = false;
};
const { pipeline, scene } = piDisplay(lib, {
  onFrame: (update) => {
    composed++;
    if (writing) {
      writesDeferred++;
      missed = true;
      return;
    }
    writing = true;
    const p = output.write(
      missed ? { tick: update.tick, framebuffer: update.framebuffer, damage: wholeScreen } : update,
    );
    missed = false;
    if (p !== undefined) p.then(wrote, wrote);
    else writing = false;
  },
});
const { buffer } = pipeline;

// ---- sources --------------------------------------------------------------------------------------
const sources = new SourceGroup({ sink: buffer, silentAfterMs: 5_000 });
sources.add(new SystemMetricsSource({ intervalMs: 1_000 }));
sources.add(new MqttSource({ id: 'mqtt', url: opt.url, topics: [{ filter: opt.topic, key: 'sensor' }] }));

/** The inspector's sampling heap profiler, keeping objects the GC collected: where the churn comes from. */
async function startAllocationProfile() {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {
    async stop(file) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

// ---- measurement ----------------------------------------------------------------------------------
let peakHeapUsed = 0;
let peakHeapTotal = 0;
let peakRssSampled = 0;
// The highest RSS sampled in each minute since the start: how the memory settles on a long run.
const peakRssByMinute = [];
const started = performance.now();
const sampleMemory = () => {
  const m = process.memoryUsage();
  if (m.heapUsed > peakHeapUsed) peakHeapUsed = m.heapUsed;
  if (m.heapTotal > peakHeapTotal) peakHeapTotal = m.heapTotal;
  if (m.rss > peakRssSampled) peakRssSampled = m.rss;
  const minute = Math.floor((performance.now() - started) / 60_000);
  peakRssByMinute[minute] = Math.max(peakRssByMinute[minute] ?? 0, m.rss);
};
const sampler = setInterval(sampleMemory, 1_000);

const snapshot = () => ({
  at: performance.now(),
  cpu: process.cpuUsage(),
  ticks: pipeline.clock.stats.ticks,
  processed: pipeline.currentTick,
  composed,
  deferred: writesDeferred,
  busBytes: bus.bytes,
  points: buffer.newestSeq,
});

await output.open({ width: PI_WIDTH, height: PI_HEIGHT, format: 'mono', fps: PI_FPS });
sources.startAll();
pipeline.start();

await new Promise((resolve) => setTimeout(resolve, warmup * 1000));
const from = snapshot();
// The parent may start counting instructions of this process now (perf stat -p).
process.stdout.write('# measuring\n');
const allocations = opt['alloc-profile'] === undefined ? undefined : await startAllocationProfile();
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
if (allocations !== undefined) await allocations.stop(opt['alloc-profile']);
const to = snapshot();
sampleMemory();
clearInterval(sampler);
pipeline.stop();
await sources.stopAll();
await output.close();

const wallS = (to.at - from.at) / 1000;
const cpuUs = to.cpu.user - from.cpu.user + (to.cpu.system - from.cpu.system);
const clockStats = pipeline.clock.stats;
const metrics = sources.metrics();
process.stdout.write(
  `${JSON.stringify({
    node: process.version,
    arch: process.arch,
    seconds: wallS,
    warmupSeconds: warmup,
    cpuUserUs: to.cpu.user - from.cpu.user,
    cpuSystemUs: to.cpu.system - from.cpu.system,
    cpuMsPerSecond: cpuUs / 1000 / wallS,
    ticks: to.ticks - from.ticks,
    ticksProcessed: to.processed - from.processed,
    framesComposed: to.composed - from.composed,
    writesDeferred: to.deferred - from.deferred,
    busBytes: to.busBytes - from.busBytes,
    busWrites: bus.writes,
    points: to.points - from.points,
    lateTicks: clockStats.lateTicks,
    skippedTicks: clockStats.skippedTicks,
    ticksJumped: pipeline.ticksJumped,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    peakRssSampledBytes: peakRssSampled,
    peakRssMbByMinute: Array.from(peakRssByMinute, (b) => Math.round((b ?? 0) / 104857.6) / 10),
    peakHeapUsedBytes: peakHeapUsed,
    peakHeapTotalBytes: peakHeapTotal,
    outputErrors: output.stats.errors,
    sceneStats: scene.stats,
    // Where the heap's pages are at the end (MB committed per space): what the RSS is made of.
    heapSpacesMb: Object.fromEntries(
      getHeapSpaceStatistics().map((h) => [h.space_name, Math.round(h.space_size / 104857.6) / 10]),
    ),
    sources: metrics.sources.map((m) => ({
      id: m.id,
      state: m.state,
      messages: m.messages,
      refused: m.refusedTotal,
      lost: m.lostTotal,
      reconnects: m.reconnects,
    })),
  })}\n`,
);
process.exit(0);
