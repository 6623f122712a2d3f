/**
 * Drawing and PNG benchmarks: what one primitive costs, and one frame of typical widgets' drawing.
 *
 * - `draw.128x64_mono.gauge_screen.us`: a 128x64 mono frame drawn from scratch with the primitives a
 *   system-monitor screen uses: clear, rounded border, a 240-degree gauge arc 4 px wide with its value
 *   sweep, a needle, two bars (outline + fill), a sparkline of 60 line segments, a 16x16 icon dithered
 *   (Floyd-Steinberg). No text (the fonts' job) and no packing (the scene's bench).
 * - `draw.128x64_mono.gauge_screen.heap_bytes_per_frame`: heap growth over 20,000 such frames after a
 *   full GC, divided by the frames, printed with the number of collections seen meanwhile
 *   (`...gcs_during`): with 0 collections the figure is what a frame allocates (0 = nothing).
 * - `draw.<primitive>.ns`: one call, on the framebuffer named in the entry.
 * - `png.encode.*.us` / `png.decode.*.us`: `encodePng` of a drawn frame, `decodePng` of an icon.
 */

import { PerformanceObserver } from 'node:perf_hooks';
import {
  blit,
  decodePng,
  ditherInto,
  drawArc,
  drawLine,
  drawMask,
  drawRect,
  encodePng,
  Framebuffer,
  fillArc,
  fillCircle,
  fillRect,
  fillTriangle,
} from '../src/render/index.js';
import { type BenchContext, type BenchEntry, gc, round, timePerOp } from './harness.js';

function icon(size: number): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 4;
      const d = Math.abs(x - size / 2) + Math.abs(y - size / 2);
      data[o] = (x * 255) / size;
      data[o + 1] = (y * 255) / size;
      data[o + 2] = 128;
      data[o + 3] = d < size / 2 ? 255 : 0;
    }
  }
  return { width: size, height: size, data };
}

function gaugeScreen(fb: Framebuffer, i: number, spark: Float64Array, img: ReturnType<typeof icon>): void {
  const on = 1;
  fb.clear(0);
  drawRect(fb, 0, 0, 128, 64, on, 1, 6);
  const value = (i % 100) / 100;
  drawArc(fb, 32, 36, 24, -120, 120, on, 1);
  drawArc(fb, 32, 36, 22, -120, -120 + 240 * value, on, 4);
  drawLine(fb, 32, 36, 32 + Math.round(18 * value) - 9, 20, on);
  fillCircle(fb, 32, 36, 2, on);
  drawRect(fb, 64, 8, 56, 8, on);
  fillRect(fb, 66, 10, Math.round(52 * value), 4, on);
  drawRect(fb, 64, 20, 56, 8, on, 1, 3);
  fillRect(fb, 66, 22, Math.round(52 * (1 - value)), 4, on, 2);
  for (let k = 0; k < 60; k++) {
    const a = spark[(k + i) % spark.length] as number;
    const b = spark[(k + i + 1) % spark.length] as number;
    drawLine(fb, 64 + k, 58 - a, 65 + k, 58 - b, on);
  }
  ditherInto(fb, img, 104, 32, 'floyd-steinberg');
}

