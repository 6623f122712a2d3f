// The bench:pi display in simulated time, on dist/, for `npm run bench:pi:instructions` (which runs it
// under valgrind's callgrind, and once without, to check both did the same work). The display is the one
// of bench/pi-pipeline.mjs (bench/pi-display.mjs builds both). What
// differs from bench/pi-workload.mjs: the real pieces a user runs, with time stepped by hand.
//
//   - time: one ManualScheduler is the pipeline's clock and scheduler and the sources' clock; no timers.
//   - system: the real SystemMetricsSource at 1 Hz, reading the real /proc and /sys (its probe returns
//     synthetic CPU times, so the CPU bar, the only system value on screen, is the same in every run).
//   - MQTT: tinydisplay's own MQTT client (MqttConnection, dist/sources/mqtt-client.js, the one MqttSource
//     runs) on an in-memory Duplex: CONNECT/CONNACK, SUBSCRIBE/SUBACK, then 100 PUBLISH packets per
//     second of display (one per 10 ms, as bench:pi's publisher sends them), parsed by it and handed to
//     a source context's deliverText the way MqttSource does.
//     No socket: the kernel's part of a socket read is estimated by the caller, not counted here.
//   - 60 ticks per second of display through the DisplayPipeline's TickClock, the six-widget Scene, an
//     Ssd1306Output on a null I2C bus; one event-loop turn (setImmediate) after each tick and after each
//     batch of packets, so promises (the output's write, the system sample) settle as in a live run.
//
// Prints one JSON line: counts and the hash of the last frame (equal in every run of the same length).
//
//   node --max-old-space-size=64 --max-semi-space-size=1 --v8-pool-size=1 bench/pi-sim.mjs --warmup 5 --seconds 10
import { Duplex } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  nullBusSsd1306,
  PI_FPS,
  PI_HEIGHT,
  PI_RATE,
  PI_WIDTH,
  piDisplay,
  sensorPayload,
} from './pi-display.mjs';

const { values: opt } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    lib: { type: 'string', default: '../dist/index.js' },
    advanced: { type: 'string', default: '../dist/advanced.js' },
  },
});
const seconds = Number(opt.seconds);
const warmup = Number(opt.warmup);
if (!Number.isInteger(seconds) || seconds < 0 || !Number.isInteger(warmup) || warmup < 0)
  throw new Error(
    `pi-sim: --seconds and --warmup must be whole numbers >= 0, got ${opt.seconds}, ${opt.warmup}`,
  );

const libUrl = new URL(opt.lib, import.meta.url);
const lib = await import(libUrl.href);
// Not exported: the client MqttSource runs, next to the entry point.
const { MqttConnection } = await import(new URL('sources/mqtt-client.js', libUrl).href);
const { nodeSystemProbe } = await import(new URL(opt.advanced, import.meta.url).href);
const { ManualScheduler, SourceGroup, SystemMetricsSource } = lib;

const FPS = PI_FPS;
const RATE = PI_RATE;
const TOPIC = 'tinydisplay-bench/sim/sensor';
const turn = () => new Promise((resolve) => setImmediate(resolve));

// ---- time ---------------------------------------------------------------------------------------------
const sched = new ManualScheduler(0);
const sourceClock = {
  now: sched.now,
  setTimeout: (fn, ms) => sched.schedule(fn, ms),
  clearTimeout: (handle) => sched.cancel(handle),
};

// ---- output: an SSD1306 on a bus that only counts what it is given -----------------------------------
const { output, bus } = nullBusSsd1306(lib);

// ---- the display of bench/pi-pipeline.mjs ---------------------------------------------------------------
let composed = 0;
let lastFrame;
const { pipeline } = piDisplay(lib, {
  now: sched.now,
  scheduler: sched,
  onFrame: (update) => {
    composed++;
    lastFrame = update.framebuffer;
    output.write(update);
  },
});
const { buffer } = pipeline;

// ---- system: the real source; CPU times synthetic so the bar is the same in every run ----------------
let samples = 0;
const probe = {
  ...nodeSystemProbe,
  cpus() {
    nodeSystemProbe.cpus();
    samples++;
    const busy = samples * 1000 * (10 + ((samples * 37) % 80));
    return [{ times: { user: busy, nice: 0, sys: 0, idle: samples * 100_000 - busy, irq: 0 } }];
  },
};

