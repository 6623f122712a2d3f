import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RingBuffer, SharedRingBuffer } from '../../src/data/index.js';

// The host refuses code generation: `new Function(source)` throws what node throws under
// --disallow-code-generation-from-strings (the child-process version is codegen-fallback.test.ts).
const RealFunction = globalThis.Function;
const compileAttempts = vi.fn(function refuse(): never {
  throw new EvalError('Code generation from strings disallowed for this context');
});
beforeEach(() => {
  compileAttempts.mockClear();
  vi.stubGlobal('Function', compileAttempts);
});
afterEach(() => {
  vi.unstubAllGlobals();
  expect(globalThis.Function).toBe(RealFunction);
});

describe('RingBuffer when compiling a reader fails', () => {
  it('keeps every point, counts the failure, reports it once with the error, and never tries again', () => {
    const onError = vi.fn();
    const rb = new RingBuffer({ onError, clock: () => 0 });
    for (let i = 0; i < 20; i++) rb.addDataPoint({ cpu: i, mem: -i });
    for (let i = 0; i < 20; i++) rb.addDataPoint({ temp: i });
    expect(rb.stats).toMatchObject({ ingested: 40, shapesCompiled: 0, readerCompileFailures: 1 });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toMatch(/without compiled readers from now on/);
    expect(onError.mock.calls[0]?.[1]).toBeInstanceOf(EvalError);
    expect(compileAttempts).toHaveBeenCalledTimes(1);
    expect(rb.getBySequence(20)?.fields).toEqual({ cpu: 19, mem: -19 });
    expect(Array.from(rb.window('temp', 2))).toEqual([18, 19]);
  });

  it('never compiles when compileReaders is false', () => {
    const rb = new RingBuffer({ compileReaders: false, onError: vi.fn() });
    for (let i = 0; i < 20; i++) rb.addDataPoint({ cpu: i });
    expect(compileAttempts).not.toHaveBeenCalled();
    expect(rb.stats.readerCompileFailures).toBe(0);
  });

  it('lets a SharedRingBuffer producer go on without compiled readers', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const consumer = SharedRingBuffer.create({ capacity: 64, fields: ['cpu'] });
      const producer = SharedRingBuffer.attach(consumer.handle, 'producer', { clock: () => 0 });
      for (let i = 0; i < 10; i++) producer.addDataPoint({ cpu: i });
      expect(Array.from(consumer.window('cpu', 3))).toEqual([7, 8, 9]);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });
});
