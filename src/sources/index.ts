// Public names of the sources layer: this file only re-exports.
export {};
