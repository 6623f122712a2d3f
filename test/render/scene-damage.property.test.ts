import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnimationDefinition, TickAnimationEngine } from '../../src/animation/index.js';
import {
  Gauge,
  Group,
  getFont,
  Line,
  type PixelFormat,
  ProgressBar,
  Rectangle,
  Scene,
  type Series,
  Sparkline,
  Text,
  type Widget,
} from '../../src/render/index.js';
import { FakeStatus } from './ascii.js';

const TICKS = 30;
const W = 48;
const H = 32;

/** A series the test drives: `push` adds a value (NaN: a gap) and bumps the version. */
class ArraySeries implements Series {
  version = 0;
  readonly values: number[] = [];
  push(v: number): void {
    this.values.push(v);
    this.version++;
  }
  read(out: Float64Array): number {
    const n = Math.min(out.length, this.values.length);
    for (let i = 0; i < n; i++) out[i] = this.values[this.values.length - n + i] as number;
    return n;
  }
}

const coord = fc.integer({ min: -6, max: W });
const size = fc.integer({ min: 0, max: 20 });
const colour = fc.constantFrom('#000000', '#ffffff', '#808080', '#ff0000', '#00ff40');
const staleStyle = fc.constantFrom(undefined, 'dim', 'strike', 'blink', 'icon');

const widgetSpec = fc.record({
  kind: fc.constantFrom('rect', 'bar', 'line', 'gauge', 'spark', 'text'),
  x: coord,
  y: fc.integer({ min: -6, max: H }),
  w: size,
  h: size,
  z: fc.integer({ min: -2, max: 2 }),
  colour,
  stale: staleStyle,
  inGroup: fc.boolean(),
});

const change = fc.record({
  tick: fc.integer({ min: 1, max: TICKS }),
  widget: fc.nat(),
  what: fc.constantFrom(
    'x',
    'y',
    'z',
    'visible',
    'colour',
    'value',
    'group-x',
    'group-visible',
    'data',
    'status',
  ),
  v: fc.integer({ min: -4, max: W }),
});

const animSpec = fc.record({
  widget: fc.nat(),
  property: fc.constantFrom('x', 'y', 'value', 'colour'),
  from: fc.integer({ min: 0, max: 40 }),
  to: fc.integer({ min: 0, max: 40 }),
  ticks: fc.integer({ min: 1, max: 12 }),
  start: fc.integer({ min: 0, max: TICKS }),
  repeat: fc.integer({ min: 0, max: 2 }),
});

const sceneSpec = fc.record({
  format: fc.constantFrom<PixelFormat>('mono', 'gray4', 'rgb565'),
  widgets: fc.array(widgetSpec, { minLength: 1, maxLength: 8 }),
  changes: fc.array(change, { maxLength: 25 }),
  anims: fc.array(animSpec, { maxLength: 4 }),
  group: fc.record({
    x: fc.integer({ min: -5, max: 20 }),
    y: fc.integer({ min: -5, max: 10 }),
    w: size,
    h: size,
  }),
});

type SceneSpec = typeof sceneSpec extends fc.Arbitrary<infer T> ? T : never;

interface Built {
  scene: Scene;
  widgets: Widget[];
  group: Group;
  series: ArraySeries[];
  status: FakeStatus;
  engine: TickAnimationEngine;
}