// ---- MQTT: our client on an in-memory stream ------------------------------------------------------------
// The broker side: answers CONNECT and SUBSCRIBE, and pushes PUBLISH packets when told.
const str = (s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 255]), b]);
};
let written = Buffer.alloc(0);
const wire = new Duplex({
  read() {},
  write(chunk, _encoding, callback) {
    // A client may write a packet in pieces: gather them and answer each whole packet.
    written = Buffer.concat([written, chunk]);
    for (;;) {
      let length = 0;
      let i = 1;
      for (let mul = 1; i < written.length; i++, mul *= 128) {
        length += (written[i] & 127) * mul;
        if (written[i] < 128) break;
      }
      if (i >= written.length || written.length < i + 1 + length) break;
      const packet = written.subarray(0, i + 1 + length);
      written = written.subarray(i + 1 + length);
      const type = packet[0] >> 4;
      if (type === 1) this.push(Buffer.from([0x20, 2, 0, 0])); // CONNECT -> CONNACK
      // SUBSCRIBE -> SUBACK with its packet id
      if (type === 8) this.push(Buffer.from([0x90, 3, packet[i + 1], packet[i + 2], 0]));
    }
    callback();
  },
});
const topicBytes = str(TOPIC);
/** A QoS 0 PUBLISH packet (remaining length < 128 for these payloads). */
const publishPacket = (payload) => {
  const body = Buffer.concat([topicBytes, Buffer.from(payload, 'utf8')]);
  if (body.length >= 128) throw new Error(`pi-sim: payload too long for a one-byte length: ${payload}`);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
};
let mqttCtx;
let messages = 0;
const shape = { key: 'sensor', format: 'auto', origin: `topic ${JSON.stringify(TOPIC)}` };
const mqttSource = {
  id: 'mqtt',
  kind: 'mqtt',
  delivery: 'at-most-once',
  async start(ctx) {
    mqttCtx = ctx;
  },
  async stop() {},
};
// What MqttSource does with a message (its handler, less the topic cache and redelivery check).
const client = new MqttConnection(
  {
    clientId: 'tinydisplay-pi-sim',
    clean: true,
    keepaliveSeconds: 0,
    maxPayloadBytes: 1024 * 1024,
    clock: sourceClock,
  },
  {
    message(_topic, payload) {
      messages++;
      mqttCtx?.deliverText(payload.toString('utf8'), shape);
    },
    tooLarge() {
      throw new Error('pi-sim: a payload over the limit');
    },
    closed(error) {
      if (error !== undefined) throw error;
    },
  },
);
await client.attach(wire);
await client.subscribe([TOPIC], 0);

const sources = new SourceGroup({ sink: buffer, silentAfterMs: 5_000, clock: sourceClock });
sources.add(new SystemMetricsSource({ intervalMs: 1_000, probe }));
sources.add(mqttSource);
await output.open({ width: PI_WIDTH, height: PI_HEIGHT, format: 'mono', fps: FPS });
sources.startAll();
// Both sources live before the display starts, however slow the process runs (the system source lists
// /sys/block on the thread pool at start): otherwise its samples would start at another simulated time.
const states = () => sources.metrics().sources.map((m) => `${m.id} ${m.state}`);
for (let waited = 0; mqttCtx === undefined || states().some((s) => !s.endsWith(' live')); waited += 10) {
  if (waited > 120_000) throw new Error(`pi-sim: the sources did not start in 120 s: ${states().join(', ')}`);
  await new Promise((resolve) => setTimeout(resolve, 10));
}
pipeline.start();

// ---- the display, one simulated second at a time ---------------------------------------------------------
let published = 0;
let tick = 0;
async function second() {
  for (let k = 0; k < FPS; k++) {
    tick++;
    const tickMs = (tick * 1000) / FPS;
    let pushed = false;
    while ((published * 1000) / RATE <= tickMs) {
      sched.advanceTo((published * 1000) / RATE);
      wire.push(publishPacket(sensorPayload(published)));
      published++;
      pushed = true;
    }
    if (pushed) await turn();
    sched.advanceTo(tickMs);
    await turn();
  }
}
// CPU ms of each block of 10 s of display (not compared between runs: it is time, not work).
const cpuBlocks = [];
let blockStart = process.cpuUsage();
for (let i = 0; i < warmup + seconds; i++) {
  await second();
  if ((i + 1) % 10 === 0) {
    const c = process.cpuUsage(blockStart);
    cpuBlocks.push(Math.round((c.user + c.system) / 100) / 100);
    blockStart = process.cpuUsage();
  }
}

/** FNV-1a over the bytes of the last frame's pixels. */
function fnv1a(view) {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
const metrics = sources.metrics();
process.stdout.write(
  `${JSON.stringify({
    warmupSeconds: warmup,
    seconds,
    ticksProcessed: pipeline.currentTick + 1,
    framesComposed: composed,
    busBytes: bus.bytes,
    busWrites: bus.writes,
    messages,
    systemSamples: samples,
    points: buffer.newestSeq,
    ticksJumped: pipeline.ticksJumped,
    lastFrameHash: lastFrame === undefined ? null : fnv1a(lastFrame.pixels),
    cpuMsPerDisplaySecondBy10s: cpuBlocks,
    sources: metrics.sources.map((m) => ({
      id: m.id,
      state: m.state,
      messages: m.messages,
      refused: m.refusedTotal,
    })),
  })}\n`,
);
process.exit(0);
