/**
 * The JSON-safe form of an engine: definitions as given (an infinite `repeat` written as the string
 * `'Infinity'`), each animation's kept commands and, when commands were dropped, the base state they
 * were folded into.
 */
import type { CompiledAnimation } from './compile.js';
import type { AnimationDefinition, Transition } from './definition.js';
import type { EasingRegistry, EasingSpec } from './easing/registry.js';
import { type Command, type ParamState, type RunPhase, type RunState, withFinish } from './run-state.js';
import { describe, parseValue } from './value.js';

/**
 * A parameter's transition state in an `AnimationSnapshot`: from and to values, start tick (null:
 * the default value), length in ticks and easing name.
 */
export interface ParamStateSnapshot {
  readonly from: number[];
  readonly to: number[];
  /** `null` for the default value (no transition ever). */
  readonly start: number | null;
  readonly ticks: number;
  readonly easing: string;
}

/**
 * An animation's playback state in an `AnimationSnapshot`: phase, anchor position and tick, speed,
 * iteration length, stop tick and paused value.
 */
export interface RunStateSnapshot {
  readonly phase: RunPhase;
  readonly anchorPos: number;
  readonly anchorTick: number;
  readonly speed: number;
  readonly iterLen: number;
  readonly stopTick: number;
  readonly pausedValue: number[] | null;
  readonly params: ParamStateSnapshot[];
}

/**
 * One command in an animation's history (start, stop, pause, resume, or a parameter change with
 * its transition), with its tick.
 */
export type CommandSnapshot =
  | { readonly kind: 'start' | 'stop' | 'pause' | 'resume'; readonly tick: number }
  | {
      readonly kind: 'param';
      readonly tick: number;
      readonly parameter: string;
      readonly value: unknown;
      readonly transition: { ticks: number; easing: string };
    };

/**
 * One animation in an engine snapshot: its definition, its command history, and the state before
 * the first command kept.
 */
export interface AnimationSnapshot {
  /** The definition as given, JSON-safe. */
  readonly definition: unknown;
  readonly commands: CommandSnapshot[];
  /** Commands folded into `base` by the history bound. */
  readonly dropped: number;
  /** State before the first kept command; `null` when nothing was dropped (the initial state). */
  readonly base: RunStateSnapshot | null;
}

/** What `TickAnimationEngine.snapshot` returns and `TickAnimationEngine.restore` takes. */
export interface EngineSnapshot {
  readonly format: 'tinydisplay.engine';
  readonly version: 1;
  readonly currentTick: number;
  readonly maxCommandsPerAnimation: number;
  readonly animations: AnimationSnapshot[];
}

export interface RecordSnapshotParts {
  readonly def: CompiledAnimation;
  readonly commands: readonly Command[];
  readonly base: RunState;
  readonly dropped: number;
}

function easingName(spec: EasingSpec, where: string): string {
  if (typeof spec !== 'string') {
    throw new TypeError(
      `snapshot: ${where} uses an inline easing function; register it by name in an EasingRegistry`,
    );
  }
  return spec;
}

function encodeState(s: RunState, id: string): RunStateSnapshot {
  return {
    phase: s.phase,
    anchorPos: s.anchorPos,
    anchorTick: s.anchorTick,
    speed: s.speed,
    iterLen: s.iterLen,
    stopTick: s.stopTick,
    pausedValue: s.pausedValue ? Array.from(s.pausedValue) : null,
    params: s.params.map((p) => ({
      from: Array.from(p.from),
      to: Array.from(p.to),
      start: p.start === Number.NEGATIVE_INFINITY ? null : p.start,
      ticks: p.ticks,
      easing: easingName(p.easingSpec, `animation '${id}' (a parameter transition)`),
    })),
  };
}

