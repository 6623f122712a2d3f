import { describe, expect, it, vi } from 'vitest';

// The host refuses code generation: every compile throws what node throws under
// --disallow-code-generation-from-strings.
vi.mock('../../src/data/flat-reader.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/data/flat-reader.js')>()),
  compileFlatReader: vi.fn(() => {
    throw new EvalError('Code generation from strings disallowed for this context');
  }),
}));

const { RingBuffer, SharedRingBuffer } = await import('../../src/data/index.js');
const { compileFlatReader } = await import('../../src/data/flat-reader.js');

describe('RingBuffer when compiling a reader fails', () => {
  it('keeps every point, counts the failure, reports it once with the error, and never tries again', () => {
    const onError = vi.fn();
    const rb = new RingBuffer({ onError, clock: () => 0 });
    for (let i = 0; i < 20; i++) rb.addDataPoint({ cpu: i, mem: -i });
    for (let i = 0; i < 20; i++) rb.addDataPoint({ temp: i });
    expect(rb.getCounters()).toMatchObject({ ingested: 40, shapesCompiled: 0, readerCompileFailures: 1 });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toMatch(/checked path from now on/);
    expect(onError.mock.calls[0]?.[1]).toBeInstanceOf(EvalError);
    expect(compileFlatReader).toHaveBeenCalledTimes(1);
    expect(rb.getBySequence(20)?.fields).toEqual({ cpu: 19, mem: -19 });
    expect(Array.from(rb.window('temp', 2))).toEqual([18, 19]);
  });

  it('never compiles when compileReaders is false', () => {
    vi.mocked(compileFlatReader).mockClear();
    const rb = new RingBuffer({ compileReaders: false, onError: vi.fn() });
    for (let i = 0; i < 20; i++) rb.addDataPoint({ cpu: i });
    expect(compileFlatReader).not.toHaveBeenCalled();
    expect(rb.getCounters().readerCompileFailures).toBe(0);
  });

  it('lets a SharedRingBuffer producer go on along the checked path', () => {
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
