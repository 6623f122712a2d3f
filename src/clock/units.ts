/**
 * Conversions between milliseconds and ticks. The engine counts ticks only; the public API may take
 * milliseconds and converts once, here, with one rounding rule.
 *
 * Rounding rule (the only one in the library): `ticks = floor(ms × fps / 1000 + 0.5)`, i.e. round half
 * up, with a minimum of 0. The product is first rounded to 1e-9 tick so that float noise
 * (`8.333…ms × 60 / 1000 = 0.49999999999`) does not decide a tie.
 */

function checkFps(fps: number, fn: string): void {
  if (!Number.isFinite(fps) || fps <= 0) {
    throw new RangeError(`${fn}: fps must be a finite number > 0, received ${String(fps)}`);
  }
}

/**
 * Milliseconds to whole ticks at `fps` frames per second: round half up, minimum 0.
 * `msToTicks(25, 60)` is 2 (1.5 ticks rounds up), `msToTicks(24, 60)` is 1 (1.44), negative ms give 0.
 */
export function msToTicks(ms: number, fps: number): number {
  checkFps(fps, 'msToTicks');
  if (!Number.isFinite(ms)) {
    throw new RangeError(`msToTicks: ms must be a finite number, received ${String(ms)}`);
  }
  const exact = Math.round(((ms * fps) / 1000) * 1e9) / 1e9;
  return Math.max(0, Math.floor(exact + 0.5));
}

/** Ticks to milliseconds at `fps`: `ticks × 1000 / fps`, not rounded (a tick is 16.67 ms at 60 fps). */
export function ticksToMs(ticks: number, fps: number): number {
  checkFps(fps, 'ticksToMs');
  if (!Number.isFinite(ticks)) {
    throw new RangeError(`ticksToMs: ticks must be a finite number, received ${String(ticks)}`);
  }
  return (ticks * 1000) / fps;
}
