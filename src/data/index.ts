// Public names of the data layer: this file only re-exports.
export {};
