/**
 * Per-key staleness: each key with its own `staleAfter` is `no-data` until a point carries it,
 * `fresh` while points keep carrying it, `stale` once none did for `staleAfter` ms. One timer for
 * all keys, armed for the nearest deadline, so a point costs a few property reads and no timer work.
 */
import type { SourceClock, TimerHandle } from './clock.js';
import type { KeyStatus } from './metrics.js';

// 0 is `no-data` (a fresh Uint8Array starts there).
const FRESH = 1;
const STALE = 2;
const STATUS: readonly KeyStatus[] = ['no-data', 'fresh', 'stale'];

export type KeyStatusListener = (key: string, status: 'fresh' | 'stale', at: number) => void;

/** Does `data` carry `key`, either as a flat dotted key or as a nested path? */
function carries(data: Readonly<Record<string, unknown>>, key: string, segments: readonly string[]): boolean {
  if (Object.hasOwn(data, key)) return true;
  if (segments.length < 2) return false;
  let node: unknown = data;
  for (const seg of segments) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, seg)) return false;
    node = (node as Record<string, unknown>)[seg];
  }
  return true;
}

export class StaleKeys {
  private readonly keys: string[];
  private readonly segments: string[][];
  private readonly limits: Float64Array;
  private readonly last: Float64Array;
  private readonly status: Uint8Array;
  private timer: TimerHandle | null = null;
  private timerDue = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(
    staleAfterByKey: Readonly<Record<string, number>>,
    private readonly clock: SourceClock,
    private readonly onChange: KeyStatusListener,
  ) {
    this.keys = Object.keys(staleAfterByKey);
    this.segments = this.keys.map((k) => k.split('.'));
    this.limits = new Float64Array(this.keys.length);
    this.last = new Float64Array(this.keys.length);
    this.status = new Uint8Array(this.keys.length);
    this.keys.forEach((key, i) => {
      const ms = staleAfterByKey[key];
      if (typeof ms !== 'number' || !(ms > 0))
        throw new RangeError(`staleAfterByKey["${key}"]: expected a number of ms > 0, got ${String(ms)}`);
      this.limits[i] = ms;
    });
  }

  /** A point was accepted at `now`. */
  seen(data: Readonly<Record<string, unknown>>, now: number): void {
    for (let i = 0; i < this.keys.length; i++) {
      if (!carries(data, this.keys[i] as string, this.segments[i] as string[])) continue;
      this.last[i] = now;
      const was = this.status[i];
      this.status[i] = FRESH;
      if (was === FRESH) continue;
      if (was === STALE) this.onChange(this.keys[i] as string, 'fresh', now);
      // A key that just became fresh may be due before the armed timer.
      if (this.timer !== null && now + (this.limits[i] as number) < this.timerDue) {
        this.clock.clearTimeout(this.timer);
        this.timer = null;
      }
    }
    if (this.timer === null && !this.stopped) this.arm(now);
  }

  private arm(now: number): void {
    let next = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.status[i] !== FRESH) continue;
      const due = (this.last[i] as number) + (this.limits[i] as number) - now;
      if (due < next) next = due;
    }
    if (!Number.isFinite(next)) return;
    this.timerDue = now + Math.max(0, next);
    this.timer = this.clock.setTimeout(() => this.check(), Math.max(0, next));
  }

  private check(): void {
    this.timer = null;
    if (this.stopped) return;
    const now = this.clock.now();
    for (let i = 0; i < this.keys.length; i++) {
      if (this.status[i] !== FRESH) continue;
      if (now - (this.last[i] as number) >= (this.limits[i] as number)) {
        this.status[i] = STALE;
        this.onChange(this.keys[i] as string, 'stale', now);
      }
    }
    this.arm(now);
  }

  /** Status by key. */
  statuses(): Record<string, KeyStatus> {
    // Keys come from configuration: a null-prototype object keeps a `__proto__` key a plain key.
    const out = Object.create(null) as Record<string, KeyStatus>;
    this.keys.forEach((key, i) => {
      out[key] = STATUS[this.status[i] as number] as KeyStatus;
    });
    return out;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Allow timers again after a `stop` (the supervisor restarted). */
  resume(): void {
    this.stopped = false;
  }
}
