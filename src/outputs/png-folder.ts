/**
 * A PNG file per frame in a folder, named by tick (`frame-000123.png`), so a folder sorts in frame
 * order and a tick's picture is found by name. The bytes are `encodePng`'s: the same frame gives the
 * same file on every run and machine, which is what byte-for-byte comparisons of runs rely on.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePng } from '../render/index.js';
import { type ErrorSink, refuseRenamedOptions } from '../util/index.js';
import { OutputCounters } from './counters.js';
import type { DisplayInfo, FrameUpdate, Output, OutputStats } from './output.js';

/**
 * Options of a `PngFolderOutput`: the folder (created when missing), the file name of a tick's
 * frame, and `onError` for write failures.
 */
export interface PngFolderOptions {
  /** The folder; created when missing. */
  readonly dir: string;
  /** File name of a tick's frame; default `frame-<tick, 6 digits at least>.png`. */
  readonly fileName?: (tick: number) => string;
  /** Where write failures are reported (first of a run). Default `console.warn`. */
  readonly onError?: ErrorSink;
}

/** `frame-000123.png`: the tick padded to 6 digits, so names sort in tick order up to a million ticks. */
export function pngFrameName(tick: number): string {
  return `frame-${String(tick).padStart(6, '0')}.png`;
}

type PngFolderState = 'new' | 'open' | 'closed';

/**
 * Writes each changed frame as a PNG file into a folder (`frame-000042.png` by default): golden
 * files, docs, debugging.
 */
export class PngFolderOutput implements Output {
  readonly name = 'png-folder';
  private readonly dir: string;
  private readonly fileName: (tick: number) => string;
  private readonly counters: OutputCounters;
  private state: PngFolderState = 'new';

  constructor(options: PngFolderOptions) {
    refuseRenamedOptions('png-folder', options, { report: 'onError' });
    if (typeof options?.dir !== 'string' || options.dir === '') {
      throw new TypeError(
        `png-folder: 'dir' must be a folder path, received ${JSON.stringify(options?.dir)}`,
      );
    }
    this.dir = options.dir;
    this.fileName = options.fileName ?? pngFrameName;
    this.counters = new OutputCounters('png-folder', options.onError);
  }

  get stats(): OutputStats {
    const c = this.counters;
    return { frames: c.frames, bytes: c.bytes, errors: c.errors };
  }

  /** The path of a tick's file. */
  pathOf(tick: number): string {
    return join(this.dir, this.fileName(tick));
  }

  async open(_display: DisplayInfo): Promise<void> {
    if (this.state !== 'new')
      throw new Error(`png-folder: open() was already called (state '${this.state}')`);
    try {
      await mkdir(this.dir, { recursive: true });
    } catch (error) {
      throw new Error(
        `png-folder: creating ${this.dir} failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    this.state = 'open';
  }

  async write(update: FrameUpdate): Promise<void> {
    if (this.state !== 'open')
      throw new Error(`png-folder: write() needs an open output (state '${this.state}')`);
    if (update.damage.length === 0) return;
    const path = this.pathOf(update.tick);
    try {
      const bytes = encodePng(update.framebuffer);
      await writeFile(path, bytes);
      this.counters.sent(bytes.length);
      this.counters.frameWritten();
    } catch (error) {
      this.counters.failed(`writing ${path}`, error);
    }
  }

  /** Nothing is held open; closing only refuses later frames. Idempotent. */
  async close(): Promise<void> {
    this.state = 'closed';
  }
}
