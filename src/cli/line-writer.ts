/**
 * Writes lines to a stream without letting a slow reader (a pipe nobody drains) grow memory without
 * bound: past `maxBufferedBytes` waiting in the stream, lines are dropped and counted, and the count is
 * reported at the end. A stream error (a closed pipe, a full disk) is kept and reported, not swallowed.
 */
import type { Writable } from 'node:stream';

export type LineWriterState = 'open' | 'closed' | 'errored';

export class LineWriter {
  /** Lines handed to the stream. */
  written = 0;
  /** Lines dropped because `maxBufferedBytes` were already waiting. */
  dropped = 0;
  private stateValue: LineWriterState = 'open';
  private errorValue: Error | undefined;

  /**
   * @param stream where lines go
   * @param onError called once with the stream's first error (the caller stops the run)
   * @param maxBufferedBytes most bytes waiting in the stream before lines are dropped. Default 16 MiB.
   */
  constructor(
    private readonly stream: Writable,
    private readonly onError: (error: Error) => void,
    private readonly maxBufferedBytes = 16 * 1024 * 1024,
  ) {
    stream.on('error', this.failed);
  }

  get state(): LineWriterState {
    return this.stateValue;
  }

  get error(): Error | undefined {
    return this.errorValue;
  }

  private readonly failed = (err: Error): void => {
    if (this.stateValue === 'errored') return;
    this.stateValue = 'errored';
    this.errorValue = err;
    this.onError(err);
  };

  /** Write one line (newline included). */
  readonly write = (line: string): void => {
    if (this.stateValue !== 'open') {
      this.dropped++;
      return;
    }
    if (this.stream.writableLength > this.maxBufferedBytes) {
      this.dropped++;
      return;
    }
    this.stream.write(line);
    this.written++;
  };

  /**
   * Flush. `end: true` ends the stream (a file) and waits until it is written; `end: false` (stdout)
   * only waits for what is buffered to drain.
   */
  async close(end: boolean): Promise<void> {
    if (this.stateValue === 'open') this.stateValue = 'closed';
    const stream = this.stream;
    if (this.errorValue !== undefined) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off('error', done);
        resolve();
      };
      stream.once('error', done);
      if (end) stream.end(done);
      else if (stream.writableLength > 0) stream.once('drain', done);
      else done();
    });
  }
}
