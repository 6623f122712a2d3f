/**
 * Writes lines to a stream without letting a slow reader (a pipe nobody drains) grow memory without
 * bound. Past `pauseAtBytes` waiting in the stream it asks the producer to pause (`onPressure(true)`)
 * until the stream drains (`onPressure(false)`); a producer that cannot pause keeps writing, and past
 * `maxBufferedBytes` lines are dropped and counted, and the count is reported at the end. A stream
 * error (a closed pipe, a full disk) is kept and reported, not swallowed.
 */
import type { Writable } from 'node:stream';

export type LineWriterState = 'open' | 'closed' | 'errored';

export class LineWriter {
  /** Lines handed to the stream. */
  written = 0;
  /** Lines dropped because `maxBufferedBytes` were already waiting. */
  dropped = 0;
  /** Times the producer was asked to pause. */
  pauses = 0;
  /** Bytes still waiting when `close` gave up on an output that stopped taking any. */
  unwritten = 0;
  private pressured = false;
  private stateValue: LineWriterState = 'open';
  private errorValue: Error | undefined;

  /**
   * @param stream where lines go
   * @param onError called once with the stream's first error (the caller stops the run)
   * @param maxBufferedBytes most bytes waiting in the stream before lines are dropped. Default 16 MiB.
   * @param onPressure called with `true` when `pauseAtBytes` are waiting, `false` once they drained
   * @param pauseAtBytes bytes waiting in the stream that ask the producer to pause. Default 1 MiB.
   */
  constructor(
    private readonly stream: Writable,
    private readonly onError: (error: Error) => void,
    private readonly maxBufferedBytes = 16 * 1024 * 1024,
    private readonly onPressure: (full: boolean) => void = () => undefined,
    private readonly pauseAtBytes = 1024 * 1024,
  ) {
    stream.on('error', this.failed);
  }

  private readonly drained = (): void => {
    this.pressured = false;
    this.onPressure(false);
  };

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
    const below = this.stream.write(line);
    this.written++;
    if (!below && !this.pressured && this.stream.writableLength >= this.pauseAtBytes) {
      this.pressured = true;
      this.pauses++;
      // 'drain' follows a write that returned false, once everything waiting is written.
      this.stream.once('drain', this.drained);
      this.onPressure(true);
    }
  };

  /**
   * Flush. `end: true` ends the stream (a file) and waits until it is written; `end: false` (stdout)
   * only waits for what is buffered to drain. An output that takes nothing for `stallMs` is given up
   * on: what still waits is counted in `unwritten` (a reader that froze must not hang the exit).
   */
  async close(end: boolean, stallMs = 2_000): Promise<void> {
    if (this.stateValue === 'open') this.stateValue = 'closed';
    const stream = this.stream;
    if (this.errorValue !== undefined) return;
    await new Promise<void>((resolve) => {
      let waiting = stream.writableLength;
      let stalledFor = 0;
      const every = Math.min(100, stallMs);
      const watch = setInterval(() => {
        const now = stream.writableLength;
        stalledFor = now < waiting ? 0 : stalledFor + every;
        waiting = now;
        if (stalledFor >= stallMs) {
          this.unwritten = now;
          done();
        }
      }, every);
      const done = (): void => {
        clearInterval(watch);
        stream.off('error', done);
        stream.off('drain', done);
        resolve();
      };
      stream.once('error', done);
      if (end) stream.end(done);
      else if (stream.writableLength > 0) stream.once('drain', done);
      else done();
    });
  }
}
