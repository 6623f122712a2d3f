import { describe, expect, it } from 'vitest';
import { DataAnimationBinder, RingBufferInput, type TickInputSink } from '../../src/binding/index.js';
import { DataLayerMonitor, RingBuffer } from '../../src/data/index.js';
import { clock10, FakeEngine } from './fakes.js';

function recordingSink(keys: string[]) {
  const points: number[] = [];
  const fields: string[] = [];
  let lost = 0;
  const sink: TickInputSink = {
    keys,
    point: (t) => points.push(t),
    field: (k, v) => fields.push(`${k}=${String(v)}`),
    lost: (n) => {
      lost += n;
    },
  };
  return { sink, points, fields, lost: () => lost };
}

describe('RingBufferInput', () => {
  it('delivers the points up to the boundary and the latest value of each key among them', () => {
    let now = 0;
    const buffer = new RingBuffer({ capacity: 16, clock: () => now });
    const input = new RingBufferInput(buffer);
    const r = recordingSink(['cpu', 'state', 'mem']);
    for (const [t, data] of [
      [10, { cpu: 1, state: 'a' }],
      [50, { cpu: 2 }],
      [100, { mem: 7 }],
      [101, { cpu: 3, state: 'b' }],
    ] as const) {
      now = t;
      buffer.addDataPoint(data);
    }
    input.deliverUntil(100, r.sink);
    expect(r.points).toEqual([10, 50, 100]);
    expect(r.fields).toEqual(['cpu=2', 'state=a', 'mem=7']);
    input.deliverUntil(200, r.sink);
    expect(r.points).toEqual([10, 50, 100, 101]);
    expect(r.fields.slice(3)).toEqual(['cpu=3', 'state=b']);
  });

  it('skips gap markers and counts points overwritten before it read them', () => {
    let now = 0;
    const buffer = new RingBuffer({ capacity: 4, clock: () => now });
    const input = new RingBufferInput(buffer);
    const r = recordingSink(['cpu']);
    for (let i = 1; i <= 6; i++) {
      now = i;
      buffer.addDataPoint({ cpu: i });
    }
    now = 7;
    buffer.addMarker('default', 'gap-start');
    input.deliverUntil(10, r.sink);
    expect(r.lost()).toBe(3);
    expect(input.gapCount).toBe(3);
    expect(r.points).toEqual([4, 5, 6]);
    expect(r.fields).toEqual(['cpu=6']);
  });

  it('feeds the binder, whose lost points and delays reach the data monitor as the "binder" section', () => {
    let now = 0;
    const monitor = new DataLayerMonitor({ clock: () => now });
    const buffer = new RingBuffer({ capacity: 2, clock: () => now, monitor });
    const engine = new FakeEngine();
    const binder = new DataAnimationBinder({
      clock: clock10,
      animation: engine,
      input: new RingBufferInput(buffer),
      monitor,
    });
    binder.bindDataToAnimation('cpu', 'bar', 'fill');
    for (const t of [10, 20, 30]) {
      now = t;
      buffer.addDataPoint({ cpu: t });
    }
    binder.processTick(1);
    expect(engine.values()).toEqual(['1:30']);
    const section = monitor.metrics().sections.binder;
    expect(section?.lostPoints).toBe(1);
    expect(section?.pointsApplied).toBe(2);
    expect(section?.applyDelayMs.max).toBe(80);
    expect(section?.bindingUpdates).toBe(1);
  });
});
