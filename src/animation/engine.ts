/**
 * The animation engine: definitions, commands at ticks, and frames. It keeps the records and applies
 * commands; the parts it drives live beside it: `compile` (definitions), `history` (commands per
 * animation), `evaluate` (one animation at a tick), `roster` (which animations a frame visits),
 * `snapshot` (the JSON form) and `engine-options` (its options and counters).
 */
import { AnimationDefinitionError, compileAnimation } from './compile.js';
import type { AnimationDefinition, Transition } from './definition.js';
import { EasingRegistry } from './easing/registry.js';
import {
  checkLimit,
  type TickAnimationEngineOptions,
  type TickAnimationEngineStats,
} from './engine-options.js';
import { makeScratch, PropsSink, type Scratch, stateOf, writeValues } from './evaluate.js';
import { AnimationHistory } from './history.js';
import { parameterCommand } from './parameter-update.js';
import { type AnimationRecord, AnimationRoster } from './roster.js';
import { type Command, finishTick } from './run-state.js';
import { type FrameSlots, resolveSlots, SlotSink } from './slots.js';
import { decodeSnapshot, type EngineSnapshot, encodeSnapshot, type RecordSnapshotParts } from './snapshot.js';
import type { AnimationState } from './state.js';
import { describe, type FrameValue } from './value.js';

/** A frame: target -> property -> value, keys in sorted order; plain JSON-safe data. */
export type Frame = Record<string, Record<string, FrameValue>>;

function checkTick(tick: number, fn: string): void {
  if (!Number.isSafeInteger(tick))
    throw new RangeError(`${fn}: tick must be an integer, received ${describe(tick)}`);
}

/**
 * Computes frames from animation definitions and the commands applied to them at ticks. `frameAt(N)`
 * is a pure function of the definitions and the commands at ticks <= N: asking for tick N directly,
 * stepping to it, or asking after a `snapshot`/`restore` round trip gives the same frame.
 *
 * A frame visits only animations that were ever started (value-following animations count as started
 * from the moment they are added), so idle definitions cost nothing per tick.
 *
 * When two animations write the same property of the same target, the one added later wins.
 *
 * It satisfies the coordination layer's `AnimationHost` structurally (`hasAnimation`,
 * `startAnimationAt`, `stopAnimationAt`, `stateAt`, `endTickOf`) without importing it: dependencies
 * point from coordination to animation only.
 */
export class TickAnimationEngine {
  private readonly easings: EasingRegistry;
  private readonly maxCommands: number;
  private readonly maxPredicted: number;
  private readonly records = new Map<string, AnimationRecord>();
  /** The records frames visit, and those set aside (see `AnimationRoster`). */
  private readonly roster = new AnimationRoster();
  private currentTick: number;
  private nextOrder = 0;
  private droppedCommands = 0;
  private evaluationErrors = 0;
  private readonly onError: (error: unknown, context: { readonly id: string; readonly tick: number }) => void;
  /** Ids already reported by the default `onError` (at most one line per animation). */
  private readonly reported = new Set<string>();
  private scratch: Scratch = makeScratch(4);
  private readonly propsSink = new PropsSink();
  private readonly slotSink = new SlotSink();

  constructor(options: TickAnimationEngineOptions = {}) {
    this.easings = options.easings ?? new EasingRegistry();
    this.maxCommands = checkLimit('maxCommandsPerAnimation', options.maxCommandsPerAnimation ?? 256);
    this.maxPredicted = checkLimit('maxPredictedFrames', options.maxPredictedFrames ?? 10_000);
    const start = options.startTick ?? 0;
    checkTick(start, "TickAnimationEngine: option 'startTick'");
    this.currentTick = start;
    this.onError =
      options.onError ??
      ((error, { id, tick }) => {
        if (this.reported.has(id)) return;
        this.reported.add(id);
        console.error(
          `TickAnimationEngine: animation '${id}' failed at tick ${tick} and is left out of frames while it fails (reported once):`,
          error,
        );
      });
  }

  // ---- definitions ------------------------------------------------------------------------------

