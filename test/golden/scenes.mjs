// The golden screens: three scenes driven by data and animations, as plain JavaScript that takes the
// library as a parameter (`lib`): the PNG golden test (test/render/golden.test.ts, through scenes.ts)
// passes the TypeScript sources, the golden-frames replay (test/replays/golden-frames.mjs) passes the
// built dist/, also under an arm64 Node run by qemu. Types: scenes.d.mts.
//
// Each screen is built fresh and stepped tick by tick from 0 with `scene.frame` (the damaged-only
// path), so a golden also checks that drawing only what changed adds up to the right picture.

const FPS = 10;
const msOf = (tick) => (tick * 1000) / FPS;

/**
 * Key statuses judged at each tick's time, from a `DataStore` fed the way the pipeline feeds it: the
 * buffer's points up to the tick's time, read through a `RingBufferInput`, the latest value per key.
 */
class StatusAtTick {
  store;
  input;
  constructor(lib, buffer, staleAfterTicks) {
    this.store = new lib.DataStore();
    this.input = new lib.RingBufferInput(buffer);
    for (const [key, ticks] of Object.entries(staleAfterTicks))
      this.store.track(key, { staleAfterTicks: ticks });
  }
  get keys() {
    return this.store.keys;
  }
  point() {}
  field(path, value, arrivalMs) {
    this.store.write(path, value, arrivalMs ?? this.store.timeMs);
  }
  lost() {}
  /** Judge at `tick`, due at `timeMs`, with the points that arrived by then. */
  step(tick, timeMs) {
    this.store.judge(tick, timeMs);
    this.input.deliverUntil(timeMs, this);
  }
  statusOf(key) {
    return this.store.statusOf(key);
  }
}

/** A deterministic wave, 0..100, from integer arithmetic. */
function wave(t, period, phase = 0) {
  const p = (t + phase) % period;
  const half = period / 2;
  return Math.round(((p < half ? p : period - p) / half) * 100);
}

/** An RGBA image from rows of characters: `#` white, `+` grey, anything else transparent. */
export function pictogram(rows) {
  const width = rows[0]?.length ?? 0;
  const data = new Uint8Array(width * rows.length * 4);
  rows.forEach((row, y) => {
    for (let x = 0; x < width; x++) {
      const c = row[x];
      const v = c === '#' ? 255 : c === '+' ? 140 : -1;
      if (v >= 0) data.set([v, v, v, 255], (y * width + x) * 4);
    }
  });
  return { width, height: rows.length, data };
}

const note = pictogram([
  '......########..',
  '......########..',
  '......##....##..',
  '......##....##..',
  '......##....##..',
  '......##....##..',
  '......##....##..',
  '......##....##..',
  '..#####...####..',
  '.######..#####..',
  '.######..#####..',
  '..####....###...',
  '................',
]);

