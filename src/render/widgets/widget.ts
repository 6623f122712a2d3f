/**
 * What every widget shares: an id animations target, numeric properties the engine's bound slots
 * write (a colour is `0xRRGGBB`), a box, and the bookkeeping the scene uses to redraw only what
 * changed (the box drawn last time, a dirty flag, a per-tick poll for changes that come from the tick
 * or the data rather than from a property).
 *
 * Properties: each widget lists its own (`x`, `y`, `visible` and `z` for all; `w`/`h` for boxed
 * widgets; colours, fill, value...). A value set with `set` is the widget's base value; an animation
 * writing the property overrides it while it writes, and the base shows again when it stops.
 */
import { parseColour } from '../../animation/index.js';
import type { KeyStatus } from '../../data/index.js';
import type { Framebuffer } from '../framebuffer.js';
import type { MutableRect } from '../rect.js';

/** Anything that answers a key's status at the current tick (the data layer's `DataStore` does). */
export interface KeyStatusSource {
  statusOf(key: string): KeyStatus;
}

/** What a widget may read while the scene polls it: the tick and the key statuses. */
export interface PollContext {
  readonly tick: number;
  readonly status: KeyStatusSource | undefined;
}

/**
 * How a widget shows that the value it displays is not fresh (`stale` or `no-data`):
 * - `dim`: drawn at half brightness (mono: every other pixel, in a checkerboard);
 * - `strike`: a line through the middle of its box;
 * - `blink`: shown and hidden every `blinkTicks` ticks;
 * - `icon`: a small mark in its top-right corner.
 */
export type StaleStyle = 'dim' | 'strike' | 'blink' | 'icon';

/**
 * Options of a widget's key status: the key whose staleness it shows and how (`dim` by default),
 * with the blink period in ticks (default 15).
 */
export interface StatusOptions {
  /** The data key whose status the widget shows. */
  readonly key: string;
  /** Default `'dim'`. */
  readonly show?: StaleStyle;
  /** Ticks shown, then ticks hidden, for `blink`. Default 15. */
  readonly blinkTicks?: number;
  /** Colour of the strike line and the icon. Default the widget's `colour` (white if it has none). */
  readonly colour?: string;
}

export type PropertyKind = 'number' | 'colour';

/**
 * One animatable property of a widget: its name, whether it is a number or a colour, whether it
 * changes layout, and its range.
 */
export interface PropertySpec {
  readonly name: string;
  readonly kind: PropertyKind;
  /** Changing it moves or resizes the box, or changes who is drawn (the scene lays out again). */
  readonly layout?: boolean;
  /** Smallest and largest value the widget uses (animated values are clamped to it). */
  readonly min?: number;
  readonly max?: number;
}

/** The options every widget takes. Coordinates are pixels relative to the parent group. */
export interface WidgetOptions {
  /** The target name animations use; required to be animated or looked up. Unique in a scene. */
  readonly id?: string;
  readonly x?: number;
  readonly y?: number;
  /** Default true. Animate `visible` with a number: shown when >= 0.5. */
  readonly visible?: boolean;
  /** Drawing order among siblings: higher on top; equal z keep the order they were given in. Default 0. */
  readonly z?: number;
  /** Show the status of a data key (see `StatusOptions`). */
  readonly status?: StatusOptions;
}

/** A colour as options take it: `'#rgb'`, `'#rrggbb'`, or a number `0xRRGGBB`. */
export type ColourInput = string | number;

/** Indices of the properties every widget has. */
export const P_X = 0;
export const P_Y = 1;
export const P_VISIBLE = 2;
export const P_Z = 3;

const commonSpecs: readonly PropertySpec[] = [
  { name: 'x', kind: 'number', layout: true },
  { name: 'y', kind: 'number', layout: true },
  { name: 'visible', kind: 'number', layout: true },
  { name: 'z', kind: 'number', layout: true },
];

