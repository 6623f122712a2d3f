import { describe, expect, it } from 'vitest';
import { summarizeRecording } from '../../src/cli/index.js';
import type { RecordedEntry } from '../../src/data/index.js';

const point = (seq: number, t: number, src: string): RecordedEntry => ({
  v: 1,
  seq,
  t,
  src,
  data: { x: seq },
});
const marker = (seq: number, t: number, src: string, m: 'gap-start' | 'gap-end'): RecordedEntry => ({
  v: 1,
  seq,
  t,
  src,
  marker: m,
});

describe('summarizeRecording', () => {
  it('counts points and gaps per source, in first-seen order, and the time span', () => {
    const s = summarizeRecording([
      point(1, 10, 'cpu'),
      point(2, 20, 'mqtt'),
      marker(3, 25, 'mqtt', 'gap-start'),
      point(4, 30, 'cpu'),
      marker(5, 40, 'mqtt', 'gap-end'),
      point(6, 50, 'mqtt'),
    ]);
    expect(s).toMatchObject({ entries: 6, points: 4, gaps: 1, missingSeqs: 0, timeReversals: 0 });
    expect(s).toMatchObject({ firstMs: 10, lastMs: 50, spanMs: 40 });
    expect(Object.keys(s.sources)).toEqual(['cpu', 'mqtt']);
    expect(s.sources.cpu).toEqual({ points: 2, gaps: 0, gapEnds: 0, firstMs: 10, lastMs: 30 });
    expect(s.sources.mqtt).toEqual({ points: 2, gaps: 1, gapEnds: 1, firstMs: 20, lastMs: 50 });
  });

  it('counts missing sequence numbers and times that go backwards', () => {
    const s = summarizeRecording([point(1, 10, 'a'), point(4, 5, 'a'), point(5, 6, 'a'), point(9, 7, 'a')]);
    expect(s.missingSeqs).toBe(5);
    expect(s.timeReversals).toBe(1);
  });

  it('summarises an empty recording as zeros', () => {
    expect(summarizeRecording([])).toEqual({
      entries: 0,
      points: 0,
      gaps: 0,
      missingSeqs: 0,
      timeReversals: 0,
      firstMs: 0,
      lastMs: 0,
      spanMs: 0,
      sources: {},
    });
  });

  it('keeps a source named "__proto__" as an ordinary key', () => {
    const s = summarizeRecording([point(1, 0, '__proto__')]);
    expect(Object.keys(s.sources)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).points).toBeUndefined();
  });
});
