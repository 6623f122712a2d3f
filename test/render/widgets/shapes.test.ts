import { describe, expect, it } from 'vitest';
import { Line, ProgressBar, Rectangle, Scene, type Widget } from '../../../src/render/index.js';
import { ascii } from '../ascii.js';

function draw(w: number, h: number, ...widgets: Widget[]): Scene {
  const scene = new Scene({ width: w, height: h, widgets });
  scene.frame(0);
  return scene;
}

describe('Rectangle', () => {
  it('fills its box', () => {
    const scene = draw(6, 4, new Rectangle({ x: 1, y: 1, w: 3, h: 2 }));
    expect(ascii(scene.framebuffer)).toEqual(['......', '.###..', '.###..', '......']);
  });

  it('draws an outline inside its box, border pixels thick', () => {
    const scene = draw(7, 6, new Rectangle({ x: 1, y: 1, w: 5, h: 4, fill: false, border: 1 }));
    expect(ascii(scene.framebuffer)).toEqual([
      '.......',
      '.#####.',
      '.#...#.',
      '.#...#.',
      '.#####.',
      '.......',
    ]);
  });

  it('draws nothing with a zero or negative size', () => {
    const scene = draw(4, 4, new Rectangle({ x: 1, y: 1, w: 0, h: 3 }));
    expect(ascii(scene.framebuffer)).toEqual(['....', '....', '....', '....']);
    expect(() => new Rectangle({ w: -1, h: 2 })).toThrow(/'w': expected a number from 0/);
  });

  it('refuses a colour it cannot read, naming the option', () => {
    expect(() => new Rectangle({ id: 'r', w: 1, h: 1, colour: 'red' })).toThrow(
      /Rectangle 'r': 'colour'.*"red"/,
    );
  });
});

describe('Line', () => {
  it('draws both ends and everything between, and its box is the ends', () => {
    const line = new Line({ x: 4, y: 0, x2: 0, y2: 2 });
    const scene = draw(6, 3, line);
    const rows = ascii(scene.framebuffer);
    expect(rows[0]?.[4]).toBe('#');
    expect(rows[2]?.[0]).toBe('#');
    // One pixel per column of a line wider than tall, none past its ends.
    for (let x = 0; x <= 4; x++) expect(rows.filter((r) => r[x] === '#').length).toBe(1);
    expect(rows.every((r) => r[5] === '.')).toBe(true);
    const box = { x: 0, y: 0, w: 0, h: 0 };
    line.boxInto(box);
    expect(box).toEqual({ x: 0, y: 0, w: 5, h: 3 });
  });
});

describe('ProgressBar', () => {
  it('fills from the left in proportion to fill, inside a border with a 1-pixel gap', () => {
    const bar = new ProgressBar({ x: 0, y: 0, w: 12, h: 5, fill: 0.5 });
    const scene = draw(12, 5, bar);
    expect(ascii(scene.framebuffer)).toEqual([
      '############',
      '#..........#',
      '#.####.....#',
      '#..........#',
      '############',
    ]);
  });

  it('fills from the bottom when vertical, and clamps fill to 0..1', () => {
    const bar = new ProgressBar({ w: 2, h: 4, border: 0, orientation: 'vertical', fill: 0.25 });
    const scene = draw(2, 4, bar);
    expect(ascii(scene.framebuffer)).toEqual(['..', '..', '..', '##']);
    bar.set('fill', 3);
    scene.frame(1);
    expect(bar.get('fill')).toBe(1);
    expect(ascii(scene.framebuffer)).toEqual(['##', '##', '##', '##']);
  });

  it('draws the empty part in its background colour', () => {
    const scene = new Scene({
      width: 4,
      height: 1,
      format: 'gray8',
      widgets: [
        new ProgressBar({ w: 4, h: 1, border: 0, fill: 0.5, colour: '#ffffff', background: '#404040' }),
      ],
    });
    scene.frame(0);
    expect(Array.from(scene.framebuffer.pixels)).toEqual([255, 255, 64, 64]);
  });
});
