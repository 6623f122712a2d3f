/** Mono framebuffer pixels as text, one string per row: `#` lit, `.` dark. */
import type { Framebuffer, Rect } from '../../src/render/index.js';

export function ascii(fb: Framebuffer, r: Rect = { x: 0, y: 0, w: fb.width, h: fb.height }): string[] {
  const rows: string[] = [];
  for (let y = r.y; y < r.y + r.h; y++) {
    let row = '';
    for (let x = r.x; x < r.x + r.w; x++) row += fb.get(x, y) ? '#' : '.';
    rows.push(row);
  }
  return rows;
}

/** A key-status source whose answers the test sets, refusing keys it was not told about. */
export class FakeStatus {
  readonly #status = new Map<string, 'fresh' | 'stale' | 'no-data'>();
  set(key: string, status: 'fresh' | 'stale' | 'no-data'): void {
    this.#status.set(key, status);
  }
  statusOf(key: string): 'fresh' | 'stale' | 'no-data' {
    const s = this.#status.get(key);
    if (s === undefined) throw new RangeError(`FakeStatus: unknown key '${key}'`);
    return s;
  }
}
