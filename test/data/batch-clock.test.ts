import { describe, expect, it } from 'vitest';
import { batchClock, RingBuffer } from '../../src/data/index.js';

describe('batchClock', () => {
  it('reads the clock once per synchronous batch and afresh in the next one', async () => {
    let t = 10;
    let reads = 0;
    const now = batchClock(() => {
      reads++;
      return t;
    });
    expect([now(), now(), now()]).toEqual([10, 10, 10]);
    t = 20;
    expect(now()).toBe(10); // same synchronous run: same batch
    await Promise.resolve();
    expect(now()).toBe(20);
    expect(reads).toBe(2);
    expect(now.reads).toBe(2);
    t = 30;
    now.endBatch();
    expect(now()).toBe(30);
  });

  it('stamps the points of one socket read with one time, the next read with its own', async () => {
    let t = 5;
    const clock = batchClock(() => t);
    const rb = new RingBuffer({ clock });
    const socketRead = (values: number[]): void => {
      for (const v of values) rb.addDataPoint({ v });
    };
    socketRead([1, 2, 3]);
    t = 9;
    await new Promise((resolve) => setImmediate(resolve));
    socketRead([4, 5]);
    expect(rb.getLatest(5).map((p) => p.time)).toEqual([5, 5, 5, 9, 9]);
    expect(clock.reads).toBe(2);
  });
});