/** `0xRRGGBB` of a colour option, or a clear error naming the widget and option. */
export function colourOption(where: string, value: ColourInput): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffff) return value;
  if (typeof value === 'string') {
    const rgb = parseColour(value);
    if (rgb >= 0) return rgb;
  }
  throw new RangeError(
    `${where}: expected a colour '#rrggbb', '#rgb' or 0xRRGGBB, received ${JSON.stringify(value)}`,
  );
}

export function numberOption(where: string, value: unknown, fallback: number, min = -1e6, max = 1e6): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(
      `${where}: expected a number from ${min} to ${max}, received ${JSON.stringify(value)}`,
    );
  }
  return value;
}

const staleStyles: readonly StaleStyle[] = ['dim', 'strike', 'blink', 'icon'];

/** A 5x5 mark for `icon` (a clock face: the value is old), rows top to bottom, bit 4 leftmost. */
const staleIcon = [0b01110, 0b10101, 0b10111, 0b10001, 0b01110];

/**
 * What every widget shares: an id animations target, numeric properties the engine writes through
 * slots (`set` for base values), a box, and dirty tracking for partial redraws.
 */
export abstract class Widget {
  readonly id: string | undefined;
  readonly specs: readonly PropertySpec[];
  /** Values the widget draws with: base values, overridden by animations while they write. */
  readonly values: Float64Array;
  /** Values set by options or `set`. */
  readonly base: Float64Array;
  /** 1 where an animation writes the property at the current tick. */
  readonly animated: Uint8Array;
  readonly #index = new Map<string, number>();

  /** @internal Set by the scene: the group it belongs to. */
  parent: Widget | undefined;
  /** @internal Scene bookkeeping: its appearance changed since it was last drawn. */
  dirty = true;
  /** @internal A layout property changed (the scene lays out again). */
  layoutDirty = true;
  /** @internal Absolute origin of the parent (sum of group offsets), set by layout. */
  originX = 0;
  originY = 0;
  /** @internal Where it draws this frame: its box, clipped by its groups and the screen (empty if hidden). */
  readonly clip: MutableRect = { x: 0, y: 0, w: 0, h: 0 };
  /** @internal Where it was drawn last frame. */
  readonly drawn: MutableRect = { x: 0, y: 0, w: 0, h: 0 };
  /** @internal Insertion order among siblings (ties of z). */
  order = 0;

  readonly #status: StatusOptions | undefined;
  readonly #staleStyle: StaleStyle;
  readonly #blinkTicks: number;
  #statusNow: KeyStatus = 'fresh';
  #blinkHidden = false;

  protected constructor(kind: string, options: WidgetOptions, specs: readonly PropertySpec[]) {
    const where = `${kind}${options.id === undefined ? '' : ` '${options.id}'`}`;
    if (options.id !== undefined && (typeof options.id !== 'string' || options.id.length === 0)) {
      throw new TypeError(`${kind}: 'id' must be a non-empty string, received ${JSON.stringify(options.id)}`);
    }
    this.id = options.id;
    this.specs = [...commonSpecs, ...specs];
    this.values = new Float64Array(this.specs.length);
    this.base = new Float64Array(this.specs.length);
    this.animated = new Uint8Array(this.specs.length);
    this.specs.forEach((s, i) => {
      this.#index.set(s.name, i);
    });
    this.base[P_X] = numberOption(`${where}: 'x'`, options.x, 0);
    this.base[P_Y] = numberOption(`${where}: 'y'`, options.y, 0);
    this.base[P_VISIBLE] = options.visible === false ? 0 : 1;
    this.base[P_Z] = numberOption(`${where}: 'z'`, options.z, 0);
    const st = options.status;
    if (st !== undefined) {
      if (typeof st.key !== 'string' || st.key.length === 0) {
        throw new TypeError(
          `${where}: 'status.key' must be a non-empty string, received ${JSON.stringify(st.key)}`,
        );
      }
      if (st.show !== undefined && !staleStyles.includes(st.show)) {
        throw new RangeError(
          `${where}: 'status.show' must be one of ${staleStyles.join(', ')}, received ${JSON.stringify(st.show)}`,
        );
      }
    }
    this.#status = st;
    this.#staleStyle = st?.show ?? 'dim';
    this.#blinkTicks = Math.round(numberOption(`${where}: 'status.blinkTicks'`, st?.blinkTicks, 15, 1, 1e6));
    this.#statusColour = st?.colour === undefined ? -1 : colourOption(`${where}: 'status.colour'`, st.colour);
  }

