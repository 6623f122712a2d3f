// Public names of the app layer: this file only re-exports.
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
