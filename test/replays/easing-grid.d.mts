import type * as Lib from '../../src/index.js';

export declare const name: string;
export declare const GRID: string;
export declare function gridInputs(): Float64Array;
export declare function easings(lib: typeof Lib): [string, Lib.EasingFn][];
export declare function run(lib: typeof Lib): Record<string, string>;
