// The bench:pi display in simulated time, on dist/, with nothing else in the process: no sockets, no
// timers, no MQTT client (bench/pipeline.bench.ts measures the same in TypeScript; this plain-JS copy
// is for instruction counts). For each second of display: 100 MQTT-shaped JSON payloads through a
// source's deliverText, one system point, 60 ticks of the DisplayPipeline with the six-widget Scene and
// the SSD1306 output on a null bus.
//
// Instruction count per second of display without `perf`: run it under valgrind's callgrind for two
// lengths and divide the difference by the difference of seconds (start-up and JIT warm-up cancel):
//
//   valgrind --tool=callgrind --smc-check=all --callgrind-out-file=/dev/null \
//     node --max-old-space-size=64 --max-semi-space-size=1 --v8-pool-size=1 \
//     bench/pi-workload.mjs --warmup 10 --seconds 4     (then --seconds 14)
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '10' },
    lib: { type: 'string', default: '../dist/index.js' },
  },
});
const seconds = Number(opt.seconds);
const warmup = Number(opt.warmup);
if (!(seconds > 0) || !(warmup >= 0))
  throw new Error(`pi-workload: bad --seconds ${opt.seconds} or --warmup ${opt.warmup}`);
const {
  DisplayPipeline,
  Gauge,
  getFont,
  historySeries,
  linearMap,
  ProgressBar,
  Scene,
  SourceGroup,
  Sparkline,
  Ssd1306Output,
  Text,
} = await import(new URL(opt.lib, import.meta.url).href);

const FPS = 60;
const RATE = 100;
let simNow = 0;
const nullBus = {
  i2cWrite(_address, length, buffer) {
    return Promise.resolve({ bytesWritten: length, buffer });
  },
};
const output = new Ssd1306Output({ bus: nullBus });
const small = getFont('5x7');
const mid = getFont('6x10');
const clock = new Text({ id: 'clock', x: 80, y: 0, w: 48, h: 10, font: mid, align: 'right' });
const valueText = new Text({ id: 'valueText', x: 88, y: 56, w: 40, h: 7, font: small, align: 'center' });
let scene;
let shownValue = Number.NaN;
const pipeline = new DisplayPipeline({
  fps: FPS,
  now: () => simNow,
  onTick: ({ tick }) => {
    const s = Math.floor(tick / FPS);
    if (tick % FPS === 0)
      clock.setText(`${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`);
    if (store.statusOf(sensorSlot) !== 'no-data') {
      const v = store.valueOf(sensorSlot);
      if (v !== shownValue) {
        shownValue = v;
        valueText.setText(`${Math.round(v)}`);
      }
    }
    const update = scene.frame(tick);
    if (update !== undefined) output.write(update);
  },
});
const { engine, binder, buffer, store } = pipeline;
const sensorSlot = store.track('sensor.value');
engine.addAnimation({ id: 'cpuBar', target: 'cpu', follow: { property: 'fill', initial: 0 } });
binder.bindDataToAnimation('cpu.percent', 'cpuBar', 'value', linearMap([0, 100], [0, 1]), {
  transition: { ticks: 20, easing: 'cubicOut' },
});
engine.addAnimation({ id: 'dial', target: 'dial', follow: { property: 'value', initial: 0 } });
binder.bindDataToAnimation('sensor.value', 'dial', 'value', undefined, {
  transition: { ticks: 6, easing: 'quadOut' },
});
scene = new Scene({
  width: 128,
  height: 64,
  engine,
  status: store,
  widgets: [
    new Text({
      id: 'title',
      x: 0,
      y: 0,
      w: 78,
      h: 10,
      font: mid,
      text: 'tinydisplay on a Pi Zero 2W: system and MQTT at 60 fps',
      overflow: 'marquee',
      marquee: { mode: 'loop', speed: 1, pauseTicks: 30, gap: 16 },
    }),
    clock,
    new ProgressBar({ id: 'cpu', x: 0, y: 12, w: 128, h: 7, border: 1 }),
    new Sparkline({
      id: 'history',
      x: 0,
      y: 22,
      w: 84,
      h: 42,
      series: historySeries(buffer, 'sensor.value'),
      min: 0,
      max: 100,
      step: 2,
      status: { key: 'sensor.value', show: 'dim' },
    }),
    new Gauge({ id: 'dial', x: 88, y: 22, w: 40, h: 32, min: 0, max: 100, sweep: 180, mode: 'needle' }),
    valueText,
  ],
});
let mqtt;
let system;
const sources = new SourceGroup({ sink: buffer, silentAfterMs: 5_000 });
/** A source that hands its context out: the workload delivers through it. */
const handOut = (id, got) => ({
  id,
  kind: 'bench',
  async start(ctx) {
    got(ctx);
  },
  async stop() {},
});
sources.add(
  handOut('mqtt', (ctx) => {
    mqtt = ctx;
  }),
);
sources.add(
  handOut('system', (ctx) => {
    system = ctx;
  }),
);
await output.open({ width: 128, height: 64, format: 'mono', fps: FPS });
sources.startAll();
for (let i = 0; i < 100 && (mqtt === undefined || system === undefined); i++)
  await new Promise((r) => setTimeout(r, 10));
if (mqtt === undefined || system === undefined) throw new Error('pi-workload: the sources did not start');

const shape = { key: 'sensor', format: 'auto', origin: 'topic "bench/sensor"' };
let published = 0;
let tick = 0;
const second = () => {
  for (let k = 0; k < FPS; k++) {
    const tickMs = (tick * 1000) / FPS;
    while ((published * 1000) / RATE <= tickMs) {
      simNow = (published * 1000) / RATE;
      const t = published / RATE;
      const value = 50 + 40 * Math.sin((2 * Math.PI * t) / 10) + ((published * 7919) % 13) - 6;
      mqtt.deliverText(`{"value":${value.toFixed(2)},"seq":${published}}`, shape);
      published++;
    }
    if (tick % FPS === 0) system.deliver({ cpu: { percent: (tick * 13) % 100 } }, 20);
    simNow = tickMs;
    pipeline.step(tick, simNow);
    tick++;
  }
};
for (let i = 0; i < warmup; i++) second();
const c0 = process.cpuUsage();
for (let i = 0; i < seconds; i++) second();
const c = process.cpuUsage(c0);
process.stdout.write(
  `${JSON.stringify({ seconds, cpuMsPerDisplaySecond: (c.user + c.system) / 1000 / seconds, scene: scene.stats })}\n`,
);
process.exit(0);
