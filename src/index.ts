/**
 * tinydisplay: live data to deterministic, frame-perfect animation on small displays.
 *
 * This file only re-exports; each layer's index chooses its public names. Layers depend one way:
 * clock <- animation <- coordination <- binding <- app; data is independent of the engine; sources feed
 * data; app joins them (pipeline, recorder, replay). math (platform-independent sin, exp, pow...) is a
 * leaf every layer may import.
 */

export * from './animation/index.js';
export * from './app/index.js';
export * from './binding/index.js';
export * from './clock/index.js';
export * from './config/index.js';
export * from './coordination/index.js';
export * from './data/index.js';
export * from './math/index.js';
export * from './outputs/index.js';
export * from './render/index.js';
export * from './sources/index.js';
export { VERSION } from './version.js';
