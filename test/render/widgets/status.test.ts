import { describe, expect, it } from 'vitest';
import { Rectangle, Scene, type StaleStyle } from '../../../src/render/index.js';
import { ascii, FakeStatus } from '../ascii.js';

function staleBox(show: StaleStyle, format: 'mono' | 'rgb565' = 'mono') {
  const status = new FakeStatus();
  status.set('cpu', 'fresh');
  const box = new Rectangle({
    x: 0,
    y: 0,
    w: 8,
    h: 6,
    status: { key: 'cpu', show, blinkTicks: 2, colour: '#000000' },
  });
  const scene = new Scene({ width: 8, height: 6, format, status, widgets: [box] });
  scene.frame(0);
  return { scene, status, box };
}

describe('staleness indicator', () => {
  it('dims a stale widget to a checkerboard on mono and redraws when the status changes back', () => {
    const { scene, status, box } = staleBox('dim');
    expect(ascii(scene.framebuffer)[0]).toBe('########');
    status.set('cpu', 'stale');
    expect(scene.frame(1)?.damage).toEqual([{ x: 0, y: 0, w: 8, h: 6 }]);
    expect(box.status).toBe('stale');
    expect(ascii(scene.framebuffer).slice(0, 2)).toEqual(['#.#.#.#.', '.#.#.#.#']);
    expect(scene.frame(2)).toBeUndefined();
    status.set('cpu', 'fresh');
    scene.frame(3);
    expect(ascii(scene.framebuffer)[0]).toBe('########');
  });

  it('halves the colour on colour formats', () => {
    const { scene, status } = staleBox('dim', 'rgb565');
    status.set('cpu', 'no-data');
    scene.frame(1);
    expect(scene.framebuffer.rgbOf(scene.framebuffer.get(3, 3))).toBe(0x7b7d7b);
  });

  it('strikes through the middle of the box', () => {
    const { scene, status } = staleBox('strike');
    status.set('cpu', 'stale');
    scene.frame(1);
    expect(ascii(scene.framebuffer)[3]).toBe('........');
    expect(ascii(scene.framebuffer)[2]).toBe('########');
  });

  it('blinks: shown, then hidden, every blinkTicks ticks while stale', () => {
    const { scene, status } = staleBox('blink');
    status.set('cpu', 'stale');
    const shown: boolean[] = [];
    for (let t = 1; t <= 8; t++) {
      scene.frame(t);
      shown.push(scene.framebuffer.get(0, 0) === 1);
    }
    // Hidden on ticks where floor(t / 2) is odd.
    expect(shown).toEqual([true, false, false, true, true, false, false, true]);
  });

  it('marks the top-right corner with an icon', () => {
    const { scene, status } = staleBox('icon');
    status.set('cpu', 'stale');
    scene.frame(1);
    expect(ascii(scene.framebuffer).slice(0, 5)).toEqual([
      '####...#',
      '###.#.#.',
      '###.#...',
      '###.###.',
      '####...#',
    ]);
  });
});
