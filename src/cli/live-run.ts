/**
 * One supervised source feeding a ring buffer until something ends the run: the duration, SIGINT or
 * SIGTERM, the source's own end (stdin closed, file replayed), the supervisor giving up, or the
 * command (`finish`, e.g. at --max-points). Then the source is stopped cleanly (it flushes and closes).
 */
import type { DataSink } from '../data/index.js';
import { type Source, SourceGroup, type SourceReport, type SourceSupervisor } from '../sources/index.js';
import type { CliIo } from './io.js';

/** Why a run ended. */
export type StopReason = 'duration' | 'signal' | 'ended' | 'failed' | 'max-points' | 'output-error';

export interface LiveRunOptions {
  readonly source: Source;
  readonly sink: DataSink;
  readonly io: CliIo;
  /** Stop after this many ms. Default: never. */
  readonly durationMs?: number | undefined;
  /** Consecutive failed attempts before giving up. Default Infinity. */
  readonly maxAttempts?: number;
  /** Called each time the source goes live (connected, listening). */
  readonly onLive?: () => void;
}

export class LiveRun {
  readonly group: SourceGroup;
  readonly supervisor: SourceSupervisor;
  /** ms the run lasted (set when it ends). */
  elapsedMs = 0;
  private finishHook: ((reason: StopReason) => void) | undefined;
  private pending: StopReason | undefined;

  constructor(private readonly options: LiveRunOptions) {
    const { io } = options;
    this.group = new SourceGroup({
      sink: options.sink,
      backoff: { maxAttempts: options.maxAttempts ?? Number.POSITIVE_INFINITY },
      report: (r: SourceReport) =>
        io.stderr.write(
          `tinydisplay: source ${r.sourceId}: ${r.message}${r.suppressed > 0 ? ` (${r.suppressed} more not shown)` : ''}\n`,
        ),
    });
    this.supervisor = this.group.add(options.source);
  }

  /** End the run now (no-op once it has ended). */
  finish(reason: StopReason): void {
    if (this.finishHook) this.finishHook(reason);
    else this.pending ??= reason;
  }

  /** Start the source; resolves with the reason once the run ended and the source is stopped. */
  async run(): Promise<StopReason> {
    const { io } = this.options;
    const started = performance.now();
    const reason = await new Promise<StopReason>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const unsubscribe: (() => void)[] = [];
      const finish = (r: StopReason): void => {
        if (this.finishHook === undefined) return;
        this.finishHook = undefined;
        if (timer !== undefined) clearTimeout(timer);
        for (const off of unsubscribe) off();
        resolve(r);
      };
      this.finishHook = finish;
      if (this.options.durationMs !== undefined)
        timer = setTimeout(() => finish('duration'), this.options.durationMs);
      unsubscribe.push(io.onSignal(() => finish('signal')));
      unsubscribe.push(
        this.supervisor.on('state', (e) => {
          if (e.to === 'stopped') finish('ended');
          else if (e.to === 'failed') finish('failed');
          else if (e.to === 'live' && e.from === 'connecting') this.options.onLive?.();
        }),
      );
      if (this.pending !== undefined) finish(this.pending);
      else this.group.startAll();
    });
    await this.group.stopAll();
    this.elapsedMs = performance.now() - started;
    return reason;
  }
}