  readonly #statusColour: number;

  /** A property's index, or -1 when the widget has no such property. */
  propertyIndex(name: string): number {
    return this.#index.get(name) ?? -1;
  }

  /** The value drawn now (animated or base). */
  get(name: string): number {
    const i = this.#need(name, 'get');
    return this.values[i] as number;
  }

  /** Set a property's base value (a colour takes `'#rrggbb'`). Animations writing it still win. */
  set(name: string, value: number | string): void {
    const i = this.#need(name, 'set');
    const spec = this.specs[i] as PropertySpec;
    const v =
      spec.kind === 'colour'
        ? colourOption(`${this.describe()}.set('${name}')`, value)
        : numberOption(`${this.describe()}.set('${name}')`, value, 0, -1e9, 1e9);
    this.base[i] = v;
    if (this.animated[i] === 0) this.write(i, v);
  }

  /** Whether the widget shows now (its own `visible`, not its groups'). */
  get visible(): boolean {
    return (this.values[P_VISIBLE] as number) >= 0.5;
  }

  /** The status of its key as last polled (`fresh` when it has none). */
  get status(): KeyStatus {
    return this.#statusNow;
  }

  /** @internal Write a property's drawn value (the scene's slot path); marks what it changes. */
  write(index: number, value: number): void {
    const spec = this.specs[index] as PropertySpec;
    let v = value;
    if (spec.min !== undefined && v < spec.min) v = spec.min;
    if (spec.max !== undefined && v > spec.max) v = spec.max;
    if (this.values[index] === v) return;
    this.values[index] = v;
    if (spec.layout) this.layoutDirty = true;
    else this.dirty = true;
  }

  /** @internal The scene's slot path: an animation writes `value` (`has`), or stopped writing. */
  applySlot(index: number, has: boolean, value: number): void {
    this.animated[index] = has ? 1 : 0;
    this.write(index, has ? value : (this.base[index] as number));
  }

  /** @internal Take the base values (scene build). */
  resetValues(): void {
    this.values.set(this.base);
    for (let i = 0; i < this.specs.length; i++) {
      const spec = this.specs[i] as PropertySpec;
      const v = this.values[i] as number;
      if (spec.min !== undefined && v < spec.min) this.values[i] = spec.min;
      if (spec.max !== undefined && v > spec.max) this.values[i] = spec.max;
    }
    this.dirty = true;
    this.layoutDirty = true;
  }

