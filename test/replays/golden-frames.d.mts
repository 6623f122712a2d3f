import type * as Lib from '../../src/index.js';

export declare const name: string;
export declare function run(lib: typeof Lib): Record<string, string>;
