import { describe, expect, it } from 'vitest';
import { DataLayerMonitor, RateCounter, RingBuffer } from '../../src/data/index.js';

declare module '../../src/data/monitor.js' {
  interface MonitorSections {
    testSection: { frames: number };
  }
}

describe('RateCounter', () => {
  it('gives events per second over complete seconds, ignoring the one in progress', () => {
    const r = new RateCounter();
    for (let i = 0; i < 10; i++) r.add(1000 + i * 10);
    for (let i = 0; i < 20; i++) r.add(2000 + i * 10);
    r.add(3500);
    expect(r.rate(3600, 1)).toBe(20);
    expect(r.rate(3600, 2)).toBe(15);
    expect(r.rate(3600, 10)).toBe(3);
    expect(r.total).toBe(31);
  });

  it('forgets buckets older than the ring after a long silence', () => {
    const r = new RateCounter();
    r.add(0, 100);
    r.add(120_000);
    expect(r.rate(121_000, 60)).toBeCloseTo(1 / 60);
  });
});

describe('DataLayerMonitor', () => {
  it('counts ingestion in total and per source from the buffer it watches', () => {
    let now = 0;
    const monitor = new DataLayerMonitor({ clock: () => now });
    const rb = new RingBuffer({ monitor });
    for (let i = 0; i < 30; i++) {
      now = i * 100;
      rb.addDataPoint({ v: i }, i % 3 === 0 ? 'a' : 'b');
    }
    now = 3000;
    const m = monitor.metrics();
    expect(m.ingest.total).toBe(30);
    expect(m.ingest.perSecond1s).toBe(10);
    expect(m.ingest.bySource.a?.total).toBe(10);
    expect(m.ingest.bySource.b?.total).toBe(20);
    expect(m.memory).toEqual({ bytesUsed: rb.bytesUsed, bytesBudget: rb.maxBytes, buffers: 1 });
    rb.detachMonitor();
    expect(monitor.metrics().memory).toEqual({ bytesUsed: 0, bytesBudget: 0, buffers: 0 });
  });

  it('samples ingest latency into an HDR histogram', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0 });
    const rb = new RingBuffer({ monitor, latencySampleEvery: 4 });
    for (let i = 0; i < 100; i++) rb.addDataPoint({ v: i });
    const l = monitor.metrics().latency;
    expect(l.count).toBe(25);
    expect(l.p50Ns).toBeGreaterThan(0);
    expect(l.maxNs).toBeGreaterThanOrEqual(l.p99Ns);
  });

  it('groups sources beyond maxSources under (other)', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0, maxSources: 2 });
    const rb = new RingBuffer({ monitor });
    for (const s of ['a', 'b', 'c', 'd']) rb.addDataPoint({ v: 1 }, s);
    expect(Object.keys(monitor.metrics().ingest.bySource)).toEqual(['a', 'b', '(other)']);
    expect(monitor.metrics().ingest.bySource['(other)']?.total).toBe(2);
  });

  it('returns sections that other layers provide through declaration merging', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0 });
    let frames = 0;
    monitor.provide('testSection', () => ({ frames }));
    frames = 42;
    expect(monitor.metrics().sections.testSection).toEqual({ frames: 42 });
  });

  it('leaves out a section whose snapshot throws and names it, without failing the snapshot', () => {
    const monitor = new DataLayerMonitor({ clock: () => 0 });
    monitor.provide('testSection', () => {
      throw new Error('not ready');
    });
    const m = monitor.metrics();
    expect(m.sections.testSection).toBeUndefined();
    expect(m.sectionErrors).toEqual(['testSection: not ready']);
  });

  it('names a bad option', () => {
    expect(() => new DataLayerMonitor({ maxSources: 0 })).toThrow(
      'option "maxSources" must be a positive integer, got 0',
    );
  });
});
