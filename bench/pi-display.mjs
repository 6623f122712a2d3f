// The bench:pi display, built once for every run of it: bench/pi-pipeline.mjs (live, with sockets and
// timers), bench/pi-sim.mjs (simulated time, under callgrind), bench/pi-workload.mjs and
// bench/pipeline.bench.ts (simulated time, in-process). Plain JavaScript so the measured children load
// no TypeScript; each caller passes the library it measures (`lib`: the root of dist/ or of src/).
//
//   DisplayPipeline at 60 fps (binder: CPU bar and dial follow data with transitions) -> Scene of six
//   widgets (marquee title, clock, CPU bar, sparkline, dial, value text) -> the caller's onFrame.

/** Ticks per second of display. */
export const PI_FPS = 60;
/** MQTT messages per second the publisher sends. */
export const PI_RATE = 100;
export const PI_WIDTH = 128;
export const PI_HEIGHT = 64;

/**
 * The payload of the publisher's message number `n` at `rate` messages a second (a 10 s sine with a
 * little deterministic noise).
 */
export function sensorPayload(n, rate = PI_RATE) {
  const t = n / rate;
  const value = 50 + 40 * Math.sin((2 * Math.PI * t) / 10) + ((n * 7919) % 13) - 6;
  return `{"value":${value.toFixed(2)},"seq":${n}}`;
}

/**
 * The pipeline and scene. `onFrame(update)` gets each composed frame (the scene's damage included),
 * after the tick handler has updated the clock and value texts as a user's handler would.
 */
export function piDisplay(lib, { now, scheduler, onFrame }) {
  const { DisplayPipeline, Gauge, getFont, historySeries, linearMap, ProgressBar, Scene, Sparkline, Text } =
    lib;
  const small = getFont('5x7');
  const mid = getFont('6x10');
  const clock = new Text({ id: 'clock', x: 80, y: 0, w: 48, h: 10, font: mid, align: 'right' });
  const valueText = new Text({ id: 'valueText', x: 88, y: 56, w: 40, h: 7, font: small, align: 'center' });
  let scene;
  let shownValue = Number.NaN;
  const pipeline = new DisplayPipeline({
    fps: PI_FPS,
    ...(now === undefined ? {} : { now }),
    ...(scheduler === undefined ? {} : { scheduler }),
    onTick: ({ tick }) => {
      // What a user's tick handler does: texts from the store, then compose, then hand to the output.
      const s = Math.floor(tick / PI_FPS);
      if (tick % PI_FPS === 0)
        clock.setText(
          `${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`,
        );
      if (store.statusOf(sensorSlot) !== 'no-data') {
        const v = store.valueOf(sensorSlot);
        if (v !== shownValue) {
          shownValue = v;
          valueText.setText(`${Math.round(v)}`);
        }
      }
      const update = scene.frame(tick);
      if (update !== undefined) onFrame(update);
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
    width: PI_WIDTH,
    height: PI_HEIGHT,
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
  return { pipeline, scene };
}

/**
 * An SSD1306 output on an I2C bus that only counts what it is given: `bus.bytes` and `bus.writes` grow
 * as frames are written.
 */
export function nullBusSsd1306(lib) {
  const bus = {
    bytes: 0,
    writes: 0,
    i2cWrite(_address, length, buffer) {
      bus.bytes += length;
      bus.writes++;
      return Promise.resolve({ bytesWritten: length, buffer });
    },
  };
  return { output: new lib.Ssd1306Output({ bus }), bus };
}

/** A source that hands its context out: the simulated runs deliver through it. */
function handOut(id, got) {
  return {
    id,
    kind: 'bench',
    async start(ctx) {
      got(ctx);
    },
    async stop() {},
  };
}

/**
 * Started `mqtt` and `system` contexts (hand-out sources in `sources`), once both have started; throws
 * naming `who` when they have not within a second.
 */
async function startHandOuts(sources, who) {
  let mqtt;
  let system;
  sources.add(handOut('mqtt', (ctx) => (mqtt = ctx)));
  sources.add(handOut('system', (ctx) => (system = ctx)));
  sources.startAll();
  for (let i = 0; i < 100 && (mqtt === undefined || system === undefined); i++)
    await new Promise((r) => setTimeout(r, 10));
  if (mqtt === undefined || system === undefined) throw new Error(`${who}: the sources did not start`);
  return { mqtt, system };
}

/**
 * One second of display in simulated time, in-process: the messages due before each tick through
 * `mqtt.deliverText`, a system point each second, then the tick. `setNow(ms)` moves the clock.
 */
function simulatedSeconds({ pipeline, mqtt, system, setNow }) {
  const shape = { key: 'sensor', format: 'auto', origin: 'topic "bench/sensor"' };
  let published = 0;
  let tick = 0;
  return () => {
    for (let k = 0; k < PI_FPS; k++) {
      const tickMs = (tick * 1000) / PI_FPS;
      while ((published * 1000) / PI_RATE <= tickMs) {
        setNow((published * 1000) / PI_RATE);
        mqtt.deliverText(sensorPayload(published), shape);
        published++;
      }
      if (tick % PI_FPS === 0) system.deliver({ cpu: { percent: (tick * 13) % 100 } }, 20);
      setNow(tickMs);
      pipeline.step(tick, tickMs);
      tick++;
    }
  };
}

/**
 * The whole simulated display, in-process: the display, a null-bus SSD1306, hand-out sources and the
 * simulated second. `second()` runs one second of display; `close()` stops the sources and the output.
 */
export async function simulatedPiDisplay(lib, who) {
  let simNow = 0;
  const { output } = nullBusSsd1306(lib);
  const { pipeline, scene } = piDisplay(lib, {
    now: () => simNow,
    onFrame: (update) => output.write(update),
  });
  const sources = new lib.SourceGroup({ sink: pipeline.buffer, silentAfterMs: 5_000 });
  await output.open({ width: PI_WIDTH, height: PI_HEIGHT, format: 'mono', fps: PI_FPS });
  const { mqtt, system } = await startHandOuts(sources, who);
  const second = simulatedSeconds({ pipeline, mqtt, system, setNow: (ms) => (simNow = ms) });
  const close = async () => {
    await sources.stopAll();
    await output.close();
  };
  return { pipeline, scene, second, close };
}
