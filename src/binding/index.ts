// Public names of the binding layer: this file only re-exports.
export {};
