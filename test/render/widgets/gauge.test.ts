import { describe, expect, it } from 'vitest';
import { Gauge, Scene } from '../../../src/render/index.js';
import { ascii } from '../ascii.js';

function gauge(options: ConstructorParameters<typeof Gauge>[0], w = 21, h = 21): { scene: Scene; g: Gauge } {
  const g = new Gauge(options);
  const scene = new Scene({ width: w, height: h, widgets: [g] });
  scene.frame(0);
  return { scene, g };
}

function mirrored(rows: string[]): string[] {
  return rows.map((r) => [...r].reverse().join(''));
}

function lit(rows: string[]): number {
  return rows.join('').split('#').length - 1;
}

describe('Gauge', () => {
  it('fills nothing at min and a sweep symmetric about the top at max', () => {
    const { scene, g } = gauge({ w: 21, h: 21, value: 0, thickness: 3 });
    expect(lit(ascii(scene.framebuffer))).toBe(0);
    g.set('value', 1);
    scene.frame(1);
    const rows = ascii(scene.framebuffer);
    expect(rows).toEqual(mirrored(rows));
    // 270 degrees: the bottom centre of the ring stays empty, the top centre is lit.
    expect(rows[0]?.[10]).toBe('#');
    expect(rows[20]?.[10]).toBe('.');
  });

  it('fills clockwise from the start: at half the value, the left half of a symmetric dial', () => {
    const { scene } = gauge({ w: 21, h: 21, value: 0.5, thickness: 3, sweep: 180 }, 21, 11);
    const rows = ascii(scene.framebuffer);
    const left = rows.map((r) => r.slice(0, 10));
    const right = rows.map((r) => r.slice(11));
    expect(lit(left)).toBeGreaterThan(0);
    expect(lit(right)).toBe(0);
  });

  it('a half dial sits on the bottom row of its box', () => {
    const { scene } = gauge({ w: 21, h: 11, value: 1, thickness: 2, sweep: 180 }, 21, 11);
    const rows = ascii(scene.framebuffer);
    expect(rows[10]?.[0]).toBe('#');
    expect(rows[10]?.[20]).toBe('#');
    expect(rows[0]?.[10]).toBe('#');
  });

  it('points its needle straight up at the middle value', () => {
    const { scene } = gauge({ w: 21, h: 21, value: 50, max: 100, mode: 'needle' });
    const rows = ascii(scene.framebuffer);
    for (let y = 3; y <= 10; y++) expect(rows[y]?.[10]).toBe('#');
    expect(rows[5]?.[9]).toBe('.');
    expect(rows).toEqual(mirrored(rows));
  });

  it('refuses max not above min', () => {
    expect(() => new Gauge({ id: 'g', w: 10, h: 10, min: 5, max: 5 })).toThrow(
      /Gauge 'g': 'max' \(5\) must be above 'min' \(5\)/,
    );
  });
});
