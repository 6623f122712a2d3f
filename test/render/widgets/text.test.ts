import { describe, expect, it } from 'vitest';
import { drawText, Framebuffer, getFont, marqueeOffset, Scene, Text } from '../../../src/render/index.js';

const font = getFont('5x7');

/** Columns (x) where row band [y, y + h) of the framebuffer has any lit pixel. */
function litColumns(fb: Framebuffer, y = 0, h = fb.height): number[] {
  const cols: number[] = [];
  for (let x = 0; x < fb.width; x++) {
    for (let yy = y; yy < y + h; yy++) {
      if (fb.get(x, yy)) {
        cols.push(x);
        break;
      }
    }
  }
  return cols;
}

/** The pixels of `text` drawn alone at (x, y) on a framebuffer of the scene's size. */
function reference(w: number, h: number, text: string, x: number, y: number): Framebuffer {
  const fb = new Framebuffer({ width: w, height: h });
  drawText(fb, font, text, x, y, 1);
  return fb;
}

function textScene(options: Partial<ConstructorParameters<typeof Text>[0]>, w = 40, h = 16) {
  const text = new Text({ id: 't', x: 0, y: 0, w, h, font, ...options });
  const scene = new Scene({ width: w, height: h, widgets: [text] });
  scene.frame(0);
  return { scene, text };
}

describe('Text', () => {
  it('aligns left, centre and right within its box', () => {
    for (const [align, x] of [
      ['left', 0],
      ['center', 10],
      ['right', 20],
    ] as const) {
      const { scene } = textScene({ text: 'abcd', align });
      expect(scene.framebuffer.equals(reference(40, 16, 'abcd', x, 0))).toBe(true);
    }
  });

  it('aligns top, middle and bottom', () => {
    for (const [verticalAlign, y] of [
      ['top', 0],
      ['middle', 4],
      ['bottom', 9],
    ] as const) {
      const { scene } = textScene({ text: 'Ag', verticalAlign });
      expect(scene.framebuffer.equals(reference(40, 16, 'Ag', 0, y))).toBe(true);
    }
  });

  it('clips text wider than its box to the box', () => {
    const t = new Text({ x: 5, y: 0, w: 12, h: 8, font, text: 'WWWWWWWW' });
    const scene = new Scene({ width: 40, height: 8, widgets: [t] });
    scene.frame(0);
    const cols = litColumns(scene.framebuffer);
    expect(Math.min(...cols)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...cols)).toBeLessThan(17);
  });

  it('ends with an ellipsis when told to', () => {
    const { scene } = textScene({ text: 'Hello world', overflow: 'ellipsis', w: 30 }, 30, 8);
    expect(scene.framebuffer.equals(reference(30, 8, 'Hello…', 0, 0))).toBe(true);
  });

  it('scrolls a marquee with the tick, resting at the start, and redraws only its box', () => {
    const title = new Text({ id: 'title', x: 0, y: 0, w: 20, h: 8, font, text: 'ok' });
    const song = new Text({
      id: 'song',
      x: 0,
      y: 8,
      w: 20,
      h: 8,
      font,
      text: 'A long song title',
      overflow: 'marquee',
      marquee: { pauseTicks: 3, speed: 1, mode: 'loop', gap: 5 },
    });
    const scene = new Scene({ width: 20, height: 16, widgets: [title, song] });
    scene.frame(0);
    expect(scene.frame(1)).toBeUndefined();
    expect(scene.frame(2)).toBeUndefined(); // still resting at the start
    const u = scene.frame(3);
    expect(u?.damage).toEqual([{ x: 0, y: 8, w: 20, h: 8 }]);
    expect(song.marqueeOffset).toBe(1);
    const ref = reference(20, 16, 'A long song title', -1, 8);
    expect(scene.framebuffer.equals(ref, { x: 0, y: 8, w: 20, h: 8 })).toBe(true);
  });

  it('starts its marquee again when the text changes, and stops scrolling when it fits', () => {
    const { scene, text } = textScene(
      { text: 'A long song title', overflow: 'marquee', marquee: { pauseTicks: 0, mode: 'bounce' } },
      20,
      8,
    );
    scene.frame(5);
    expect(text.marqueeOffset).toBe(6);
    text.setText('Another long title');
    scene.frame(6);
    expect(text.marqueeOffset).toBe(0);
    scene.frame(8);
    expect(text.marqueeOffset).toBe(3);
    text.setText('fits');
    scene.frame(9);
    expect(text.scrolling).toBe(false);
    expect(scene.frame(10)).toBeUndefined();
  });

  it('refuses a missing font and unknown options, naming them', () => {
    // @ts-expect-error the font is required
    expect(() => new Text({ id: 'x', w: 1, h: 1 })).toThrow(/Text 'x': 'font' must be a BitmapFont/);
    // @ts-expect-error not an overflow mode
    expect(() => new Text({ w: 1, h: 1, font, overflow: 'wrap' })).toThrow(
      /'overflow' must be one of clip, ellipsis, marquee/,
    );
  });
});

describe('marqueeOffset', () => {
  it('loops: rests `pauseTicks` ticks, then moves `speed` pixels a tick up to one start-to-start distance', () => {
    const offsets = Array.from({ length: 12 }, (_, t) => marqueeOffset(t, 5, 1, 3, 'loop'));
    expect(offsets).toEqual([0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 1, 2]);
  });

  it('bounces: rests at the start, scrolls to the end, rests there, scrolls back', () => {
    const offsets = Array.from({ length: 14 }, (_, t) => marqueeOffset(t, 3, 1, 2, 'bounce'));
    expect(offsets).toEqual([0, 0, 1, 2, 3, 3, 3, 2, 1, 0, 0, 0, 1, 2]);
  });

  it('moves a pixel every few ticks at a fractional speed', () => {
    const offsets = Array.from({ length: 8 }, (_, t) => marqueeOffset(t, 10, 0.5, 0, 'bounce'));
    expect(offsets).toEqual([0, 1, 1, 2, 2, 3, 3, 4]);
  });
});
