import type * as Advanced from '../../src/advanced.js';
import type * as Config from '../../src/config.js';
import type * as Lib from '../../src/index.js';

export type Library = typeof Lib & typeof Advanced & typeof Config;
export declare const name: string;
export declare const examples: readonly { readonly name: string; readonly ticks: readonly number[] }[];
export declare function exampleFile(example: string, file: string): string;
export declare function goldenName(example: string, tick: number): string;
export declare function renderExample(
  lib: Library,
  example: string,
  ticks?: readonly number[],
): Promise<{ frames: [number, Uint8Array][]; at: Map<number, Uint8Array> }>;
export declare function run(lib: Library): Promise<Record<string, string>>;
