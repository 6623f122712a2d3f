/**
 * A live preview in a terminal. Mono panels are drawn in Unicode braille, 2x4 pixels per cell, so a
 * 128x64 panel fits in 64x16 cells; grey and colour panels in half blocks (`▀`, the upper pixel in the
 * foreground colour, the lower one in the background colour, 24-bit colour), 1x2 pixels per cell.
 *
 * The picture is redrawn in place: only the cell rows whose text changed are rewritten, at absolute
 * positions, inside synchronized-output marks (`ESC[?2026h` ... `ESC[?2026l`) so terminals that know
 * them show each frame at once. A frame border and a status line under it (frames in the last second
 * of ticks, and the text `status()` returns) are optional. On `close`, on process exit and on SIGINT
 * the terminal gets its cursor back and the screen it had before (alternate screen).
 *
 * Lines others print while the picture is shown (the simulator's URL on stderr, warnings) stay
 * visible: the rows under the picture are a scrolling region of their own (`ESC[top r`), the cursor
 * waits there, and each frame saves and restores it (`ESC 7` ... `ESC 8`), so a frame never draws
 * over those lines and they never scroll the picture away.
 */
import type { Framebuffer, Rect } from '../render/index.js';
import { type ErrorSink, refuseRenamedOptions } from '../util/index.js';
import { OutputCounters } from './counters.js';
import type { DisplayInfo, FrameUpdate, Output, OutputStats } from './output.js';

/** Where the terminal output writes: `process.stdout` or any stream with a callback-taking `write`. */
export interface TerminalStream {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
}

/** The part of `process` the terminal output uses to restore the screen on exit and SIGINT. */
export interface TerminalProcess {
  on(event: 'SIGINT' | 'exit', listener: () => void): unknown;
  off(event: 'SIGINT' | 'exit', listener: () => void): unknown;
  listenerCount(event: 'SIGINT' | 'exit'): number;
  kill(pid: number, signal: 'SIGINT'): unknown;
  readonly pid: number;
}

/**
 * Options of a `TerminalOutput`: the stream (default stdout), zoom (1..8), border and status line,
 * and `onError`.
 */
export interface TerminalOptions {
  /** Default `process.stdout`. */
  readonly stream?: TerminalStream;
  /** Each panel pixel becomes `zoom` x `zoom` terminal sub-pixels; integer 1..8, default 1. */
  readonly zoom?: number;
  /** Draw a frame border and the status line under it; default true. */
  readonly border?: boolean;
  /** Text shown after the fps in the status line (data status, say), asked at every frame. */
  readonly status?: () => string;
  /** Draw on the alternate screen and give the original back on close; default true. */
  readonly alternateScreen?: boolean;
  /**
   * Where SIGINT and exit handlers go; default `process`; `null` installs none (the caller restores
   * the terminal by calling `close`).
   */
  readonly process?: TerminalProcess | null;
  /** Where write failures are reported (first of a run). Default `console.warn`. */
  readonly onError?: ErrorSink;
}

type TerminalState = 'new' | 'open' | 'closed';

const ESC = '\x1b[';
const syncStart = `${ESC}?2026h`;
const syncEnd = `${ESC}?2026l`;
/** DECSC / DECRC: save and restore the cursor (where lines printed by others go on). */
const saveCursor = '\x1b7';
const restoreCursor = '\x1b8';
const brailleBase = 0x2800;
/** Braille dot bits by (column, row) inside a 2x4 cell: dots 1-2-3-7 down the left, 4-5-6-8 down the right. */
const brailleBits = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
] as const;

/**
 * A live preview in the terminal: mono panels in braille (2x4 pixels a cell), grey and colour in
 * half blocks; only changed rows are redrawn.
 */
export class TerminalOutput implements Output {
  readonly name = 'terminal';
  private readonly stream: TerminalStream;
  private readonly zoom: number;
  private readonly border: boolean;
  private readonly status: (() => string) | undefined;
  private readonly alternateScreen: boolean;
  private readonly proc: TerminalProcess | null;
  private readonly counters: OutputCounters;
  private state: TerminalState = 'new';
  private mode: 'braille' | 'halfblock' = 'braille';
  private fps = 1;
  private cols = 0;
  private rows = 0;
  private cellW = 2;
  private cellH = 4;
  private lines: string[] = [];
  /** Character codes of one braille row, reused. */
  private codes = new Uint16Array(0);
  private statusLine = '';
  private first = true;
  /** Ticks of the latest frames, a ring as long as one second of ticks (a frame per tick at most). */
  private recent = new Float64Array(1);
  private recentNext = 0;
  private readonly onSigint = (): void => this.interrupted();
  private readonly onExit = (): void => this.restoreNow();

