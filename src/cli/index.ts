// Public names of the CLI layer (for embedding and tests): this file only re-exports.
export {
  flagOption,
  type NumberRule,
  numberOption,
  type OptionSpec,
  type OptionSpecs,
  type ParsedArgs,
  parseArgs,
  parseNumber,
  SECONDS,
  stringOption,
} from './args.js';
export type { Command } from './command.js';
export {
  createSource,
  DEFAULT_INTERVAL_MS,
  DEFAULT_MQTT_KEEPALIVE_S,
  DEFAULT_STALE_AFTER_MS,
  defaultStaleAfterMs,
  type SourceSettings,
  SYNTHETIC_FIELDS,
  stableClientId,
} from './create-source.js';
export { type CliIo, processIo } from './io.js';
export { LineWriter, type LineWriterState } from './line-writer.js';
export { LiveRun, type LiveRunOptions, type LiveRunState, type StopReason } from './live-run.js';
export { type RecordingSummary, type SourceSummary, summarizeRecording } from './recording-summary.js';
export { COMMANDS, mainHelp, runCli } from './run.js';
export {
  type MqttSpecOptions,
  parseSourceSpec,
  SOURCE_FORMS,
  type SourceKind,
  type SourceSpec,
} from './source-spec.js';
export { EXIT, UsageError } from './usage-error.js';
