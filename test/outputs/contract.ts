/**
 * The contract every output passes, run by each output's test file: it opens, takes frames and
 * closes; a frame with nothing damaged sends nothing; its counters say what reached the device;
 * `close` can be called twice; and a write that fails is counted and reported once, never thrown.
 */
import { describe, expect, it } from 'vitest';
import type { DisplayInfo, Output } from '../../src/outputs/index.js';
import { Framebuffer } from '../../src/render/index.js';

export interface OutputFixture {
  readonly output: Output;
  /** Bytes the device, file or stream has received so far (read from the far side, not from `stats`). */
  delivered(): Promise<number>;
  /**
   * Make the device refuse the next write (a bus that stops answering, a file that cannot be written).
   * Absent where no write can be made to fail from outside: the harness then says why in `cannotFail`.
   */
  breakNext?(): void;
  teardown?(): Promise<void>;
}

export interface OutputHarness {
  readonly name: string;
  readonly display: DisplayInfo;
  /** `report` must be passed to the output as its failure report. */
  setup(report: (message: string, error: unknown) => void): Promise<OutputFixture>;
  /** Why this output's writes cannot be made to fail in a test (the failing-write case is then skipped, with this reason). */
  readonly cannotFail?: string;
}

/** A frame with a pattern that depends on `seed`, in the display's format. */
export function patternFrame(display: DisplayInfo, seed: number): Framebuffer {
  const fb = new Framebuffer({ width: display.width, height: display.height, format: display.format });
  const white = fb.ink('#ffffff');
  const accent = fb.ink('#3399ff');
  for (let y = 0; y < fb.height; y++) {
    for (let x = 0; x < fb.width; x++) {
      const v = (x * 7 + y * 13 + seed * 5) % 11;
      fb.set(x, y, v < 4 ? white : v < 6 ? accent : 0);
    }
  }
  return fb;
}

export function runOutputContract(harness: OutputHarness): void {
  const { display } = harness;
  const whole = [{ x: 0, y: 0, w: display.width, h: display.height }];
  const band = [{ x: 0, y: 8, w: display.width, h: 8 }];

  describe(`output contract: ${harness.name}`, () => {
    async function setup() {
      const reports: string[] = [];
      const fixture = await harness.setup((message) => reports.push(message));
      return { fixture, output: fixture.output, reports };
    }

    it('opens, takes frames, counts them and the bytes the device received, and closes', async () => {
      const { fixture, output } = await setup();
      try {
        await output.open(display);
        const fb = patternFrame(display, 1);
        await output.write({ tick: 0, framebuffer: fb, damage: whole });
        fb.copyFrom(patternFrame(display, 2));
        await output.write({ tick: 1, framebuffer: fb, damage: whole });
        await output.close();
        expect(output.stats.frames).toBe(2);
        expect(output.stats.errors).toBe(0);
        expect(output.stats.bytes).toBeGreaterThan(0);
        expect(output.stats.bytes).toBe(await fixture.delivered());
      } finally {
        await fixture.teardown?.();
      }
    });

    it('sends nothing for a frame with nothing damaged, and does not count it', async () => {
      const { fixture, output } = await setup();
      try {
        await output.open(display);
        const fb = patternFrame(display, 3);
        await output.write({ tick: 0, framebuffer: fb, damage: whole });
        const before = { ...output.stats };
        const delivered = await fixture.delivered();
        await output.write({ tick: 1, framebuffer: fb, damage: [] });
        await output.write({ tick: 2, framebuffer: fb, damage: [] });
        expect(await fixture.delivered()).toBe(delivered);
        expect(output.stats.frames).toBe(before.frames);
        expect(output.stats.bytes).toBe(before.bytes);
        await output.close();
      } finally {
        await fixture.teardown?.();
      }
    });

    it('closes twice without complaint, and refuses frames after closing', async () => {
      const { fixture, output } = await setup();
      try {
        await output.open(display);
        await output.write({ tick: 0, framebuffer: patternFrame(display, 4), damage: whole });
        await output.close();
        const after = { ...output.stats };
        await expect(output.close()).resolves.toBeUndefined();
        expect(output.stats).toEqual(after);
        await expect(
          (async () => output.write({ tick: 1, framebuffer: patternFrame(display, 5), damage: whole }))(),
        ).rejects.toThrow(/open/);
      } finally {
        await fixture.teardown?.();
      }
    });

    it.skipIf(harness.cannotFail !== undefined)(
      `counts a failing write in stats.errors, reports it once and does not throw${harness.cannotFail ? ` (skipped: ${harness.cannotFail})` : ''}`,
      async () => {
        const { fixture, output, reports } = await setup();
        try {
          await output.open(display);
          const fb = patternFrame(display, 6);
          await output.write({ tick: 0, framebuffer: fb, damage: whole });
          fixture.breakNext?.();
          fb.copyFrom(patternFrame(display, 7));
          await expect(
            (async () => output.write({ tick: 1, framebuffer: fb, damage: band }))(),
          ).resolves.toBeUndefined();
          fb.copyFrom(patternFrame(display, 8));
          await output.write({ tick: 2, framebuffer: fb, damage: whole });
          await expect(output.close()).resolves.toBeUndefined();
          expect(output.stats.errors).toBe(1);
          expect(reports).toHaveLength(1);
          expect(reports[0]).toContain(output.name);
          expect(output.stats.bytes).toBe(await fixture.delivered());
        } finally {
          await fixture.teardown?.();
        }
      },
    );
  });
}
