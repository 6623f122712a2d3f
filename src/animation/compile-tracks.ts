/**
 * Keyframe tracks: each property's keyframes checked (tick order, one value type per track, known
 * parameters) and laid out in typed arrays for the frame loop. Separate from the rest of compiling
 * because it is the one part that walks every keyframe.
 */
import type { CompiledParam, CompiledTrack } from './compile.js';
import { type CompileContext, isParamRef, isRecord } from './compile-context.js';
import { type ParamTable, paramOf } from './compile-params.js';
import type { KeyframeAnimationDefinition } from './definition.js';
import type { EasingFn } from './easing/types.js';
import { describe, kindName, parseValue, type ValueKind } from './value.js';

/** The tracks sorted by property, and the last keyframe offset over all of them. */
export interface CompiledTracks {
  readonly tracks: CompiledTrack[];
  readonly natural: number;
}

/** Check and compile `def.tracks` against the parameter table. */
export function compileTracks(
  def: KeyframeAnimationDefinition,
  table: ParamTable,
  cx: CompileContext,
): CompiledTracks {
  const { fail } = cx;
  if (!isRecord(def.tracks) || Object.keys(def.tracks).length === 0) {
    fail(
      "'tracks'",
      `expected an object of property -> keyframes with at least one track, received ${describe(def.tracks)}`,
    );
  }
  const tracks: CompiledTrack[] = [];
  let natural = 0;
  for (const property of Object.keys(def.tracks).sort()) {
    const frames = def.tracks[property];
    const where = `track '${property}'`;
    if (property === '__proto__') fail(where, "'__proto__' cannot be a frame key");
    if (!Array.isArray(frames) || frames.length === 0) {
      fail(where, `expected a non-empty array of keyframes, received ${describe(frames)}`);
    }
    const list = frames as readonly unknown[];
    const count = list.length;
    const times = new Float64Array(count);
    const refs = new Int32Array(count).fill(-1);
    const trackEasings: EasingFn[] = [];
    let kind: ValueKind | undefined;
    let arity = 0;
    let values = new Float64Array(0);
    for (let i = 0; i < count; i++) {
      const kf = list[i];
      const kwhere = `${where} keyframe ${i}`;
      if (!isRecord(kf)) return fail(kwhere, `expected { at, value, easing? }, received ${describe(kf)}`);
      const at = kf.at;
      if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) {
        fail(kwhere, `'at' must be a finite number of ticks >= 0, received ${describe(at)}`);
      }
      const atN = at as number;
      if (i > 0 && atN < (times[i - 1] as number)) {
        fail(
          kwhere,
          `'at' ${atN} is before the previous keyframe's ${times[i - 1]} (keyframes must be in tick order)`,
        );
      }
      times[i] = atN;
      let vKind: ValueKind;
      let vArity: number;
      let channels: Float64Array | undefined;
      if (isParamRef(kf.value)) {
        const idx = paramOf(table, kf.value, kwhere, cx);
        const p = table.params[idx] as CompiledParam;
        refs[i] = idx;
        vKind = p.kind;
        vArity = p.arity;
      } else {
        const parsed = parseValue(kf.value);
        if (typeof parsed === 'string') return fail(kwhere, `'value' expected ${parsed}`);
        vKind = parsed.kind;
        vArity = parsed.channels.length;
        channels = parsed.channels;
      }
      if (kind === undefined) {
        kind = vKind;
        arity = vArity;
        values = new Float64Array(count * arity);
      } else if (kind !== vKind || arity !== vArity) {
        fail(
          kwhere,
          `mixed value types in one track: ${kindName(vKind, vArity)} ${describe(kf.value)} after ${kindName(kind, arity)}`,
        );
      }
      if (channels) values.set(channels, i * arity);
      trackEasings.push(
        i === 0 && kf.easing === undefined
          ? cx.easings.resolve('linear')
          : cx.easing(kf.easing ?? 'linear', `${kwhere} easing`),
      );
    }
    natural = Math.max(natural, times[count - 1] as number);
    const { min, max } = cx.clampOf(property);
    tracks.push({
      property,
      kind: kind as ValueKind,
      arity,
      count,
      times,
      values,
      refs,
      easings: trackEasings,
      min,
      max,
    });
  }
  cx.checkClampNames(tracks.map((t) => t.property));
  return { tracks, natural };
}
