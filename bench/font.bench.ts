/**
 * Font and text benchmarks (issue 11, item 3): drawing a line of text into a 128x64 mono framebuffer
 * (a status line in 5x7, a title in 8x16, big digits in 16x32, and a marquee step: a long line drawn
 * at a moving offset through a clip), measuring a line, the first use of a bundled font (decoding
 * its generated module), and parsing a BDF file. Heap growth per draw is printed: drawing and
 * measuring allocate nothing, so it should stay near 0.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spleen16x32 } from '../src/render/font/generated/spleen-16x32.js';
import { drawText, Framebuffer, fonts, parseBdf, textWidth, unpackFont } from '../src/render/index.js';
import { type BenchContext, type BenchEntry, gc, heapBytes, round, timePerOp } from './harness.js';

export default async function fontBench(ctx: BenchContext): Promise<BenchEntry[]> {
  const rounds = ctx.quick ? 20 : 200;
  const entries: BenchEntry[] = [];
  const fb = new Framebuffer({ width: 128, height: 64 });
  const f5x7 = fonts['5x7'];
  const f8x16 = fonts['8x16'];
  const f16x32 = fonts['16x32'];

  const status = 'CPU 42% 51.3°C 1.2GHz'; // 21 characters: a full 128-pixel line in 5x7
  const drawStatus = timePerOp((i) => drawText(fb, f5x7, status, 1, i & 7, 1), { rounds });
  entries.push({
    name: 'font.draw_text.5x7.21_chars.ns_per_op',
    value: round(drawStatus.medianNs),
    unit: 'ns',
  });

  const title = 'Now playing: Abc'; // 16 characters: a full line in 8x16
  const drawTitle = timePerOp((i) => drawText(fb, f8x16, title, 0, 16 + (i & 7), 1), { rounds });
  entries.push({
    name: 'font.draw_text.8x16.16_chars.ns_per_op',
    value: round(drawTitle.medianNs),
    unit: 'ns',
  });

  const digits = '12:45';
  const drawDigits = timePerOp((i) => drawText(fb, f16x32, digits, 24, 30 + (i & 1), 1), { rounds });
  entries.push({
    name: 'font.draw_text.16x32.5_chars.ns_per_op',
    value: round(drawDigits.medianNs),
    unit: 'ns',
  });

  // A marquee step: 60 characters of 8x16 through a 128x16 clip at a moving offset (16 visible).
  const long = 'Artist Name - A Very Long Song Title That Needs To Scroll By';
  const width = textWidth(f8x16, long);
  const clip = { x: 0, y: 0, w: 128, h: 16 };
  const marquee = timePerOp(
    (i) => {
      fb.pushClip(clip);
      drawText(fb, f8x16, long, -(i % width), 0, 1);
      fb.popClip();
    },
    { rounds },
  );
  entries.push({
    name: 'font.draw_text.8x16.marquee_60_chars.ns_per_op',
    value: round(marquee.medianNs),
    unit: 'ns',
  });

  const measure = timePerOp(() => textWidth(f5x7, status), { rounds });
  entries.push({
    name: 'font.text_width.5x7.21_chars.ns_per_op',
    value: round(measure.medianNs),
    unit: 'ns',
  });

  // Allocation: heap growth per draw + measure, over 1M calls after the same loop has run warm, so
  // JIT code and feedback are already in place; a per-call allocation would show as >= 16 bytes.
  const allocLoop = (count: number) => {
    for (let i = 0; i < count; i++) {
      drawText(fb, f5x7, status, 1, i & 7, 1);
      textWidth(f8x16, long);
    }
  };
  allocLoop(200_000);
  gc();
  const before = heapBytes();
  const calls = ctx.quick ? 100_000 : 1_000_000;
  allocLoop(calls);
  const grown = heapBytes() - before;
  entries.push({ name: 'font.draw_text.heap_bytes_per_call', value: round(grown / calls, 3), unit: 'bytes' });

  const decode = timePerOp(() => unpackFont(spleen16x32), { rounds: ctx.quick ? 5 : 50, opsPerRound: 10 });
  entries.push({ name: 'font.first_use.16x32.us', value: round(decode.medianNs / 1000), unit: 'us' });

  const bdf = readFileSync(fileURLToPath(new URL('../fonts/misc-fixed-6x10.bdf', import.meta.url)), 'latin1');
  const parse = timePerOp(() => parseBdf(bdf), { rounds: ctx.quick ? 3 : 20, opsPerRound: 5 });
  entries.push({
    name: 'font.parse_bdf.6x10_621_glyphs.ms',
    value: round(parse.medianNs / 1e6, 2),
    unit: 'ms',
  });
  return entries;
}
