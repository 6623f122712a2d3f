/**
 * Where sources put what they receive. `RingBuffer` implements it; sources depend on this interface
 * only, so a test can pass a recorder of its own.
 */
export interface IngestOptions {
  /**
   * Arrival time in ms on the buffer's monotonic clock. Leave unset: the buffer stamps the point from
   * its own clock. Replay sets it from the recording so the same stamps give the same ticks.
   */
  readonly arrivalTime?: number;
  /** The time the source itself put on the point (ms), if any; kept to flag out-of-order data. */
  readonly sourceTime?: number;
}

/**
 * A marker in the data stream: `gap-start` when a live stream was interrupted, `gap-end` when it
 * came back.
 */
export type GapMarker = 'gap-start' | 'gap-end';

/**
 * Where sources write: one point at a time (`addDataPoint`, returns its sequence or -1) and gap
 * markers (`addMarker`); a `RingBuffer` is one.
 */
export interface DataSink {
  /**
   * Ingest one point. Returns its sequence number (monotonic per buffer), or -1 when the sink's
   * overflow policy refused it because it was full (`RingBuffer` with `overflow: 'reject-newest'`;
   * counted as `rejectedFull`). Throws a `PayloadError` naming the field and the value when the
   * payload is refused (and counts the refusal).
   */
  addDataPoint(data: Readonly<Record<string, unknown>>, sourceId?: string, options?: IngestOptions): number;
  /**
   * Record that `sourceId`'s stream was interrupted (`gap-start`) or came back (`gap-end`). Returns the
   * marker's sequence number (or -1, as for `addDataPoint`, when a full reject-newest buffer refused it).
   */
  addMarker(sourceId: string, marker: GapMarker, options?: IngestOptions): number;
}