  /** Add an animation. Invalid definitions throw `AnimationDefinitionError` naming the id and field. */
  addAnimation(definition: AnimationDefinition): void {
    const def = compileAnimation(definition, this.easings);
    if (this.records.has(def.id)) {
      throw new AnimationDefinitionError(
        `addAnimation('${def.id}'): 'id': an animation with this id already exists`,
      );
    }
    const rec: AnimationRecord = {
      def,
      order: this.nextOrder++,
      history: new AnimationHistory(def),
      listed: false,
      silentFrom: Number.POSITIVE_INFINITY,
    };
    this.records.set(def.id, rec);
    for (const t of def.tracks) this.widenScratch(t.arity);
    if (def.type === 'follow') this.roster.list(rec);
  }

  /** Remove an animation and its history; returns whether it existed. */
  removeAnimation(id: string): boolean {
    const rec = this.records.get(id);
    if (!rec) return false;
    this.records.delete(id);
    this.roster.remove(rec);
    return true;
  }

  /** The definition as it was given, or undefined. */
  getAnimation(id: string): AnimationDefinition | undefined {
    return this.records.get(id)?.def.definition;
  }

  hasAnimation(id: string): boolean {
    return this.records.has(id);
  }

  /** The parameter names `updateAnimationParameter` accepts for `id` (`['value']` for a follower). */
  parameterNames(id: string): readonly string[] | undefined {
    return this.records.get(id)?.def.params.map((p) => p.name);
  }

  /** Ids of every animation, in the order they were added. */
  animationIds(): string[] {
    return [...this.records.keys()];
  }

  /** The easing registry definitions resolve against. */
  get easingRegistry(): EasingRegistry {
    return this.easings;
  }

  get stats(): TickAnimationEngineStats {
    return {
      animations: this.records.size,
      listed: this.roster.listed.length,
      retired: this.roster.retiredCount,
      droppedCommands: this.droppedCommands,
      evaluationErrors: this.evaluationErrors,
    };
  }

  // ---- commands ---------------------------------------------------------------------------------

  /**
   * Start (or restart) `id` at `tick`: it waits its delay, then plays from its first keyframe. A
   * value-following animation needs no start; starting one that was stopped makes it write again.
   */
  startAnimationAt(id: string, tick: number): void {
    checkTick(tick, 'startAnimationAt');
    const rec = this.get(id, 'startAnimationAt');
    this.insert(rec, { kind: 'start', tick });
    if (!rec.listed) this.roster.list(rec);
  }

  /** Stop `id` at `tick`: from then on it writes nothing (until started again). */
  stopAnimationAt(id: string, tick: number): void {
    checkTick(tick, 'stopAnimationAt');
    this.insert(this.get(id, 'stopAnimationAt'), { kind: 'stop', tick });
  }

  /** Pause `id` at `tick`: it holds the frame it shows at `tick` until resumed. No-op unless playing. */
  pauseAnimationAt(id: string, tick: number): void {
    checkTick(tick, 'pauseAnimationAt');
    this.insert(this.get(id, 'pauseAnimationAt'), { kind: 'pause', tick });
  }

  /**
   * Resume `id` at `tick` from where it was paused. A value-following animation moves from the frozen
   * value to its latest target over its default transition. No-op unless paused.
   */
  resumeAnimationAt(id: string, tick: number): void {
    checkTick(tick, 'resumeAnimationAt');
    this.insert(this.get(id, 'resumeAnimationAt'), { kind: 'resume', tick });
  }

  /**
   * Set parameter `parameter` of `id` to `value` from `tick` on.
   *
   * - Value-following animations have one parameter, `'value'`: the property moves from the value it
   *   shows at `tick` to `value` over `transition` (default: the animation's `follow.transition`), so a
   *   new target during a transition never jumps. `{ ticks: 0 }` jumps.
   * - Keyframe animations: the named parameter takes `value` from `tick` (over `transition` if given,
   *   else at once). A running animation keeps its timeline and shows keyframes with the new value
   *   from `tick` on. A `speed` parameter changes the rate at `tick` keeping the position; a `duration`
   *   parameter rescales the iteration keeping its progress (fraction); both apply without transition.
   *
   * Unknown ids or parameter names, and values of the wrong type, throw.
   */
  updateAnimationParameter(
    id: string,
    parameter: string,
    value: unknown,
    tick: number,
    transition?: Transition,
  ): void {
    checkTick(tick, 'updateAnimationParameter');
    const rec = this.get(id, 'updateAnimationParameter');
    this.insert(rec, parameterCommand(rec.def, this.easings, parameter, value, tick, transition));
  }

