// Types of bench/pi-display.mjs for the TypeScript benches that import it.
import type { DisplayPipeline, FrameUpdate, Scene, Ssd1306Output } from '../src/index.js';

export const PI_FPS: number;
export const PI_RATE: number;
export const PI_WIDTH: number;
export const PI_HEIGHT: number;
export function sensorPayload(n: number, rate?: number): string;
export function piDisplay(
  lib: Record<string, unknown>,
  options: { now?: () => number; scheduler?: unknown; onFrame: (update: FrameUpdate) => void },
): { pipeline: DisplayPipeline; scene: Scene };
export function nullBusSsd1306(lib: Record<string, unknown>): {
  output: Ssd1306Output;
  bus: { readonly bytes: number; readonly writes: number };
};
export function simulatedPiDisplay(
  lib: Record<string, unknown>,
  who: string,
): Promise<{ pipeline: DisplayPipeline; scene: Scene; second: () => void; close: () => Promise<void> }>;
