/**
 * The supervisor around every source: one state machine (`SourceState`), reconnects with capped
 * exponential backoff and full jitter, staleness per source and per key, gap markers in the sink,
 * validation at the edge, and the counters the monitor reads.
 */
import { PayloadError, type PayloadLimits } from '../data/payload.js';
import type { DataSink, GapMarker, IngestOptions } from '../data/sink.js';
import { RateCounter } from '../util/index.js';
import { type BackoffOptions, nextDelay, type ResolvedBackoff, resolveBackoff } from './backoff.js';
import { type SourceClock, systemClock, type TimerHandle } from './clock.js';
import { Connection } from './connection.js';
import { SourceEventEmitter, type SourceEventName, type SourceListener } from './events.js';
import { PayloadGate } from './gate.js';
import type { KeyStatus, SourceMetrics } from './metrics.js';
import { ReasonCounts } from './reason-counts.js';
import {
  LOSS_REASONS,
  type LossReason,
  REFUSAL_REASONS,
  type RefusalReason,
  SourceRefusal,
} from './refusal.js';
import { defaultReportSink, type ReportSink, SourceReporter, showValue } from './reporter.js';
import type { SourceSchema } from './schema.js';
import { SOURCE_STATES, type Source, type SourceState } from './source.js';
import { StaleKeys } from './stale-keys.js';

export interface SupervisorOptions {
  /** Where points and gap markers go (a `RingBuffer`). Required. */
  readonly sink: DataSink;
  /** Reconnect backoff (ms). Defaults: 250 initial, x2, 30 s cap, reset after 5 s up, no attempt limit. */
  readonly backoff?: BackoffOptions;
  /** A live source with no data for this many ms is `stale`. Default Infinity (never). */
  readonly staleAfter?: number;
  /** Per-key `staleAfter` in ms, by dotted key (`cpu.load`); statuses show in the metrics. Default none. */
  readonly staleAfterByKey?: Readonly<Record<string, number>>;
  /** A connection attempt that has not resolved after this many ms fails. Default 10_000. */
  readonly connectTimeout?: number;
  /** Field types, ranges, renames, required fields. Default: none (generic checks only). */
  readonly schema?: SourceSchema;
  /** Payload size, depth and field limits. Default: the data layer's `DEFAULT_PAYLOAD_LIMITS`. */
  readonly limits?: PayloadLimits;
  /** Time and timers. Default: `performance.now()` and the global timers. */
  readonly clock?: SourceClock;
  /** Jitter source in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Where refusals, losses and errors are reported. Default `console.warn`. */
  readonly report?: ReportSink;
  /** Minimum ms between two reports of the same kind. Default 10_000. */
  readonly reportInterval?: number;
}

function positiveMs(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || Number.isNaN(v) || v <= 0)
    throw new RangeError(`SourceSupervisor option "${name}": expected a number of ms > 0, got ${String(v)}`);
  return v;
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Rates in the metrics are means over this many complete seconds. */
const RATE_WINDOW_SECONDS = 5;

const STATE_INDEX = Object.fromEntries(SOURCE_STATES.map((s, i) => [s, i])) as Record<SourceState, number>;

export class SourceSupervisor {
  readonly id: string;
  readonly kind: string;
  readonly clock: SourceClock;
  private readonly sink: DataSink;
  private readonly backoff: ResolvedBackoff;
  private readonly staleAfter: number;
  private readonly connectTimeout: number;
  private readonly random: () => number;
  private readonly gate: PayloadGate;
  private readonly reporter: SourceReporter;
  private readonly events = new SourceEventEmitter();
  private readonly staleKeys: StaleKeys | undefined;

