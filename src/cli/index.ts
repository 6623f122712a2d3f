// Public names of the CLI layer (for embedding and tests): this file only re-exports.

export {
  createSource,
  DEFAULT_INTERVAL_MS,
  DEFAULT_MQTT_KEEPALIVE_S,
  DEFAULT_SILENT_AFTER_MS,
  defaultSilentAfterMs,
  type SourceSettings,
  SYNTHETIC_FIELDS,
  stableClientId,
} from './create-source.js';
export { type CliIo, processIo } from './io.js';
export { LineWriter, type LineWriterState } from './line-writer.js';
export { LiveRun, type LiveRunOptions, type LiveRunState, type StopReason } from './live-run.js';
export {
  type NumberRule,
  numberValue,
  parseNumber,
  parseTime,
  textValue,
  timeValue,
  type ValueParser,
} from './option-values.js';
export { buildProgram, type CommandModule, type ProgramResult } from './program.js';
export { type RecordingSummary, type SourceSummary, summarizeRecording } from './recording-summary.js';
export { commandNames, runCli } from './run.js';
export { SOURCE_FORMS, SOURCE_HELP } from './source-help.js';
export {
  type MqttSpecOptions,
  parseSourceSpec,
  type SourceKind,
  type SourceSpec,
} from './source-spec.js';
export { EXIT, EXIT_HELP, UsageError } from './usage-error.js';
