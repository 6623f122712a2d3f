/**
 * Soft errors inside the coordination loop: a failed action or callback, and a refused chain (a cycle
 * or one deeper than `maxChainDepth`). Each is counted, emitted as an event and handed to the rate-
 * limited `onError`; a cycle is emitted once per path, up to `cycleReportLimit` paths. Separate from
 * the engine because it is the one place that decides what a failure costs and who hears of it.
 */
import type { ActionErrorEvent, CoordinationEvent, CycleErrorEvent, FailedActionKind } from './events.js';
import type { MutableCounters } from './options.js';
import type { ErrorReportLimiter } from './report.js';

export class CoordinationFaults {
  readonly #counters: MutableCounters;
  readonly #reports: ErrorReportLimiter;
  readonly #emit: (event: CoordinationEvent) => void;
  readonly #cycleReportLimit: number;
  /** Cycle paths already reported (`reason:a>b>a`), at most `cycleReportLimit`. */
  readonly #reportedCycles = new Set<string>();

  constructor(
    counters: MutableCounters,
    reports: ErrorReportLimiter,
    cycleReportLimit: number,
    emit: (event: CoordinationEvent) => void,
  ) {
    this.#counters = counters;
    this.#reports = reports;
    this.#cycleReportLimit = cycleReportLimit;
    this.#emit = emit;
  }

  /** An action, callback or condition of primitive `id` threw at `tick`. */
  actionError(id: string, tick: number, action: FailedActionKind, err: unknown): void {
    this.#counters.actionErrors++;
    const message = err instanceof Error ? err.message : String(err);
    const event = { type: 'action.error', id, tick, action, message } as const;
    this.#emit(event);
    this.#report(event);
  }

  /** Firing `id` at `tick` was refused: `path` already holds it (`cycle`) or is too long (`depth`). */
  cycle(id: string, tick: number, path: string[], reason: 'cycle' | 'depth'): void {
    this.#counters.cycleErrors++;
    const key = `${reason}:${path.join('>')}`;
    if (this.#reportedCycles.has(key) || this.#reportedCycles.size >= this.#cycleReportLimit) return;
    this.#reportedCycles.add(key);
    const event = { type: 'cycle.error', id, tick, path, reason } as const;
    this.#emit(event);
    this.#report(event);
  }

  /** The cycle paths reported so far (for a snapshot). */
  reportedCycles(): string[] {
    return [...this.#reportedCycles];
  }

  /** Replace the reported cycle paths (from a snapshot), keeping at most `cycleReportLimit`. */
  restoreReportedCycles(paths: readonly string[]): void {
    this.#reportedCycles.clear();
    for (const c of paths.slice(0, this.#cycleReportLimit)) this.#reportedCycles.add(c);
  }

  #report(event: ActionErrorEvent | CycleErrorEvent): void {
    const outcome = this.#reports.report(event);
    if (outcome === 'withheld') this.#counters.reportsWithheld++;
    else if (outcome === 'failed') this.#counters.reportFailures++;
  }
}
