import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type DataPoint, PayloadError, SharedRingBuffer } from '../../src/data/index.js';

// A plain-JS entry that registers tsx in the worker, then loads ./fixtures/shared-producer.ts.
const producerFile = fileURLToPath(new URL('./fixtures/shared-producer-entry.mjs', import.meta.url));
const workers: Worker[] = [];

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

describe('SharedRingBuffer on one thread', () => {
  it('offers the RingBuffer reading API over shared memory', () => {
    const consumer = SharedRingBuffer.create({ capacity: 8, fields: ['a', 'b.c'], sources: ['x', 'y'] });
    let t = 0;
    const producer = SharedRingBuffer.attach(consumer.handle, 'producer', { clock: () => t });
    for (let i = 1; i <= 5; i++) {
      t = i * 10;
      producer.addDataPoint({ a: i, b: { c: -i } }, i % 2 ? 'x' : 'y');
    }
    producer.addMarker('x', 'gap-start');
    expect(consumer.getBySequence(2)).toMatchObject({
      seq: 2,
      time: 20,
      sourceId: 'y',
      fields: { a: 2, 'b.c': -2 },
    });
    expect(consumer.getLatest(2).map((p) => p.kind)).toEqual(['data', 'gap-start']);
    expect(consumer.getDataSince(40).map((p) => p.seq)).toEqual([4, 5, 6]);
    expect(Array.from(consumer.window('a', 3))).toEqual([3, 4, 5]);
    expect(consumer.windowStats('b.c', 5)).toEqual({ count: 5, min: -5, max: -1, mean: -3, last: -5 });
  });

  it('tells the consumer how many points were overwritten before it read them', () => {
    const consumer = SharedRingBuffer.create({ capacity: 4, fields: ['v'] });
    const producer = SharedRingBuffer.attach(consumer.handle, 'producer', { clock: () => 0 });
    for (let i = 1; i <= 10; i++) producer.addDataPoint({ v: i });
    const r = consumer.readSince(0);
    // One slot stays free for the point being written: capacity - 1 points are readable.
    expect(r.points.map((p) => p.fields.v)).toEqual([8, 9, 10]);
    expect(r.missed).toBe(7);
    expect(consumer.gapCount).toBe(7);
  });

  it('copies values in bulk into caller arrays, counting what was overwritten', () => {
    const consumer = SharedRingBuffer.create({ capacity: 4, fields: ['a', 'b'] });
    const producer = SharedRingBuffer.attach(consumer.handle, 'producer', { clock: () => 7 });
    for (let i = 1; i <= 6; i++) producer.addDataPoint({ a: i, b: -i });
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    const times = new Float64Array(2);
    const first = consumer.copySince(0, ['a', 'b'], [a, b], times);
    expect(first).toEqual({ count: 2, missed: 3, lastSeq: 5 });
    expect([Array.from(a), Array.from(b), Array.from(times)]).toEqual([
      [4, 5],
      [-4, -5],
      [7, 7],
    ]);
    expect(consumer.copySince(first.lastSeq, ['a', 'b'], [a, b])).toEqual({
      count: 1,
      missed: 0,
      lastSeq: 6,
    });
    expect(a[0]).toBe(6);
    expect(() => consumer.copySince(0, ['zz'], [a])).toThrow('unknown field "zz"');
  });

  it('refuses a second producer, writes from a consumer, undeclared fields and sources', () => {
    const consumer = SharedRingBuffer.create({ capacity: 4, fields: ['v'] });
    const producer = SharedRingBuffer.attach(consumer.handle, 'producer');
    expect(() => SharedRingBuffer.attach(consumer.handle, 'producer')).toThrow(
      /a producer is already attached/,
    );
    expect(() => consumer.addDataPoint({ v: 1 })).toThrow(/only the producer writes/);
    expect(() => producer.addDataPoint({ w: 1 })).toThrow(PayloadError);
    expect(() => producer.addDataPoint({ v: 'x' })).toThrow(
      'field "v" must be a number (shared buffers hold numbers only), got "x"',
    );
    expect(() => producer.addDataPoint({ v: 1 }, 'nope')).toThrow(/source "nope" was not declared/);
    expect(consumer.stats.rejectedPoints).toBe(2);
  });

  it('names bad options', () => {
    expect(() => SharedRingBuffer.create({ capacity: 1, fields: ['v'] })).toThrow(
      /"capacity" must be an integer/,
    );
    expect(() => SharedRingBuffer.create({ fields: [] })).toThrow(/"fields" must be a non-empty array/);
  });
});

