/** Time spent in each `SourceState`, in ms of the supervisor's clock (the current state included). */
import { SOURCE_STATES, type SourceState } from './source.js';

const STATE_INDEX = Object.fromEntries(SOURCE_STATES.map((s, i) => [s, i])) as Record<SourceState, number>;

export class StateTimes {
  private readonly totals = new Float64Array(SOURCE_STATES.length);
  private current: SourceState;
  /** When the current state began (ms). */
  private since: number;

  constructor(initial: SourceState, now: number) {
    this.current = initial;
    this.since = now;
  }

  /** Leave the current state for `to` at `now`. */
  enter(to: SourceState, now: number): void {
    const i = STATE_INDEX[this.current];
    this.totals[i] = (this.totals[i] as number) + (now - this.since);
    this.since = now;
    this.current = to;
  }

  /** ms in the current state so far. */
  age(now: number): number {
    return now - this.since;
  }

  /** ms in each state up to `now`; a fresh object per call (cold path). */
  snapshot(now: number): Record<SourceState, number> {
    const out = {} as Record<SourceState, number>;
    for (const s of SOURCE_STATES) out[s] = this.totals[STATE_INDEX[s]] as number;
    out[this.current] += now - this.since;
    return out;
  }
}
