/**
 * Scene benchmarks (issue 11, item 8): a six-widget screen (title, value text, marquee, progress bar,
 * gauge, sparkline) composed by the scene and packed as a panel takes it.
 *
 * - `render.128x64_mono.6_widgets.us_per_frame`: every widget changed (animations on the bar and the
 *   gauge, a new sample in the chart, a new value text, the marquee moving); the whole screen composed
 *   and packed to SSD1306 pages.
 * - `render.128x64_mono.marquee_only.us_per_frame`: only the marquee moved: its box redrawn and the
 *   damaged pages packed.
 * - `render.idle.us_per_tick`: nothing changed: the engine writes the slots, the widgets are polled,
 *   nothing is drawn.
 * - `render.320x240_rgb565.6_widgets.us_per_frame`: the same screen at 320x240 in RGB565, packed
 *   big-endian.
 * - `peer.napi_canvas.128x64_mono.6_widgets.us_per_frame`: the same screen drawn with @napi-rs/canvas
 *   (what a Node user reaches for), read back, thresholded to 1 bit and packed to pages.
 *
 * Heap growth per idle and marquee-only tick is printed too: both should allocate nothing.
 */
import { createCanvas } from '@napi-rs/canvas';
import {
  type BitmapFont,
  Gauge,
  getFont,
  ProgressBar,
  Scene,
  type Series,
  Sparkline,
  Text,
  TickAnimationEngine,
} from '../src/index.js';
import { type BenchContext, type BenchEntry, gc, heapBytes, round, timePerOp } from './harness.js';

