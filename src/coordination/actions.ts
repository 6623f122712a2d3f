import type { AnimationHost } from './host.js';

/** What a `call` action receives. Built once per call; do not keep it. */
export interface ActionContext {
  /** The tick the action is due at (its real tick, also when `evaluate` jumped past it). */
  readonly tick: number;
  /** The primitive that ran the action. */
  readonly primitiveId: string;
}

/** Start (or restart) an animation at the action's tick. */
export interface StartAnimationAction {
  readonly kind: 'start';
  readonly animation: string;
}

/** Stop an animation at the action's tick. */
export interface StopAnimationAction {
  readonly kind: 'stop';
  readonly animation: string;
}

/** Fire another primitive at the action's tick (in the same tick: a chain, checked for cycles). */
export interface FirePrimitiveAction {
  readonly kind: 'fire';
  readonly primitive: string;
}

/** Call a function; a throw is counted and reported as an `action.error` event. */
export interface CallAction {
  readonly kind: 'call';
  /** Shown nowhere but in your own debugging; events name the primitive, not the function. */
  readonly name: string;
  readonly fn: (ctx: ActionContext) => void;
}

/** Run `action` `ticks` ticks later (0: now). Waits in the engine's bounded pending queue. */
export interface AfterTicksAction {
  readonly kind: 'after';
  readonly ticks: number;
  readonly action: CoordinationAction;
}

/** The things a primitive can do when it fires, resolves or completes. */
export type CoordinationAction =
  | StartAnimationAction
  | StopAnimationAction
  | FirePrimitiveAction
  | CallAction
  | AfterTicksAction;

/** The `kind` of a coordination action. */
export type CoordinationActionKind = CoordinationAction['kind'];

/** Action: start the animation with this id. */
export function startAnimation(animation: string): StartAnimationAction {
  return { kind: 'start', animation };
}

/** Action: stop the animation with this id. */
export function stopAnimation(animation: string): StopAnimationAction {
  return { kind: 'stop', animation };
}

/** Action: fire the coordination primitive with this id (a trigger, sequence, timeline...). */
export function firePrimitive(primitive: string): FirePrimitiveAction {
  return { kind: 'fire', primitive };
}

/** Action: call `fn` with the action context (skipped, and counted, when the engine runs with `callbacks: 'skip'`). */
export function callAction(fn: (ctx: ActionContext) => void, name = fn.name || 'anonymous'): CallAction {
  return { kind: 'call', name, fn };
}

/** `action`, `ticks` ticks after the tick it is run at. `ticks`: integer >= 0. */
export function afterTicks(ticks: number, action: CoordinationAction): AfterTicksAction {
  return { kind: 'after', ticks, action };
}

/**
 * Check actions at the edge (when a primitive is created): animation ids must exist on the host,
 * delays must be integer ticks. `fire` targets may be created later, so they are checked when run.
 * Throws an error naming `path` (e.g. `trigger "hot": actions[1].action.ticks`).
 */
export function validateActions(
  actions: readonly CoordinationAction[],
  host: AnimationHost,
  path: string,
): void {
  if (!Array.isArray(actions)) {
    throw new TypeError(`${path}: expected an array of actions, received ${describe(actions)}`);
  }
  actions.forEach((a, i) => {
    validateAction(a, host, `${path}[${i}]`);
  });
}

function validateAction(a: CoordinationAction, host: AnimationHost, path: string): void {
  if (typeof a !== 'object' || a === null) {
    throw new TypeError(`${path}: expected an action object, received ${describe(a)}`);
  }
  switch (a.kind) {
    case 'start':
    case 'stop':
      if (typeof a.animation !== 'string' || !host.hasAnimation(a.animation)) {
        throw new Error(
          `${path}.animation: expected a known animation id, received ${describe(a.animation)}`,
        );
      }
      return;
    case 'fire':
      if (typeof a.primitive !== 'string' || a.primitive.length === 0) {
        throw new TypeError(`${path}.primitive: expected a primitive id, received ${describe(a.primitive)}`);
      }
      return;
    case 'call':
      if (typeof a.fn !== 'function') {
        throw new TypeError(`${path}.fn: expected a function, received ${describe(a.fn)}`);
      }
      return;
    case 'after':
      if (!Number.isInteger(a.ticks) || a.ticks < 0) {
        throw new RangeError(`${path}.ticks: expected an integer >= 0, received ${describe(a.ticks)}`);
      }
      validateAction(a.action, host, `${path}.action`);
      return;
    default:
      throw new TypeError(
        `${path}.kind: expected 'start' | 'stop' | 'fire' | 'call' | 'after', received ${describe((a as { kind: unknown }).kind)}`,
      );
  }
}

/** A short description of a received value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}
