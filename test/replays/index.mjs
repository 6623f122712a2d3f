// The replays whose hashes must be the same on every platform: the golden test (test/golden) checks
// them against test/golden/replays.json, and scripts/arm64-check.sh runs them under an arm64 Node and
// compares with x86_64. To add one (golden frames, an example recording), write a module next to
// these that exports `name` and `run(lib)` -> { [key]: sha256 hex }, where `lib` is the library's
// public API with its advanced and config subpaths as one object (src/index.ts + src/advanced.ts +
// src/config.ts under vitest, the same in dist/ in scripts), list it here, and run
// `npm run goldens` to record its hashes.
export const replays = [
  './easing-grid.mjs',
  './determinism-scene.mjs',
  './golden-frames.mjs',
  './examples.mjs',
];
