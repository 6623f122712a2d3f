/**
 * The source ids one `RingBuffer` has seen: a small index per id (stored per point in a Uint16Array),
 * the last source timestamp per source (to flag points whose own time went backwards), and each
 * source's index in the monitor. Bounded by `maxSources`: one more is an error naming the id.
 */
import type { DataLayerMonitor } from './monitor.js';
import { FLAG_OUT_OF_ORDER } from './ring-reads.js';

export class SourceTable {
  private readonly indexes = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly monitorIndexes: number[] = [];
  private readonly lastSourceTimes: number[] = [];
  // A stream repeats its source id: remember the last one to skip the Map lookup.
  private lastId = '';
  private lastIndex = -1;

  constructor(
    private readonly maxSources: number,
    private readonly monitor: DataLayerMonitor | undefined,
  ) {}

  /** The index of `sourceId`, added on first sight. */
  indexOf(sourceId: string): number {
    if (sourceId === this.lastId && this.lastIndex >= 0) return this.lastIndex;
    let index = this.indexes.get(sourceId);
    if (index === undefined) {
      if (typeof sourceId !== 'string') {
        throw new TypeError(`RingBuffer: sourceId must be a string, got ${typeof sourceId}`);
      }
      if (this.names.length >= this.maxSources) {
        throw new RangeError(
          `RingBuffer: source "${sourceId}" is one more than maxSources ${this.maxSources}`,
        );
      }
      index = this.names.length;
      this.names.push(sourceId);
      this.indexes.set(sourceId, index);
      this.lastSourceTimes.push(Number.NEGATIVE_INFINITY);
      this.monitorIndexes.push(this.monitor?.sourceIndex(sourceId) ?? 0);
    }
    this.lastId = sourceId;
    this.lastIndex = index;
    return index;
  }

  /** The source id of an index (`''` for an unknown one). */
  idOf(index: number): string {
    return this.names[index] ?? '';
  }

  /** The monitor's index for source `index`. */
  monitorIndex(index: number): number {
    return this.monitorIndexes[index] as number;
  }

  /** `FLAG_OUT_OF_ORDER` when `sourceTime` is below the source's last one, else 0 (and it becomes the last). */
  checkSourceTime(index: number, sourceTime: number): number {
    if (sourceTime < (this.lastSourceTimes[index] as number)) return FLAG_OUT_OF_ORDER;
    this.lastSourceTimes[index] = sourceTime;
    return 0;
  }
}
