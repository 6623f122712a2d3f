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
import {
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
} from '../src/index.js';
import type { Source, SourceContext } from '../src/sources/source.js';
import type { BenchContext, BenchEntry } from './harness.js';
import { gc, heapBytes, round, timePerOp } from './harness.js';

const FPS = 60;
const RATE = 100;

/** A source that hands its context out: the benchmark delivers through it. */
function handOut(id: string, got: (ctx: SourceContext) => void): Source {
  return {
    id,
    kind: 'bench',
    async start(ctx) {
      got(ctx);
    },
    async stop() {},
  };
}

export default async function pipelineBench(ctx: BenchContext): Promise<BenchEntry[]> {
  let simNow = 0;
  const nullBus = {
    i2cWrite(_address: number, length: number, buffer: Buffer) {
      return Promise.resolve({ bytesWritten: length, buffer });
    },
  };
  const output = new Ssd1306Output({ bus: nullBus });
  const small = getFont('5x7');
  const mid = getFont('6x10');
  const clock = new Text({ id: 'clock', x: 80, y: 0, w: 48, h: 10, font: mid, align: 'right' });
  const valueText = new Text({ id: 'valueText', x: 88, y: 56, w: 40, h: 7, font: small, align: 'center' });
  let shownValue = Number.NaN;
  let scene: Scene | undefined;
  const pipeline = new DisplayPipeline({
    fps: FPS,
    now: () => simNow,
    onTick: ({ tick }) => {
      const s = Math.floor(tick / FPS);
      if (tick % FPS === 0)
        clock.setText(
          `${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`,
        );
      if (store.statusOf(sensorSlot) !== 'no-data') {
        const v = store.valueOf(sensorSlot) as number;
        if (v !== shownValue) {
          shownValue = v;
          valueText.setText(`${Math.round(v)}`);
        }
      }
      const update = scene?.frame(tick);
      if (update !== undefined) void output.write(update);
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
  let mqtt: SourceContext | undefined;
  let system: SourceContext | undefined;
  const sources = new SourceGroup({ sink: buffer, silentAfterMs: 5_000 });
  sources.add(
    handOut('mqtt', (c) => {
      mqtt = c;
    }),
  );
  sources.add(
    handOut('system', (c) => {
      system = c;
    }),
  );
  await output.open({ width: 128, height: 64, format: 'mono', fps: FPS });
  sources.startAll();
  for (let i = 0; i < 100 && (mqtt === undefined || system === undefined); i++)
    await new Promise((r) => setTimeout(r, 10));
  if (mqtt === undefined || system === undefined)
    throw new Error('pipeline bench: the sources did not start');
  const m = mqtt;
  const sys = system;
  const shape = { key: 'sensor', format: 'auto' as const, origin: 'topic "bench/sensor"' };
  let published = 0;
  let tick = 0;
  /** One second of display: the messages due before each tick, then the tick. */
  const second = (): void => {
    for (let k = 0; k < FPS; k++) {
      const tickMs = (tick * 1000) / FPS;
      while ((published * 1000) / RATE <= tickMs) {
        simNow = (published * 1000) / RATE;
        const t = published / RATE;
        const value = 50 + 40 * Math.sin((2 * Math.PI * t) / 10) + ((published * 7919) % 13) - 6;
        m.deliverText(`{"value":${value.toFixed(2)},"seq":${published}}`, shape);
        published++;
      }
      if (tick % FPS === 0) sys.deliver({ cpu: { percent: (tick * 13) % 100 } }, 20);
      simNow = tickMs;
      pipeline.step(tick, simNow);
      tick++;
    }
  };
  const rounds = ctx.quick ? 10 : 60;
  const t = timePerOp(second, { rounds, opsPerRound: 1, warmupRounds: 20 });
  gc();
  const before = heapBytes();
  const n = 5;
  for (let i = 0; i < n; i++) second();
  const bytes = (heapBytes() - before) / n;
  ctx.log(`  pi workload: ${JSON.stringify(scene.stats)}`);
  await sources.stopAll();
  await output.close();
  return [
    { name: 'pipeline.pi_workload.us_per_display_second', value: round(t.medianNs / 1000, 1), unit: 'us' },
    { name: 'pipeline.pi_workload.heap_bytes_per_display_second', value: Math.round(bytes), unit: 'bytes' },
  ];
}
