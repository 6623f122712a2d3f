/**
 * The supervisor around every source: one state machine (`SourceState`), reconnects with capped
 * exponential backoff and full jitter, the connection's silence (connected, no data), gap markers in the sink,
 * validation at the edge, and the counters the monitor reads (counting and reports in tally.ts,
 * time per state in state-times.ts).
 */
import { type DataSink, type GapMarker, type IngestOptions, PayloadError } from '../data/index.js';
import { refuseRenamedOptions } from '../util/index.js';
import { nextDelay, type ResolvedBackoff, resolveBackoff } from './backoff.js';
import { type SourceClock, systemClock, type TimerHandle } from './clock.js';
import { Connection } from './connection.js';
import { SourceEventEmitter, type SourceEventName, type SourceListener } from './events.js';
import { PayloadGate, type TextShape } from './gate.js';
import type { SourceMetrics } from './metrics.js';
import { type LossReason, type RefusalReason, SourceRefusal } from './refusal.js';
import { defaultSourceErrorSink, showValue } from './reporter.js';
import type { Source, SourceState } from './source.js';
import { StateTimes } from './state-times.js';
import { positiveMs, RENAMED_SUPERVISOR_OPTIONS, type SupervisorOptions } from './supervisor-options.js';
import { SourceTally, toError } from './tally.js';

/** A sequence number this far below the highest seen means the publisher started again. */
const SEQUENCE_RESTART = 1024;

function sequenceFieldOption(field: unknown): string | undefined {
  if (field === undefined) return undefined;
  if (typeof field !== 'string' || field === '' || field.startsWith('.') || field.endsWith('.'))
    throw new TypeError(
      `SourceSupervisor option "sequenceField": expected a dotted field path, got ${showValue(field)}`,
    );
  return field;
}

/**
 * Runs one `Source`: its connection state machine, reconnects with capped exponential backoff and
 * full jitter, silence after `silentAfterMs`, gap markers, edge checks, and the counters of
 * `metrics()`.
 */
export class SourceSupervisor {
  readonly id: string;
  readonly kind: string;
  readonly clock: SourceClock;
  private readonly sink: DataSink;
  private readonly backoff: ResolvedBackoff;
  private readonly silentAfterMs: number;
  private readonly connectTimeoutMs: number;
  private readonly random: () => number;
  private readonly gate: PayloadGate;
  private readonly tally: SourceTally;
  private readonly events = new SourceEventEmitter();
  private readonly sequenceField: string | undefined;
  /** The highest sequence number seen (`sequenceField`), or undefined before the first. */
  private lastSequence: number | undefined;
  private duplicateCount = 0;
  private sequenceResets = 0;
  private paused = false;

  private currentState: SourceState = 'stopped';
  private readonly stateTimes: StateTimes;
  private generation = 0;
  private stopping = false;
  private attempts = 0;
  private reconnectCount = 0;
  private gapCount = 0;
  private gapOpen = false;
  private connectedAt = 0;
  private lastDataAt = 0;
  private connectTimer: TimerHandle | null = null;
  private retryTimer: TimerHandle | null = null;
  private silenceTimer: TimerHandle | null = null;
  private closing: Promise<void> = Promise.resolve();
  private closed = true;

  constructor(
    readonly source: Source,
    options: SupervisorOptions,
  ) {
    if (typeof source?.id !== 'string' || source.id === '')
      throw new TypeError(
        `SourceSupervisor source.id: expected a non-empty string, got ${showValue(source?.id)}`,
      );
    if (typeof options?.sink?.addDataPoint !== 'function' || typeof options.sink.addMarker !== 'function')
      throw new TypeError('SourceSupervisor option "sink": expected a DataSink (addDataPoint, addMarker)');
    refuseRenamedOptions('SourceSupervisor', options, RENAMED_SUPERVISOR_OPTIONS);
    this.id = source.id;
    this.kind = source.kind;
    this.sink = options.sink;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.backoff = resolveBackoff(options.backoff);
    this.silentAfterMs = positiveMs('silentAfterMs', options.silentAfterMs, Number.POSITIVE_INFINITY);
    this.connectTimeoutMs = positiveMs('connectTimeoutMs', options.connectTimeoutMs, 10_000);
    this.sequenceField = sequenceFieldOption(options.sequenceField);
    this.gate = new PayloadGate(options.limits, options.schema, this.sequenceField);
    this.tally = new SourceTally(
      this.id,
      options.onError ?? defaultSourceErrorSink,
      positiveMs('reportIntervalMs', options.reportIntervalMs, 10_000),
    );
    this.stateTimes = new StateTimes('stopped', this.clock.now());
  }

