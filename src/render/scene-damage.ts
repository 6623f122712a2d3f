/**
 * The damaged rectangles of one frame: collected from the widgets that changed, clipped to the
 * screen, grown to whole 8-row pages for mono panels, and merged until no two overlap (outputs send
 * each rectangle once). Bounded: at `capacity` rectangles a new one is merged into the nearest, and
 * the merge is counted. Preallocated: a frame allocates nothing here.
 */
import type { MutableRect, Rect } from './rect.js';

export class DamageList {
  readonly capacity: number;
  readonly #width: number;
  readonly #height: number;
  readonly #pages: boolean;
  readonly #pool: MutableRect[] = [];
  /** `views[n]` is the first n rectangles of the pool: what `rects` hands out, built once. */
  readonly #views: (readonly Rect[])[] = [];
  #count = 0;
  /** Rectangles merged into another because the list was full. */
  overflowMerges = 0;

  constructor(capacity: number, width: number, height: number, pages: boolean) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 256) {
      throw new RangeError(
        `DamageList: 'capacity' must be an integer from 1 to 256, received ${String(capacity)}`,
      );
    }
    this.capacity = capacity;
    this.#width = width;
    this.#height = height;
    this.#pages = pages;
    for (let i = 0; i < capacity; i++) this.#pool.push({ x: 0, y: 0, w: 0, h: 0 });
    for (let n = 0; n <= capacity; n++) this.#views.push(this.#pool.slice(0, n));
  }

  get count(): number {
    return this.#count;
  }

  /** The rectangles, valid until the next `clear` (the array and its rectangles are reused). */
  get rects(): readonly Rect[] {
    return this.#views[this.#count] as readonly Rect[];
  }

  clear(): void {
    this.#count = 0;
  }

  /** Add a rectangle (clipped to the screen; empty ones are ignored). */
  add(x: number, y: number, w: number, h: number): void {
    const x0 = Math.max(0, x);
    let y0 = Math.max(0, y);
    const x1 = Math.min(this.#width, x + w);
    let y1 = Math.min(this.#height, y + h);
    if (x1 <= x0 || y1 <= y0) return;
    if (this.#pages) {
      y0 &= ~7;
      y1 = Math.min(this.#height, (y1 + 7) & ~7);
    }
    if (this.#count === this.capacity) {
      // Full: grow the rectangle whose union with this one adds the least area.
      let best = 0;
      let bestGrowth = Number.POSITIVE_INFINITY;
      for (let i = 0; i < this.#count; i++) {
        const r = this.#pool[i] as MutableRect;
        const growth =
          (Math.max(r.x + r.w, x1) - Math.min(r.x, x0)) * (Math.max(r.y + r.h, y1) - Math.min(r.y, y0)) -
          r.w * r.h;
        if (growth < bestGrowth) {
          bestGrowth = growth;
          best = i;
        }
      }
      this.overflowMerges++;
      unionInto(this.#pool[best] as MutableRect, x0, y0, x1 - x0, y1 - y0);
    } else {
      const r = this.#pool[this.#count++] as MutableRect;
      r.x = x0;
      r.y = y0;
      r.w = x1 - x0;
      r.h = y1 - y0;
    }
    this.#mergeOverlaps();
  }

  /** Whether the list covers the whole screen with one rectangle. */
  get whole(): boolean {
    const r = this.#pool[0] as MutableRect;
    return this.#count === 1 && r.x === 0 && r.y === 0 && r.w === this.#width && r.h === this.#height;
  }

  /** Merge rectangles that overlap (or are contained) until none do. */
  #mergeOverlaps(): void {
    const pool = this.#pool;
    let merged = true;
    while (merged) {
      merged = false;
      for (let i = 0; i < this.#count && !merged; i++) {
        const a = pool[i] as MutableRect;
        for (let j = i + 1; j < this.#count; j++) {
          const b = pool[j] as MutableRect;
          if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) {
            unionInto(a, b.x, b.y, b.w, b.h);
            // Move the last rectangle into j's place (the objects stay in the pool).
            const last = pool[--this.#count] as MutableRect;
            b.x = last.x;
            b.y = last.y;
            b.w = last.w;
            b.h = last.h;
            merged = true;
            break;
          }
        }
      }
    }
  }
}

function unionInto(r: MutableRect, x: number, y: number, w: number, h: number): void {
  const x0 = Math.min(r.x, x);
  const y0 = Math.min(r.y, y);
  r.w = Math.max(r.x + r.w, x + w) - x0;
  r.h = Math.max(r.y + r.h, y + h) - y0;
  r.x = x0;
  r.y = y0;
}
