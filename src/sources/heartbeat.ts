/**
 * Ping/pong keep-alive for connections that can go half-open (the peer vanished without a FIN, so
 * no `close` ever comes). Every `intervalMs` ms a ping goes out; no pong within `timeoutMs` declares
 * the connection dead. Timers come from the injected clock, so tests step time by hand.
 */
import type { SourceClock, TimerHandle } from './clock.js';

/** Pings a `Heartbeat` sent and pongs it received. */
export interface HeartbeatStats {
  readonly pings: number;
  readonly pongs: number;
}

/** Ping/pong keep-alive on the injected clock: `start`, `pong` on any sign of life, `stop`. */
export class Heartbeat {
  private pingTimer: TimerHandle | null = null;
  private deadline: TimerHandle | null = null;
  private running = false;
  private pings = 0;
  private pongs = 0;

  /** Pings sent, pongs received (a fresh object per read). */
  get stats(): HeartbeatStats {
    return { pings: this.pings, pongs: this.pongs };
  }

  /**
   * @param intervalMs ms between pings.
   * @param timeoutMs ms to wait for a pong before `onDead` is called (once).
   */
  constructor(
    private readonly clock: SourceClock,
    readonly intervalMs: number,
    readonly timeoutMs: number,
    private readonly sendPing: () => void,
    private readonly onDead: (silentFor: number) => void,
  ) {
    if (!(intervalMs > 0) || !Number.isFinite(intervalMs))
      throw new RangeError(`heartbeat intervalMs: expected a number of ms > 0, got ${intervalMs}`);
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs))
      throw new RangeError(`heartbeat timeoutMs: expected a number of ms > 0, got ${timeoutMs}`);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedulePing();
  }

  /** A pong (or any sign of life) arrived. */
  pong(): void {
    this.pongs++;
    if (this.deadline !== null) {
      this.clock.clearTimeout(this.deadline);
      this.deadline = null;
    }
  }

  stop(): void {
    this.running = false;
    if (this.pingTimer !== null) this.clock.clearTimeout(this.pingTimer);
    if (this.deadline !== null) this.clock.clearTimeout(this.deadline);
    this.pingTimer = null;
    this.deadline = null;
  }

  private schedulePing(): void {
    this.pingTimer = this.clock.setTimeout(() => {
      this.pingTimer = null;
      if (!this.running) return;
      this.pings++;
      if (this.deadline === null) {
        this.deadline = this.clock.setTimeout(() => {
          this.deadline = null;
          if (!this.running) return;
          this.stop();
          this.onDead(this.timeoutMs);
        }, this.timeoutMs);
      }
      this.sendPing();
      this.schedulePing();
    }, this.intervalMs);
  }
}
