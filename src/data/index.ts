// Public names of the data layer: this file only re-exports.
export {
  DEFAULT_PAYLOAD_LIMITS,
  describeValue,
  type FieldValue,
  type FieldVisitor,
  flattenPayload,
  PayloadError,
  type PayloadLimits,
  parseJsonPayload,
  REJECT_REASONS,
  type RejectReason,
  type RejectVisitor,
  type ResolvedLimits,
  resolvePayloadLimits,
} from './payload.js';
export {
  encodeRecordedEntry,
  parseRecordedEntry,
  RECORDING_VERSION,
  type RecordedEntry,
  RecordingFormatError,
} from './recording.js';
export type { DataSink, GapMarker, IngestOptions } from './sink.js';