  private currentState: SourceState = 'stopped';
  private stateSince: number;
  private readonly timeInState = new Float64Array(SOURCE_STATES.length);
  private generation = 0;
  private stopping = false;
  private attempts = 0;
  private reconnectCount = 0;
  private gapCount = 0;
  private gapOpen = false;
  private connectedAt = 0;
  private lastDataAt = 0;
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;
  private messages = 0;
  private bytes = 0;
  private readonly messageRate = new RateCounter();
  private readonly byteRate = new RateCounter();
  private readonly refusedCounts = new ReasonCounts(REFUSAL_REASONS);
  private readonly lostCounts = new ReasonCounts(LOSS_REASONS);
  private connectTimer: TimerHandle | null = null;
  private retryTimer: TimerHandle | null = null;
  private staleTimer: TimerHandle | null = null;
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
    this.id = source.id;
    this.kind = source.kind;
    this.sink = options.sink;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.backoff = resolveBackoff(options.backoff);
    this.staleAfter = positiveMs('staleAfter', options.staleAfter, Number.POSITIVE_INFINITY);
    this.connectTimeout = positiveMs('connectTimeout', options.connectTimeout, 10_000);
    this.gate = new PayloadGate(options.limits, options.schema);
    this.reporter = new SourceReporter(
      options.report ?? defaultReportSink,
      positiveMs('reportInterval', options.reportInterval, 10_000),
    );
    this.staleKeys =
      options.staleAfterByKey === undefined
        ? undefined
        : new StaleKeys(options.staleAfterByKey, this.clock, (key, status, at) =>
            this.events.emit('key', { sourceId: this.id, key, status, at }),
          );
    this.stateSince = this.clock.now();
  }

  get state(): SourceState {
    return this.currentState;
  }

  /** Subscribe to a typed event; returns the unsubscribe function. */
  on<E extends SourceEventName>(name: E, listener: SourceListener<E>): () => void {
    return this.events.on(name, listener);
  }

  /** Start connecting. Calling it while running does nothing. */
  start(): void {
    if (this.currentState !== 'stopped' && this.currentState !== 'failed') return;
    if (this.stopping) throw new Error(`source "${this.id}": start() while stop() is still running`);
    this.attempts = 0;
    this.staleKeys?.resume();
    this.attempt();
  }

  /** Stop: cancel timers, let the source flush and close, end in `stopped`. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopping) return this.closing;
    this.stopping = true;
    this.generation++;
    this.clearTimers();
    this.staleKeys?.stop();
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
      this.failed(generation, new Error(`connect timed out after ${this.connectTimeout} ms`));
    }, this.connectTimeout);
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
    this.armStale(this.staleAfter);
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
    if (this.currentState !== 'live' && this.currentState !== 'stale') {
      // Dropped before `start` resolved: the attempt failed.
      this.failed(generation, err);
      return;
    }
    this.recordError(err);
    if (this.clock.now() - this.connectedAt >= this.backoff.resetAfter) this.attempts = 0;
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
    const i = STATE_INDEX[from];
    this.timeInState[i] = (this.timeInState[i] as number) + (now - this.stateSince);
    this.stateSince = now;
    this.currentState = to;
    if (to !== 'live' && to !== 'stale') this.clearTimer('staleTimer');
    this.events.emit('state', { sourceId: this.id, from, to, at: now });
  }

  // --- staleness ------------------------------------------------------------------------------

  private armStale(ms: number): void {
    if (this.staleTimer !== null || !Number.isFinite(ms)) return;
    this.staleTimer = this.clock.setTimeout(() => this.checkStale(), ms);
  }

  private checkStale(): void {
    this.staleTimer = null;
    if (this.currentState !== 'live') return;
    const idle = this.clock.now() - this.lastDataAt;
    if (idle >= this.staleAfter) this.setState('stale');
    else this.armStale(this.staleAfter - idle);
  }

  private fresh(now: number): void {
    this.lastDataAt = now;
    if (this.currentState === 'stale') {
      this.setState('live');
      this.armStale(this.staleAfter);
    }
  }

  /** @internal Called by the connection context. */
  touchFrom(): void {
    this.fresh(this.clock.now());
  }

  // --- data path (hot) ------------------------------------------------------------------------

  /** @internal Called by the connection context. */
  deliverTextFrom(text: string, key: string | undefined, options: IngestOptions | undefined): number {
    let data: unknown;
    try {
      data = this.gate.decode(text, key);
    } catch (err) {
      this.bytes += text.length;
      this.byteRate.add(this.clock.now(), text.length);
      this.refusedError(err);
      return -1;
    }
    return this.deliverFrom(data, text.length, options);
  }

  /** @internal Called by the connection context. */
  deliverFrom(data: unknown, bytes: number, options: IngestOptions | undefined): number {
    const now = this.clock.now();
    this.bytes += bytes;
    this.byteRate.add(now, bytes);
    let checked: Readonly<Record<string, unknown>>;
    try {
      checked = this.gate.check(data);
    } catch (err) {
      this.refusedError(err);
      return -1;
    }
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
    this.messages++;
    this.messageRate.add(now);
    this.fresh(now);
    this.staleKeys?.seen(checked, now);
    return seq;
  }

  private refusedError(err: unknown): void {
    if (err instanceof PayloadError) {
      this.countRefusal(err.reason, err.path, err.value, err.message);
    } else if (err instanceof SourceRefusal) {
      this.countRefusal(err.reason, err.field, err.value, err.message);
    } else {
      this.countLoss('sink-error', 1);
      this.recordError(err);
    }
  }

  /** @internal Called by the connection context. */
  countRefusal(reason: RefusalReason, field: string, value: unknown, message: string): void {
    this.refusedCounts.add(reason, 1);
    this.reporter.report(this.clock.now(), {
      sourceId: this.id,
      kind: reason,
      field,
      value: showValue(value),
      message: `refused (${reason}): ${message}`,
    });
    if (this.events.hasListeners('refused'))
      this.events.emit('refused', { sourceId: this.id, reason, field, value, message });
  }

  /** @internal Called by the connection context. */
  countLoss(reason: LossReason, count: number): void {
    if (!(count > 0)) return;
    this.lostCounts.add(reason, count);
    this.reporter.report(this.clock.now(), {
      sourceId: this.id,
      kind: 'lost',
      field: '',
      value: String(count),
      message: `lost ${count} point(s): ${reason}`,
    });
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
    const now = this.clock.now();
    this.lastError = error.message;
    this.lastErrorAt = now;
    this.reporter.report(now, {
      sourceId: this.id,
      kind: 'error',
      field: '',
      value: '',
      message: `${this.kind}: ${error.message}`,
    });
    this.events.emit('error', { sourceId: this.id, error });
  }

  // --- timers ---------------------------------------------------------------------------------

  private clearTimer(name: 'connectTimer' | 'retryTimer' | 'staleTimer'): void {
    const handle = this[name];
    if (handle !== null) {
      this.clock.clearTimeout(handle);
      this[name] = null;
    }
  }

  private clearTimers(): void {
    this.clearTimer('connectTimer');
    this.clearTimer('retryTimer');
    this.clearTimer('staleTimer');
  }

  // --- monitor --------------------------------------------------------------------------------

  /** The counters the monitor shows; a fresh object per call (cold path). */
  metrics(): SourceMetrics {
    const now = this.clock.now();
    const timeInState = {} as Record<SourceState, number>;
    for (const s of SOURCE_STATES) timeInState[s] = this.timeInState[STATE_INDEX[s]] as number;
    timeInState[this.currentState] += now - this.stateSince;
    const keys: Record<string, KeyStatus> = this.staleKeys?.statuses() ?? {};
    return {
      id: this.id,
      kind: this.kind,
      state: this.currentState,
      stateAge: now - this.stateSince,
      timeInState,
      reconnects: this.reconnectCount,
      failedAttempts: this.attempts,
      gaps: this.gapCount,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      messages: this.messages,
      bytes: this.bytes,
      messagesPerSecond: this.messageRate.rate(now, RATE_WINDOW_SECONDS),
      bytesPerSecond: this.byteRate.rate(now, RATE_WINDOW_SECONDS),
      refused: this.refusedCounts.snapshot(),
      refusedTotal: this.refusedCounts.total,
      lost: this.lostCounts.snapshot(),
      lostTotal: this.lostCounts.total,
      keys,
      reportsSuppressed: this.reporter.suppressedTotal,
      listenerErrors: this.events.listenerErrors,
    };
  }
}
