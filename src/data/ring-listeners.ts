/**
 * The listeners of a buffer, called after each stored point. Copy on write: a listener that adds or
 * removes listeners affects the next point, not the one being delivered. A listener that throws is
 * counted (here and in the monitor) and reported rate-limited; the others still run.
 */
import type { DataLayerMonitor } from './monitor.js';
import type { RateLimitedReporter } from './reporter.js';

export class ListenerList<B> {
  /** Listener calls that threw. */
  errors = 0;
  private list: readonly ((seq: number, buffer: B) => void)[] = [];

  constructor(
    private readonly reporter: RateLimitedReporter,
    private readonly monitor: DataLayerMonitor | undefined,
  ) {}

  get size(): number {
    return this.list.length;
  }

  add(listener: (seq: number, buffer: B) => void): void {
    this.list = [...this.list, listener];
  }

  /** False when `listener` was not there. */
  remove(listener: (seq: number, buffer: B) => void): boolean {
    const i = this.list.indexOf(listener);
    if (i < 0) return false;
    this.list = this.list.filter((_, k) => k !== i);
    return true;
  }

  /** Call every listener with point `seq` (stored at time `t`, the report's clock). */
  notify(seq: number, buffer: B, t: number): void {
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      try {
        (list[i] as (seq: number, buffer: B) => void)(seq, buffer);
      } catch (err) {
        this.errors++;
        this.monitor?.recordListenerError();
        this.reporter.report(t, `RingBuffer listener #${i} threw at point ${seq}`, err);
      }
    }
  }
}
