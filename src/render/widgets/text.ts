/**
 * Text: one line in a bitmap font inside a box, aligned left, centre or right (and top, middle or
 * bottom), clipped to the box. Text wider than its box is cut (`clip`), cut with an ellipsis
 * (`ellipsis`), or scrolled (`marquee`): driven by the tick, it rests `pauseTicks` ticks at the start,
 * scrolls `speed` pixels per tick, and either wraps round with a `gap` (`loop`) or rests at the end and
 * scrolls back (`bounce`). A marquee restarts from its start when the text changes.
 *
 * The string is not an animated property: set it with `setText` (a binding or your code). Animatable:
 * `colour`, `background` (drawn only when the `background` option is given) and the box.
 */
import type { BitmapFont } from '../font/bitmap-font.js';
import { drawText, fitText, textWidth } from '../font/text.js';
import type { Framebuffer } from '../framebuffer.js';
import {
  type BoxOptions,
  BoxWidget,
  type ColourInput,
  colourOption,
  numberOption,
  type PollContext,
} from './widget.js';

/** Horizontal alignment of text in its box. */
export type TextAlign = 'left' | 'center' | 'right';
/** Vertical alignment of text in its box. */
export type TextVerticalAlign = 'top' | 'middle' | 'bottom';
/** What text wider than its box does: `clip`, end in an `ellipsis`, or scroll as a `marquee`. */
export type TextOverflow = 'clip' | 'ellipsis' | 'marquee';

/**
 * How overflowing text scrolls: `speed` in pixels per tick (default 1), `pauseTicks` at each end
 * (default 30), `loop` or `bounce`, and the loop's `gap` in pixels.
 */
export interface MarqueeOptions {
  /** Pixels per tick; default 1. Fractions scroll one pixel every few ticks. */
  readonly speed?: number;
  /** Ticks resting at each end; default 30. */
  readonly pauseTicks?: number;
  /** `'loop'` (default): wrap round with `gap` pixels between the end and the start; `'bounce'`: scroll back. */
  readonly mode?: 'loop' | 'bounce';
  /** Pixels between the end of the text and its next start, for `loop`; default 16. */
  readonly gap?: number;
}

/**
 * Options of a `Text` widget: the text and font, alignment, overflow (clip, ellipsis or marquee),
 * colour and background.
 */
export interface TextWidgetOptions extends BoxOptions {
  readonly text?: string;
  readonly font: BitmapFont;
  /** Default `'left'`. */
  readonly align?: TextAlign;
  /** Default `'top'`. */
  readonly verticalAlign?: TextVerticalAlign;
  /** What to do with text wider than the box; default `'clip'`. */
  readonly overflow?: TextOverflow;
  readonly marquee?: MarqueeOptions;
  /** Default white. */
  readonly colour?: ColourInput;
  /** Fill the box with this colour before drawing the text; default none (transparent). */
  readonly background?: ColourInput;
}

const P_COLOUR = 6;
const P_BACKGROUND = 7;

/**
 * How far (pixels) a marquee has scrolled `elapsed` ticks after it started. `loop`: `distance` is
 * from one start of the text to the next (its width plus the gap); it rests `pauseTicks` ticks, then moves
 * `speed` pixels a tick until the next start is where the first was, and starts over. `bounce`:
 * `distance` is how much wider the text is than its box; it rests, scrolls to the end, rests there,
 * scrolls back. Each scrolling tick moves; the rests are `pauseTicks` ticks long. Pure and exact.
 */
export function marqueeOffset(
  elapsed: number,
  distance: number,
  speed: number,
  pauseTicks: number,
  mode: 'loop' | 'bounce',
): number {
  if (distance <= 0 || elapsed <= 0) return 0;
  if (mode === 'loop') {
    // The tick that would reach `distance` shows the start again: it is the first tick of the rest.
    const travel = Math.ceil(distance / speed) - 1;
    const t = elapsed % (pauseTicks + travel);
    return t < pauseTicks ? 0 : Math.floor((t - pauseTicks + 1) * speed);
  }
  const travel = Math.ceil(distance / speed);
  let t = elapsed % (2 * (pauseTicks + travel));
  if (t < pauseTicks) return 0;
  t -= pauseTicks;
  if (t < travel) return Math.min(distance, Math.floor((t + 1) * speed));
  t -= travel;
  if (t < pauseTicks) return distance;
  t -= pauseTicks;
  return distance - Math.min(distance, Math.floor((t + 1) * speed));
}

/**
 * One line of text in a box, aligned, clipped, cut with an ellipsis or scrolled as a marquee;
 * `setText` changes it. Animatable: colours, box.
 */
export class Text extends BoxWidget {
  readonly font: BitmapFont;
  readonly align: TextAlign;
  readonly verticalAlign: TextVerticalAlign;
  readonly overflow: TextOverflow;
  readonly speed: number;
  readonly pauseTicks: number;
  readonly marqueeMode: 'loop' | 'bounce';
  readonly gap: number;
  readonly #fillBackground: boolean;
  #text = '';
  #textWidth = 0;
  /** What is drawn when the text does not scroll (the text, or its fitted form with an ellipsis). */
  #shown = '';
  #shownWidth = 0;
  #fittedFor = -1;
  /** Tick the marquee started (the first poll after the text changed). */
  #since = Number.NaN;
  #offset = 0;

