import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineWriter } from '../../src/cli/index.js';

/** A stream whose writes complete only when `release` is called: a reader that does not read. */
class StuckStream extends Writable {
  chunks: string[] = [];
  private pending: (() => void)[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString('utf8'));
    this.pending.push(() => done());
  }
  release(): void {
    for (const done of this.pending.splice(0)) done();
  }
}

describe('LineWriter', () => {
  it('drops and counts lines once the stream holds more than its limit, instead of growing', () => {
    const stream = new StuckStream({ highWaterMark: 4 });
    const errors: Error[] = [];
    const writer = new LineWriter(stream, (e) => errors.push(e), 10);
    for (let i = 0; i < 10; i++) writer.write(`line ${i}\n`);
    // "line 0\n" is 7 bytes: held until more than 10 bytes wait (two lines), then every line is dropped.
    expect(writer.written).toBe(2);
    expect(writer.dropped).toBe(8);
    expect(stream.writableLength).toBeLessThanOrEqual(14);
    expect(errors).toEqual([]);
  });

  it('ends a file stream on close and waits until it is written', async () => {
    const stream = new StuckStream();
    const writer = new LineWriter(stream, () => undefined);
    writer.write('a\n');
    let closed = false;
    const closing = writer.close(true).then(() => {
      closed = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    stream.release();
    await closing;
    expect(stream.chunks).toEqual(['a\n']);
    expect(writer.state).toBe('closed');
    writer.write('late\n');
    expect(writer.dropped).toBe(1);
  });

  it('reports the first stream error once and stops writing', async () => {
    const stream = new Writable({
      write(_chunk, _enc, done) {
        done(Object.assign(new Error('EPIPE: broken pipe'), { code: 'EPIPE' }));
      },
    });
    const errors: Error[] = [];
    const writer = new LineWriter(stream, (e) => errors.push(e));
    writer.write('a\n');
    await new Promise((r) => setImmediate(r));
    writer.write('b\n');
    expect(errors.map((e) => e.message)).toEqual(['EPIPE: broken pipe']);
    expect(writer.state).toBe('errored');
    expect(writer.error?.message).toBe('EPIPE: broken pipe');
    expect(writer.written).toBe(1);
    expect(writer.dropped).toBe(1);
    await writer.close(true);
  });
});
