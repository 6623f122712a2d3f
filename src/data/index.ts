// Public names of the data layer: this file only re-exports.

export { RATE_BUCKETS, RateCounter } from '../util/index.js';
export { type BatchClock, batchClock } from './batch-clock.js';
export type { ColumnInfo, FieldType, NumberPrecision } from './columns.js';
export { DataCursor } from './cursor.js';
export {
  DataStore,
  type DataStoreOptions,
  type KeyRef,
  type KeySnapshot,
  type KeyStatus,
  type KeysMetrics,
  type TrackOptions,
} from './data-store.js';
export {
  type BufferUsage,
  type DataLayerMetrics,
  DataLayerMonitor,
  type DataLayerMonitorOptions,
  type LatencySnapshot,
  type MonitorSections,
  type RateSnapshot,
} from './monitor.js';
export {
  DEFAULT_PAYLOAD_LIMITS,
  describeValue,
  type FieldValue,
  type FieldVisitor,
  flattenPayload,
  isForbiddenKey,
  PayloadError,
  type PayloadLimits,
  parseJsonPayload,
  payloadError,
  REJECT_REASONS,
  type RejectReason,
  type RejectVisitor,
  type ResolvedLimits,
  resolvePayloadLimits,
} from './payload.js';
export {
  encodeRecordedEntry,
  MAX_RECORDING_DEPTH,
  parseRecordedEntry,
  RECORDING_VERSION,
  type RecordedEntry,
  RecordingFormatError,
} from './recording.js';
export { defaultErrorSink, type ErrorSink, RateLimitedReporter } from './reporter.js';
export { type DataListener, RingBuffer, type RingBufferStats } from './ring-buffer.js';
export type { RingBufferOptions } from './ring-options.js';
export {
  type ColumnarStore,
  type DataPoint,
  FLAG_GAP_END,
  FLAG_GAP_START,
  FLAG_OUT_OF_ORDER,
  FLAG_PARTIAL,
  type PointKind,
  type ReadableColumn,
  type ReadResult,
  type WindowStats,
} from './ring-reads.js';
// Shape tables for the sources' edge check (advanced: payload shapes and their compiled checks).
export { compileShapeFunction, MAX_SHAPE_KEYS, ShapeCache, type ShapeColumn, ShapeTable } from './shapes.js';
export {
  type SharedRingAttachOptions,
  SharedRingBuffer,
  type SharedRingBufferOptions,
  type SharedRingHandle,
} from './shared-ring-buffer.js';
export type { DataSink, GapMarker, IngestOptions } from './sink.js';
