/**
 * `DataStore`: the one answer to "what is the latest value of this key, and can I still show it?".
 * It holds, per tracked key, the latest value, the arrival time and the tick it was delivered for,
 * and answers `fresh | stale | no-data` with the value's age, judged at one tick: the tick the
 * pipeline processes, at that tick's due time (`timeOfTick(N)`). Everything that shows or acts on
 * data reads it: the binder's bindings and their fallbacks, the data conditions of coordination
 * triggers, the monitor's `keys` section, and widgets.
 *
 * Determinism: the store never reads a clock. The binder's input delivers, at each tick N, the latest
 * value of every tracked key among the points that arrived in `(timeOfTick(N-1), timeOfTick(N)]`
 * (`judge` then `write`), so a replay of the same arrival stamps gives the same statuses and ages.
 *
 * Status, at the judged tick N, of a key whose latest value was delivered for tick V:
 * - `no-data`: no value was ever delivered;
 * - `stale`: `N - V >= staleAfterTicks` (the key's own limit, `Infinity` by default: never);
 * - `fresh`: otherwise.
 * Gap markers (`gap-start`/`gap-end`) do not change a key's status: a dropped connection is the
 * source's state (`SourceSupervisor.state`), and a key goes stale by its own age, whatever the cause.
 *
 * Reads are O(1) and allocate nothing: take a key's slot once with `track(key)` and pass the slot
 * (a string key works too, at the cost of one map lookup per read).
 */
import type { DataLayerMonitor } from './monitor.js';
import type { FieldValue } from './payload.js';

/** A key's status at the judged tick. */
export type KeyStatus = 'fresh' | 'stale' | 'no-data';

/** A tracked key's slot (from `track`), or the key itself. */
export type KeyRef = number | string;

/** Options of a `DataStore`. */
export interface DataStoreOptions {
  /** Most keys tracked; `track` of one more throws, naming the limit. Default 4,096. */
  readonly maxKeys?: number;
  /** The data-layer monitor to add the `keys` section to. Default: none. */
  readonly monitor?: DataLayerMonitor;
}

/** Options of `store.track(key)`. */
export interface TrackOptions {
  /**
   * The key is `stale` once its latest value is this many ticks old (integer >= 1). Default: never.
   * A key has one limit: tracking it again with a different one throws, naming both.
   */
  readonly staleAfterTicks?: number;
}

/** One key in the monitor's `keys` section. */
export interface KeySnapshot {
  readonly status: KeyStatus;
  /** Ticks since the latest value was delivered (null before any). */
  readonly ageTicks: number | null;
  /** ms from the latest value's arrival to the judged tick's due time (null before any). */
  readonly ageMs: number | null;
  /** The key's `staleAfterTicks` (null: never stale). */
  readonly staleAfterTicks: number | null;
}

/** The monitor's `keys` section: every tracked key at the judged tick. */
export interface KeysMetrics {
  /** The judged tick (null before the first). */
  readonly tick: number | null;
  readonly keys: Readonly<Record<string, KeySnapshot>>;
  /** Tracked keys whose status is `stale`, in tracking order. */
  readonly stale: readonly string[];
  /** Tracked keys that never had a value. */
  readonly noData: readonly string[];
}

declare module './monitor.js' {
  interface MonitorSections {
    keys: KeysMetrics;
  }
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Each tracked key's latest value and status (`fresh | stale | no-data`) with its age, judged at one tick (see the file comment). */
export class DataStore {
  /** Tracked keys, in slot order (an input delivers only these). Treat as read-only. */
  readonly keys: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly values: (FieldValue | undefined)[] = [];
  /** Tick each slot's latest value was delivered for (-Infinity: never). */
  private readonly valueTicks: number[] = [];
  /** Arrival time (ms) of each slot's latest value. */
  private readonly arrivals: number[] = [];
  private readonly staleAfter: number[] = [];
  private readonly versions: number[] = [];
  private readonly maxKeys: number;
  private judgedTick = Number.NEGATIVE_INFINITY;
  private judgedMs = Number.NEGATIVE_INFINITY;

  constructor(options: DataStoreOptions = {}) {
    const maxKeys = options.maxKeys ?? 4096;
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1)
      throw new RangeError(`DataStore: option "maxKeys" must be an integer >= 1, got ${show(maxKeys)}`);
    this.maxKeys = maxKeys;
    options.monitor?.provide('keys', () => this.metrics());
  }

  // ------------------------------------------------------------------ registration (cold)

  /**
   * Track `key` (a dotted path, `cpu.load`) and return its slot; tracking it again returns the same
   * slot. From the next tick on, the input delivers its values. Throws at `maxKeys`, for an empty key,
   * or for a `staleAfterTicks` that differs from the one the key has.
   */
  track(key: string, options: TrackOptions = {}): number {
    if (typeof key !== 'string' || key.length === 0)
      throw new TypeError(`DataStore.track: key must be a non-empty string, got ${show(key)}`);
    const limit = options.staleAfterTicks ?? Number.POSITIVE_INFINITY;
    if (limit !== Number.POSITIVE_INFINITY && (!Number.isInteger(limit) || limit < 1))
      throw new RangeError(
        `DataStore.track(${show(key)}): staleAfterTicks must be an integer >= 1, got ${show(limit)}`,
      );
    let slot = this.index.get(key);
    if (slot === undefined) {
      if (this.keys.length >= this.maxKeys)
        throw new RangeError(
          `DataStore.track(${show(key)}): already tracking maxKeys (${this.maxKeys}) keys`,
        );
      slot = this.keys.length;
      this.index.set(key, slot);
      this.keys.push(key);
      this.values.push(undefined);
      this.valueTicks.push(Number.NEGATIVE_INFINITY);
      this.arrivals.push(Number.NaN);
      this.staleAfter.push(limit);
      this.versions.push(0);
      return slot;
    }
    const had = this.staleAfter[slot] as number;
    if (options.staleAfterTicks !== undefined && had !== limit) {
      if (had !== Number.POSITIVE_INFINITY)
        throw new RangeError(
          `DataStore.track(${show(key)}): the key is stale after ${had} ticks already, got staleAfterTicks ${limit}; a key has one limit`,
        );
      this.staleAfter[slot] = limit;
    }
    return slot;
  }

