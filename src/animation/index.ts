// Public names of the animation layer: this file only re-exports.
export {};
