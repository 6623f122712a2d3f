/**
 * What the coordination layer reports. Every event carries the tick it happened at (its real tick,
 * also when `evaluate` jumped past it) and no wall-clock field, so a history is replayable and
 * JSON-safe.
 */

/** The kinds of primitive the engine knows. */
export type PrimitiveKind = 'sync' | 'barrier' | 'sequence' | 'trigger' | 'timeline';

/** Which kind of action failed; `condition` for a trigger's condition, `host` for an engine call. */
export type FailedActionKind = 'start' | 'stop' | 'fire' | 'call' | 'after' | 'condition';

/** Why a primitive fired: its own condition or schedule, an action of another primitive, `triggerAt`. */
export type FireCause = 'condition' | 'schedule' | 'action' | 'external';

/** A sync fired and started its animations. */
export interface SyncFiredEvent {
  readonly type: 'sync.fired';
  readonly id: string;
  readonly tick: number;
  /** Animations started at `tick`, in the order given. */
  readonly animations: readonly string[];
  readonly cause: FireCause;
}

/** Every member of a barrier finished. */
export interface BarrierResolvedEvent {
  readonly type: 'barrier.resolved';
  readonly id: string;
  /** The tick the last member finished, or the tick the barrier was armed if they all had already. */
  readonly tick: number;
}

/** A sequence started. */
export interface SequenceStartedEvent {
  readonly type: 'sequence.started';
  readonly id: string;
  readonly tick: number;
  readonly cause: FireCause;
}

/** A sequence started one of its steps. */
export interface SequenceStepEvent {
  readonly type: 'sequence.step';
  readonly id: string;
  readonly tick: number;
  /** Index of the step in the `steps` option. */
  readonly step: number;
  readonly animation: string;
}

/** A sequence finished its last step. */
export interface SequenceCompletedEvent {
  readonly type: 'sequence.completed';
  readonly id: string;
  readonly tick: number;
}

/** A trigger fired. */
export interface TriggerFiredEvent {
  readonly type: 'trigger.fired';
  readonly id: string;
  readonly tick: number;
  readonly cause: FireCause;
}

/** A timeline started. */
export interface TimelineStartedEvent {
  readonly type: 'timeline.started';
  readonly id: string;
  readonly tick: number;
  readonly cause: FireCause;
}

/** A timeline reached one of its labels. */
export interface TimelineLabelEvent {
  readonly type: 'timeline.label';
  readonly id: string;
  readonly tick: number;
  readonly label: string;
}

/** A timeline ran the actions of one entry. */
export interface TimelineActionEvent {
  readonly type: 'timeline.action';
  readonly id: string;
  /** The entry's own due tick, even when `evaluate` was called with a later one. */
  readonly tick: number;
  /** Index of the entry in the `entries` option. */
  readonly entry: number;
}

/** A timeline ran its last entry. */
export interface TimelineCompletedEvent {
  readonly type: 'timeline.completed';
  readonly id: string;
  readonly tick: number;
}

/** An action or a trigger condition threw (counted in `stats.actionErrors`). */
export interface ActionErrorEvent {
  readonly type: 'action.error';
  /** The primitive whose action (or condition) failed; `triggerAt` requests use the target's id. */
  readonly id: string;
  readonly tick: number;
  readonly action: FailedActionKind;
  /** The error's message (the error object itself is not kept: events stay JSON-safe). */
  readonly message: string;
}

/** A chain of fires was refused: a cycle, or deeper than `maxChainDepth`. */
export interface CycleErrorEvent {
  readonly type: 'cycle.error';
  /** The primitive that would have fired a second time within one chain. */
  readonly id: string;
  readonly tick: number;
  /** The chain of primitive ids, first to last, ending with the one refused. */
  readonly path: readonly string[];
  /** `cycle`: a primitive fires itself through the chain; `depth`: the chain passed `maxChainDepth`. */
  readonly reason: 'cycle' | 'depth';
}

/** A delayed action was refused because the pending queue was full. */
export interface PendingDroppedEvent {
  readonly type: 'pending.dropped';
  /** The primitive that scheduled the dropped action. */
  readonly id: string;
  readonly tick: number;
  /** The tick the dropped action was due at. */
  readonly dueTick: number;
}

/** Everything `CoordinationEngine.evaluate` can report; discriminate on `type`. */
export type CoordinationEvent =
  | SyncFiredEvent
  | BarrierResolvedEvent
  | SequenceStartedEvent
  | SequenceStepEvent
  | SequenceCompletedEvent
  | TriggerFiredEvent
  | TimelineStartedEvent
  | TimelineLabelEvent
  | TimelineActionEvent
  | TimelineCompletedEvent
  | ActionErrorEvent
  | CycleErrorEvent
  | PendingDroppedEvent;

/** The `type` of a coordination event. */
export type CoordinationEventType = CoordinationEvent['type'];
