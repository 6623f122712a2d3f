import { describe, expect, it } from 'vitest';
import { DataRecorder, unflattenFields } from '../../src/app/index.js';
import { parseRecordedEntry, RingBuffer } from '../../src/data/index.js';

describe('DataRecorder', () => {
  it('writes each ingested point with the stamp the buffer gave it, nested as sources send it', () => {
    let now = 12.5;
    const buffer = new RingBuffer({ capacity: 8, clock: () => now });
    const lines: string[] = [];
    const rec = new DataRecorder(buffer, (l) => lines.push(l));
    buffer.addDataPoint({ sensors: { cpu: { temp: 41.5 } }, state: 'ok' }, 'mqtt');
    now = 20;
    buffer.addMarker('mqtt', 'gap-start');
    rec.stop();
    buffer.addDataPoint({ x: 1 });
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
    expect(parseRecordedEntry(lines[0] as string)).toEqual({
      v: 1,
      seq: 1,
      t: 12.5,
      src: 'mqtt',
      data: { sensors: { cpu: { temp: 41.5 } }, state: 'ok' },
    });
    expect(parseRecordedEntry(lines[1] as string)).toEqual({
      v: 1,
      seq: 2,
      t: 20,
      src: 'mqtt',
      marker: 'gap-start',
    });
    expect(rec.stats).toMatchObject({ lines: 2, writeErrors: 0, missed: 0 });
  });

  it('counts a failing write and does not swallow it', () => {
    const buffer = new RingBuffer({ capacity: 8, clock: () => 0, onError: () => {} });
    const rec = new DataRecorder(buffer, () => {
      throw new Error('disk full');
    });
    buffer.addDataPoint({ x: 1 });
    expect(rec.stats.writeErrors).toBe(1);
    expect(buffer.stats.listenerErrors).toBe(1);
  });

  it('rebuilds nested payloads without touching prototypes', () => {
    const out = unflattenFields({ 'a.b': 1, 'a.c': 'x', __proto__: 2 } as never);
    expect(out).toEqual({ a: { b: 1, c: 'x' } });
    const odd = unflattenFields(Object.fromEntries([['__proto__.polluted', 1]]) as never);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(odd)).toEqual(['__proto__']);
  });
});
