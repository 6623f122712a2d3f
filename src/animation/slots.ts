/**
 * Bound frame slots: the per-tick form of a frame for renderers (three.js `PropertyBinding`). A
 * (target, property) pair is resolved to a slot index once, with `bind`; `TickAnimationEngine.
 * writeFrame(tick, slots)` then writes each tick's values straight into typed arrays and flags the
 * slots whose value changed, without building an object or looking anything up by string.
 *
 * Values are the same as `frameAt` gives, in another form: a number as itself, a colour as
 * `0xRRGGBB` (channels rounded and clamped as `frameAt` does before it formats `'#rrggbb'`), a tuple
 * as its channels (`tupleOf`). A slot no animation writes at a tick is `absent` (`frameAt` has no key).
 */
import { formatColour } from './colour.js';
import type { CompiledAnimation, CompiledTrack } from './compile.js';
import type { ValueSink } from './evaluate.js';
import type { FrameValue } from './value.js';

/** What a slot holds at the current tick. */
export type SlotKind = 'absent' | 'number' | 'colour' | 'tuple';

const KIND_ABSENT = 0;
const KIND_NUMBER = 1;
const KIND_COLOUR = 2;
const KIND_TUPLE = 3;
const kindNames: readonly SlotKind[] = ['absent', 'number', 'colour', 'tuple'];

/** Most slots one `FrameSlots` binds: a bound on what the scene builds, not on animations. */
const maxSlots = 65_536;

function clamp(v: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, v));
}

