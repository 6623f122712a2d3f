/**
 * Output benchmarks (issue 12).
 *
 * - `ssd1306.bytes_per_frame.marquee_only`: bytes handed to the I2C bus (control and command bytes
 *   included) for a frame of a 128x64 dashboard where only a one-line marquee changed: a line of the
 *   bundled 5x7 font in page 6 scrolling one pixel per frame. Averaged over 600 frames after the first (whole) frame.
 * - `ssd1306.bytes_per_frame.full`: the same for frames where every pixel changed (the picture
 *   inverted each frame), so nothing can be trimmed.
 * - `ssd1306.bus_ms_per_frame.marquee_only_400khz` (and `.full_400khz` beside it): the time those
 *   bytes hold a 400 kHz bus, computed with the I2C framing: per transaction a START, the address byte
 *   and each byte at 9 bit times (8 bits + ACK), a STOP (`i2cBusMs`). Computed, not measured on a bus.
 * - `terminal.us_per_frame.128x64`: one 128x64 mono frame in braille to a stream that takes the bytes
 *   at once, every cell row changed (ten precomputed patterns in turn): median of rounds of 200.
 * - `gif.ms_per_100_frames.128x64`: 100 different 128x64 mono frames written to a GIF output and
 *   encoded (`toBytes`): median of rounds.
 */
import {
  GifOutput,
  type I2cBus,
  i2cBusMs,
  Ssd1306Output,
  TerminalOutput,
  type TerminalStream,
} from '../src/outputs/index.js';
import { drawText, Framebuffer, getFont, textWidth } from '../src/render/index.js';
import { type BenchContext, type BenchEntry, gc, round } from './harness.js';

const display = { width: 128, height: 64, format: 'mono', fps: 60 } as const;
const whole = [{ x: 0, y: 0, w: 128, h: 64 }];
const marqueeRect = { x: 0, y: 48, w: 128, h: 8 };

const font = getFont('5x7');
const marqueeText = 'BTC 64,210 +1.2%   ETH 3,402 -0.4%   SOL 148.7 +3.1%   ';
const marqueeWidth = textWidth(font, marqueeText);

/** A line of 5x7 text in page 6 (rows 48..55), scrolled `shift` pixels left and wrapping around. */
function drawMarquee(fb: Framebuffer, shift: number): void {
  fb.pushClip(marqueeRect);
  fb.fillRect(0, 48, 128, 8, 0);
  const x = -(shift % marqueeWidth);
  drawText(fb, font, marqueeText, x, 48, 1);
  drawText(fb, font, marqueeText, x + marqueeWidth, 48, 1);
  fb.popClip();
}

function dashboard(): Framebuffer {
  const fb = new Framebuffer({ width: 128, height: 64 });
  fb.fillRect(0, 0, 128, 10, 1);
  fb.fillRect(2, 14, 56, 28, 1);
  fb.fillRect(4, 16, 52, 24, 0);
  fb.fillRect(64, 20, 60, 6, 1);
  fb.fillRect(64, 30, 40, 6, 1);
  drawMarquee(fb, 0);
  return fb;
}

/** A bus that takes every write at once and counts nothing itself: the output's stats say what went. */
const nullBus: I2cBus = {
  i2cWrite: async (_address, length, buffer) => ({ bytesWritten: length, buffer }),
};

async function ssd1306Figures(
  frames: number,
  change: (fb: Framebuffer, i: number) => void,
  damage: () => typeof whole,
) {
  const out = new Ssd1306Output({ bus: nullBus });
  await out.open(display);
  const fb = dashboard();
  await out.write({ tick: 0, framebuffer: fb, damage: whole });
  const before = out.stats;
  for (let i = 1; i <= frames; i++) {
    change(fb, i);
    await out.write({ tick: i, framebuffer: fb, damage: damage() });
  }
  const after = out.stats;
  await out.close();
  const bytes = (after.bytes - before.bytes) / frames;
  const transactions = (after.transactions - before.transactions) / frames;
  return { bytes, transactions };
}