  constructor(options: TextWidgetOptions) {
    super('Text', options, [
      { name: 'colour', kind: 'colour' },
      { name: 'background', kind: 'colour' },
    ]);
    const where = this.describe();
    const f = options.font;
    if (f === null || typeof f !== 'object' || typeof f.lineHeight !== 'number') {
      throw new TypeError(`${where}: 'font' must be a BitmapFont (getFont('6x10'), or loadBdf of your own)`);
    }
    this.font = f;
    this.align = oneOf(where, 'align', options.align, ['left', 'center', 'right'], 'left');
    this.verticalAlign = oneOf(
      where,
      'verticalAlign',
      options.verticalAlign,
      ['top', 'middle', 'bottom'],
      'top',
    );
    this.overflow = oneOf(where, 'overflow', options.overflow, ['clip', 'ellipsis', 'marquee'], 'clip');
    const m = options.marquee ?? {};
    this.speed = numberOption(`${where}: 'marquee.speed'`, m.speed, 1, 1 / 64, 64);
    this.pauseTicks = Math.round(numberOption(`${where}: 'marquee.pauseTicks'`, m.pauseTicks, 30, 0, 1e6));
    this.marqueeMode = oneOf(where, 'marquee.mode', m.mode, ['loop', 'bounce'], 'loop');
    this.gap = Math.round(numberOption(`${where}: 'marquee.gap'`, m.gap, 16, 0, 4096));
    this.base[P_COLOUR] = colourOption(`${where}: 'colour'`, options.colour ?? 0xffffff);
    this.#fillBackground = options.background !== undefined;
    this.base[P_BACKGROUND] = colourOption(`${where}: 'background'`, options.background ?? 0);
    this.setText(options.text ?? '');
  }

  get text(): string {
    return this.#text;
  }

  /** Show `text`; a marquee starts again from its start. Same text: nothing happens. */
  setText(text: string): void {
    if (typeof text !== 'string') {
      throw new TypeError(`${this.describe()}.setText: expected a string, received ${typeof text}`);
    }
    if (text === this.#text && this.#fittedFor >= 0) return;
    this.#text = text;
    this.#textWidth = textWidth(this.font, text);
    this.#fittedFor = -1;
    this.#since = Number.NaN;
    this.#offset = 0;
    this.dirty = true;
  }

  /** Whether the text scrolls now (marquee overflow and text wider than the box). */
  get scrolling(): boolean {
    return this.overflow === 'marquee' && this.#textWidth > this.width;
  }

  /** Pixels the marquee has scrolled, as drawn at the last poll. */
  get marqueeOffset(): number {
    return this.#offset;
  }

  override poll(cx: PollContext): void {
    super.poll(cx);
    if (!this.scrolling) return;
    if (Number.isNaN(this.#since)) this.#since = cx.tick;
    const distance = this.marqueeMode === 'loop' ? this.#textWidth + this.gap : this.#textWidth - this.width;
    const off = marqueeOffset(cx.tick - this.#since, distance, this.speed, this.pauseTicks, this.marqueeMode);
    if (off !== this.#offset) {
      this.#offset = off;
      this.dirty = true;
    }
  }

  protected paint(fb: Framebuffer): void {
    const x = this.left;
    const y = this.top;
    const w = this.width;
    const h = this.height;
    if (this.#fillBackground) fb.fillRect(x, y, w, h, fb.ink(this.values[P_BACKGROUND] as number));
    const ink = fb.ink(this.values[P_COLOUR] as number);
    const lh = this.font.lineHeight;
    const ty =
      this.verticalAlign === 'top' ? y : this.verticalAlign === 'bottom' ? y + h - lh : y + ((h - lh) >> 1);
    if (this.scrolling) {
      const off = this.#offset;
      drawText(fb, this.font, this.#text, x - off, ty, ink);
      if (this.marqueeMode === 'loop')
        drawText(fb, this.font, this.#text, x - off + this.#textWidth + this.gap, ty, ink);
      return;
    }
    if (this.#fittedFor !== w) this.#fit(w);
    const tw = this.#shownWidth;
    const tx = this.align === 'left' ? x : this.align === 'right' ? x + w - tw : x + ((w - tw) >> 1);
    drawText(fb, this.font, this.#shown, tx, ty, ink);
  }

  /** The text as shown in a box `w` wide: itself, or cut with an ellipsis (allocates; only on change). */
  #fit(w: number): void {
    this.#fittedFor = w;
    if (this.overflow === 'ellipsis' && this.#textWidth > w) {
      const fitted = fitText(this.font, this.#text, w);
      this.#shown = fitted.text;
      this.#shownWidth = fitted.width;
    } else {
      this.#shown = this.#text;
      // Clipped text keeps its alignment to the left edge so its start stays readable.
      this.#shownWidth = Math.min(this.#textWidth, w);
    }
  }
}

function oneOf<T extends string>(
  where: string,
  name: string,
  value: T | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) {
    throw new RangeError(
      `${where}: '${name}' must be one of ${allowed.join(', ')}, received ${JSON.stringify(value)}`,
    );
  }
  return value;
}