  /**
   * @internal Called once per tick by the scene: read the tick and the data, and mark the widget
   * dirty when what it shows changes. Subclasses with tick- or data-driven content (marquee, chart)
   * extend it and call `super.poll`. Allocates nothing.
   */
  poll(cx: PollContext): void {
    const st = this.#status;
    if (st === undefined || cx.status === undefined) return;
    const now = cx.status.statusOf(st.key);
    if (now !== this.#statusNow) {
      this.#statusNow = now;
      this.dirty = true;
    }
    if (this.#staleStyle === 'blink') {
      const hidden = now !== 'fresh' && Math.floor(cx.tick / this.#blinkTicks) % 2 === 1;
      if (hidden !== this.#blinkHidden) {
        this.#blinkHidden = hidden;
        this.dirty = true;
      }
    }
  }

  /** The box relative to the parent's origin (layout reads it). */
  abstract boxInto(out: MutableRect): void;

  /** Draw at the absolute origin (`originX`, `originY`) into `fb`, whose clip the scene has set. */
  protected abstract paint(fb: Framebuffer): void;

  /** @internal Draw with the status style applied. The clip is set to `clip` ∩ the damaged area. */
  render(fb: Framebuffer): void {
    if (this.#blinkHidden) return;
    this.paint(fb);
    if (this.#status === undefined || this.#statusNow === 'fresh') return;
    const c = this.clip;
    switch (this.#staleStyle) {
      case 'dim':
        dim(fb, c);
        break;
      case 'strike': {
        const ink = fb.ink(this.#markColour());
        fb.fillRect(c.x, c.y + (c.h >> 1), c.w, 1, ink);
        break;
      }
      case 'icon': {
        const ink = fb.ink(this.#markColour());
        const x0 = c.x + c.w - 5;
        for (let row = 0; row < 5; row++) {
          const bits = staleIcon[row] as number;
          for (let col = 0; col < 5; col++) if ((bits >> (4 - col)) & 1) fb.set(x0 + col, c.y + row, ink);
        }
        break;
      }
      case 'blink':
        break;
    }
  }

  /** `'Text 'title''` for messages. */
  describe(): string {
    return `${this.constructor.name}${this.id === undefined ? '' : ` '${this.id}'`}`;
  }

  #markColour(): number {
    if (this.#statusColour >= 0) return this.#statusColour;
    const i = this.propertyIndex('colour');
    return i >= 0 ? (this.values[i] as number) : 0xffffff;
  }

  #need(name: string, fn: string): number {
    const i = this.#index.get(name);
    if (i === undefined) {
      throw new RangeError(
        `${this.describe()}.${fn}: unknown property '${name}' (known: ${this.specs.map((s) => s.name).join(', ')})`,
      );
    }
    return i;
  }
}

/**
 * Half brightness over `r` ∩ the clip: mono and grey-scale formats keep a checkerboard of the lit
 * pixels (anchored to screen coordinates, so redrawing any part gives the same pixels); colour
 * formats halve each channel.
 */
function dim(fb: Framebuffer, r: MutableRect): void {
  const c = fb.clip;
  const x0 = Math.max(c.x, r.x);
  const y0 = Math.max(c.y, r.y);
  const x1 = Math.min(c.x + c.w, r.x + r.w);
  const y1 = Math.min(c.y + c.h, r.y + r.h);
  const px = fb.pixels;
  const W = fb.width;
  const format = fb.format;
  const halve = format === 'rgb565' || format === 'rgb888';
  for (let y = y0; y < y1; y++) {
    for (let x = x0, i = y * W + x0; x < x1; x++, i++) {
      if (halve) {
        const rgb = fb.rgbOf(px[i] as number);
        px[i] = fb.ink((rgb >>> 1) & 0x7f7f7f);
      } else if (((x + y) & 1) === 1) {
        px[i] = 0;
      }
    }
  }
}

/** Options of widgets that occupy a box. */
export interface BoxOptions extends WidgetOptions {
  /** Width in pixels. */
  readonly w: number;
  /** Height in pixels. */
  readonly h: number;
}

export const P_W = 4;
export const P_H = 5;

/** A widget whose box is (`x`, `y`, `w`, `h`): properties 4 and 5 are `w` and `h`. */
export abstract class BoxWidget extends Widget {
  protected constructor(kind: string, options: BoxOptions, specs: readonly PropertySpec[]) {
    super(kind, options, [
      { name: 'w', kind: 'number', layout: true, min: 0 },
      { name: 'h', kind: 'number', layout: true, min: 0 },
      ...specs,
    ]);
    const where = this.describe();
    this.base[P_W] = numberOption(`${where}: 'w'`, options.w, Number.NaN, 0, 4096);
    this.base[P_H] = numberOption(`${where}: 'h'`, options.h, Number.NaN, 0, 4096);
  }

  boxInto(out: MutableRect): void {
    out.x = Math.round(this.values[P_X] as number);
    out.y = Math.round(this.values[P_Y] as number);
    out.w = Math.round(this.values[P_W] as number);
    out.h = Math.round(this.values[P_H] as number);
  }

  /** Absolute left, top, width and height as drawn (rounded). */
  protected get left(): number {
    return this.originX + Math.round(this.values[P_X] as number);
  }
  protected get top(): number {
    return this.originY + Math.round(this.values[P_Y] as number);
  }
  protected get width(): number {
    return Math.round(this.values[P_W] as number);
  }
  protected get height(): number {
    return Math.round(this.values[P_H] as number);
  }
}
