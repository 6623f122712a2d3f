/**
 * One `ReportWindow` per key (a source's refusal reason, a primitive and its kind of failure), so a
 * flood of one kind does not hide the first report of another. Keys are bounded: past `maxKeys`,
 * new keys share one overflow window, and the reports that went through it are counted.
 */
import { ReportWindow } from './report-window.js';

export class KeyedReportGate<K> {
  /** Least time between two reports of the same key, in the unit of `now`. */
  readonly interval: number;
  /** Most keys with a window of their own. */
  readonly maxKeys: number;
  private readonly windows = new Map<K, ReportWindow>();
  private readonly overflow: ReportWindow;
  private overflowCount = 0;
  private heldTotal = 0;

  /** @param maxKeys most keys with a window of their own. Default 1024. */
  constructor(interval: number, maxKeys = 1024) {
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
      throw new RangeError(
        `KeyedReportGate: "maxKeys" must be a positive integer, received ${String(maxKeys)}`,
      );
    }
    this.overflow = new ReportWindow(interval);
    this.interval = interval;
    this.maxKeys = maxKeys;
  }

  /** Like `ReportWindow.admit`, for the window of `key`: -1 when held back, else the count held back. */
  admit(key: K, now: number): number {
    let window = this.windows.get(key);
    if (window === undefined) {
      if (this.windows.size >= this.maxKeys) {
        this.overflowCount++;
        window = this.overflow;
      } else {
        window = new ReportWindow(this.interval);
        this.windows.set(key, window);
      }
    }
    const held = window.admit(now);
    if (held < 0) this.heldTotal++;
    return held;
  }

  /** Reports held back since creation, over every key. */
  get heldBackTotal(): number {
    return this.heldTotal;
  }

  /** Reports whose key came after `maxKeys` others and so shared the overflow window. */
  get overflowed(): number {
    return this.overflowCount;
  }

  /** Keys with a window of their own. */
  get size(): number {
    return this.windows.size;
  }
}
