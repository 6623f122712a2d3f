// Public names of the coordination layer: this file only re-exports.
export {};