  constructor(options: TerminalOptions = {}) {
    refuseRenamedOptions('terminal', options, { report: 'onError' });
    const zoom = options.zoom ?? 1;
    if (!Number.isInteger(zoom) || zoom < 1 || zoom > 8) {
      throw new RangeError(`terminal: 'zoom' must be an integer 1..8, received ${String(zoom)}`);
    }
    this.stream = options.stream ?? process.stdout;
    this.zoom = zoom;
    this.border = options.border ?? true;
    this.status = options.status;
    this.alternateScreen = options.alternateScreen ?? true;
    this.proc = options.process === undefined ? process : options.process;
    this.counters = new OutputCounters('terminal', options.onError);
  }

  get stats(): OutputStats {
    const c = this.counters;
    return { frames: c.frames, bytes: c.bytes, errors: c.errors };
  }

  /** Terminal cells the picture takes (border and status line excluded). */
  get size(): { readonly columns: number; readonly rows: number } {
    return { columns: this.cols, rows: this.rows };
  }

  async open(display: DisplayInfo): Promise<void> {
    if (this.state !== 'new') throw new Error(`terminal: open() was already called (state '${this.state}')`);
    this.mode = display.format === 'mono' ? 'braille' : 'halfblock';
    this.cellW = this.mode === 'braille' ? 2 : 1;
    this.cellH = this.mode === 'braille' ? 4 : 2;
    this.cols = Math.ceil((display.width * this.zoom) / this.cellW);
    this.rows = Math.ceil((display.height * this.zoom) / this.cellH);
    this.fps = display.fps;
    this.recent = new Float64Array(Math.max(1, Math.ceil(display.fps))).fill(Number.NEGATIVE_INFINITY);
    this.lines = new Array<string>(this.rows).fill('');
    this.codes = new Uint16Array(this.cols);
    this.state = 'open';
    if (this.proc) {
      this.proc.on('SIGINT', this.onSigint);
      this.proc.on('exit', this.onExit);
    }
    let setup = `${this.alternateScreen ? `${ESC}?1049h` : ''}${ESC}?25l${ESC}2J${ESC}H`;
    if (this.border) {
      const bar = '─'.repeat(this.cols);
      setup += `┌${bar}┐${ESC}${this.rows + 2};1H└${bar}┘`;
    }
    // The rows under the picture scroll on their own; the cursor waits at their top for other lines.
    const below = this.belowRow();
    setup += `${ESC}${below}r${ESC}${below};1H`;
    await this.send(setup, 'setting up the screen');
  }

  async write(update: FrameUpdate): Promise<void> {
    if (this.state !== 'open')
      throw new Error(`terminal: write() needs an open output (state '${this.state}')`);
    if (update.damage.length === 0) return;
    const fb = update.framebuffer;
    this.recent[this.recentNext] = update.tick;
    this.recentNext = (this.recentNext + 1) % this.recent.length;
    let out = '';
    const [r0, r1] = this.first ? [0, this.rows] : this.cellRows(update.damage);
    const left = this.border ? 2 : 1;
    const top = this.border ? 2 : 1;
    for (let r = r0; r < r1; r++) {
      const line = this.mode === 'braille' ? this.brailleRow(fb, r) : this.halfBlockRow(fb, r);
      if (line === this.lines[r]) continue;
      this.lines[r] = line;
      out += `${ESC}${top + r};${left}H${line}`;
    }
    if (this.border) {
      const status = this.statusText(update.tick);
      if (status !== this.statusLine) {
        this.statusLine = status;
        out += `${ESC}${this.rows + 3};1H${status}${ESC}K`;
      }
    }
    if (out === '') return;
    this.first = false;
    const ok = await this.send(
      `${syncStart}${saveCursor}${out}${restoreCursor}${syncEnd}`,
      `drawing the frame of tick ${update.tick}`,
    );
    if (ok) this.counters.frameWritten();
    else {
      // What the terminal shows is unknown now: the next frame redraws every row.
      this.first = true;
      this.lines.fill('');
      this.statusLine = '';
    }
  }

  /** Give the terminal back: cursor shown, attributes reset, the previous screen restored. Idempotent. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    this.detach();
    if (wasOpen) await this.send(this.restoreSequence(), 'restoring the terminal');
  }

  /** The first screen row under the picture (and its border and status line). */
  private belowRow(): number {
    return this.rows + (this.border ? 4 : 1);
  }

