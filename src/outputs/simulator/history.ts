/**
 * The frames the simulator keeps for time travel: the last frames handed to it, each as a whole-display
 * wire message, bounded in bytes. The frame on screen at tick T is the newest kept frame at or before T
 * (ticks that changed nothing have no frame of their own).
 */

export interface FrameHistoryStats {
  /** Frames held now. */
  readonly frames: number;
  readonly bytes: number;
  readonly maxBytes: number;
  /** Frames dropped (oldest first) to stay inside `maxBytes`. */
  readonly dropped: number;
  readonly firstTick: number | undefined;
  readonly lastTick: number | undefined;
}

export class FrameHistory {
  private readonly ticks: number[] = [];
  private readonly frames: Uint8Array[] = [];
  /** Index of the oldest entry still held; entries before it are released. */
  private head = 0;
  private bytes = 0;
  private dropped = 0;

  constructor(readonly maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
      throw new RangeError(
        `FrameHistory: 'maxBytes' must be a positive integer, received ${String(maxBytes)}`,
      );
    }
  }

  /** Keep `frame` as the display at `tick` (ticks must not go backwards; a repeated tick replaces). */
  add(tick: number, frame: Uint8Array): void {
    const last = this.ticks.length - 1;
    if (last >= this.head && this.ticks[last] === tick) {
      this.bytes -= (this.frames[last] as Uint8Array).length;
      this.frames[last] = frame;
    } else {
      if (last >= this.head && tick < (this.ticks[last] as number)) {
        throw new RangeError(
          `FrameHistory.add: tick ${tick} is before the last kept tick ${this.ticks[last]}`,
        );
      }
      this.ticks.push(tick);
      this.frames.push(frame);
    }
    this.bytes += frame.length;
    while (this.bytes > this.maxBytes && this.ticks.length - this.head > 1) {
      this.bytes -= (this.frames[this.head] as Uint8Array).length;
      this.frames[this.head] = empty;
      this.head++;
      this.dropped++;
    }
    // Compact now and then so the arrays do not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.ticks.length) {
      this.ticks.splice(0, this.head);
      this.frames.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The newest kept frame at or before `tick`, with its own tick; undefined before the first. */
  at(tick: number): { readonly tick: number; readonly frame: Uint8Array } | undefined {
    let lo = this.head;
    let hi = this.ticks.length - 1;
    if (hi < lo || tick < (this.ticks[lo] as number)) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.ticks[mid] as number) <= tick) lo = mid;
      else hi = mid - 1;
    }
    return { tick: this.ticks[lo] as number, frame: this.frames[lo] as Uint8Array };
  }

  get stats(): FrameHistoryStats {
    const n = this.ticks.length - this.head;
    return {
      frames: n,
      bytes: this.bytes,
      maxBytes: this.maxBytes,
      dropped: this.dropped,
      firstTick: n > 0 ? this.ticks[this.head] : undefined,
      lastTick: n > 0 ? this.ticks[this.ticks.length - 1] : undefined,
    };
  }
}

const empty = new Uint8Array(0);
