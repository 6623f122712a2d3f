/**
 * What an animation shows at a tick, given its folded state. Runs per animation per frame: no
 * allocation but the values it emits (scratch channels are passed in).
 */
import type { CompiledAnimation, CompiledTrack } from './compile.js';
import { finishTick, type ParamState, paramValueInto, positionAt, type RunState } from './run-state.js';
import type { AnimationState } from './state.js';
import { emitValue, type FrameValue } from './value.js';

/** Scratch channel buffers, sized for the widest value of any animation. */
export interface Scratch {
  out: Float64Array;
  a: Float64Array;
  b: Float64Array;
}

export function makeScratch(width: number): Scratch {
  return { out: new Float64Array(width), a: new Float64Array(width), b: new Float64Array(width) };
}

/** Lifecycle state (see `AnimationState`) of an animation at `tick`, from its folded state. */
export function stateOf(def: CompiledAnimation, s: RunState, tick: number): AnimationState {
  switch (s.phase) {
    case 'defined':
      return 'defined';
    case 'stopped':
      return 'stopped';
    case 'paused':
      return 'paused';
    case 'playing': {
      if (def.type === 'follow') {
        const p = s.params[0] as ParamState;
        return tick >= p.start && tick < p.start + p.ticks ? 'running' : 'finished';
      }
      if (positionAt(s, tick) < 0) return 'scheduled';
      return tick >= finishTick(def, s) ? 'finished' : 'running';
    }
  }
}

/**
 * The keyframe time (unscaled ticks) the animation shows at `tick`, or -1 when it writes nothing
 * (not started, in its delay, stopped, or ended with fill `none`).
 */
function keyframeTime(def: CompiledAnimation, s: RunState, tick: number): number {
  if (s.phase === 'defined' || s.phase === 'stopped') return -1;
  const pos = positionAt(s, tick);
  if (pos < 0) return -1;
  const len = s.iterLen;
  const ended = s.phase === 'playing' ? tick >= finishTick(def, s) : pos >= len * def.iterations;
  if (ended || len <= 0) {
    if (def.fill === 'none') return -1;
    const last = def.iterations - 1;
    const reversed = def.direction === 'reverse' || (def.direction === 'alternate' && last % 2 === 1);
    return reversed ? 0 : def.natural;
  }
  let i = Math.floor(pos / len);
  if (i > def.iterations - 1) i = def.iterations - 1;
  const t = Math.min(len, pos - i * len);
  const reversed = def.direction === 'reverse' || (def.direction === 'alternate' && i % 2 === 1);
  return ((reversed ? len - t : t) * def.natural) / len;
}

function keyframeChannels(
  tr: CompiledTrack,
  i: number,
  s: RunState,
  tick: number,
  tmp: Float64Array,
): Float64Array {
  const ref = tr.refs[i] as number;
  if (ref < 0) return tr.values;
  paramValueInto(s.params[ref] as ParamState, tick, tmp, tr.arity);
  return tmp;
}

/** The channels of `tr` at keyframe time `tau` into `sc.out`. */
function trackInto(tr: CompiledTrack, tau: number, s: RunState, tick: number, sc: Scratch): void {
  const { times, count, arity } = tr;
  let j: number;
  if (count === 1 || tau <= (times[0] as number)) j = 0;
  else if (tau >= (times[count - 1] as number)) j = count - 1;
  else {
    // Largest j with times[j] <= tau; then times[j + 1] > tau, so equal times (a jump) are skipped.
    let lo = 0;
    let hi = count - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((times[mid] as number) <= tau) lo = mid;
      else hi = mid;
    }
    const t0 = times[lo] as number;
    const t1 = times[lo + 1] as number;
    const a = keyframeChannels(tr, lo, s, tick, sc.a);
    const b = keyframeChannels(tr, lo + 1, s, tick, sc.b);
    const ao = a === tr.values ? lo * arity : 0;
    const bo = b === tr.values ? (lo + 1) * arity : 0;
    const progress = (tau - t0) / (t1 - t0);
    const e = (tr.easings[lo + 1] as (t: number) => number)(progress);
    // Only a custom easing can return this; the engine counts it and leaves the animation out.
    if (!Number.isFinite(e)) {
      throw new RangeError(
        `easing into keyframe ${lo + 1} of track '${tr.property}' returned ${e} at progress ${progress}`,
      );
    }
    const out = sc.out;
    for (let c = 0; c < arity; c++) {
      const x = a[ao + c] as number;
      out[c] = x + ((b[bo + c] as number) - x) * e;
    }
    return;
  }
  const src = keyframeChannels(tr, j, s, tick, sc.a);
  const off = src === tr.values ? j * arity : 0;
  for (let c = 0; c < arity; c++) sc.out[c] = src[off + c] as number;
}

/**
 * Where `writeValues` puts what an animation shows: `put` gets each track (index `k` in
 * `def.tracks`) with its channels in `channels[0 .. arity)`, valid only during the call. The frame
 * object (`frameAt`) and bound slots (`writeFrame`) are the two sinks; both are preallocated.
 */
export interface ValueSink {
  put(track: CompiledTrack, k: number, channels: Float64Array): void;
}

/** The object form: `props[property] = value`, as `frameAt` emits it. */
export class PropsSink implements ValueSink {
  props: Record<string, FrameValue> = {};
  put(tr: CompiledTrack, _k: number, ch: Float64Array): void {
    this.props[tr.property] = emitValue(tr.kind, ch, tr.arity, tr.min, tr.max);
  }
}

/**
 * Write the values the animation shows at `tick` into `sink`. Returns the number of properties
 * written (0 when it writes nothing at this tick).
 */
export function writeValues(
  def: CompiledAnimation,
  s: RunState,
  tick: number,
  sink: ValueSink,
  sc: Scratch,
): number {
  if (def.type === 'follow') {
    if (s.phase === 'stopped') return 0;
    const tr = def.tracks[0] as CompiledTrack;
    if (s.phase === 'paused' && s.pausedValue) sc.out.set(s.pausedValue);
    else paramValueInto(s.params[0] as ParamState, tick, sc.out, tr.arity);
    sink.put(tr, 0, sc.out);
    return 1;
  }
  const tau = keyframeTime(def, s, tick);
  if (tau < 0) return 0;
  const tracks = def.tracks;
  for (let k = 0; k < tracks.length; k++) {
    const tr = tracks[k] as CompiledTrack;
    trackInto(tr, tau, s, tick, sc);
    sink.put(tr, k, sc.out);
  }
  return tracks.length;
}
