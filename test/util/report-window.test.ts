import { describe, expect, it } from 'vitest';
import { KeyedReportGate, ReportWindow } from '../../src/util/index.js';

describe('ReportWindow', () => {
  it('lets the first report out, holds back the rest of the interval, and hands their count to the next', () => {
    const w = new ReportWindow(10);
    expect(w.admit(0)).toBe(0);
    expect(w.admit(3)).toBe(-1);
    expect(w.admit(9)).toBe(-1);
    expect(w.heldBack).toBe(2);
    expect(w.admit(10)).toBe(2);
    expect(w.heldBack).toBe(0);
    expect(w.admit(15)).toBe(-1);
    expect(w.heldBackTotal).toBe(3);
  });

  it('restarts the interval at a forced report', () => {
    const w = new ReportWindow(10);
    w.admit(0);
    w.admit(1);
    expect(w.admit(5, true)).toBe(1);
    expect(w.admit(12)).toBe(-1);
    expect(w.admit(15)).toBe(1);
  });

  it('lets every report out with an interval of 0', () => {
    const w = new ReportWindow(0);
    expect([w.admit(1), w.admit(1), w.admit(1)]).toEqual([0, 0, 0]);
  });

  it('names the option and the value it refuses', () => {
    expect(() => new ReportWindow(-1)).toThrow(/"interval" must be a number >= 0, received -1/);
    expect(() => new ReportWindow(Number.NaN)).toThrow(/received NaN/);
  });
});

describe('KeyedReportGate', () => {
  it('keeps one window per key, so a flood of one key does not hold back another', () => {
    const g = new KeyedReportGate<string>(100);
    expect(g.admit('a', 0)).toBe(0);
    expect(g.admit('a', 1)).toBe(-1);
    expect(g.admit('a', 2)).toBe(-1);
    expect(g.admit('b', 3)).toBe(0);
    expect(g.admit('a', 100)).toBe(2);
    expect(g.heldBackTotal).toBe(2);
    expect(g.size).toBe(2);
  });

  it('stays bounded past maxKeys: later keys share one window, counted as overflowed', () => {
    const g = new KeyedReportGate<number>(100, 2);
    expect(g.admit(1, 0)).toBe(0);
    expect(g.admit(2, 0)).toBe(0);
    expect(g.admit(3, 0)).toBe(0);
    expect(g.admit(4, 1)).toBe(-1);
    expect(g.size).toBe(2);
    expect(g.overflowed).toBe(2);
    expect(g.heldBackTotal).toBe(1);
  });

  it('names the option and the value it refuses', () => {
    expect(() => new KeyedReportGate(1, 0)).toThrow(/"maxKeys" must be a positive integer, received 0/);
  });
});
