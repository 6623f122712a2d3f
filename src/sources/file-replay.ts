/**
 * Replays an NDJSON recording (see `src/data/recording.ts`) at real speed or a factor of it: each
 * point is delivered when its recorded arrival time, relative to the first one, comes round again on
 * the injected clock. Gap markers in the recording are passed on. The end of the file ends the source.
 *
 * A bad line is refused (counted) and reading goes on: the file's content is never a reason to
 * reconnect. Only a read error drops the connection, and the next connection resumes after the last
 * line handled, so nothing is delivered twice.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { parseRecordedEntry, RecordingFormatError } from '../data/index.js';
import type { TimerHandle } from './clock.js';
import { LineSplitter } from './line-splitter.js';
import type { DeliveryGuarantee, Source, SourceContext } from './source.js';

/**
 * Options of a `FileReplaySource`: the recording's path, the playback speed, which source ids to
 * replay and whether to loop.
 */
export interface FileReplayOptions {
  /** Source id written with every point. */
  readonly id: string;
  /** Path of the `.ndjson` recording. */
  readonly path: string;
  /** Playback speed: 1 real time, 2 twice as fast, `Infinity` as fast as the sink takes it. Default 1. */
  readonly speed?: number;
  /** Only replay entries recorded from this source id. Default: all. */
  readonly only?: string;
  /**
   * `now`: the sink stamps points on arrival (default). `recorded`: points keep their recorded
   * arrival time (`arrivalTime`), so a replay gives the same ticks as the original run.
   */
  readonly stamps?: 'now' | 'recorded';
  /** Start again from the top at the end of the file. Default false. */
  readonly loop?: boolean;
  /** Longest line in bytes. Default 1 MiB. */
  readonly maxLineLength?: number;
}

/** What a `FileReplaySource` has done since it was made. */
export interface FileReplayStats {
  /** Entries replayed (points and markers), over all loops. */
  readonly replayed: number;
}

/**
 * Replays an NDJSON recording at its recorded pace (or `speed` times it) on the injected clock,
 * passing gap markers on; the end of the file ends the source.
 */
export class FileReplaySource implements Source {
  readonly kind = 'file-replay';
  readonly id: string;
  readonly delivery: DeliveryGuarantee = 'complete';
  private replayed = 0;
  /** Lines handled in the current pass (replayed, refused or skipped): where a new connection resumes. */
  private linesDone = 0;
  private paused = false;
  private unpause: (() => void) | undefined;
  private readonly options: FileReplayOptions;
  private readonly speed: number;
  private stream: ReadStream | undefined;
  private timer: TimerHandle | null = null;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private ctx: SourceContext | undefined;

  /** Its counters (a fresh object per read). */
  get stats(): FileReplayStats {
    return { replayed: this.replayed };
  }

  constructor(options: FileReplayOptions) {
    if (typeof options?.id !== 'string' || options.id === '')
      throw new TypeError(
        `FileReplaySource option "id": expected a non-empty string, got ${String(options?.id)}`,
      );
    if (typeof options.path !== 'string' || options.path === '')
      throw new TypeError(
        `FileReplaySource option "path": expected a file path, got ${String(options.path)}`,
      );
    const speed = options.speed ?? 1;
    if (typeof speed !== 'number' || !(speed > 0))
      throw new RangeError(
        `FileReplaySource option "speed": expected a number > 0 (or Infinity), got ${String(speed)}`,
      );
    const stamps = options.stamps ?? 'now';
    if (stamps !== 'now' && stamps !== 'recorded')
      throw new TypeError(
        `FileReplaySource option "stamps": expected "now" or "recorded", got ${String(stamps)}`,
      );
    this.options = options;
    this.id = options.id;
    this.speed = speed;
  }

  async start(ctx: SourceContext): Promise<void> {
    await access(this.options.path);
    this.stopped = false;
    this.ctx = ctx;
    this.running = this.play(ctx).then(
      () => {
        if (!this.stopped) ctx.ended();
      },
      (err: unknown) => {
        if (!this.stopped) ctx.disconnected(err);
      },
    );
  }

  /** Hold the next line until `resume` (back-pressure). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.unpause?.();
    this.unpause = undefined;
  }

  private async play(ctx: SourceContext): Promise<void> {
    for (;;) {
      const before = this.replayed;
      await this.playOnce(ctx);
      if (this.stopped) return;
      this.linesDone = 0;
      // A pass that replayed nothing would loop hot: a recording without entries ends the source.
      if (this.options.loop !== true || this.replayed === before) return;
    }
  }

  /** One line: refused (counted) when it is not a recording entry, never thrown. */
  private entryOf(ctx: SourceContext, line: string): ReturnType<typeof parseRecordedEntry> | undefined {
    try {
      return parseRecordedEntry(line);
    } catch (err) {
      if (err instanceof RecordingFormatError)
        ctx.refuse(err.field === 'line' ? 'bad-json' : 'wrong-type', err.field, err.value);
      else ctx.refuse('bad-json', 'line', err instanceof Error ? err.message : String(err));
      return undefined;
    }
  }

  private async playOnce(ctx: SourceContext): Promise<void> {
    const lines: string[] = [];
    const splitter = new LineSplitter(ctx, (line) => lines.push(line), this.options.maxLineLength);
    const stream = createReadStream(this.options.path);
    this.stream = stream;
    let firstT: number | undefined;
    let startedAt = 0;
    // Lines a previous connection handled already (it dropped on a read error): skip, unread.
    let skip = this.linesDone;
    try {
      for await (const chunk of stream) {
        splitter.push(chunk as Buffer);
        // `lines` holds at most one chunk's worth (64 KiB) of lines: bounded.
        for (let i = 0; i < lines.length && !this.stopped; i++) {
          if (skip > 0) {
            skip--;
            continue;
          }
          if (this.paused) await new Promise<void>((resolve) => (this.unpause = resolve));
          if (this.stopped) break;
          const line = lines[i] as string;
          this.linesDone++;
          const entry = this.entryOf(ctx, line);
          if (entry === undefined) continue;
          if (this.options.only !== undefined && entry.src !== this.options.only) continue;
          if (firstT === undefined) {
            firstT = entry.t;
            startedAt = ctx.clock.now();
          }
          const due = startedAt + (entry.t - firstT) / this.speed;
          const wait = due - ctx.clock.now();
          if (wait > 0 && Number.isFinite(wait)) await this.sleep(ctx, wait);
          if (this.stopped) {
            // Not delivered: the next connection starts with this line.
            this.linesDone--;
            break;
          }
          const ingest =
            this.options.stamps === 'recorded'
              ? { arrivalTime: entry.t, sourceTime: entry.t }
              : { sourceTime: entry.t };
          if ('marker' in entry) ctx.marker(entry.marker, ingest);
          else ctx.deliver(entry.data, line.length, ingest);
          this.replayed++;
        }
        lines.length = 0;
        if (this.stopped) break;
      }
      if (!this.stopped) splitter.end();
    } finally {
      stream.destroy();
      if (this.stream === stream) this.stream = undefined;
    }
  }

  private sleep(ctx: SourceContext, ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = ctx.clock.setTimeout(() => {
        this.timer = null;
        this.wake = undefined;
        resolve();
      }, ms);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unpause?.();
    this.unpause = undefined;
    if (this.timer !== null) this.ctx?.clock.clearTimeout(this.timer);
    this.timer = null;
    this.wake?.();
    this.wake = undefined;
    this.stream?.destroy();
    await this.running;
    this.running = undefined;
  }
}