/** 128x64 mono: CPU and memory bars, a CPU history with a gap, a temperature dial that goes stale. */
const systemMonitor = {
  name: 'system-monitor',
  ticks: [0, 40, 95],
  build(lib) {
    let now = 0;
    const buffer = new lib.RingBuffer({ capacity: 512, clock: () => now });
    const status = new StatusAtTick(lib, buffer, { temp: 3000 / (1000 / FPS) });
    const engine = new lib.TickAnimationEngine();
    engine.addAnimation({
      id: 'cpu',
      target: 'cpuBar',
      follow: { property: 'fill', initial: 0, transition: { ticks: 4 } },
    });
    engine.addAnimation({
      id: 'mem',
      target: 'memBar',
      follow: { property: 'fill', initial: 0, transition: { ticks: 4 } },
    });
    engine.addAnimation({
      id: 'temp',
      target: 'temp',
      follow: { property: 'value', initial: 20, transition: { ticks: 6 } },
    });
    const small = lib.getFont('5x7');
    const mid = lib.getFont('6x10');
    const cpuText = new lib.Text({ id: 'cpuText', x: 100, y: 12, w: 28, h: 7, font: small, align: 'right' });
    const clock = new lib.Text({ id: 'clock', x: 80, y: 0, w: 48, h: 10, font: mid, align: 'right' });
    const scene = new lib.Scene({
      width: 128,
      height: 64,
      engine,
      status,
      widgets: [
        new lib.Text({ id: 'title', x: 0, y: 0, w: 60, h: 10, font: mid, text: 'sysmon' }),
        clock,
        new lib.Line({ x: 0, y: 10, x2: 127, y2: 10 }),
        new lib.Text({ x: 0, y: 12, w: 20, h: 7, font: small, text: 'CPU' }),
        new lib.ProgressBar({ id: 'cpuBar', x: 20, y: 12, w: 78, h: 7 }),
        cpuText,
        new lib.Text({ x: 0, y: 21, w: 20, h: 7, font: small, text: 'MEM' }),
        new lib.ProgressBar({ id: 'memBar', x: 20, y: 21, w: 78, h: 7, border: 1 }),
        new lib.Sparkline({
          id: 'history',
          x: 0,
          y: 31,
          w: 84,
          h: 33,
          series: lib.historySeries(buffer, 'cpu'),
          min: 0,
          max: 100,
          step: 4,
        }),
        new lib.Gauge({
          id: 'temp',
          x: 88,
          y: 34,
          w: 40,
          h: 22,
          min: 20,
          max: 90,
          sweep: 180,
          mode: 'needle',
          status: { key: 'temp', show: 'icon' },
        }),
        new lib.Text({
          id: 'tempText',
          x: 88,
          y: 57,
          w: 40,
          h: 7,
          font: small,
          text: '-- C',
          align: 'center',
          status: { key: 'temp', show: 'strike' },
        }),
      ],
    });
    const tempText = scene.widget('tempText');
    return {
      scene,
      step(tick) {
        now = msOf(tick);
        if (tick % 5 === 0) {
          const cpu = 20 + Math.round(wave(tick, 80) * 0.7);
          const mem = 40 + Math.round(wave(tick, 200, 30) * 0.3);
          // The CPU source drops out between ticks 50 and 65: the chart shows a gap.
          if (tick === 50) buffer.addMarker('sys', 'gap-start');
          if (tick < 50 || tick >= 65) {
            if (tick === 65) buffer.addMarker('sys', 'gap-end');
            buffer.addDataPoint({ cpu, mem }, 'sys');
            engine.updateAnimationParameter('cpu', 'value', cpu / 100, tick);
            engine.updateAnimationParameter('mem', 'value', mem / 100, tick);
            cpuText.setText(`${cpu}%`);
          }
          // The temperature sensor stops at tick 60; 3 s later its value is stale.
          if (tick <= 60) {
            const temp = 40 + Math.round(wave(tick, 120) * 0.3);
            buffer.addDataPoint({ temp }, 'sensor');
            engine.updateAnimationParameter('temp', 'value', temp, tick);
            tempText.setText(`${temp} C`);
          }
        }
        status.step(tick, now);
        const s = Math.floor(tick / FPS);
        clock.setText(
          `12:${String(34 + Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`,
        );
      },
    };
  },
};

