/**
 * Soft errors of bindings inside the tick loop: counted per binding, reported with their context, at
 * most one report per interval (in ticks) plus the first of each owner, with a count of the reports
 * held back. Nothing is dropped without being counted.
 */
import { ReportWindow } from '../util/index.js';
import { show } from './mapping.js';

/** Where a binding failed: its map threw, or the engine refused the update (`action`). */
export type BinderErrorStage = 'map' | 'action';

/** One error report, as given to `onError`. */
export interface BinderErrorReport {
  /** `binding:<id>`. */
  readonly owner: string;
  readonly stage: BinderErrorStage;
  /** The data key. */
  readonly key: string;
  /** The value being processed. */
  readonly value: unknown;
  readonly tick: number;
  readonly error: unknown;
  /** Reports held back by the rate limit since the previous report. */
  readonly suppressed: number;
}

/**
 * One line of text for a `BinderErrorReport`: stage, owner, tick, key, value and message, with how
 * many reports were held back.
 */
export function formatReport(r: BinderErrorReport): string {
  const msg = r.error instanceof Error ? r.error.message : String(r.error);
  const extra = r.suppressed > 0 ? ` (${r.suppressed} more reports held back since the last one)` : '';
  return `DataAnimationBinder: ${r.stage} error in ${r.owner} at tick ${r.tick}, key ${r.key} = ${show(r.value)}: ${msg}${extra}`;
}

export function consoleReport(r: BinderErrorReport): void {
  console.error(formatReport(r));
}

export class ErrorReporter {
  private readonly window: ReportWindow;
  private readonly reportedOwners = new Set<string>();

  constructor(
    intervalTicks: number,
    private readonly sink: (report: BinderErrorReport) => void,
    /** Bound on the owners remembered for "first error of each owner is reported". */
    private readonly maxOwners = 1024,
  ) {
    this.window = new ReportWindow(intervalTicks);
  }

  /** Reports held back so far. */
  get suppressedTotal(): number {
    return this.window.heldBackTotal;
  }

  report(
    owner: string,
    stage: BinderErrorStage,
    key: string,
    value: unknown,
    tick: number,
    error: unknown,
  ): void {
    const firstOfOwner = !this.reportedOwners.has(owner) && this.reportedOwners.size < this.maxOwners;
    const suppressed = this.window.admit(tick, firstOfOwner);
    if (suppressed < 0) return;
    if (firstOfOwner) this.reportedOwners.add(owner);
    this.sink({ owner, stage, key, value, tick, error, suppressed });
  }
}