describe('SharedRingBuffer across threads', () => {
  it('delivers 1,000,000 points from a worker in order, with every lost point counted as a gap', async () => {
    const count = 1_000_000;
    const markerEvery = 100_000;
    const consumer = SharedRingBuffer.create({ capacity: 4096, fields: ['i', 'half'], sources: ['worker'] });
    const worker = new Worker(producerFile, {
      workerData: { handle: consumer.handle, count, markerEvery },
    });
    workers.push(worker);
    let state = 'running' as 'running' | 'done' | 'failed';
    const done = new Promise<{ markers: number }>((resolve, reject) => {
      worker.once('message', (m: { markers: number }) => {
        state = 'done';
        resolve(m);
      });
      worker.once('error', (err) => {
        state = 'failed';
        reject(err);
      });
    });

    let position = 0;
    let seen = 0;
    let missed = 0;
    let markers = 0;
    let lastSeq = 0;
    let outOfOrder = 0;
    let wrongValue = 0;
    const check = (p: DataPoint) => {
      if (p.seq <= lastSeq) outOfOrder++;
      lastSeq = p.seq;
      if (p.kind === 'gap-start') markers++;
      else if (p.fields.i !== p.seq || p.fields.half !== p.seq / 2) wrongValue++;
    };
    const started = Date.now();
    // Bounded loop: read in batches while the producer runs; yield to the event loop now and then.
    while (position < count && state !== 'failed' && Date.now() - started < 15_000) {
      const r = consumer.readSince(position, 512);
      for (const p of r.points) check(p);
      seen += r.points.length;
      missed += r.missed;
      position = r.lastSeq;
      if (r.points.length === 0 && r.missed === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const produced = await done;

    expect(position).toBe(count);
    expect(seen + missed).toBe(count);
    expect(consumer.gapCount).toBe(missed);
    expect(outOfOrder).toBe(0);
    expect(wrongValue).toBe(0);
    expect(seen).toBeGreaterThan(0);
    expect(produced.markers).toBe(count / markerEvery);
    expect(markers).toBeLessThanOrEqual(produced.markers);
  });
});

describe('SharedRingBuffer against an array model', () => {
  it('agrees with the model for any interleaving of pushes and reads on one thread', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.array(fc.oneof(fc.integer({ min: -100, max: 100 }), fc.constant('read' as const)), {
          maxLength: 60,
        }),
        (capacity, ops) => {
          const consumer = SharedRingBuffer.create({ capacity, fields: ['v'] });
          const producer = SharedRingBuffer.attach(consumer.handle, 'producer', { clock: () => 0 });
          const pushed: number[] = [];
          let position = 0;
          let seen = 0;
          let missed = 0;
          for (const op of ops) {
            if (op !== 'read') {
              producer.addDataPoint({ v: op });
              pushed.push(op);
              continue;
            }
            const r = consumer.readSince(position);
            const readable = pushed.slice(Math.max(0, pushed.length - (capacity - 1)));
            const oldest = pushed.length - readable.length + 1;
            expect(r.missed).toBe(Math.max(0, oldest - (position + 1)));
            expect(r.points.map((p) => p.fields.v)).toEqual(
              readable.slice(Math.max(0, position + 1 - oldest)),
            );
            seen += r.points.length;
            missed += r.missed;
            position = r.lastSeq;
            expect(Array.from(consumer.window('v', 3))).toEqual(readable.slice(-3));
          }
          const rest = consumer.readSince(position);
          expect(seen + missed + rest.points.length + rest.missed).toBe(pushed.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
