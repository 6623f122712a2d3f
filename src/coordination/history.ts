import type { CoordinationEvent } from './events.js';

/**
 * A bounded ring of coordination events, oldest first. At the limit the oldest event is overwritten
 * and counted in `dropped`, so "lost" is always a number a user can read.
 */
export class EventHistory {
  /** Most events held at once. */
  readonly capacity: number;
  #slots: (CoordinationEvent | undefined)[];
  #head = 0;
  #size = 0;
  #dropped = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`historyLimit: expected an integer >= 1, received ${String(capacity)}`);
    }
    this.capacity = capacity;
    this.#slots = new Array<CoordinationEvent | undefined>(capacity).fill(undefined);
  }

  /** Events held now. */
  get size(): number {
    return this.#size;
  }

  /** Events overwritten because the ring was full, since creation or the last `clear`. */
  get dropped(): number {
    return this.#dropped;
  }

  push(event: CoordinationEvent): void {
    const idx = (this.#head + this.#size) % this.capacity;
    if (this.#size === this.capacity) {
      this.#slots[this.#head] = event;
      this.#head = (this.#head + 1) % this.capacity;
      this.#dropped++;
    } else {
      this.#slots[idx] = event;
      this.#size++;
    }
  }

  /** A copy of the held events, oldest first. */
  toArray(): CoordinationEvent[] {
    const out: CoordinationEvent[] = [];
    for (let i = 0; i < this.#size; i++) {
      const e = this.#slots[(this.#head + i) % this.capacity];
      if (e !== undefined) out.push(e);
    }
    return out;
  }

  /** The newest event, if any. */
  last(): CoordinationEvent | undefined {
    if (this.#size === 0) return undefined;
    return this.#slots[(this.#head + this.#size - 1) % this.capacity];
  }

  clear(): void {
    this.#slots.fill(undefined);
    this.#head = 0;
    this.#size = 0;
    this.#dropped = 0;
  }
}