/** A chart history the bench fills: a ring of `size` samples, `version` bumped per sample. */
class SampleRing implements Series {
  version = 0;
  readonly #values: Float64Array;
  #count = 0;
  constructor(size: number) {
    this.#values = new Float64Array(size);
  }
  push(v: number): void {
    this.#values[this.#count % this.#values.length] = v;
    this.#count++;
    this.version++;
  }
  read(out: Float64Array): number {
    const size = this.#values.length;
    const n = Math.min(out.length, this.#count, size);
    for (let i = 0; i < n; i++) out[i] = this.#values[(this.#count - n + i) % size] as number;
    return n;
  }
}

interface Screen {
  readonly scene: Scene;
  readonly value: Text;
  readonly series: SampleRing;
}

const song = 'Artist Name - A Very Long Song Title That Needs To Scroll By';
const valueTexts = Array.from({ length: 100 }, (_, i) => `${i}%`);

/**
 * The six widgets at a scale: 1 for 128x64, 2.5 for 320x240. `moving`: animations run and the
 * marquee scrolls; otherwise everything holds still (the idle screen).
 */
function screen(width: number, height: number, format: 'mono' | 'rgb565', moving: boolean): Screen {
  const big = width >= 320;
  const small: BitmapFont = getFont(big ? '8x16' : '5x7');
  const mid: BitmapFont = getFont(big ? '16x32' : '6x10');
  const engine = new TickAnimationEngine();
  engine.addAnimation({
    id: 'fill',
    target: 'bar',
    repeat: Number.POSITIVE_INFINITY,
    direction: 'alternate',
    tracks: {
      fill: [
        { at: 0, value: 0 },
        { at: 90, value: 1 },
      ],
    },
  });
  engine.addAnimation({
    id: 'needle',
    target: 'gauge',
    repeat: Number.POSITIVE_INFINITY,
    direction: 'alternate',
    tracks: {
      value: [
        { at: 0, value: 0 },
        { at: 60, value: 100 },
      ],
    },
  });
  if (moving) {
    engine.startAnimationAt('fill', 0);
    engine.startAnimationAt('needle', 0);
  }
  const s = (v: number) => Math.round(v * (big ? 2.5 : 1));
  const series = new SampleRing(256);
  for (let i = 0; i < 256; i++) series.push(50 + ((i * 37) % 41));
  const value = new Text({
    id: 'value',
    x: s(64),
    y: 0,
    w: s(64),
    h: mid.lineHeight,
    font: mid,
    text: '42%',
    align: 'right',
  });
  const widgets = [
    new Text({ id: 'title', x: 0, y: 0, w: s(64), h: mid.lineHeight, font: mid, text: 'CPU' }),
    value,
    new Text({
      id: 'song',
      x: 0,
      y: s(12),
      w: width,
      h: small.lineHeight,
      font: small,
      text: moving ? song : 'Paused',
      overflow: 'marquee',
      marquee: { pauseTicks: 0, speed: 1, mode: 'loop' },
    }),
    new ProgressBar({ id: 'bar', x: 0, y: s(22), w: s(76), h: s(8), fill: 0.4 }),
    new Gauge({ id: 'gauge', x: s(84), y: s(22), w: s(44), h: s(42), max: 100, value: 30, thickness: s(4) }),
    new Sparkline({ id: 'chart', x: 0, y: s(34), w: s(76), h: s(30), series, min: 0, max: 100 }),
  ];
  return { scene: new Scene({ width, height, format, engine, widgets }), value, series };
}

/** Time one full frame: every widget changed, the whole screen composed and packed. */
function fullFrames(sc: Screen, rounds: number, out: Uint8Array): number {
  const { scene, value, series } = sc;
  let tick = 0;
  const t = timePerOp(
    (i) => {
      tick++;
      series.push(50 + ((i * 37) % 41));
      value.setText(valueTexts[i % 100] as string);
      const u = scene.composeAll(tick);
      u.framebuffer.packInto(out);
    },
    { rounds, opsPerRound: 200 },
  );
  return t.medianNs / 1000;
}

/** One marquee-only frame: redraw its box, pack the damaged pages. */
function marqueeFrame(scene: Scene, tick: number, out: Uint8Array): void {
  const u = scene.frame(tick);
  if (u === undefined) throw new Error(`render bench: the marquee did not move at tick ${tick}`);
  const rects = u.damage;
  for (let r = 0; r < rects.length; r++) u.framebuffer.packInto(out, rects[r]);
}

/** The same screen with @napi-rs/canvas: draw, read back, threshold to 1 bit, pack to pages. */
function canvasPeer(rounds: number, out: Uint8Array): number {
  const W = 128;
  const H = 64;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const history = new Float64Array(76);
  for (let i = 0; i < history.length; i++) history[i] = 50 + ((i * 37) % 41);
  ctx.textBaseline = 'top';
  let tick = 0;
  const t = timePerOp(
    (i) => {
      tick++;
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, W, H);
      ctx.fillStyle = '#fff';
      ctx.strokeStyle = '#fff';
      ctx.font = '10px monospace';
      ctx.textAlign = 'left';
      ctx.fillText('CPU', 0, 0);
      ctx.textAlign = 'right';
      ctx.fillText(valueTexts[i % 100] as string, 128, 0);
      ctx.textAlign = 'left';
      ctx.font = '7px monospace';
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, 12, W, 7);
      ctx.clip();
      ctx.fillText(song, -(tick % 300), 12);
      ctx.restore();
      const fill = (tick % 90) / 90;
      ctx.lineWidth = 1;
      ctx.strokeRect(0.5, 22.5, 75, 7);
      ctx.fillRect(2, 24, Math.round(fill * 72), 4);
      const a0 = (-135 - 90) * (Math.PI / 180);
      const a1 = a0 + (270 * ((tick % 60) / 60) * Math.PI) / 180;
      ctx.lineWidth = 4;
      ctx.beginPath();
      ctx.arc(106, 43, 19, a0, a1);
      ctx.stroke();
      ctx.lineWidth = 1;
      history[tick % history.length] = 50 + ((i * 37) % 41);
      ctx.beginPath();
      for (let k = 0; k < history.length; k++) {
        const y = 63 - Math.round(((history[(tick + k) % history.length] as number) / 100) * 29);
        if (k === 0) ctx.moveTo(k, y);
        else ctx.lineTo(k, y);
      }
      ctx.stroke();
      const rgba = ctx.getImageData(0, 0, W, H).data;
      let o = 0;
      for (let page = 0; page < H; page += 8) {
        for (let x = 0; x < W; x++) {
          let byte = 0;
          for (let bit = 0; bit < 8; bit++) {
            const p = ((page + bit) * W + x) * 4;
            const l =
              ((rgba[p] as number) * 299 + (rgba[p + 1] as number) * 587 + (rgba[p + 2] as number) * 114) /
              1000;
            if (l >= 128) byte |= 1 << bit;
          }
          out[o++] = byte;
        }
      }
    },
    { rounds, opsPerRound: 50 },
  );
  return t.medianNs / 1000;
}