/** 128x64 mono: artist, a title marquee that bounces, playback progress, time, album cut with an ellipsis. */
const nowPlaying = {
  name: 'now-playing',
  ticks: [0, 25, 70, 140],
  build(lib) {
    const engine = new lib.TickAnimationEngine();
    engine.addAnimation({
      id: 'progress',
      target: 'position',
      tracks: {
        fill: [
          { at: 0, value: 0.3 },
          { at: 2250, value: 1 },
        ],
      },
    });
    engine.startAnimationAt('progress', 0);
    const small = lib.getFont('5x7');
    const mid = lib.getFont('6x10');
    const time = new lib.Text({ id: 'time', x: 64, y: 56, w: 64, h: 7, font: small, align: 'right' });
    const scene = new lib.Scene({
      width: 128,
      height: 64,
      engine,
      widgets: [
        new lib.Image({ id: 'icon', x: 0, y: 0, image: note }),
        new lib.Text({ id: 'artist', x: 20, y: 2, w: 108, h: 10, font: mid, text: 'The Tick Orchestra' }),
        new lib.Line({ x: 0, y: 14, x2: 127, y2: 14 }),
        new lib.Text({
          id: 'title',
          x: 0,
          y: 17,
          w: 128,
          h: 16,
          font: lib.getFont('8x16'),
          text: 'Deterministic Frames (Extended Replay Mix)',
          overflow: 'marquee',
          marquee: { mode: 'bounce', pauseTicks: 12, speed: 2 },
        }),
        new lib.Text({
          id: 'album',
          x: 0,
          y: 35,
          w: 128,
          h: 10,
          font: mid,
          text: 'Live at the Ring Buffer, Vol. 2',
          overflow: 'ellipsis',
        }),
        new lib.ProgressBar({ id: 'position', x: 0, y: 48, w: 128, h: 6, border: 1 }),
        new lib.Text({ x: 0, y: 56, w: 40, h: 7, font: small, text: 'PLAY' }),
        time,
      ],
    });
    return {
      scene,
      step(tick) {
        const s = 68 + Math.floor(tick / FPS);
        time.setText(`${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} / 3:45`);
      },
    };
  },
};

