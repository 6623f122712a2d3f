/**
 * From an x86-64 instruction count to a share of one Cortex-A53 core (the Raspberry Pi Zero 2W's), the
 * arithmetic of `npm run bench:pi:instructions` (bench/pi-instructions.ts; docs/pi-projection.md says
 * why each assumption is what it is).
 *
 *   user share   = instructions/s (x86-64) x arm64Factor / (ipc x hz)
 *   kernel share = wake-ups/s x kernel µs per wake-up / 1e6
 *   share        = user share + kernel share
 */

/** Instructions per second of display from two runs that differ only in the seconds displayed. */
export function instructionsPerSecond(
  short: { readonly instructions: number; readonly seconds: number },
  long: { readonly instructions: number; readonly seconds: number },
): number {
  const ds = long.seconds - short.seconds;
  if (!(ds > 0))
    throw new RangeError(
      `instructionsPerSecond: the long run must display more seconds (${short.seconds} vs ${long.seconds})`,
    );
  const di = long.instructions - short.instructions;
  if (!(di > 0))
    throw new RangeError(
      `instructionsPerSecond: the long run counted no more instructions than the short one (${short.instructions} vs ${long.instructions})`,
    );
  return di / ds;
}

export interface A53Assumptions {
  /** AArch64 instructions per x86-64 instruction for the same V8-compiled JavaScript. */
  readonly arm64Factor: number;
  /** Instructions per cycle of the A53 on this code. */
  readonly ipc: number;
  /** Clock in Hz. */
  readonly hz: number;
  /** Kernel wake-ups (timer expiries, socket reads, sample reads) per second of display. */
  readonly wakeupsPerSecond: number;
  /** Kernel CPU per wake-up on the A53, µs. */
  readonly kernelUsPerWakeup: number;
}

export interface A53Share {
  /** User-space share of one core: the counted instructions, scaled to AArch64, at `ipc` x `hz`. */
  readonly user: number;
  /** Kernel share: wake-ups x µs each. */
  readonly kernel: number;
  readonly total: number;
}

/** The share of one A53 core that `x86InstructionsPerSecond` of user-space work needs, plus the kernel's. */
export function projectA53Share(x86InstructionsPerSecond: number, a: A53Assumptions): A53Share {
  for (const [name, v] of Object.entries({ x86InstructionsPerSecond, ...a }))
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0))
      throw new RangeError(`projectA53Share: ${name} must be a finite number >= 0, got ${String(v)}`);
  if (!(a.ipc > 0 && a.hz > 0))
    throw new RangeError(`projectA53Share: ipc and hz must be > 0, got ${a.ipc}, ${a.hz}`);
  const user = (x86InstructionsPerSecond * a.arm64Factor) / (a.ipc * a.hz);
  const kernel = (a.wakeupsPerSecond * a.kernelUsPerWakeup) / 1e6;
  return { user, kernel, total: user + kernel };
}
