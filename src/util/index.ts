// Small building blocks every layer may use; util imports nothing from the layers.
export { BucketCounter } from './bucket-counter.js';
export type { ErrorSink } from './error-sink.js';
export { Histogram, type HistogramSnapshot } from './histogram.js';
export { KeyedReportGate } from './keyed-report-gate.js';
export { RATE_BUCKETS, RateCounter } from './rate-counter.js';
export { ReasonCounts } from './reason-counts.js';
export { redactUrlPassword } from './redact.js';
export { refuseRenamedOptions } from './renamed-options.js';
export { ReportWindow } from './report-window.js';
