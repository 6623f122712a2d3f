/**
 * Newline-delimited framing for byte streams (TCP, stdin, files), bounded: a line longer than
 * `maxLineLength` bytes is refused (counted, reported) and skipped up to its newline, and a stream
 * that ends in the middle of a line counts that half line as lost.
 */
import type { SourceContext } from './source.js';

/** Default longest line, in bytes: 1 MiB (the data layer's default payload limit). */
export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into lines, bounded: a line over `maxLineLength` bytes (default 1 MiB) is
 * refused and skipped up to its newline; a half line at the end counts as lost.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Dropping the rest of an over-long line until its newline. */
  private skipping = false;
  /** Paused (back-pressure): the rest of the current chunk waits in `held`. */
  private paused = false;
  private held: Buffer | undefined;

  /**
   * @param onLine receives each complete line without its `\n` (or `\r\n`); empty lines are skipped.
   * @param maxLineLength longest accepted line in bytes. Default 1 MiB.
   */
  constructor(
    private readonly ctx: Pick<SourceContext, 'refuse' | 'lose'>,
    private readonly onLine: (line: string) => void,
    readonly maxLineLength = DEFAULT_MAX_LINE_LENGTH,
  ) {
    if (!Number.isSafeInteger(maxLineLength) || maxLineLength < 1)
      throw new RangeError(
        `maxLineLength: expected a positive integer of bytes, got ${String(maxLineLength)}`,
      );
  }

  /** Bytes held for an unfinished line. */
  get buffered(): number {
    return this.pendingBytes;
  }

  /** Bytes of a chunk that wait for `resume` (at most one chunk: the stream is paused too). */
  get holding(): number {
    return this.held?.length ?? 0;
  }

  /** Stop emitting lines after the current one; the rest of the chunk waits for `resume`. */
  pause(): void {
    this.paused = true;
  }

  /** Emit what waited, then go on with the next chunks. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const held = this.held;
    this.held = undefined;
    if (held !== undefined) this.push(held);
  }

  push(chunk: Buffer): void {
    if (this.held !== undefined) {
      // A chunk arriving while paused (the stream had it in flight): keep it behind what waits.
      this.held = Buffer.concat([this.held, chunk]);
      return;
    }
    let start = 0;
    for (;;) {
      if (this.paused && start < chunk.length) {
        this.held = Buffer.from(chunk.subarray(start));
        return;
      }
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl < 0) {
        this.hold(chunk, start, chunk.length);
        return;
      }
      if (this.skipping) {
        this.skipping = false;
      } else if (this.pendingBytes === 0) {
        this.emit(chunk, start, nl);
      } else {
        this.hold(chunk, start, nl);
        if (!this.skipping) {
          const line = Buffer.concat(this.pending, this.pendingBytes);
          this.clear();
          this.emit(line, 0, line.length);
        } else {
          this.skipping = false;
        }
      }
      start = nl + 1;
    }
  }

  /** The stream ended: what waited is emitted (paused or not), and a half line left over is lost (counted). */
  end(): void {
    if (this.held !== undefined) {
      this.paused = false;
      const held = this.held;
      this.held = undefined;
      this.push(held);
    }
    if (this.pendingBytes > 0) this.ctx.lose('partial-line', 1);
    this.clear();
    this.skipping = false;
  }

  private hold(chunk: Buffer, from: number, to: number): void {
    if (this.skipping || from >= to) return;
    if (this.pendingBytes + (to - from) > this.maxLineLength) {
      this.refuseLong(this.pendingBytes + (to - from), this.pending[0] ?? chunk.subarray(from, to));
      return;
    }
    // Copy: the stream may reuse the chunk's memory.
    this.pending.push(Buffer.from(chunk.subarray(from, to)));
    this.pendingBytes += to - from;
  }

  private emit(buf: Buffer, from: number, to: number): void {
    let end = to;
    if (end > from && buf[end - 1] === CR) end--;
    if (end === from) return;
    if (end - from > this.maxLineLength) {
      this.refuseLong(end - from, buf.subarray(from, end));
      this.skipping = false;
      return;
    }
    this.onLine(buf.toString('utf8', from, end));
  }

  private refuseLong(bytes: number, head: Buffer): void {
    this.ctx.refuse(
      'line-too-long',
      '',
      `${bytes}+ bytes (max ${this.maxLineLength}), starting ${head.toString('utf8', 0, Math.min(40, head.length))}`,
    );
    this.clear();
    this.skipping = true;
  }

  private clear(): void {
    this.pending = [];
    this.pendingBytes = 0;
  }
}
