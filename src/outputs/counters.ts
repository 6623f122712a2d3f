/**
 * The counters every output keeps (`frames`, `bytes`, `errors`) and its rule for failures: a failed
 * write is counted, the first failure of a run is reported (with how many failed since the previous
 * report), later ones are only counted until a write succeeds again. Nothing here throws.
 */
import type { ErrorSink } from '../util/index.js';
import type { OutputStats } from './output.js';

/** An output's default `onError`: `console.warn` of the message and the error. */
export const defaultOutputErrorSink: ErrorSink = (message, error) => {
  console.warn(`tinydisplay: ${message}`, error);
};

export class OutputCounters implements OutputStats {
  frames = 0;
  bytes = 0;
  errors = 0;
  private failing = false;
  private unreported = 0;

  constructor(
    private readonly name: string,
    private readonly onError: ErrorSink = defaultOutputErrorSink,
  ) {}

  /** A frame went out whole. */
  frameWritten(): void {
    this.frames++;
    this.failing = false;
  }

  /** Bytes that reached the device, file or stream (counted as they go, so a frame cut short counts what it sent). */
  sent(bytes: number): void {
    this.bytes += bytes;
  }

  /** A write failed: counted always, reported when it starts a run of failures. */
  failed(what: string, error: unknown): void {
    this.errors++;
    if (this.failing) {
      this.unreported++;
      return;
    }
    this.failing = true;
    const held = this.unreported;
    this.unreported = 0;
    const reason = error instanceof Error ? error.message : String(error);
    const more = held > 0 ? ` (${held} earlier failures were counted without a report)` : '';
    this.onError(
      `${this.name}: ${what} failed: ${reason}; further failures are counted in stats.errors until a write succeeds${more}`,
      error,
    );
  }
}
