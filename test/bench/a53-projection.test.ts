import { describe, expect, it } from 'vitest';
import { instructionsPerSecond, projectA53Share } from '../../bench/a53-projection.js';
import { parseCallgrindCollected } from '../../bench/callgrind.js';

const summary = (n: string) =>
  [
    '==21493== Callgrind, a call-graph generating cache profiler',
    '==21493== Events    : Ir',
    `==21493== Collected : ${n}`,
    '==21493== ',
    '==21493== I   refs:      2,884,603,895',
  ].join('\n');

describe('parseCallgrindCollected', () => {
  it('reads the instruction count of the traced process', () => {
    expect(parseCallgrindCollected(`{"frames":1}\n${summary('2884603895')}\n`)).toBe(2_884_603_895);
  });

  it('throws, quoting stderr, when the summary is missing', () => {
    expect(() => parseCallgrindCollected('valgrind: failed to start tool')).toThrow(
      /no "Collected :".*failed to start/,
    );
  });

  it('throws when several processes were traced', () => {
    expect(() => parseCallgrindCollected(`${summary('10')}\n${summary('20')}`)).toThrow(
      /2 "Collected :" lines/,
    );
  });
});

describe('instructionsPerSecond', () => {
  it('divides the difference of counts by the difference of seconds, so start-up cancels', () => {
    expect(
      instructionsPerSecond({ instructions: 1_000, seconds: 5 }, { instructions: 3_000, seconds: 15 }),
    ).toBe(200);
  });

  it('refuses runs that do not differ in the right direction', () => {
    expect(() =>
      instructionsPerSecond({ instructions: 1, seconds: 5 }, { instructions: 2, seconds: 5 }),
    ).toThrow(/more seconds/);
    expect(() =>
      instructionsPerSecond({ instructions: 5, seconds: 5 }, { instructions: 5, seconds: 6 }),
    ).toThrow(/no more instructions/);
  });
});

describe('projectA53Share', () => {
  const a = { arm64Factor: 1.2, ipc: 0.6, hz: 1e9, wakeupsPerSecond: 161, kernelUsPerWakeup: 15 };

  it('scales to AArch64 instructions at IPC x clock, and adds the kernel wake-ups', () => {
    const s = projectA53Share(50e6, a);
    expect(s.user).toBeCloseTo(0.1, 12);
    expect(s.kernel).toBeCloseTo(0.002415, 12);
    expect(s.total).toBeCloseTo(0.102415, 12);
  });

  it('names a bad assumption', () => {
    expect(() => projectA53Share(1, { ...a, ipc: 0 })).toThrow(/ipc and hz/);
    expect(() => projectA53Share(Number.NaN, a)).toThrow(/x86InstructionsPerSecond/);
  });
});