function build(spec: SceneSpec): Built {
  const status = new FakeStatus();
  const series: ArraySeries[] = [];
  const widgets: Widget[] = spec.widgets.map((w, i) => {
    status.set(`k${i}`, 'fresh');
    const common = {
      id: `w${i}`,
      x: w.x,
      y: w.y,
      z: w.z,
      ...(w.stale ? { status: { key: `k${i}`, show: w.stale, blinkTicks: 3 } } : {}),
    };
    switch (w.kind) {
      case 'rect':
        return new Rectangle({ ...common, w: w.w, h: w.h, colour: w.colour, border: w.w % 3 });
      case 'bar':
        return new ProgressBar({
          ...common,
          w: w.w,
          h: w.h,
          fill: 0.5,
          orientation: w.h > w.w ? 'vertical' : 'horizontal',
        });
      case 'line':
        return new Line({ ...common, x2: w.x + w.w - 10, y2: w.y + w.h - 5, colour: w.colour });
      case 'gauge':
        return new Gauge({
          ...common,
          w: w.w,
          h: w.h,
          max: 40,
          value: 10,
          sweep: w.z > 0 ? 180 : 270,
          mode: w.z % 2 ? 'needle' : 'fill',
        });
      case 'text':
        return new Text({
          ...common,
          w: w.w,
          h: w.h,
          font: getFont('5x7'),
          text: w.w % 2 ? 'Now playing: a long title' : 'cpu 42%',
          overflow: (['clip', 'ellipsis', 'marquee'] as const)[w.w % 3],
          align: (['left', 'center', 'right'] as const)[w.h % 3],
          marquee: { pauseTicks: w.h % 4, mode: w.z > 0 ? 'bounce' : 'loop', speed: w.z < 0 ? 0.5 : 1 },
          colour: w.colour,
        });
      default: {
        const s = new ArraySeries();
        for (let k = 0; k < 5; k++) s.push((k * 7) % 11);
        series.push(s);
        return new Sparkline({ ...common, w: w.w, h: w.h, series: s, mode: w.w % 2 ? 'bars' : 'line' });
      }
    }
  });
  const grouped = widgets.filter((_, i) => spec.widgets[i]?.inGroup);
  const group = new Group({ id: 'group', ...spec.group, children: grouped });
  const top = widgets.filter((_, i) => !spec.widgets[i]?.inGroup);
  const engine = new TickAnimationEngine();
  spec.anims.forEach((a, i) => {
    const target = `w${a.widget % widgets.length}`;
    const isColour = a.property === 'colour';
    const def: AnimationDefinition = {
      id: `a${i}`,
      target,
      repeat: a.repeat,
      tracks: {
        [a.property]: [
          { at: 0, value: isColour ? `#${(a.from * 6).toString(16).padStart(2, '0')}8040` : a.from },
          { at: a.ticks, value: isColour ? `#${(a.to * 6).toString(16).padStart(2, '0')}2010` : a.to },
        ],
      },
    };
    engine.addAnimation(def);
    engine.startAnimationAt(def.id, a.start);
  });
  const scene = new Scene({
    width: W,
    height: H,
    format: spec.format,
    engine,
    status,
    widgets: [...top, group],
  });
  return { scene, widgets, group, series, status, engine };
}

function applyChange(b: Built, c: SceneSpec['changes'][number]): void {
  const w = b.widgets[c.widget % b.widgets.length] as Widget;
  switch (c.what) {
    case 'x':
    case 'y':
      w.set(c.what, c.v);
      break;
    case 'z':
      w.set('z', c.v % 3);
      break;
    case 'visible':
      w.set('visible', c.v % 2 === 0 ? 0 : 1);
      break;
    case 'colour':
      if (w.propertyIndex('colour') >= 0) w.set('colour', Math.abs(c.v) * 5000);
      break;
    case 'value':
      if (w.propertyIndex('value') >= 0) w.set('value', c.v);
      if (w.propertyIndex('fill') >= 0) w.set('fill', (c.v % 10) / 10);
      break;
    case 'group-x':
      b.group.set('x', c.v - 10);
      break;
    case 'group-visible':
      b.group.set('visible', c.v % 3 === 0 ? 0 : 1);
      break;
    case 'data':
      for (const s of b.series) s.push(c.v % 5 === 0 ? Number.NaN : c.v);
      if (w instanceof Text) w.setText(c.v % 2 ? 'short' : 'a much longer text than fits');
      break;
    case 'status':
      b.status.set(
        `k${c.widget % b.widgets.length}`,
        c.v % 3 === 0 ? 'fresh' : c.v % 3 === 1 ? 'stale' : 'no-data',
      );
      break;
  }
}

describe('composing only the damaged rectangles', () => {
  it('gives the same pixels as composing everything, at every tick of a random scene', () => {
    fc.assert(
      fc.property(sceneSpec, (spec) => {
        const damaged = build(spec);
        const whole = build(spec);
        const changes = [...spec.changes].sort((a, b) => a.tick - b.tick);
        let k = 0;
        for (let t = 0; t <= TICKS; t++) {
          while (k < changes.length && (changes[k] as (typeof changes)[number]).tick === t) {
            applyChange(damaged, changes[k] as (typeof changes)[number]);
            applyChange(whole, changes[k++] as (typeof changes)[number]);
          }
          const u = damaged.scene.frame(t);
          whole.scene.composeAll(t);
          const a = damaged.scene.framebuffer.pixels;
          const b = whole.scene.framebuffer.pixels;
          if (!a.every((v, i) => v === b[i])) {
            expect({ tick: t, damage: u?.damage, pixels: Array.from(a) }).toEqual({
              tick: t,
              damage: u?.damage,
              pixels: Array.from(b),
            });
          }
          if (u !== undefined) {
            // Damage stays on screen, never overlaps, and is in whole pages for mono.
            for (const [i, r] of u.damage.entries()) {
              expect(r.x >= 0 && r.y >= 0 && r.x + r.w <= W && r.y + r.h <= H).toBe(true);
              if (spec.format === 'mono')
                expect(r.y % 8 === 0 && (r.h % 8 === 0 || r.y + r.h === H)).toBe(true);
              for (const q of u.damage.slice(i + 1)) {
                const overlap = r.x < q.x + q.w && q.x < r.x + r.w && r.y < q.y + q.h && q.y < r.y + r.h;
                expect(overlap).toBe(false);
              }
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