/**
 * Heap growth per call of `fn` over `n` calls, right after it was timed (warm), with a collection
 * before and none during: a young generation of several MB absorbs any per-tick garbage, so the
 * difference shows it.
 */
function heapPerTick(n: number, fn: () => void): number {
  gc();
  const before = heapBytes();
  for (let i = 0; i < n; i++) fn();
  return (heapBytes() - before) / n;
}

export default async function renderBench(ctx: BenchContext): Promise<BenchEntry[]> {
  const rounds = ctx.quick ? 20 : 150;
  const entries: BenchEntry[] = [];
  const out = new Uint8Array(320 * 240 * 2);

  const mono = screen(128, 64, 'mono', true);
  mono.scene.frame(0);
  entries.push({
    name: 'render.128x64_mono.6_widgets.us_per_frame',
    value: round(fullFrames(mono, rounds, out), 2),
    unit: 'us',
  });

  // Only the marquee moves: the same screen with its animations stopped at their last frame.
  const marquee = screen(128, 64, 'mono', false);
  const marqueeWidget = marquee.scene.widget('song') as Text;
  marqueeWidget.setText(song);
  let tick = 0;
  marquee.scene.frame(tick);
  const m = timePerOp(() => marqueeFrame(marquee.scene, ++tick, out), { rounds, opsPerRound: 500 });
  entries.push({
    name: 'render.128x64_mono.marquee_only.us_per_frame',
    value: round(m.medianNs / 1000, 2),
    unit: 'us',
  });
  const marqueeBytes = heapPerTick(20_000, () => marqueeFrame(marquee.scene, ++tick, out));
  const damaged = marquee.scene.frame(++tick)?.damage[0];
  ctx.log(
    `  marquee-only damage: ${JSON.stringify(damaged)} (${damaged ? damaged.w * (damaged.h / 8) : 0} of 1024 bytes)`,
  );

  const idle = screen(128, 64, 'mono', false);
  let idleTick = 0;
  idle.scene.frame(idleTick);
  const t = timePerOp(
    () => {
      if (idle.scene.frame(++idleTick) !== undefined)
        throw new Error('render bench: the idle screen drew a frame');
    },
    { rounds, opsPerRound: 2000 },
  );
  entries.push({ name: 'render.idle.us_per_tick', value: round(t.medianNs / 1000, 3), unit: 'us' });
  const idleBytes = heapPerTick(100_000, () => idle.scene.frame(++idleTick));
  entries.push({ name: 'render.idle.heap_bytes_per_tick', value: round(idleBytes, 2), unit: 'bytes' });
  entries.push({
    name: 'render.128x64_mono.marquee_only.heap_bytes_per_tick',
    value: round(marqueeBytes, 2),
    unit: 'bytes',
  });

  const colour = screen(320, 240, 'rgb565', true);
  colour.scene.frame(0);
  entries.push({
    name: 'render.320x240_rgb565.6_widgets.us_per_frame',
    value: round(fullFrames(colour, Math.max(10, rounds / 3), out), 2),
    unit: 'us',
  });

  entries.push({
    name: 'peer.napi_canvas.128x64_mono.6_widgets.us_per_frame',
    value: round(canvasPeer(Math.max(10, rounds / 3), out), 2),
    unit: 'us',
  });

  return entries;
}
