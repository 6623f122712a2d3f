import { describe, expect, it } from 'vitest';
import { decodePng, encodePng, Framebuffer, Image, Scene } from '../../../src/render/index.js';
import { ascii } from '../ascii.js';

/** A w x h RGBA image from a grey level per pixel (-1: transparent). */
function image(w: number, h: number, grey: number[]) {
  const data = new Uint8Array(w * h * 4);
  grey.forEach((g, i) => {
    data.set(g < 0 ? [0, 0, 0, 0] : [g, g, g, 255], i * 4);
  });
  return { width: w, height: h, data };
}

describe('Image', () => {
  it('draws opaque pixels at its position and leaves transparent ones', () => {
    const img = image(2, 2, [255, -1, 0, 255]);
    const scene = new Scene({
      width: 4,
      height: 3,
      background: '#ffffff',
      widgets: [new Image({ x: 1, y: 1, image: img, dither: 'threshold' })],
    });
    scene.frame(0);
    expect(ascii(scene.framebuffer)).toEqual(['####', '####', '#.##']);
  });

  it('dithers grey for mono: a 50 % grey lights about half the pixels', () => {
    const img = image(8, 8, new Array(64).fill(128));
    const scene = new Scene({ width: 8, height: 8, widgets: [new Image({ image: img })] });
    scene.frame(0);
    const on = Array.from(scene.framebuffer.pixels).filter((v) => v === 1).length;
    expect(on).toBe(32);
  });

  it('keeps exact colours on colour formats', () => {
    const data = Uint8Array.of(255, 0, 0, 255);
    const scene = new Scene({
      width: 1,
      height: 1,
      format: 'rgb888',
      widgets: [new Image({ image: { width: 1, height: 1, data } })],
    });
    scene.frame(0);
    expect(scene.framebuffer.get(0, 0)).toBe(0xff0000);
  });

  it('draws a PNG as the decoder returns it (an icon round trip)', () => {
    const icon = new Framebuffer({ width: 5, height: 3 });
    icon.fillRect(1, 0, 3, 3, 1);
    icon.set(2, 1, 0);
    const scene = new Scene({
      width: 8,
      height: 4,
      widgets: [new Image({ x: 2, y: 1, image: decodePng(encodePng(icon)) })],
    });
    scene.frame(0);
    expect(ascii(scene.framebuffer)).toEqual(['........', '...###..', '...#.#..', '...###..']);
  });

  it('refuses an image whose bytes do not match its size', () => {
    expect(() => new Image({ id: 'i', image: { width: 2, height: 2, data: new Uint8Array(3) } })).toThrow(
      /Image 'i': 'image' must be/,
    );
  });
});