  private restoreSequence(): string {
    // `ESC[r`: the whole screen scrolls again (it sends the cursor home: on the main screen the cursor
    // is saved around it and stays under the picture, after the lines printed there).
    const reset = `${ESC}0m${ESC}?25h`;
    return this.alternateScreen
      ? `${reset}${ESC}r${ESC}?1049l`
      : `${reset}${saveCursor}${ESC}r${restoreCursor}`;
  }

  /** On exit: whatever the state of the loop, the terminal gets its cursor and screen back. */
  private restoreNow(): void {
    if (this.state !== 'open') return;
    this.state = 'closed';
    this.detach();
    const seq = this.restoreSequence();
    this.stream.write(seq);
    this.counters.sent(Buffer.byteLength(seq));
  }

  private interrupted(): void {
    this.restoreNow();
    // Ours was the only SIGINT handler, so the process would have exited: let the default action run.
    const proc = this.proc;
    if (proc && proc.listenerCount('SIGINT') === 0) proc.kill(proc.pid, 'SIGINT');
  }

  private detach(): void {
    if (!this.proc) return;
    this.proc.off('SIGINT', this.onSigint);
    this.proc.off('exit', this.onExit);
  }

  private send(chunk: string, what: string): Promise<boolean> {
    return new Promise((resolve) => {
      try {
        this.stream.write(chunk, (error) => {
          if (error) {
            this.counters.failed(what, error);
            resolve(false);
          } else {
            this.counters.sent(Buffer.byteLength(chunk));
            resolve(true);
          }
        });
      } catch (error) {
        this.counters.failed(what, error);
        resolve(false);
      }
    });
  }

  private statusText(tick: number): string {
    let n = 0;
    for (const t of this.recent) if (t > tick - this.fps) n++;
    const extra = this.status ? ` · ${this.status()}` : '';
    return `${n}/${this.fps} fps${extra}`;
  }

  /** Cell rows [first, end) the damage touches. */
  private cellRows(damage: readonly Rect[]): [number, number] {
    let y0 = Number.POSITIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (const r of damage) {
      if (r.w <= 0 || r.h <= 0) continue;
      y0 = Math.min(y0, r.y);
      y1 = Math.max(y1, r.y + r.h);
    }
    if (y1 <= y0) return [0, 0];
    const z = this.zoom;
    return [
      Math.max(0, Math.floor((y0 * z) / this.cellH)),
      Math.min(this.rows, Math.ceil((y1 * z) / this.cellH)),
    ];
  }

  private brailleRow(fb: Framebuffer, row: number): string {
    const z = this.zoom;
    const W = fb.width;
    const H = fb.height;
    const px = fb.pixels;
    const codes = this.codes;
    for (let c = 0; c < this.cols; c++) {
      let bits = 0;
      for (let dx = 0; dx < 2; dx++) {
        const x = z === 1 ? c * 2 + dx : ((c * 2 + dx) / z) | 0;
        if (x >= W) continue;
        const column = brailleBits[dx as 0 | 1];
        for (let dy = 0; dy < 4; dy++) {
          const y = z === 1 ? row * 4 + dy : ((row * 4 + dy) / z) | 0;
          if (y < H && px[y * W + x]) bits |= column[dy as 0 | 1 | 2 | 3];
        }
      }
      codes[c] = brailleBase + bits;
    }
    return String.fromCharCode.apply(null, codes.subarray(0, this.cols) as unknown as number[]);
  }

  private halfBlockRow(fb: Framebuffer, row: number): string {
    const z = this.zoom;
    const H = fb.height;
    const yTop = ((row * 2) / z) | 0;
    const yBottom = ((row * 2 + 1) / z) | 0;
    let line = '';
    let fg = -1;
    let bg = -1;
    for (let c = 0; c < this.cols; c++) {
      const x = (c / z) | 0;
      const top = fb.rgbOf(fb.get(x, yTop));
      const bottom = yBottom < H ? fb.rgbOf(fb.get(x, yBottom)) : 0;
      if (top !== fg) {
        fg = top;
        line += `${ESC}38;2;${top >>> 16};${(top >>> 8) & 0xff};${top & 0xff}m`;
      }
      if (bottom !== bg) {
        bg = bottom;
        line += `${ESC}48;2;${bottom >>> 16};${(bottom >>> 8) & 0xff};${bottom & 0xff}m`;
      }
      line += '▀';
    }
    return `${line}${ESC}0m`;
  }
}