  /** The slot of `key`, or -1 when it is not tracked. */
  slotOf(key: string): number {
    return this.index.get(key) ?? -1;
  }

  // ------------------------------------------------------------------ feeding (the binder's input)

  /**
   * Judge from now on at `tick`, due at `timeMs` (`timeOfTick(tick)`, on the arrival time scale).
   * Ticks must increase. Values written after this call were delivered for `tick`.
   */
  judge(tick: number, timeMs: number): void {
    if (!(tick > this.judgedTick))
      throw new RangeError(
        `DataStore.judge: tick must be > ${this.judgedTick} (the last), got ${show(tick)}`,
      );
    this.judgedTick = tick;
    this.judgedMs = timeMs;
  }

  /**
   * The latest value of a tracked key for the judged tick, with its arrival time (ms). Writes to an
   * untracked key are ignored (an input delivers only `keys`).
   */
  write(ref: KeyRef, value: FieldValue, arrivalMs: number): void {
    const s = typeof ref === 'number' ? ref : this.index.get(ref);
    if (s === undefined || s < 0 || s >= this.keys.length) return;
    this.values[s] = value;
    this.valueTicks[s] = this.judgedTick;
    this.arrivals[s] = arrivalMs;
    this.versions[s] = (this.versions[s] as number) + 1;
  }

  // ------------------------------------------------------------------ reads (hot, O(1), no allocation)

  /** The tick the store is judged at (-Infinity before the first). */
  get tick(): number {
    return this.judgedTick;
  }

  /** The judged tick's due time, ms (-Infinity before the first). */
  get timeMs(): number {
    return this.judgedMs;
  }

  /** `fresh`, `stale` or `no-data` at the judged tick (an untracked key: `no-data`). */
  statusOf(ref: KeyRef): KeyStatus {
    const s = this.slot(ref);
    if (s < 0) return 'no-data';
    const at = this.valueTicks[s] as number;
    if (at === Number.NEGATIVE_INFINITY) return 'no-data';
    return this.judgedTick - at >= (this.staleAfter[s] as number) ? 'stale' : 'fresh';
  }

  /** The latest value (also when stale), or undefined before any. */
  valueOf(ref: KeyRef): FieldValue | undefined {
    const s = this.slot(ref);
    return s < 0 ? undefined : this.values[s];
  }

  /** Ticks since the latest value was delivered (0 in the tick it arrived for); Infinity before any. */
  ageTicks(ref: KeyRef): number {
    const s = this.slot(ref);
    if (s < 0 || this.valueTicks[s] === Number.NEGATIVE_INFINITY) return Number.POSITIVE_INFINITY;
    return this.judgedTick - (this.valueTicks[s] as number);
  }

  /** ms from the latest value's arrival to the judged tick's due time; Infinity before any. */
  ageMs(ref: KeyRef): number {
    const s = this.slot(ref);
    if (s < 0 || this.valueTicks[s] === Number.NEGATIVE_INFINITY) return Number.POSITIVE_INFINITY;
    return this.judgedMs - (this.arrivals[s] as number);
  }

  /** The tick the latest value was delivered for (-Infinity before any): `=== tick` means "new now". */
  tickOf(ref: KeyRef): number {
    const s = this.slot(ref);
    return s < 0 ? Number.NEGATIVE_INFINITY : (this.valueTicks[s] as number);
  }

  /** How many values were delivered for the key: compare with a remembered one to see a change. */
  versionOf(ref: KeyRef): number {
    const s = this.slot(ref);
    return s < 0 ? 0 : (this.versions[s] as number);
  }

  /** The key's `staleAfterTicks` (Infinity: never stale). */
  staleAfterOf(ref: KeyRef): number {
    const s = this.slot(ref);
    return s < 0 ? Number.POSITIVE_INFINITY : (this.staleAfter[s] as number);
  }

  // ------------------------------------------------------------------ monitoring (cold)

  /** Every tracked key at the judged tick, for the monitor's `keys` section. */
  metrics(): KeysMetrics {
    // Keys come from configuration: a null-prototype object keeps a `__proto__` key a plain key.
    const keys = Object.create(null) as Record<string, KeySnapshot>;
    const stale: string[] = [];
    const noData: string[] = [];
    this.keys.forEach((key, s) => {
      const status = this.statusOf(s);
      if (status === 'stale') stale.push(key);
      else if (status === 'no-data') noData.push(key);
      const limit = this.staleAfter[s] as number;
      keys[key] = {
        status,
        ageTicks: status === 'no-data' ? null : this.ageTicks(s),
        ageMs: status === 'no-data' ? null : this.ageMs(s),
        staleAfterTicks: Number.isFinite(limit) ? limit : null,
      };
    });
    const tick = Number.isFinite(this.judgedTick) ? this.judgedTick : null;
    return { tick, keys, stale, noData };
  }

  private slot(ref: KeyRef): number {
    if (typeof ref === 'number') return ref >= 0 && ref < this.keys.length ? ref : -1;
    return this.index.get(ref) ?? -1;
  }
}
