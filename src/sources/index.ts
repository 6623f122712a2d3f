// Public names of the sources layer: this file only re-exports.
export {
  type BackoffOptions,
  DEFAULT_BACKOFF,
  delayCeiling,
  nextDelay,
  type ResolvedBackoff,
  resolveBackoff,
} from './backoff.js';
export { type SourceClock, systemClock, type TimerHandle } from './clock.js';
export type { SourceEventName, SourceEvents, SourceListener } from './events.js';
export { type FileReplayOptions, FileReplaySource, type FileReplayStats } from './file-replay.js';
export {
  checkPayloadFormat,
  PAYLOAD_FORMATS,
  type PayloadFormat,
  PayloadGate,
  type TextShape,
} from './gate.js';
export { SourceGroup } from './group.js';
export { Heartbeat, type HeartbeatStats } from './heartbeat.js';
export { type HttpPollOptions, HttpPollSource, type HttpPollStats } from './http-poll.js';
export { DEFAULT_MAX_LINE_LENGTH, LineSplitter } from './line-splitter.js';
export type { SourceMetrics, SourcesMetrics } from './metrics.js';
export { MqttSource, type MqttSourceOptions, type MqttSourceStats, type MqttTopic } from './mqtt.js';
export type { MqttTlsOptions } from './mqtt-client.js';
export { parsePlainNumber, type ScanMeter } from './number-text.js';
export {
  LOSS_REASONS,
  type LossReason,
  REFUSAL_REASONS,
  type RefusalReason,
  SourceRefusal,
} from './refusal.js';
export {
  defaultSourceErrorSink,
  type SourceErrorReport,
  type SourceErrorSink,
  type SourceReportKind,
} from './reporter.js';
export { CompiledSchema, type FieldRule, type SourceSchema } from './schema.js';
export {
  type DeliveryGuarantee,
  SOURCE_STATES,
  type Source,
  type SourceContext,
  type SourceState,
} from './source.js';
export { type StdinNdjsonOptions, StdinNdjsonSource } from './stdin.js';
export { SourceSupervisor } from './supervisor.js';
export type { SupervisorOptions } from './supervisor-options.js';
export {
  SyntheticGenerator,
  SyntheticSource,
  type SyntheticSourceOptions,
  seededUnit,
  type Waveform,
} from './synthetic.js';
export {
  nodeSystemProbe,
  SYSTEM_METRIC_KEYS,
  type SystemMetricsOptions,
  SystemMetricsSource,
  type SystemProbe,
} from './system-metrics.js';
export {
  type CpuTimes,
  counterRate,
  cpuPercent,
  parseDiskstats,
  parseMeminfo,
  parseMillidegrees,
  parseNetDev,
  physicalDisks,
  sumCpuTimes,
} from './system-parse.js';
export { type TcpNdjsonOptions, TcpNdjsonSource, type TcpNdjsonStats } from './tcp.js';
export { matchTopic, parseTopicFilter, type TopicFilter, topicKey } from './topic-filter.js';
export { WebSocketSource, type WebSocketSourceOptions } from './websocket.js';