/** Median of `rounds` timings of `run`, in ns. */
async function medianNs(rounds: number, run: () => Promise<void>): Promise<number> {
  const samples: number[] = [];
  for (let r = -2; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    await run();
    const t1 = process.hrtime.bigint();
    if (r >= 0) samples.push(Number(t1 - t0));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

export default async function outputsBench(ctx: BenchContext): Promise<BenchEntry[]> {
  const entries: BenchEntry[] = [];

  const marquee = await ssd1306Figures(
    600,
    (fb, i) => drawMarquee(fb, i),
    () => [marqueeRect],
  );
  const full = await ssd1306Figures(
    600,
    (fb) => {
      const px = fb.pixels;
      for (let k = 0; k < px.length; k++) px[k] = (px[k] as number) ^ 1;
    },
    () => whole,
  );
  entries.push(
    { name: 'ssd1306.bytes_per_frame.marquee_only', value: round(marquee.bytes, 1), unit: 'bytes' },
    { name: 'ssd1306.bytes_per_frame.full', value: round(full.bytes, 1), unit: 'bytes' },
    {
      name: 'ssd1306.bus_ms_per_frame.marquee_only_400khz',
      value: round(i2cBusMs(marquee.bytes, marquee.transactions, 400_000), 3),
      unit: 'ms',
    },
    {
      name: 'ssd1306.bus_ms_per_frame.full_400khz',
      value: round(i2cBusMs(full.bytes, full.transactions, 400_000), 3),
      unit: 'ms',
    },
  );
  ctx.log(
    `  ssd1306: marquee ${marquee.transactions} transactions/frame, full ${full.transactions}; marquee/full bytes ${round((100 * marquee.bytes) / full.bytes, 1)} %`,
  );

  // Terminal: every row changes each frame.
  {
    const sink: TerminalStream = {
      write(_chunk, callback) {
        callback?.(null);
        return true;
      },
    };
    const out = new TerminalOutput({ stream: sink, process: null });
    await out.open(display);
    // Ten precomputed patterns, shown in turn: every cell row differs from the previous frame's.
    const patterns = Array.from({ length: 10 }, (_, k) => {
      const fb = new Framebuffer({ width: 128, height: 64 });
      const px = fb.pixels;
      for (let i = 0; i < px.length; i++) px[i] = ((i % 128) + (i >> 7) + k) % 5 === 0 ? 1 : 0;
      return fb;
    });
    let tick = 0;
    const perRound = 200;
    gc();
    const ns = await medianNs(ctx.quick ? 5 : 30, async () => {
      for (let k = 0; k < perRound; k++) {
        tick++;
        await out.write({ tick, framebuffer: patterns[tick % 10] as Framebuffer, damage: whole });
      }
    });
    await out.close();
    entries.push({ name: 'terminal.us_per_frame.128x64', value: round(ns / perRound / 1000, 2), unit: 'us' });
  }

  // GIF: 100 different frames, then the encoding.
  {
    const frames: Framebuffer[] = [];
    for (let i = 0; i < 100; i++) {
      const fb = dashboard();
      drawMarquee(fb, i);
      fb.fillRect(64, 40, i % 60, 4, 1);
      frames.push(fb);
    }
    let bytes = 0;
    gc();
    const ns = await medianNs(ctx.quick ? 3 : 15, async () => {
      const out = new GifOutput({ path: '/dev/null' });
      await out.open(display);
      for (let i = 0; i < 100; i++) {
        out.write({ tick: i, framebuffer: frames[i] as Framebuffer, damage: whole });
      }
      bytes = out.toBytes().length;
    });
    ctx.log(`  gif: 100 frames 128x64 -> ${bytes} bytes`);
    entries.push({ name: 'gif.ms_per_100_frames.128x64', value: round(ns / 1e6, 2), unit: 'ms' });
  }

  return entries;
}
