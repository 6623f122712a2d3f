/**
 * Supervised sources (one from the command line, or a config's) feeding a ring buffer until something
 * ends the run: the duration, SIGINT or SIGTERM, the sources' own end (stdin closed, file replayed:
 * all of them), a supervisor giving up (any of them), or the command (`finish`, e.g. at --max-points).
 * Then the sources are stopped cleanly (they flush and close).
 * A second Ctrl-C while stopping is not caught: Node's default handling ends the process.
 */
import type { DataSink } from '../data/index.js';
import {
  type Source,
  type SourceClock,
  type SourceErrorReport,
  SourceGroup,
  type SourceSupervisor,
  systemClock,
} from '../sources/index.js';
import { liveMessage } from './create-source.js';
import type { CliIo } from './io.js';
import type { SourceChoice } from './source-options.js';

/** Why a run ended. */
export type StopReason = 'duration' | 'signal' | 'ended' | 'failed' | 'max-points' | 'output-error';

/** `idle`: not started; `running`; `stopping`: a reason is in, the source is closing; `ended`. */
export type LiveRunState = 'idle' | 'running' | 'stopping' | 'ended';

export interface LiveRunOptions {
  /** The source, or several: the run ends when all have ended, or when one has failed for good. */
  readonly source: Source | readonly Source[];
  readonly sink: DataSink;
  readonly io: CliIo;
  /** Stop after this many ms. Default: never. */
  readonly durationMs?: number | undefined;
  /** Failed reconnections in a row before giving up (`backoff.maxAttempts`). Default Infinity. */
  readonly maxAttempts?: number;
  /** A source's own `maxAttempts`, when it has one (a config's `retries`); else `maxAttempts`. */
  readonly maxAttemptsOf?: (source: Source) => number | undefined;
  /** Called each time a source goes live (connected, listening), with its id. */
  readonly onLive?: (id: string) => void;
  /** The supervisor's clock: give the one the monitor stamps its snapshots with. Default the system's. */
  readonly clock?: SourceClock;
  /** ms without data before the source is `silent`. Default: never. */
  readonly silentAfterMs?: number | undefined;
  /** The publisher's sequence field (`SupervisorOptions.sequenceField`). */
  readonly sequenceField?: string | undefined;
}

/** A clock on the same base as `now` (ms since the run started), with the system's timers. */
export function runClock(now: () => number): SourceClock {
  return { now, setTimeout: systemClock.setTimeout, clearTimeout: systemClock.clearTimeout };
}

export class LiveRun {
  readonly group: SourceGroup;
  /** One per source, in the order given. */
  readonly supervisors: readonly SourceSupervisor[];
  /** Ids of the sources that failed for good during the run (the run ends at the first). */
  readonly failedIds: string[] = [];
  /** ms the run lasted (set when it ends). */
  elapsedMs = 0;
  private stateValue: LiveRunState = 'idle';
  /** The first reason given; later ones are ignored. */
  private reason: StopReason | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: LiveRunOptions) {
    const { io } = options;
    this.group = new SourceGroup({
      sink: options.sink,
      backoff: { maxAttempts: options.maxAttempts ?? Number.POSITIVE_INFINITY },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.silentAfterMs === undefined ? {} : { silentAfterMs: options.silentAfterMs }),
      ...(options.sequenceField === undefined ? {} : { sequenceField: options.sequenceField }),
      onError: (r: SourceErrorReport) =>
        io.stderr.write(
          `tinydisplay: source ${r.sourceId}: ${r.message}${r.suppressed > 0 ? ` (${r.suppressed} more not shown)` : ''}\n`,
        ),
    });
    const sources = Array.isArray(options.source) ? options.source : [options.source as Source];
    if (sources.length === 0) throw new Error('LiveRun: expected at least one source, got none');
    this.supervisors = sources.map((source) => {
      const own = options.maxAttemptsOf?.(source);
      return this.group.add(source, own === undefined ? {} : { backoff: { maxAttempts: own } });
    });
  }

  /** The supervisor of the first source (the only one of a command-line source). */
  get supervisor(): SourceSupervisor {
    return this.supervisors[0] as SourceSupervisor;
  }

  get state(): LiveRunState {
    return this.stateValue;
  }

  /** End the run (the first reason wins; a reason given before `run` ends it at once). */
  finish(reason: StopReason): void {
    this.reason ??= reason;
    this.wake?.();
  }

  /** Start the source; resolves with the reason once the run ended and the source is stopped. */
  async run(): Promise<StopReason> {
    if (this.stateValue !== 'idle') throw new Error(`LiveRun.run: already ${this.stateValue}`);
    this.stateValue = 'running';
    const { io, durationMs, onLive } = this.options;
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe: (() => void)[] = [];
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      if (this.reason !== undefined) {
        resolve();
        return;
      }
      if (durationMs !== undefined) timer = setTimeout(() => this.finish('duration'), durationMs);
      unsubscribe.push(io.onSignal(() => this.finish('signal')));
      for (const supervisor of this.supervisors)
        unsubscribe.push(
          supervisor.on('state', (e) => {
            if (this.stateValue !== 'running') return;
            if (e.to === 'failed') {
              this.failedIds.push(supervisor.id);
              this.finish('failed');
            } else if (e.to === 'stopped') {
              if (this.supervisors.every((s) => s.state === 'stopped')) this.finish('ended');
            } else if (e.to === 'live' && e.from === 'connecting') onLive?.(supervisor.id);
          }),
        );
      this.group.startAll();
    });
    this.stateValue = 'stopping';
    this.wake = undefined;
    if (timer !== undefined) clearTimeout(timer);
    for (const off of unsubscribe) off();
    await this.group.stopAll();
    this.elapsedMs = performance.now() - started;
    this.stateValue = 'ended';
    return this.reason as StopReason;
  }
}

/**
 * The `LiveRun` of a source chosen on the command line: its `--duration` and `--retries`, and a line on
 * stderr each time it goes live (asked then: a server's port is known only once it listens).
 */
export function liveRunFor(
  choice: SourceChoice,
  source: Source,
  sink: DataSink,
  io: CliIo,
  clock?: SourceClock,
): LiveRun {
  return new LiveRun({
    source,
    sink,
    io,
    durationMs: choice.durationMs,
    maxAttempts: choice.maxAttempts,
    silentAfterMs: choice.silentAfterMs,
    sequenceField: choice.sequenceField,
    ...(clock === undefined ? {} : { clock }),
    onLive: () => {
      const message = liveMessage(choice.spec, source);
      if (message !== undefined) io.stderr.write(`tinydisplay: ${message}\n`);
    },
  });
}
