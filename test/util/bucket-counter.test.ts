import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketCounter, RateCounter } from '../../src/util/index.js';

describe('BucketCounter', () => {
  it('sums the events of a range of buckets, the bucket in progress included', () => {
    const c = new BucketCounter(4, 10);
    c.add(0);
    c.add(5, 2);
    c.add(12);
    c.add(31, 4);
    expect(c.sum(0, 1)).toBe(3);
    expect(c.sum(1, 2)).toBe(1);
    expect(c.sum(2, 3)).toBe(0);
    expect(c.sum(3, 4)).toBe(4);
    expect(c.sum(0, 4)).toBe(8);
    expect(c.total).toBe(8);
  });

  it('forgets buckets older than the ring but keeps them in the total', () => {
    const c = new BucketCounter(3, 1);
    c.add(0, 5);
    c.add(1);
    c.add(3);
    expect(c.sum(0, 4)).toBe(1 + 1);
    expect(c.total).toBe(7);
  });

  it('zeroes the buckets skipped by a long silence', () => {
    const c = new BucketCounter(3, 1);
    c.add(0);
    c.add(1);
    c.add(2);
    c.add(100);
    expect(c.sum(98, 101)).toBe(1);
    expect(c.sum(0, 101)).toBe(1);
  });

  it('counts a time before the bucket in progress into it (time never goes backwards)', () => {
    const c = new BucketCounter(4, 1);
    c.add(3);
    c.add(1);
    expect(c.sum(3, 4)).toBe(2);
    expect(c.sum(1, 2)).toBe(0);
  });

  it('reads zero before the first event', () => {
    expect(new BucketCounter(2).sum(0, 10)).toBe(0);
  });

  it('agrees with a plain list of events for any non-decreasing times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 3 })), { maxLength: 60 }),
        fc.integer({ min: 0, max: 8 }),
        (count, steps, span) => {
          const c = new BucketCounter(count, 1);
          const events: number[] = [];
          let t = 0;
          for (const [dt, n] of steps) {
            t += dt;
            c.add(t, n);
            for (let k = 0; k < n; k++) events.push(t);
          }
          const to = t + 1;
          const from = to - Math.min(span, count);
          expect(c.sum(from, to)).toBe(events.filter((e) => e >= from && e < to).length);
          expect(c.total).toBe(events.length);
        },
      ),
    );
  });

  it('names the option and the value it refuses', () => {
    expect(() => new BucketCounter(0)).toThrow(/"bucketCount" must be a positive integer, received 0/);
    expect(() => new BucketCounter(2, Number.NaN)).toThrow(/"bucketWidth" must be a finite number > 0/);
  });
});

describe('RateCounter', () => {
  it('gives the mean per second over complete seconds, leaving the second in progress out', () => {
    const r = new RateCounter();
    for (let ms = 0; ms < 3000; ms += 100) r.add(ms);
    r.add(3000, 50);
    expect(r.rate(3500, 1)).toBe(10);
    expect(r.rate(3500, 3)).toBe(10);
    expect(r.rate(4000, 1)).toBe(50);
    expect(r.total).toBe(80);
  });

  it('clamps the window to 1..60 seconds', () => {
    const r = new RateCounter();
    for (let s = 0; s < 70; s++) r.add(s * 1000, 2);
    expect(r.rate(70_000, 0)).toBe(2);
    expect(r.rate(70_000, 600)).toBe(2);
  });
});