export function encodeSnapshot(
  currentTick: number,
  maxCommands: number,
  records: readonly RecordSnapshotParts[],
): EngineSnapshot {
  const animations = records.map(({ def, commands, base, dropped }): AnimationSnapshot => {
    if (def.inlineFunctionAt !== undefined) {
      throw new TypeError(
        `snapshot: animation '${def.id}' ${def.inlineFunctionAt} is an inline easing function; register it by name in an EasingRegistry`,
      );
    }
    const raw = def.definition as unknown as Record<string, unknown>;
    const definition = raw.repeat === Number.POSITIVE_INFINITY ? { ...raw, repeat: 'Infinity' } : raw;
    return {
      definition: JSON.parse(JSON.stringify(definition)) as unknown,
      commands: commands.map((c): CommandSnapshot => {
        if (c.kind !== 'param') return { kind: c.kind, tick: c.tick };
        return {
          kind: 'param',
          tick: c.tick,
          parameter: (def.params[c.index] as { name: string }).name,
          value: c.raw,
          transition: {
            ticks: c.ticks,
            easing: easingName(c.easingSpec, `animation '${def.id}' update at tick ${c.tick}`),
          },
        };
      }),
      dropped,
      base: dropped > 0 ? encodeState(base, def.id) : null,
    };
  });
  return {
    format: 'tinydisplay.engine',
    version: 1,
    currentTick,
    maxCommandsPerAnimation: maxCommands,
    animations,
  };
}

function numbers(v: unknown, where: string): Float64Array {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new TypeError(`restore: ${where}: expected an array of finite numbers, received ${describe(v)}`);
  }
  return Float64Array.from(v as number[]);
}

function decodeState(
  def: CompiledAnimation,
  s: RunStateSnapshot,
  easings: EasingRegistry,
  where: string,
): RunState {
  return withFinish(def, {
    phase: s.phase,
    anchorPos: s.anchorPos,
    anchorTick: s.anchorTick,
    speed: s.speed,
    iterLen: s.iterLen,
    stopTick: s.stopTick,
    pausedValue: s.pausedValue === null ? undefined : numbers(s.pausedValue, `${where}.pausedValue`),
    params: s.params.map(
      (p, i): ParamState => ({
        from: numbers(p.from, `${where}.params[${i}].from`),
        to: numbers(p.to, `${where}.params[${i}].to`),
        start: p.start === null ? Number.NEGATIVE_INFINITY : p.start,
        ticks: p.ticks,
        easing: easings.resolve(p.easing),
        easingSpec: p.easing,
      }),
    ),
    finish: 0,
  });
}

/** What restore does with each animation: add it, then set its history. */
export type AnimationRestorer = (definition: AnimationDefinition) => {
  def: CompiledAnimation;
  set(commands: Command[], base: RunState | undefined, dropped: number): void;
};

export function decodeSnapshot(
  snapshot: EngineSnapshot,
  easings: EasingRegistry,
  restoreOne: AnimationRestorer,
): void {
  if (snapshot?.format !== 'tinydisplay.engine' || snapshot.version !== 1) {
    throw new TypeError(
      `restore: expected a snapshot with format 'tinydisplay.engine' version 1, received ${describe({
        format: snapshot?.format,
        version: snapshot?.version,
      })}`,
    );
  }
  snapshot.animations.forEach((a, i) => {
    const raw = a.definition as Record<string, unknown>;
    const definition = (raw.repeat === 'Infinity'
      ? { ...raw, repeat: Number.POSITIVE_INFINITY }
      : raw) as unknown as AnimationDefinition;
    const { def, set } = restoreOne(definition);
    const commands = a.commands.map((c, k): Command => {
      if (c.kind !== 'param') return { kind: c.kind, tick: c.tick };
      const index = def.paramIndex.get(c.parameter);
      const parsed = parseValue(c.value);
      if (index === undefined || typeof parsed === 'string') {
        throw new TypeError(`restore: animations[${i}].commands[${k}]: bad parameter update ${describe(c)}`);
      }
      const t: Transition = c.transition;
      const easingSpec = t.easing ?? 'linear';
      return {
        kind: 'param',
        tick: c.tick,
        index,
        value: parsed.channels,
        raw: c.value,
        ticks: t.ticks,
        easing: easings.resolve(easingSpec),
        easingSpec,
      };
    });
    set(
      commands,
      a.base === null ? undefined : decodeState(def, a.base, easings, `animations[${i}].base`),
      a.dropped,
    );
  });
}