/** 320x240 RGB565: a greenhouse panel with coloured dials, charts, a tank level and a stale reading. */
const dashboard = {
  name: 'dashboard-320x240',
  ticks: [0, 45],
  build(lib) {
    let now = 0;
    const buffer = new lib.RingBuffer({ capacity: 1024, clock: () => now });
    const status = new StatusAtTick(lib, buffer, { wind: 2000 / (1000 / FPS) });
    const engine = new lib.TickAnimationEngine();
    for (const [id, initial] of [
      ['temp', 18],
      ['humidity', 50],
      ['light', 0],
      ['tank', 0.5],
    ]) {
      engine.addAnimation({
        id,
        target: id,
        follow: {
          property: id === 'tank' ? 'fill' : 'value',
          initial,
          transition: { ticks: 8, easing: 'cubicOut' },
        },
      });
    }
    engine.addAnimation({
      id: 'pulse',
      target: 'alarm',
      repeat: Number.POSITIVE_INFINITY,
      direction: 'alternate',
      tracks: {
        colour: [
          { at: 0, value: '#602000' },
          { at: 15, value: '#ff6020' },
        ],
      },
    });
    engine.startAnimationAt('pulse', 0);
    const big = lib.getFont('16x32');
    const mid = lib.getFont('8x16');
    const values = ['temp', 'humidity', 'light'].map(
      (id, i) =>
        new lib.Text({
          id: `${id}Text`,
          x: 6 + i * 90,
          y: 142,
          w: 80,
          h: 16,
          font: mid,
          align: 'center',
          colour: '#e0e0e0',
        }),
    );
    const dial = (id, i, max, colour) =>
      new lib.Gauge({
        id,
        x: 8 + i * 90,
        y: 64,
        w: 76,
        h: 76,
        max,
        thickness: 10,
        colour,
        trackColour: '#303840',
      });
    const label = (text, i) =>
      new lib.Text({
        x: 6 + i * 90,
        y: 46,
        w: 80,
        h: 16,
        font: mid,
        text,
        align: 'center',
        colour: '#90a0b0',
      });
    const scene = new lib.Scene({
      width: 320,
      height: 240,
      format: 'rgb565',
      background: '#101418',
      engine,
      status,
      widgets: [
        new lib.Rectangle({ x: 0, y: 0, w: 320, h: 40, colour: '#203060' }),
        new lib.Text({ x: 8, y: 4, w: 240, h: 32, font: big, text: 'Greenhouse', colour: '#ffffff' }),
        new lib.Rectangle({ id: 'alarm', x: 288, y: 8, w: 24, h: 24, radius: 12 }),
        label('TEMP', 0),
        label('HUMIDITY', 1),
        label('LIGHT', 2),
        dial('temp', 0, 40, '#ff8030'),
        dial('humidity', 1, 100, '#30a0ff'),
        dial('light', 2, 1000, '#ffe040'),
        ...values,
        new lib.Group({
          id: 'charts',
          x: 8,
          y: 172,
          w: 268,
          h: 64,
          children: [
            new lib.Rectangle({
              x: 0,
              y: 0,
              w: 268,
              h: 64,
              fill: false,
              border: 1,
              colour: '#405060',
              radius: 4,
            }),
            new lib.Sparkline({
              x: 4,
              y: 4,
              w: 128,
              h: 56,
              series: lib.historySeries(buffer, 'temp'),
              step: 8,
              colour: '#60ff90',
            }),
            new lib.Sparkline({
              x: 136,
              y: 4,
              w: 128,
              h: 56,
              series: lib.historySeries(buffer, 'humidity'),
              mode: 'bars',
              step: 3,
              min: 0,
              max: 100,
              colour: '#3080ff',
            }),
          ],
        }),
        new lib.ProgressBar({
          id: 'tank',
          x: 284,
          y: 50,
          w: 28,
          h: 106,
          orientation: 'vertical',
          colour: '#2060ff',
          background: '#182028',
          borderColour: '#8090a0',
        }),
        new lib.Text({
          id: 'wind',
          x: 280,
          y: 180,
          w: 40,
          h: 16,
          font: mid,
          text: '12',
          align: 'center',
          colour: '#ffffff',
          status: { key: 'wind', show: 'dim' },
        }),
        new lib.Text({
          x: 280,
          y: 200,
          w: 40,
          h: 16,
          font: mid,
          text: 'km/h',
          align: 'center',
          colour: '#90a0b0',
        }),
      ],
    });
    return {
      scene,
      step(tick) {
        now = msOf(tick);
        if (tick % 3 === 0) {
          const temp = 18 + Math.round(wave(tick, 60) * 0.12);
          const humidity = 45 + Math.round(wave(tick, 90, 20) * 0.4);
          const light = 200 + wave(tick, 120) * 6;
          buffer.addDataPoint({ temp, humidity, light, tank: 0.8 - tick / 300 }, 'greenhouse');
          engine.updateAnimationParameter('temp', 'value', temp, tick);
          engine.updateAnimationParameter('humidity', 'value', humidity, tick);
          engine.updateAnimationParameter('light', 'value', light, tick);
          engine.updateAnimationParameter('tank', 'value', 0.8 - tick / 300, tick);
          values[0].setText(`${temp} C`);
          values[1].setText(`${humidity} %`);
          values[2].setText(`${light} lx`);
        }
        // The anemometer reports twice, then goes quiet: stale from 2 s after its last reading.
        if (tick === 0 || tick === 10) buffer.addDataPoint({ wind: 12 }, 'anemometer');
        status.step(tick, now);
      },
    };
  },
};

/** The golden screens, in a fixed order. Each `build(lib)` gives a fresh scene and its `step(tick)`. */
export const goldenScreens = [systemMonitor, nowPlaying, dashboard];

/** The PNG of `screen` at each of its ticks, stepped from tick 0 with damaged-only frames. */
export function renderGolden(lib, screen) {
  const { scene, step } = screen.build(lib);
  const out = new Map();
  const last = Math.max(...screen.ticks);
  for (let t = 0; t <= last; t++) {
    step(t);
    scene.frame(t);
    if (screen.ticks.includes(t)) out.set(t, lib.encodePng(scene.framebuffer));
  }
  return out;
}

/** File name of a golden frame, relative to test/golden. */
export function goldenFile(screen, tick) {
  return `${screen.name}.tick-${String(tick).padStart(3, '0')}.png`;
}
