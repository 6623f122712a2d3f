// The golden screens of test/golden/scenes.mjs (every widget kind: text with marquee and ellipsis,
// progress bars, sparklines in line and bar mode with a gap, gauges as needle and arc, images,
// rectangles, lines, groups; mono and RGB565; stale-key styles) replayed tick by tick from 0: a hash
// of every tick's pixels and damaged rectangles, and the hash of each committed PNG's bytes.
// Plain JavaScript taking the library as a parameter, so it runs on the built dist/ under arm64.
import { createHash } from 'node:crypto';
import { goldenFile, goldenScreens } from '../golden/scenes.mjs';

export const name = 'golden-frames';

/** `{ <screen>.frames, <screen>.damage, <screen>.tick-NNN.png }` for every golden screen. */
export function run(lib) {
  const out = {};
  for (const screen of goldenScreens) {
    const { scene, step } = screen.build(lib);
    const fb = scene.framebuffer;
    const px = fb.pixels;
    // Pixel elements as bytes in the platform's order: both x86_64 and arm64 are little-endian.
    const bytes = new Uint8Array(px.buffer, px.byteOffset, px.byteLength);
    const frames = createHash('sha256');
    const damage = createHash('sha256');
    const last = Math.max(...screen.ticks);
    for (let t = 0; t <= last; t++) {
      step(t);
      const update = scene.frame(t);
      frames.update(bytes);
      damage.update(
        update === undefined
          ? `${t}:-;`
          : `${t}:${update.damage.map((r) => `${r.x},${r.y},${r.w},${r.h}`).join(' ')};`,
      );
      if (screen.ticks.includes(t)) {
        out[goldenFile(screen, t)] = createHash('sha256').update(lib.encodePng(fb)).digest('hex');
      }
    }
    out[`${screen.name}.frames`] = frames.digest('hex');
    out[`${screen.name}.damage`] = damage.digest('hex');
  }
  return out;
}