function colourChannel(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

/**
 * Typed-array slots a renderer binds once per (target, property); `writeFrame` then writes each
 * tick's values into them and flags the ones that changed, allocating nothing.
 */
export class FrameSlots {
  readonly #index = new Map<string, number>();
  readonly #targets: string[] = [];
  readonly #properties: string[] = [];
  #size = 0;
  /** Bumped by every `bind` that adds a slot: the engine re-resolves its tracks when it differs. */
  #layout = 0;
  #generation = 0;
  #tick = Number.NaN;
  #kind = new Uint8Array(8);
  #prevKind = new Uint8Array(8);
  #value = new Float64Array(8);
  #prevValue = new Float64Array(8);
  /** Generation at which the slot was first touched this tick (its previous value was saved). */
  #touched = new Float64Array(8);
  /** Generation at which the slot was last written (a write undone by an error clears it). */
  #written = new Float64Array(8);
  #tuple: (Float64Array | undefined)[] = [];
  #prevTuple: (Float64Array | undefined)[] = [];
  #changed = new Uint8Array(8);
  #changedList = new Int32Array(8);
  #changedCount = 0;

  /**
   * The slot of `property` of `target`: a new one the first time the pair is bound, the same index
   * after. A new slot is `absent` until the next `writeFrame`.
   */
  bind(target: string, property: string): number {
    if (typeof target !== 'string' || typeof property !== 'string') {
      throw new TypeError(
        `FrameSlots.bind: target and property must be strings, received ${String(target)}, ${String(property)}`,
      );
    }
    const key = `${target}\u0000${property}`;
    const known = this.#index.get(key);
    if (known !== undefined) return known;
    if (this.#size >= maxSlots) throw new RangeError(`FrameSlots.bind: more than ${maxSlots} slots`);
    const slot = this.#size++;
    if (slot >= this.#kind.length) this.#grow(this.#kind.length * 2);
    this.#index.set(key, slot);
    this.#targets.push(target);
    this.#properties.push(property);
    this.#tuple.push(undefined);
    this.#prevTuple.push(undefined);
    this.#layout++;
    return slot;
  }

  /** The slot of a pair already bound, or -1. */
  slotOf(target: string, property: string): number {
    return this.#index.get(`${target}\u0000${property}`) ?? -1;
  }

  get size(): number {
    return this.#size;
  }

  /** Changes whenever a slot is added (the engine caches track-to-slot maps against it). */
  get layout(): number {
    return this.#layout;
  }

  /** The tick last written (NaN before the first `writeFrame`). */
  get tick(): number {
    return this.#tick;
  }

  targetOf(slot: number): string {
    return this.#targets[slot] ?? '';
  }

  propertyOf(slot: number): string {
    return this.#properties[slot] ?? '';
  }

  kindOf(slot: number): SlotKind {
    return kindNames[this.#kind[slot] ?? KIND_ABSENT] as SlotKind;
  }

  /** Whether an animation wrote the slot at the current tick. */
  has(slot: number): boolean {
    return (this.#kind[slot] ?? KIND_ABSENT) !== KIND_ABSENT;
  }

  /** A number slot's value, a colour slot's `0xRRGGBB`, a tuple slot's first channel; NaN when absent. */
  numberOf(slot: number): number {
    return (this.#kind[slot] ?? KIND_ABSENT) === KIND_ABSENT ? Number.NaN : (this.#value[slot] as number);
  }

  /** A tuple slot's channels (a view kept by the slots: copy it to keep it), else undefined. */
  tupleOf(slot: number): Float64Array | undefined {
    return this.#kind[slot] === KIND_TUPLE ? this.#tuple[slot] : undefined;
  }

  /** The value in `frameAt`'s form (allocates for colours and tuples: for tests and traces). */
  valueOf(slot: number): FrameValue | undefined {
    switch (this.#kind[slot]) {
      case KIND_NUMBER:
        return this.#value[slot] as number;
      case KIND_COLOUR:
        return formatColour(this.#value[slot] as number);
      case KIND_TUPLE:
        return Array.from(this.#tuple[slot] as Float64Array);
      default:
        return undefined;
    }
  }

  /** Whether the slot's value (or presence) differs from the tick written before. */
  changed(slot: number): boolean {
    return this.#changed[slot] === 1;
  }

  /** How many slots changed at the last `writeFrame`. */
  get changedCount(): number {
    return this.#changedCount;
  }

  /** The i-th changed slot of the last `writeFrame` (0 <= i < changedCount), in slot order. */
  changedSlot(i: number): number {
    return this.#changedList[i] as number;
  }

  // ---- written by the engine --------------------------------------------------------------------

  /** @internal Start writing tick `tick`. */
  begin(tick: number): void {
    this.#tick = tick;
    this.#generation++;
  }

  /** @internal Write channels into `slot` (the later write in a tick wins, as in `frameAt`). */
  write(
    slot: number,
    kind: 'number' | 'colour' | 'tuple',
    ch: Float64Array,
    arity: number,
    min: number,
    max: number,
  ): void {
    const gen = this.#generation;
    if (this.#touched[slot] !== gen) {
      this.#touched[slot] = gen;
      this.#prevKind[slot] = this.#kind[slot] as number;
      this.#prevValue[slot] = this.#value[slot] as number;
      if (this.#kind[slot] === KIND_TUPLE) {
        const t = this.#tuple[slot];
        this.#tuple[slot] = this.#prevTuple[slot];
        this.#prevTuple[slot] = t;
      }
    }
    this.#written[slot] = gen;
    if (kind === 'number') {
      this.#kind[slot] = KIND_NUMBER;
      this.#value[slot] = clamp(ch[0] as number, min, max);
    } else if (kind === 'colour') {
      this.#kind[slot] = KIND_COLOUR;
      this.#value[slot] =
        (colourChannel(ch[0] as number) << 16) |
        (colourChannel(ch[1] as number) << 8) |
        colourChannel(ch[2] as number);
    } else {
      let t = this.#tuple[slot];
      if (t === undefined || t.length !== arity) {
        t = new Float64Array(arity);
        this.#tuple[slot] = t;
      }
      for (let i = 0; i < arity; i++) t[i] = clamp(ch[i] as number, min, max);
      this.#kind[slot] = KIND_TUPLE;
      this.#value[slot] = t[0] as number;
    }
  }

  /** @internal The write of `slot` this tick is void (its animation failed): absent unless written again. */
  unwrite(slot: number): void {
    this.#written[slot] = 0;
  }

  /** @internal Finish the tick: slots not written become absent; flag what changed. Returns the count. */
  end(): number {
    const gen = this.#generation;
    const kind = this.#kind;
    const value = this.#value;
    let n = 0;
    for (let s = 0; s < this.#size; s++) {
      let changed: boolean;
      if (this.#touched[s] !== gen) {
        // Not written this tick: absent from now on.
        changed = kind[s] !== KIND_ABSENT;
        kind[s] = KIND_ABSENT;
      } else {
        if (this.#written[s] !== gen) kind[s] = KIND_ABSENT;
        const k = kind[s] as number;
        const pk = this.#prevKind[s] as number;
        if (k !== pk) changed = true;
        else if (k === KIND_ABSENT) changed = false;
        else if (k === KIND_TUPLE) changed = !sameChannels(this.#tuple[s], this.#prevTuple[s]);
        else changed = !Object.is(value[s], this.#prevValue[s]);
      }
      this.#changed[s] = changed ? 1 : 0;
      if (changed) this.#changedList[n++] = s;
    }
    this.#changedCount = n;
    return n;
  }

  #grow(capacity: number): void {
    const u8 = (a: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> => {
      const b = new Uint8Array(capacity);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    this.#kind = u8(this.#kind);
    this.#prevKind = u8(this.#prevKind);
    this.#changed = u8(this.#changed);
    this.#value = f64(this.#value);
    this.#prevValue = f64(this.#prevValue);
    this.#touched = f64(this.#touched);
    this.#written = f64(this.#written);
    const list = new Int32Array(capacity);
    list.set(this.#changedList);
    this.#changedList = list;
  }
}

function sameChannels(a: Float64Array | undefined, b: Float64Array | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * @internal The engine's sink for `writeFrame`: writes an animation's tracks into the slots its
 * (target, property) pairs were bound to. `map[k]` is the slot of track k, or -1 (not bound).
 */
export class SlotSink implements ValueSink {
  slots: FrameSlots = new FrameSlots();
  map: Int32Array = new Int32Array(0);
  put(tr: CompiledTrack, k: number, ch: Float64Array): void {
    const slot = this.map[k] as number;
    if (slot >= 0) this.slots.write(slot, tr.kind, ch, tr.arity, tr.min, tr.max);
  }
}

/** @internal Track k of `def` -> its slot in `slots` (or -1); undefined when no track is bound. */
export function resolveSlots(def: CompiledAnimation, slots: FrameSlots): Int32Array | undefined {
  const map = new Int32Array(def.tracks.length);
  let any = false;
  for (let k = 0; k < def.tracks.length; k++) {
    const slot = slots.slotOf(def.target, (def.tracks[k] as CompiledTrack).property);
    map[k] = slot;
    if (slot >= 0) any = true;
  }
  return any ? map : undefined;
}
