// Public names of the outputs layer: this file only re-exports.
export type { DisplayInfo, FrameUpdate, Output, OutputStats } from './output.js';
export type { FrameHistoryStats } from './simulator/history.js';
export {
  type SimulatorOptions,
  SimulatorOutput,
  type SimulatorStats,
  type SimulatorStatus,
} from './simulator/server.js';
