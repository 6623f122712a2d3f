// Public names of the outputs layer: this file only re-exports.
export type { DisplayInfo, FrameUpdate, Output, OutputStats } from './output.js';
