/**
 * The one interface every transport implements, and the context the supervisor hands it.
 *
 * A `Source` opens ONE connection per `start(ctx)` call and resolves once data can flow; the
 * `SourceSupervisor` owns everything around that: reconnecting with backoff, silence, gap markers,
 * validation and counters. A transport therefore never retries by itself.
 */
import type { GapMarker, IngestOptions } from '../data/index.js';
import type { SourceClock } from './clock.js';
import type { TextShape } from './gate.js';
import type { LossReason, RefusalReason } from './refusal.js';

/**
 * The state of a supervised source's connection (not of its keys: a key's status is the data layer's
 * `fresh | stale | no-data`):
 * - `connecting`: a connection attempt is under way.
 * - `live`: connected, data arrived within `silentAfterMs`.
 * - `silent`: connected, but no data for `silentAfterMs` ms.
 * - `backoff`: the connection failed or dropped; waiting before the next attempt.
 * - `stopped`: not running (before start, after stop, or a finite source reached its end).
 * - `failed`: gave up after `maxAttempts` consecutive failed attempts.
 */
export type SourceState = 'connecting' | 'live' | 'silent' | 'backoff' | 'stopped' | 'failed';

/** Every `SourceState`, in the order the monitor lists them. */
export const SOURCE_STATES: readonly SourceState[] = [
  'connecting',
  'live',
  'silent',
  'backoff',
  'stopped',
  'failed',
];

/** What a transport may do while its connection is open. One context per connection attempt. */
export interface SourceContext {
  /** The id the supervisor writes points under. */
  readonly sourceId: string;
  /** Time and timers: use these, never the globals, so tests can fake time. */
  readonly clock: SourceClock;
  /**
   * Deliver one decoded payload (an object of fields). It is checked (limits, forbidden keys,
   * non-finite numbers, the schema) and written to the sink. `bytes` is its size on the wire.
   * Returns the sequence number, or -1 when refused (and counted).
   */
  deliver(data: unknown, bytes: number, options?: IngestOptions): number;
  /**
   * Deliver raw text. Without a shape: a JSON object. With a key (a string, or `shape.key`): the
   * value read in `shape.format` (default `auto`: a plain number, JSON, or a string) under that key.
   * `shape.origin` (a topic) is named in refusals. Returns the sequence number or -1.
   */
  deliverText(text: string, shape?: string | TextShape, options?: IngestOptions): number;
  /** Pass on a gap marker found in the data itself (a recording). */
  marker(marker: GapMarker, options?: IngestOptions): void;
  /** Count a refusal the transport detected itself (a line too long). */
  refuse(reason: RefusalReason, field: string, value: unknown): void;
  /** Count points lost inside the transport. */
  lose(reason: LossReason, count: number): void;
  /** Count messages received twice (a redelivery the transport recognised and did not deliver). */
  duplicate(count: number): void;
  /** The connection is alive though no data came (an HTTP 304): keeps the source from going silent. */
  touch(): void;
  /** The open connection was lost. The supervisor records the gap and reconnects with backoff. */
  disconnected(error?: unknown): void;
  /** A finite source (a file, stdin) reached its end: the supervisor stops it. */
  ended(): void;
}

/**
 * What a transport can say about points that never reached it:
 * - `complete`: nothing is lost outside what it counts (a file, stdin, a generator);
 * - `at-least-once`: a session holds messages while the connection is down (MQTT QoS 1 with a
 *   persistent session); what the far side drops beyond its own queue is not knowable here;
 * - `at-most-once`: what is sent while the connection is down is gone, and not counted.
 * A publisher's sequence field (`sequenceField`) makes loss countable whatever the transport.
 */
export type DeliveryGuarantee = 'complete' | 'at-least-once' | 'at-most-once';

/**
 * The one interface every transport implements: `start` opens one connection through a
 * `SourceContext`, `stop` closes it; reconnecting, checks and counting are the supervisor's.
 */
export interface Source {
  /** Unique id, written with every point (`sourceId`). */
  readonly id: string;
  /** The transport's name (`mqtt`, `websocket`, ...), for the monitor. */
  readonly kind: string;
  /** Default `at-most-once`. */
  readonly delivery?: DeliveryGuarantee;
  /**
   * Stop reading for now (back-pressure: a slow consumer downstream); what the far side sends waits
   * in its own buffers. Absent when the transport cannot be paused. Idempotent.
   */
  pause?(): void;
  /** Read again after `pause`. Idempotent. */
  resume?(): void;
  /**
   * Open one connection. Resolves when data can flow; rejects when the attempt failed (the
   * supervisor then backs off and calls `start` again). Must not retry by itself.
   */
  start(ctx: SourceContext): Promise<void>;
  /**
   * Flush what was received, close the connection and release every handle (sockets, timers,
   * files). Called after a drop too, before the next `start`. Must be safe to call twice.
   */
  stop(): Promise<void>;
}
