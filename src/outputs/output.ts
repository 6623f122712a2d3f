/**
 * The one interface every output implements (PNG folder, GIF, terminal, browser simulator, SSD1306/
 * SH1106, SPI TFTs, Linux fbdev): open once with the display's geometry, take frames with the
 * rectangles that changed, close once. Outputs never import sources; they see framebuffers only.
 */
import type { Framebuffer, PixelFormat, Rect } from '../render/index.js';

/** What an output learns about the display when it opens. */
export interface DisplayInfo {
  readonly width: number;
  readonly height: number;
  readonly format: PixelFormat;
  /** Ticks per second of the display's clock (GIF delays, terminal fps). */
  readonly fps: number;
}

/**
 * A composed frame. `damage` lists the rectangles whose pixels changed since the previous frame handed
 * to outputs (inside the framebuffer, not overlapping each other; for mono displays whole 8-row pages).
 * The first frame after `open` is always whole (`damage` covers the display). A tick that changed
 * nothing is never handed to outputs.
 *
 * The framebuffer is the scene's own and is redrawn in place: an output that keeps pixels past `write`
 * (history, encoders working later) copies what it needs.
 */
export interface FrameUpdate {
  readonly tick: number;
  readonly framebuffer: Framebuffer;
  readonly damage: readonly Rect[];
}

/** What an output has done since it opened. Counters only grow. */
export interface OutputStats {
  /** Frames written (a frame with an empty damage list is not written and not counted). */
  readonly frames: number;
  /** Bytes sent to the device, file or socket, protocol and command bytes included. */
  readonly bytes: number;
  /** Writes that failed; the output reports the first of a run once and keeps taking frames. */
  readonly errors: number;
}

/**
 * The one interface every output implements: `open` with the display's geometry, `write` each
 * changed frame with its damage, `close`; counters in `stats`.
 */
export interface Output {
  /** A short name for reports: `'png-dir'`, `'gif'`, `'terminal'`, `'ssd1306'`... */
  readonly name: string;
  /** Prepare the device or file for a display of this geometry. Throws (rejects) on a clear misconfiguration. */
  open(display: DisplayInfo): Promise<void>;
  /**
   * Take one frame. Outputs that must wait (a bus, a file) may return a promise; the caller does not
   * hand the next frame before it settles. A failed write counts in `stats.errors` and is reported once;
   * it does not throw into the tick loop.
   */
  write(update: FrameUpdate): void | Promise<void>;
  /** Flush and release. Idempotent. */
  close(): Promise<void>;
  readonly stats: OutputStats;
}
