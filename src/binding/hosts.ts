/**
 * What the binder needs of the layers around it, as structural types: `TickAnimationEngine`,
 * `TickClock` and the data layer's `RingBuffer` (through `RingBufferInput`) satisfy them, and tests
 * may pass small fakes that refuse what the real ones refuse. (Data triggers need the real
 * `CoordinationEngine`: they are its triggers.)
 */
import type { ParameterValue } from './mapping.js';

/** A retarget transition: the parameter moves from the value on screen to the new one. */
export interface ParameterTransition {
  /** Length in ticks. */
  readonly ticks: number;
  /** An easing name from the easing registry (`linear`, `quadOut`, ...). */
  readonly easing: string;
}

/**
 * The animation engine as the binder sees it: setting a parameter (with an optional transition)
 * and checking which animations and parameters exist.
 */
export interface BinderAnimationHost {
  /** Set `parameter` of animation `id` to `value` at `tick`, retargeting through `transition` if given. */
  updateAnimationParameter(
    id: string,
    parameter: string,
    value: ParameterValue,
    tick: number,
    transition?: ParameterTransition,
  ): void;
  /** Known animation ids (checked at registration when the host has it). */
  hasAnimation?(id: string): boolean;
  /**
   * The parameter names of animation `id` (undefined for an unknown id): when the host has it, a
   * binding or `setParameter` naming another parameter is refused at registration.
   */
  parameterNames?(id: string): readonly string[] | undefined;
}

/** The tick timing the binder follows (a `TickClock` satisfies it). */
export interface BinderClock {
  /** Ticks per second. */
  readonly fps: number;
  /** Due time of tick `n`, in ms on the data's arrival-time scale. */
  timeOfTick(n: number): number;
}

/** Receives the points an input delivers for one tick (the binder implements it). */
export interface TickInputSink {
  /** The keys (dotted paths) the binder reads; an input may deliver only these. */
  readonly keys: readonly string[];
  /** A data point was delivered: its arrival time (ms, same scale as `timeOfTick`) and source id. */
  point(arrivalMs: number, sourceId: string): void;
  /**
   * The value of `path` for this tick. An input may deliver every field of every point in arrival
   * order, or only the latest value of each key among the points it delivered: the binder keeps the
   * last value it is given per key and tick. `arrivalMs`: the arrival time of the point the value
   * came with (default: the tick's due time), for the value's age in ms.
   */
  field(path: string, value: unknown, arrivalMs?: number): void;
  /** Points the input lost before the binder could read them (overwritten, for instance). */
  lost(count: number): void;
}

/** Where the binder reads data from at each tick boundary. */
export interface TickInput {
  /**
   * Deliver every point that arrived at or before `untilMs` and was not delivered yet; points that
   * arrived later stay for a later call.
   */
  deliverUntil(untilMs: number, sink: TickInputSink): void;
}