  // ---- ticks ------------------------------------------------------------------------------------

  getCurrentTick(): number {
    return this.currentTick;
  }

  /** Move the current tick forward by one; returns the new tick. */
  advanceTick(): number {
    this.currentTick++;
    return this.currentTick;
  }

  // ---- queries (pure) -----------------------------------------------------------------------------

  /**
   * The frame at `tick`: what every animation shows, from the definitions and the commands at ticks
   * <= `tick`. Pure in what it returns: the same frame whatever ticks were asked before, in any order.
   * It does keep bookkeeping that changes cost, not frames: animations that write nothing from some
   * tick on are set aside until a command or an earlier tick needs them, and evaluation errors are
   * counted (`stats.evaluationErrors`) and reported once.
   */
  frameAt(tick: number): Frame {
    checkTick(tick, 'frameAt');
    const roster = this.roster;
    if (roster.needsUnretire(tick)) roster.unretireAt(tick);
    const frame: Frame = {};
    const listed = roster.listed;
    const sc = this.scratch;
    const sink = this.propsSink;
    let target = '';
    let props: Record<string, FrameValue> | undefined;
    let writers = 0;
    let retire: AnimationRecord[] | undefined;
    for (let i = 0; i < listed.length; i++) {
      const rec = listed[i] as AnimationRecord;
      const def = rec.def;
      if (def.target !== target || props === undefined) {
        if (props !== undefined && writers > 0) frame[target] = writers > 1 ? sortKeys(props) : props;
        target = def.target;
        props = {};
        writers = 0;
      }
      sink.props = props;
      let written: number;
      try {
        written = writeValues(def, rec.history.stateAt(tick), tick, sink, sc);
      } catch (error) {
        for (const tr of def.tracks) delete props[tr.property];
        this.evaluationFailed(def.id, tick, error);
        continue;
      }
      if (written > 0) writers++;
      else if (rec.history.silentFrom() <= tick) {
        retire ??= [];
        retire.push(rec);
      }
    }
    sink.props = {};
    if (props !== undefined && writers > 0) frame[target] = writers > 1 ? sortKeys(props) : props;
    if (retire !== undefined) roster.retire(retire);
    return frame;
  }

  /**
   * Write the frame at `tick` into bound slots (see `FrameSlots`): the values `frameAt(tick)` holds
   * for the bound (target, property) pairs, with a changed flag per slot; pairs no animation writes
   * are `absent`. Returns the number of slots that changed since the previous `writeFrame` on
   * `slots`. The per-tick path allocates nothing (only binding a new pair, or a tuple value, does);
   * animations with no bound property are not evaluated.
   */
  writeFrame(tick: number, slots: FrameSlots): number {
    checkTick(tick, 'writeFrame');
    const roster = this.roster;
    if (roster.needsUnretire(tick)) roster.unretireAt(tick);
    const listed = roster.listed;
    const sc = this.scratch;
    const sink = this.slotSink;
    sink.slots = slots;
    slots.begin(tick);
    let retire: AnimationRecord[] | undefined;
    for (let i = 0; i < listed.length; i++) {
      const rec = listed[i] as AnimationRecord;
      if (rec.slotOwner !== slots || rec.slotLayout !== slots.layout) {
        rec.slotOwner = slots;
        rec.slotLayout = slots.layout;
        rec.slotMap = resolveSlots(rec.def, slots);
      }
      const map = rec.slotMap;
      if (map === undefined) continue;
      sink.map = map;
      let written: number;
      try {
        written = writeValues(rec.def, rec.history.stateAt(tick), tick, sink, sc);
      } catch (error) {
        for (let k = 0; k < map.length; k++) if ((map[k] as number) >= 0) slots.unwrite(map[k] as number);
        this.evaluationFailed(rec.def.id, tick, error);
        continue;
      }
      if (written === 0 && rec.history.silentFrom() <= tick) {
        retire ??= [];
        retire.push(rec);
      }
    }
    if (retire !== undefined) roster.retire(retire);
    return slots.end();
  }

