// Public names of the app layer: this file only re-exports.

export { dryInstall, followId, type Installed, install, refreshTexts, uninstall } from './display-spec.js';
export {
  DisplayPipeline,
  type DisplayPipelineOptions,
  type PipelineState,
  type TickResult,
} from './pipeline.js';
export { createMetricsExporter, type MetricsExporter, type MetricsExporterOptions } from './prometheus.js';
export { DataRecorder, type DataRecorderStats, unflattenFields } from './recorder.js';
export {
  parseRecording,
  type RealTimeReplayOptions,
  type ReplayOptions,
  type ReplayResult,
  replayFast,
  replayRealTime,
} from './replay.js';
export {
  DisplayRuntime,
  type DisplayRuntimeOptions,
  type RunResult,
  type RuntimeState,
} from './runtime.js';
