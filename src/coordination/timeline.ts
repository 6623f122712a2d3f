import { type CoordinationAction, describe, validateActions } from './actions.js';
import type { CoordinationEnv } from './env.js';
import type { FireCause } from './events.js';
import { checkTick, PrimitiveBase, type PrimitiveOptions } from './primitive.js';
import type { FieldReader, PrimitiveFields } from './snapshot.js';

/**
 * - `idle`: waits for `triggerAt` or a `fire` action.
 * - `scheduled`: will start by itself at `startAt`.
 * - `running`: started; labels and entries come due at start + their offset.
 * - `completed`: everything ran; its actions ran. Firing again restarts it from offset 0.
 */
export type TimelineState = 'idle' | 'scheduled' | 'running' | 'completed';

/** Actions a timeline runs at one offset or label. */
export interface TimelineEntry {
  /** Offset from the timeline's start in ticks (integer >= 0), or the name of a label. */
  readonly at: number | string;
  readonly actions: readonly CoordinationAction[];
}

/** Options of `engine.timeline`: its entries and labels. */
export interface TimelineOptions extends PrimitiveOptions {
  readonly entries: readonly TimelineEntry[];
  /** Named offsets from the start, in ticks; each emits a `timeline.label` event when reached. */
  readonly labels?: Readonly<Record<string, number>>;
  /** Start by itself at this tick. Default: only when fired. */
  readonly startAt?: number;
}

interface Item {
  readonly offset: number;
  /** Index in `entries`, or -1 for a label. */
  readonly entry: number;
  readonly label: string;
}

/**
 * Actions at offsets from a start tick (LVGL's timeline idea, seen from the tick side). Each label and
 * entry is due once per run at start + offset and runs exactly once, at its own tick, even when
 * `evaluate` jumps past it. Labels come before entries at the same offset; ties keep declared order.
 */
export class TimelinePrimitive extends PrimitiveBase {
  readonly kind = 'timeline' as const;
  readonly entries: readonly TimelineEntry[];
  readonly labels: Readonly<Record<string, number>>;
  readonly startAt: number | undefined;
  readonly #items: readonly Item[];
  #state: TimelineState;
  #startTick = 0;
  #next = 0;

  constructor(id: string, options: TimelineOptions, env: CoordinationEnv) {
    const path = `timeline "${id}"`;
    super(id, options, env, path);
    const labels: Record<string, number> = {};
    const items: Item[] = [];
    for (const [name, offset] of Object.entries(options.labels ?? {})) {
      labels[name] = checkTick(offset, `${path}.labels.${name}`);
      items.push({ offset: labels[name], entry: -1, label: name });
    }
    if (!Array.isArray(options.entries)) {
      throw new TypeError(
        `${path}.entries: expected an array of entries, received ${describe(options.entries)}`,
      );
    }
    options.entries.forEach((e, i) => {
      const p = `${path}.entries[${i}]`;
      let offset: number;
      if (typeof e.at === 'string') {
        const found = labels[e.at];
        if (found === undefined) {
          throw new Error(
            `${p}.at: expected a label of ${JSON.stringify(Object.keys(labels))}, received ${describe(e.at)}`,
          );
        }
        offset = found;
      } else {
        offset = checkTick(e.at, `${p}.at`);
      }
      validateActions(e.actions, env.host, `${p}.actions`);
      this.registerActions(e.actions, `entries[${i}].actions`);
      items.push({ offset, entry: i, label: '' });
    });
    // Stable sort: labels were pushed first, so they lead at equal offsets.
    items.sort((a, b) => a.offset - b.offset);
    this.#items = items;
    this.entries = options.entries.map((e) => ({ at: e.at, actions: [...e.actions] }));
    this.labels = labels;
    this.startAt = options.startAt === undefined ? undefined : checkTick(options.startAt, `${path}.startAt`);
    this.#state = this.startAt === undefined ? 'idle' : 'scheduled';
  }

  get state(): TimelineState {
    return this.#state;
  }

  /** Ticks from start to the last label or entry. */
  get durationTicks(): number {
    return this.#items.length === 0 ? 0 : this.#items[this.#items.length - 1]!.offset;
  }

  override nextDue(): number {
    if (this.#state === 'scheduled') return this.startAt as number;
    if (this.#state !== 'running') return Number.POSITIVE_INFINITY;
    const item = this.#items[this.#next];
    return item === undefined ? this.#startTick : this.#startTick + item.offset;
  }

  override advance(tick: number): void {
    if (this.#state === 'scheduled' && (this.startAt as number) <= tick) {
      this.#state = 'idle';
      this.env.fire(this.id, this.startAt as number, 'schedule');
      return;
    }
    const start = this.#startTick;
    while (this.#state === 'running') {
      const item = this.#items[this.#next];
      if (item === undefined) {
        this.#state = 'completed';
        const end = start + this.durationTicks;
        this.env.emit({ type: 'timeline.completed', id: this.id, tick: end });
        this.env.runActions(this.actions, end, this.id);
        return;
      }
      const due = start + item.offset;
      if (due > tick) return;
      // Move past the item before running it: an action that restarts this timeline starts over cleanly.
      this.#next++;
      if (item.entry < 0) {
        this.env.emit({ type: 'timeline.label', id: this.id, tick: due, label: item.label });
      } else {
        this.env.emit({ type: 'timeline.action', id: this.id, tick: due, entry: item.entry });
        this.env.runActions(this.entries[item.entry]!.actions, due, this.id);
      }
      if (this.#startTick !== start) return;
    }
  }

  override saveFields(): PrimitiveFields {
    return { state: this.#state, startTick: this.#startTick, next: this.#next };
  }

  override loadFields(r: FieldReader): void {
    this.#state = r.oneOf<TimelineState>('state', ['idle', 'scheduled', 'running', 'completed']);
    this.#startTick = r.int('startTick');
    this.#next = Math.min(Math.max(0, r.int('next')), this.#items.length);
  }

  override fire(tick: number, cause: FireCause): void {
    this.#state = 'running';
    this.#startTick = tick;
    this.#next = 0;
    this.env.emit({ type: 'timeline.started', id: this.id, tick, cause });
    this.advance(tick);
  }
}