export default async function drawBench(ctx: BenchContext): Promise<BenchEntry[]> {
  const rounds = ctx.quick ? 20 : 200;
  const entries: BenchEntry[] = [];
  const ns = (name: string, fn: (i: number) => void, opsPerRound = 1000) => {
    gc();
    const t = timePerOp(fn, { opsPerRound, rounds });
    entries.push({ name, value: round(t.medianNs), unit: 'ns' });
    return t.medianNs;
  };
  const mono = new Framebuffer({ width: 128, height: 64 });
  const tft = new Framebuffer({ width: 320, height: 240, format: 'rgb565' });
  const spark = Float64Array.from({ length: 97 }, (_, k) => 4 + ((k * 37) % 19));
  const img16 = icon(16);
  const img32 = icon(32);

  const frameNs = ns('draw.128x64_mono.gauge_screen.us', (i) => gaugeScreen(mono, i, spark, img16), 20);
  entries.pop() as BenchEntry;
  entries.push({ name: 'draw.128x64_mono.gauge_screen.us', value: round(frameNs / 1000, 2), unit: 'us' });

  {
    let gcs = 0;
    const obs = new PerformanceObserver((list) => {
      gcs += list.getEntries().length;
    });
    const frames = ctx.quick ? 2000 : 20_000;
    for (let i = 0; i < 2000; i++) gaugeScreen(mono, i, spark, img16);
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    obs.observe({ entryTypes: ['gc'] });
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < frames; i++) gaugeScreen(mono, i, spark, img16);
    const after = process.memoryUsage().heapUsed;
    await new Promise((resolve) => setImmediate(resolve));
    obs.disconnect();
    entries.push({
      name: 'draw.128x64_mono.gauge_screen.heap_bytes_per_frame',
      value: round(Math.max(0, after - before) / frames, 2),
      unit: 'bytes',
    });
    entries.push({ name: 'draw.128x64_mono.gauge_screen.gcs_during', value: gcs, unit: 'count' });
  }

  ns('draw.line.128x64_mono.diagonal_127px.ns', (i) => drawLine(mono, 0, i & 63, 127, 63 - (i & 63), 1));
  ns('draw.line.320x240_rgb565.diagonal_319px.ns', (i) =>
    drawLine(tft, 0, i % 240, 319, 239 - (i % 240), 0xffff),
  );
  ns('draw.line.128x64_mono.clipped_away_1000px.ns', (i) =>
    drawLine(mono, -1000, -10 - (i & 7), 1000, -500, 1),
  );
  ns('draw.fillRect.320x240_rgb565.200x100.ns', (i) => fillRect(tft, 60, 70, 200, 100, i & 0xffff), 100);
  ns('draw.fillRect.128x64_mono.100x40_radius8.ns', (i) => fillRect(mono, 14, 12, 100, 40, i & 1, 8));
  ns('draw.drawRect.128x64_mono.120x56_width2_radius6.ns', (i) => drawRect(mono, 4, 4, 120, 56, i & 1, 2, 6));
  ns('draw.fillCircle.128x64_mono.r30.ns', (i) => fillCircle(mono, 64, 32, 30, i & 1));
  ns('draw.drawArc.128x64_mono.r30_width4_240deg.ns', (i) => drawArc(mono, 64, 34, 30, -120, 120, i & 1, 4));
  ns(
    'draw.drawArc.320x240_rgb565.r100_width12_270deg.ns',
    (i) => drawArc(tft, 160, 120, 100, -135, 135, i & 0xffff, 12),
    100,
  );
  ns('draw.line.128x64_mono.needle_30px_width3.ns', (i) =>
    drawLine(mono, 64, 40, 40 + (i % 48), 12, i & 1, 3),
  );
  ns('draw.fillTriangle.128x64_mono.60x40.ns', (i) =>
    fillTriangle(mono, 10, 10, 70, 20 + (i & 7), 30, 50, i & 1),
  );
  ns('draw.fillArc.128x64_mono.r30_100deg.ns', (i) => fillArc(mono, 64, 32, 30, 10, 110, i & 1));
  const sprite = new Framebuffer({ width: 32, height: 32, format: 'rgb565' });
  sprite.pixels.fill(0x1234);
  ns('draw.blit.320x240_rgb565.32x32_transparent.ns', (i) => blit(tft, sprite, i % 288, 100, 0));
  ns('draw.blit.320x240_rgb565.32x32_opaque.ns', (i) => blit(tft, sprite, i % 288, 100));
  const mask = { width: 16, height: 16, bits: Uint8Array.from({ length: 32 }, (_, k) => (k * 89) & 0xff) };
  ns('draw.drawMask.128x64_mono.16x16.ns', (i) => drawMask(mono, mask, i & 63, 20, 1));
  ns(
    'draw.ditherInto.128x64_mono.32x32_floyd_steinberg.ns',
    (i) => ditherInto(mono, img32, i & 63, 16, 'floyd-steinberg'),
    100,
  );
  ns(
    'draw.ditherInto.128x64_mono.32x32_ordered.ns',
    (i) => ditherInto(mono, img32, i & 63, 16, 'ordered'),
    100,
  );

  gaugeScreen(mono, 37, spark, img16);
  for (let k = 0; k < tft.pixels.length; k++) tft.pixels[k] = (k * 2654435761) >>> 16;
  drawArc(tft, 160, 120, 100, -135, 135, 0xf800, 12);
  const us = (name: string, fn: () => void, opsPerRound: number) => {
    gc();
    const t = timePerOp(fn, { opsPerRound, rounds: ctx.quick ? 5 : 50 });
    entries.push({ name, value: round(t.medianNs / 1000, 1), unit: 'us' });
  };
  us('png.encode.128x64_mono.us', () => encodePng(mono), 20);
  const gaugePng = new Framebuffer({ width: 320, height: 240, format: 'rgb565' });
  gaugePng.clear(0);
  drawArc(gaugePng, 160, 120, 100, -135, 135, 0xf800, 12);
  fillRect(gaugePng, 20, 200, 280, 20, 0x07e0, 6);
  us('png.encode.320x240_rgb565.dashboard.us', () => encodePng(gaugePng), 2);
  const iconPng = encodePng(
    (() => {
      const fb = new Framebuffer({ width: 32, height: 32, format: 'rgb888' });
      ditherInto(fb, img32, 0, 0);
      return fb;
    })(),
  );
  us('png.decode.32x32_rgb.us', () => decodePng(iconPng), 20);
  entries.push({ name: 'png.encode.128x64_mono.bytes', value: encodePng(mono).length, unit: 'bytes' });
  entries.push({
    name: 'png.encode.320x240_rgb565.dashboard.bytes',
    value: encodePng(gaugePng).length,
    unit: 'bytes',
  });
  return entries;
}