  /**
   * Frames for every tick from `fromTick` to `toTick` inclusive. Commands, schedules and the current
   * tick are not touched (only the cost bookkeeping `frameAt` describes).
   */
  predictFrames(fromTick: number, toTick: number): Frame[] {
    checkTick(fromTick, 'predictFrames');
    checkTick(toTick, 'predictFrames');
    if (toTick < fromTick)
      throw new RangeError(`predictFrames: toTick ${toTick} is before fromTick ${fromTick}`);
    if (toTick - fromTick + 1 > this.maxPredicted) {
      throw new RangeError(
        `predictFrames: ${toTick - fromTick + 1} frames asked, more than maxPredictedFrames (${this.maxPredicted})`,
      );
    }
    const out: Frame[] = [];
    for (let t = fromTick; t <= toTick; t++) out.push(this.frameAt(t));
    return out;
  }

  /**
   * The lifecycle state of `id` at `tick`. `scheduled` also answers for an animation not yet playing
   * at `tick` that has a start command at a later tick.
   */
  stateAt(id: string, tick: number): AnimationState {
    checkTick(tick, 'stateAt');
    const rec = this.get(id, 'stateAt');
    const state = stateOf(rec.def, rec.history.stateAt(tick), tick);
    if (state === 'running' || state === 'paused' || state === 'scheduled') return state;
    return rec.def.type === 'keyframes' && rec.history.hasStartAfter(tick) ? 'scheduled' : state;
  }

  /**
   * The tick at which the current (or last) run of `id` ends, from every command given so far:
   * `Infinity` for an infinite repeat; the stop tick when stopped; `undefined` when never started or
   * paused. A value-following animation ends when its last transition does (undefined before any).
   */
  endTickOf(id: string): number | undefined {
    const rec = this.get(id, 'endTickOf');
    const s = rec.history.latestState();
    if (s.phase === 'stopped') return s.stopTick;
    if (s.phase !== 'playing') return undefined;
    if (rec.def.type === 'follow') {
      const p = s.params[0];
      return p === undefined || p.start === Number.NEGATIVE_INFINITY ? undefined : p.start + p.ticks;
    }
    return finishTick(rec.def, s);
  }

  // ---- snapshot ---------------------------------------------------------------------------------

  /**
   * A JSON-safe snapshot of definitions, command histories and the current tick. Throws when a
   * definition or command holds an inline easing function: register it by name instead.
   */
  snapshot(): EngineSnapshot {
    const parts: RecordSnapshotParts[] = [];
    for (const { def, history } of this.records.values()) {
      parts.push({ def, commands: history.commands, base: history.base, dropped: history.dropped });
    }
    return encodeSnapshot(this.currentTick, this.maxCommands, parts);
  }

  /** An engine equal to the one `snapshot` was taken of. Custom easings must be in `options.easings`. */
  static restore(
    snapshot: EngineSnapshot,
    options: Omit<TickAnimationEngineOptions, 'startTick'> = {},
  ): TickAnimationEngine {
    const engine = new TickAnimationEngine({
      maxCommandsPerAnimation: snapshot.maxCommandsPerAnimation,
      ...options,
      startTick: snapshot.currentTick,
    });
    decodeSnapshot(snapshot, engine.easings, (definition) => {
      engine.addAnimation(definition);
      const rec = engine.records.get(definition.id) as AnimationRecord;
      return {
        def: rec.def,
        set: (commands, base, dropped) => {
          rec.history.reset(commands, base, dropped);
          engine.droppedCommands += dropped;
          if (!rec.listed && rec.history.everStarted()) engine.roster.list(rec);
        },
      };
    });
    return engine;
  }

  // ---- internals --------------------------------------------------------------------------------

  private get(id: string, fn: string): AnimationRecord {
    const rec = this.records.get(id);
    if (!rec) throw new RangeError(`${fn}: unknown animation ${describe(id)}`);
    return rec;
  }

  private evaluationFailed(id: string, tick: number, error: unknown): void {
    this.evaluationErrors++;
    this.onError(error, { id, tick });
  }

  private widenScratch(arity: number): void {
    if (arity > this.scratch.out.length) this.scratch = makeScratch(arity);
  }

  private insert(rec: AnimationRecord, cmd: Command): void {
    this.roster.revive(rec);
    this.droppedCommands += rec.history.insert(cmd, this.maxCommands);
  }
}

function sortKeys(props: Record<string, FrameValue>): Record<string, FrameValue> {
  const out: Record<string, FrameValue> = {};
  for (const k of Object.keys(props).sort()) out[k] = props[k] as FrameValue;
  return out;
}
