import type * as Lib from '../../src/index.js';

export type Library = typeof Lib;
export declare const name: string;
export declare const FRAMES: number;
export declare function buildScene(
  lib: Library,
  conditions: boolean,
  restored?: Lib.TickAnimationEngine,
): { engine: Lib.TickAnimationEngine; coordination: Lib.CoordinationEngine };
export interface SceneRun {
  readonly frames: string;
  readonly events: string;
  readonly eventCount: number;
  readonly changedFrames: number;
  /** Event types seen, sorted. */
  readonly types: readonly string[];
  readonly counters: { actionErrors: number; cycleErrors: number; evaluations: number };
}
export declare function runScene(lib: Library, conditions: boolean, evaluateAt: readonly number[]): SceneRun;
export declare const everyTick: readonly number[];
export declare function run(lib: Library): { frames: string; events: string };
