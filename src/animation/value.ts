/**
 * Animatable values: a number, a tuple of numbers (fixed length per track) or a colour. Values are
 * parsed once, when an animation is added, into channels (a colour is three channels, 0..255), and
 * interpolated channel by channel.
 */
import { parseColour } from './colour.js';

/** A colour as `'#rrggbb'` or `'#rgb'` (hex, either case). Frames always emit `'#rrggbb'` lower case. */
export type ColourString = `#${string}`;

/** A value a keyframe, a parameter or a value-following animation can hold. */
export type AnimatableValue = number | readonly number[] | ColourString;

/** A value as it appears in a frame: a number, a fresh number array, or `'#rrggbb'`. */
export type FrameValue = number | number[] | string;

/** `number`: one channel; `tuple`: n channels; `colour`: r, g, b channels in 0..255. */
export type ValueKind = 'number' | 'tuple' | 'colour';

export interface ParsedValue {
  readonly kind: ValueKind;
  readonly channels: Float64Array;
}

/** Parse a value, or return a message saying what was expected (the caller adds where). */
export function parseValue(value: unknown): ParsedValue | string {
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { kind: 'number', channels: Float64Array.of(value) }
      : `a finite number, received ${value}`;
  }
  if (typeof value === 'string') {
    const rgb = parseColour(value);
    if (rgb < 0) return `a colour '#rrggbb' or '#rgb', received '${value}'`;
    return { kind: 'colour', channels: Float64Array.of(rgb >>> 16, (rgb >>> 8) & 0xff, rgb & 0xff) };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 'a non-empty tuple of numbers, received []';
    const channels = new Float64Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        return `a tuple of finite numbers, received ${JSON.stringify(value)} (element ${i} is ${String(v)})`;
      }
      channels[i] = v;
    }
    return { kind: 'tuple', channels };
  }
  return `a number, a tuple of numbers or a colour string, received ${describe(value)}`;
}

/** Short description of any value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return `'${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Circular or BigInt: fall back to the plain string form, which never throws.
    return String(value);
  }
}

/** Human name of a kind with its arity, for "mixed types" messages. */
export function kindName(kind: ValueKind, arity: number): string {
  return kind === 'tuple' ? `tuple of ${arity}` : kind;
}

const hex2: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function channelByte(v: number): string {
  const r = Math.round(v);
  return hex2[Math.max(0, Math.min(255, r))] as string;
}

/**
 * The frame form of `channels[offset .. offset + arity)`, with each channel clamped to [min, max]
 * (colours are always clamped to 0..255 and rounded).
 */
export function emitValue(
  kind: ValueKind,
  channels: Float64Array,
  arity: number,
  min: number,
  max: number,
): FrameValue {
  if (kind === 'number') {
    const v = channels[0] as number;
    return Math.max(min, Math.min(max, v));
  }
  if (kind === 'colour') {
    return `#${channelByte(channels[0] as number)}${channelByte(channels[1] as number)}${channelByte(channels[2] as number)}`;
  }
  const out = new Array<number>(arity);
  for (let i = 0; i < arity; i++) {
    const v = channels[i] as number;
    out[i] = Math.max(min, Math.min(max, v));
  }
  return out;
}

/** `out[i] = a[ao + i] + (b[bo + i] - a[ao + i]) × e` for `arity` channels. */
export function lerpInto(
  out: Float64Array,
  a: Float64Array,
  ao: number,
  b: Float64Array,
  bo: number,
  arity: number,
  e: number,
): void {
  for (let i = 0; i < arity; i++) {
    const x = a[ao + i] as number;
    out[i] = x + ((b[bo + i] as number) - x) * e;
  }
}
