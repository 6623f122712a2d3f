import type * as Lib from '../../src/index.js';

export type Library = typeof Lib;
export interface GoldenScreen {
  readonly name: string;
  /** The ticks whose PNG files are committed. */
  readonly ticks: readonly number[];
  build(lib: Library): { scene: Lib.Scene; step(tick: number): void };
}
export declare const goldenScreens: readonly GoldenScreen[];
export declare function pictogram(rows: readonly string[]): Lib.RgbaImage;
export declare function renderGolden(lib: Library, screen: GoldenScreen): Map<number, Uint8Array>;
export declare function goldenFile(screen: GoldenScreen, tick: number): string;
