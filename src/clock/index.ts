// Public names of the clock layer: this file only re-exports.
export {};