  get state(): SourceState {
    return this.currentState;
  }

  /** Subscribe to a typed event; returns the unsubscribe function. */
  on<E extends SourceEventName>(name: E, listener: SourceListener<E>): () => void {
    return this.events.on(name, listener);
  }

  /** Can the source be paused (`pause`)? */
  get pausable(): boolean {
    return typeof this.source.pause === 'function' && typeof this.source.resume === 'function';
  }

  /**
   * Back-pressure: ask the source to stop reading (what its far side sends waits there). Returns
   * false when the transport cannot be paused (its points keep coming). Kept across reconnects.
   */
  pause(): boolean {
    if (!this.pausable) return false;
    this.paused = true;
    this.source.pause?.();
    return true;
  }

  /** Read again after `pause`. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.source.resume?.();
  }

  /** Start connecting. Calling it while running does nothing. */
  start(): void {
    if (this.currentState !== 'stopped' && this.currentState !== 'failed') return;
    if (this.stopping) throw new Error(`source "${this.id}": start() while stop() is still running`);
    this.attempts = 0;
    this.attempt();
  }

  /** Stop: cancel timers, let the source flush and close, end in `stopped`. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopping) return this.closing;
    this.stopping = true;
    this.generation++;
    this.clearTimers();
    await this.closeSource();
    this.setState('stopped');
    this.stopping = false;
  }

  // --- connection lifecycle -------------------------------------------------------------------

  private attempt(): void {
    const generation = ++this.generation;
    this.setState('connecting');
    const ctx = new Connection(this, generation);
    this.connectTimer = this.clock.setTimeout(() => {
      this.connectTimer = null;
      this.failed(generation, new Error(`connect timed out after ${this.connectTimeoutMs} ms`));
    }, this.connectTimeoutMs);
    let started: Promise<void>;
    try {
      started = this.source.start(ctx);
    } catch (err) {
      started = Promise.reject(err);
    }
    started.then(
      () => this.connected(generation),
      (err: unknown) => this.failed(generation, err),
    );
  }

  private connected(generation: number): void {
    if (generation !== this.generation || this.stopping) return;
    this.clearTimer('connectTimer');
    const now = this.clock.now();
    this.connectedAt = now;
    this.lastDataAt = now;
    this.setState('live');
    if (this.gapOpen) this.closeGap();
    if (this.paused) this.source.pause?.();
    this.armSilence(this.silentAfterMs);
  }

  /** A connection attempt failed (never became live). */
  private failed(generation: number, err: unknown): void {
    if (generation !== this.generation || this.stopping) return;
    this.recordError(err);
    this.retry();
  }

  /** An open connection dropped. */
  /** @internal Called by the connection context. */
  dropped(generation: number, err: unknown): void {
    if (generation !== this.generation || this.stopping) return;
    if (this.currentState !== 'live' && this.currentState !== 'silent') {
      // Dropped before `start` resolved: the attempt failed.
      this.failed(generation, err);
      return;
    }
    this.recordError(err);
    if (this.clock.now() - this.connectedAt >= this.backoff.resetAfterMs) this.attempts = 0;
    if (!this.gapOpen) {
      this.gapOpen = true;
      this.gapCount++;
      this.writeMarker('gap-start');
    }
    this.retry();
  }

  private closeGap(): void {
    this.gapOpen = false;
    this.writeMarker('gap-end');
  }

  /** @internal Called by the connection context. */
  endedFrom(generation: number): void {
    if (generation !== this.generation || this.stopping) return;
    void this.stop();
  }

