import { describe, expect, it } from 'vitest';
import { TickAnimationEngine } from '../../src/animation/index.js';
import { Group, ProgressBar, Rectangle, Scene } from '../../src/render/index.js';
import { ramp } from '../fixtures/ramp.js';
import { ascii } from './ascii.js';

describe('Scene', () => {
  it('draws the whole screen on the first frame, then nothing on a tick that changed nothing', () => {
    const scene = new Scene({
      width: 16,
      height: 16,
      widgets: [new Rectangle({ x: 2, y: 2, w: 3, h: 2 })],
    });
    const first = scene.frame(0);
    expect(first?.damage).toEqual([{ x: 0, y: 0, w: 16, h: 16 }]);
    expect(ascii(scene.framebuffer, { x: 0, y: 0, w: 6, h: 5 })).toEqual([
      '......',
      '......',
      '..###.',
      '..###.',
      '......',
    ]);
    expect(scene.frame(1)).toBeUndefined();
    expect(scene.frame(2)).toBeUndefined();
    expect(scene.stats).toMatchObject({ frames: 1, idleTicks: 2 });
  });

  it('writes animated properties through bound slots and redraws only the widget that changed', () => {
    const engine = new TickAnimationEngine();
    engine.addAnimation(ramp('grow', 'bar', 'fill', 4, 0, 1));
    const scene = new Scene({
      width: 64,
      height: 32,
      format: 'gray8',
      engine,
      widgets: [
        new ProgressBar({ id: 'bar', x: 10, y: 20, w: 22, h: 6, border: 0 }),
        new Rectangle({ id: 'box', x: 0, y: 0, w: 4, h: 4 }),
      ],
    });
    scene.frame(0);
    expect(scene.frame(1)).toBeUndefined();
    engine.startAnimationAt('grow', 2);
    expect(scene.frame(2)).toBeUndefined(); // fill 0 at the start: nothing moved
    const u = scene.frame(3);
    expect(u?.damage).toEqual([{ x: 10, y: 20, w: 22, h: 6 }]);
    expect(scene.widget('bar')?.get('fill')).toBe(0.25);
    // 22 * 0.25 = 5.5 rounds to 6 filled columns.
    expect(scene.framebuffer.get(15, 22)).toBe(255);
    expect(scene.framebuffer.get(16, 22)).toBe(0);
  });

  it('shows the base value again when the animation stops writing', () => {
    const engine = new TickAnimationEngine();
    engine.addAnimation({ ...ramp('move', 'box', 'x', 2, 0, 10), fill: 'none' });
    const box = new Rectangle({ id: 'box', x: 4, y: 0, w: 2, h: 2 });
    const scene = new Scene({ width: 16, height: 8, engine, widgets: [box] });
    engine.startAnimationAt('move', 0);
    scene.frame(0);
    expect(box.get('x')).toBe(0);
    scene.frame(1);
    expect(box.get('x')).toBe(5);
    scene.frame(2);
    expect(box.get('x')).toBe(4);
  });

  it('damages the old box and the new one when a widget moves (mono: whole pages)', () => {
    const box = new Rectangle({ id: 'box', x: 0, y: 0, w: 4, h: 4 });
    const scene = new Scene({ width: 32, height: 32, widgets: [box] });
    scene.frame(0);
    box.set('x', 20);
    box.set('y', 9);
    const u = scene.frame(1);
    expect(u?.damage).toEqual([
      { x: 0, y: 0, w: 4, h: 8 },
      { x: 20, y: 8, w: 4, h: 8 },
    ]);
    expect(scene.framebuffer.get(0, 0)).toBe(0);
    expect(scene.framebuffer.get(20, 9)).toBe(1);
  });

  it('merges overlapping damage so no two rectangles overlap', () => {
    const a = new Rectangle({ x: 0, y: 0, w: 10, h: 10 });
    const b = new Rectangle({ x: 5, y: 5, w: 10, h: 10 });
    const scene = new Scene({ width: 40, height: 40, format: 'gray4', widgets: [a, b] });
    scene.frame(0);
    a.set('colour', '#808080');
    b.set('colour', '#404040');
    expect(scene.frame(1)?.damage).toEqual([{ x: 0, y: 0, w: 15, h: 15 }]);
  });

  it('redraws the widgets under and over a damaged box in z order, clipped to it', () => {
    const under = new Rectangle({ x: 0, y: 0, w: 8, h: 8, colour: '#404040' });
    const over = new Rectangle({ id: 'over', x: 4, y: 4, w: 8, h: 8, colour: '#ffffff', z: 1 });
    const scene = new Scene({ width: 16, height: 16, format: 'gray8', widgets: [over, under] });
    scene.frame(0);
    expect(scene.framebuffer.get(5, 5)).toBe(255);
    over.set('z', -1);
    scene.frame(1);
    expect(scene.framebuffer.get(5, 5)).toBe(64);
    expect(scene.framebuffer.get(10, 10)).toBe(255);
  });

  it('groups offset, clip and hide their children', () => {
    const inner = new Rectangle({ id: 'inner', x: 2, y: 2, w: 20, h: 2 });
    const group = new Group({ id: 'g', x: 4, y: 0, w: 8, h: 8, children: [inner] });
    const scene = new Scene({ width: 24, height: 8, widgets: [group] });
    scene.frame(0);
    expect(ascii(scene.framebuffer, { x: 0, y: 2, w: 14, h: 1 })).toEqual(['......######..']);
    group.set('x', 6);
    expect(scene.frame(1)?.damage).toEqual([{ x: 6, y: 0, w: 8, h: 8 }]);
    expect(ascii(scene.framebuffer, { x: 0, y: 2, w: 16, h: 1 })).toEqual(['........######..']);
    group.set('visible', 0);
    scene.frame(2);
    expect(ascii(scene.framebuffer, { x: 0, y: 2, w: 16, h: 1 })).toEqual(['................']);
  });

  it('refuses two widgets with one id and a widget given twice', () => {
    const r = new Rectangle({ id: 'a', w: 1, h: 1 });
    expect(
      () => new Scene({ width: 8, height: 8, widgets: [r, new Rectangle({ id: 'a', w: 1, h: 1 })] }),
    ).toThrow(/two widgets have the id 'a'/);
    expect(() => new Scene({ width: 8, height: 8, widgets: [r, r] })).toThrow(/appears twice/);
  });

  it('composeAll redraws everything and reports the whole screen', () => {
    const scene = new Scene({ width: 8, height: 8, widgets: [new Rectangle({ w: 1, h: 1 })] });
    scene.frame(0);
    expect(scene.composeAll(1).damage).toEqual([{ x: 0, y: 0, w: 8, h: 8 }]);
  });
});
