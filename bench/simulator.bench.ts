/**
 * Browser simulator benchmark (issue 12, item 9).
 *
 * - `simulator.ws_bytes_per_frame.marquee_only`: bytes of the WebSocket message the simulator sends
 *   a browser for a frame of a 128x64 mono screen where only a marquee moved (a `Text` scrolling a
 *   line of the bundled 5x7 font while a title, a bar and a chart hold still): the scene's damaged
 *   rectangles, packed one bit a pixel, with the message and rectangle headers. Averaged over 300
 *   frames after the first (whole) frame. The same screen's whole frame is printed beside it.
 *   A count of bytes, not a timing: the same on any machine.
 */

import { TickAnimationEngine } from '../src/animation/index.js';
import { SimulatorOutput } from '../src/outputs/index.js';
import { getFont, ProgressBar, Rectangle, Scene, Text } from '../src/render/index.js';
import { type BenchContext, type BenchEntry, round } from './harness.js';

export default async function simulatorBench(ctx: BenchContext): Promise<BenchEntry[]> {
  const small = getFont('5x7');
  const mid = getFont('6x10');
  const scene = new Scene({
    width: 128,
    height: 64,
    engine: new TickAnimationEngine(),
    widgets: [
      new Text({ x: 0, y: 0, w: 128, h: 10, font: mid, text: 'Now playing' }),
      new Rectangle({ x: 0, y: 11, w: 128, h: 1 }),
      new Text({
        x: 0,
        y: 20,
        w: 128,
        h: small.lineHeight,
        font: small,
        text: 'Artist Name - A Very Long Song Title That Needs To Scroll By',
        overflow: 'marquee',
        marquee: { pauseTicks: 0, speed: 1, mode: 'loop' },
      }),
      new ProgressBar({ x: 0, y: 40, w: 128, h: 8, fill: 0.35 }),
    ],
  });
  const sim = new SimulatorOutput({ port: 0, onError: (message) => ctx.log(`  ${message}`) });
  await sim.open({ width: 128, height: 64, format: 'mono', fps: 30 });
  try {
    const first = scene.frame(0);
    if (!first) throw new Error('simulator bench: the first frame is empty');
    sim.write(first);
    const wholeBytes = sim.stats.lastFrameBytes;
    const frames = ctx.quick ? 60 : 300;
    let bytes = 0;
    let sent = 0;
    for (let tick = 1; tick <= frames; tick++) {
      const u = scene.frame(tick);
      if (!u) continue;
      sim.write(u);
      bytes += sim.stats.lastFrameBytes;
      sent++;
    }
    if (sent === 0) throw new Error('simulator bench: the marquee never moved');
    const perFrame = bytes / sent;
    ctx.log(
      `  simulator: marquee-only ${round(perFrame, 1)} bytes/frame over ${sent} frames, whole frame ${wholeBytes} bytes (${round((100 * perFrame) / wholeBytes, 1)} %)`,
    );
    return [
      { name: 'simulator.ws_bytes_per_frame.marquee_only', value: round(perFrame, 1), unit: 'bytes' },
      { name: 'simulator.ws_bytes_per_frame.full', value: wholeBytes, unit: 'bytes' },
    ];
  } finally {
    await sim.close();
  }
}