  /** Close the source after any close still running; never rejects (errors are recorded). */
  private closeSource(): Promise<void> {
    this.closed = false;
    const closing = this.closing
      .then(() => this.source.stop())
      .then(
        () => undefined,
        (err: unknown) => this.recordError(err),
      );
    this.closing = closing;
    void closing.then(() => {
      if (this.closing === closing) this.closed = true;
    });
    return closing;
  }

  private retry(): void {
    this.generation++;
    this.clearTimers();
    void this.closeSource();
    if (this.attempts >= this.backoff.maxAttempts) {
      this.setState('failed');
      return;
    }
    const delay = nextDelay(this.attempts, this.backoff, this.random);
    this.attempts++;
    this.setState('backoff');
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      const generation = this.generation;
      const reconnect = (): void => {
        if (generation !== this.generation || this.stopping || this.currentState !== 'backoff') return;
        this.reconnectCount++;
        this.attempt();
      };
      // Reconnect on time when the old connection is closed already; otherwise once it is.
      if (this.closed) reconnect();
      else void this.closing.then(reconnect);
    }, delay);
  }

  private setState(to: SourceState): void {
    const from = this.currentState;
    if (from === to) return;
    const now = this.clock.now();
    this.stateTimes.enter(to, now);
    this.currentState = to;
    if (to !== 'live' && to !== 'silent') this.clearTimer('silenceTimer');
    this.events.emit('state', { sourceId: this.id, from, to, at: now });
  }

  // --- silence --------------------------------------------------------------------------------

  private armSilence(ms: number): void {
    if (this.silenceTimer !== null || !Number.isFinite(ms)) return;
    this.silenceTimer = this.clock.setTimeout(() => this.checkSilence(), ms);
  }

  private checkSilence(): void {
    this.silenceTimer = null;
    if (this.currentState !== 'live') return;
    const idle = this.clock.now() - this.lastDataAt;
    if (idle >= this.silentAfterMs) this.setState('silent');
    else this.armSilence(this.silentAfterMs - idle);
  }

  private heard(now: number): void {
    this.lastDataAt = now;
    if (this.currentState === 'silent') {
      this.setState('live');
      this.armSilence(this.silentAfterMs);
    }
  }

  /** @internal Called by the connection context. */
  touchFrom(): void {
    this.heard(this.clock.now());
  }

  // --- data path (hot) ------------------------------------------------------------------------

  /** @internal Called by the connection context. */
  deliverTextFrom(
    text: string,
    shape: string | TextShape | undefined,
    options: IngestOptions | undefined,
  ): number {
    const key = typeof shape === 'string' ? shape : shape?.key;
    const origin = typeof shape === 'string' ? undefined : shape?.origin;
    let data: unknown;
    try {
      data = this.gate.decode(text, key, typeof shape === 'string' ? undefined : shape?.format);
    } catch (err) {
      this.tally.received(this.clock.now(), text.length);
      this.refusedError(err, origin);
      return -1;
    }
    return this.ingest(data, text.length, options, origin);
  }

  /** @internal Called by the connection context. */
  deliverFrom(data: unknown, bytes: number, options: IngestOptions | undefined): number {
    return this.ingest(data, bytes, options, undefined);
  }

  private ingest(
    data: unknown,
    bytes: number,
    options: IngestOptions | undefined,
    origin: string | undefined,
  ): number {
    const now = this.clock.now();
    this.tally.received(now, bytes);
    let checked: Readonly<Record<string, unknown>>;
    try {
      checked = this.gate.check(data);
    } catch (err) {
      this.refusedError(err, origin);
      return -1;
    }
    if (this.sequenceField !== undefined) this.sequenced(this.gate.sequence);
    // Data can beat the connect handshake home (a persistent session's queued messages): the gap
    // ends before the first point that follows it, whichever comes first.
    if (this.gapOpen) this.closeGap();
    let seq: number;
    try {
      seq = this.sink.addDataPoint(checked, this.id, options);
    } catch (err) {
      this.refusedError(err);
      return -1;
    }
    if (seq < 0) {
      // The sink was full and refuses the newest points (`overflow: 'reject-newest'`).
      this.countLoss('buffer-full', 1);
      return -1;
    }
    this.tally.accepted(now);
    this.heard(now);
    return seq;
  }

  /**
   * A publisher's sequence number: a jump forward counts the skipped numbers as lost, a number at or
   * below the highest seen counts a duplicate (the point is still written: a sequence alone cannot
   * tell a redelivery from a restarted publisher). A fall of more than `SEQUENCE_RESTART` below the
   * highest is a publisher that started counting again: a reset, not duplicates.
   */
  private sequenced(value: number | undefined): void {
    if (value === undefined) return;
    const last = this.lastSequence;
    if (last === undefined || last - value > SEQUENCE_RESTART) {
      if (last !== undefined) this.sequenceResets++;
      this.lastSequence = value;
    } else if (value > last) {
      if (value > last + 1)
        this.countLoss('sequence-gap', Math.min(value - last - 1, Number.MAX_SAFE_INTEGER));
      this.lastSequence = value;
    } else {
      this.countDuplicates(1);
    }
  }

  /** @internal Called by the connection context. */
  countDuplicates(count: number): void {
    if (count > 0) this.duplicateCount += count;
  }

  private refusedError(err: unknown, origin?: string): void {
    const where = origin === undefined ? '' : `${origin}: `;
    if (err instanceof PayloadError) {
      this.countRefusal(err.reason, err.path, err.value, where + err.message);
    } else if (err instanceof SourceRefusal) {
      this.countRefusal(err.reason, err.field, err.value, where + err.message);
    } else {
      this.countLoss('sink-error', 1);
      this.recordError(err);
    }
  }

  /** @internal Called by the connection context. */
  countRefusal(reason: RefusalReason, field: string, value: unknown, message: string): void {
    this.tally.refusal(this.clock.now(), reason, field, value, message);
    if (this.events.hasListeners('refused'))
      this.events.emit('refused', { sourceId: this.id, reason, field, value, message });
  }

  /** @internal Called by the connection context. */
  countLoss(reason: LossReason, count: number): void {
    if (!(count > 0)) return;
    this.tally.loss(this.clock.now(), reason, count);
    this.events.emit('lost', { sourceId: this.id, reason, count });
  }

  /** @internal Called by the connection context. */
  writeMarker(marker: GapMarker, options?: IngestOptions): void {
    try {
      this.sink.addMarker(this.id, marker, options);
    } catch (err) {
      this.countLoss('sink-error', 1);
      this.recordError(err);
    }
  }

  private recordError(err: unknown): void {
    const error = toError(err);
    this.tally.error(this.clock.now(), error, this.kind);
    this.events.emit('error', { sourceId: this.id, error });
  }

  // --- timers ---------------------------------------------------------------------------------

  private clearTimer(name: 'connectTimer' | 'retryTimer' | 'silenceTimer'): void {
    const handle = this[name];
    if (handle !== null) {
      this.clock.clearTimeout(handle);
      this[name] = null;
    }
  }

  private clearTimers(): void {
    this.clearTimer('connectTimer');
    this.clearTimer('retryTimer');
    this.clearTimer('silenceTimer');
  }

  // --- monitor --------------------------------------------------------------------------------

  /** The counters the monitor shows; a fresh object per call (cold path). */
  metrics(): SourceMetrics {
    const now = this.clock.now();
    const tally = this.tally.metrics(now);
    return {
      id: this.id,
      kind: this.kind,
      state: this.currentState,
      stateAge: this.stateTimes.age(now),
      timeInState: this.stateTimes.snapshot(now),
      reconnects: this.reconnectCount,
      failedAttempts: this.attempts,
      gaps: this.gapCount,
      lastError: tally.lastError,
      lastErrorAt: tally.lastErrorAt,
      messages: tally.messages,
      bytes: tally.bytes,
      messagesPerSecond: tally.messagesPerSecond,
      bytesPerSecond: tally.bytesPerSecond,
      refused: tally.refused,
      refusedTotal: tally.refusedTotal,
      lost: tally.lost,
      lostTotal: tally.lostTotal,
      duplicates: this.duplicateCount,
      sequenceResets: this.sequenceResets,
      delivery: this.sequenceField === undefined ? (this.source.delivery ?? 'at-most-once') : 'sequenced',
      reportsSuppressed: tally.reportsSuppressed,
      listenerErrors: this.events.listenerErrors,
    };
  }
}
