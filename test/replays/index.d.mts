/** Module paths (relative to this folder) of the replays; each exports `name` and `run(lib)`. */
export declare const replays: readonly string[];
