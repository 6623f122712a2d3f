/**
 * Ping/pong keep-alive for connections that can go half-open (the peer vanished without a FIN, so
 * no `close` ever comes). Every `interval` ms a ping goes out; no pong within `timeout` ms declares
 * the connection dead. Timers come from the injected clock, so tests step time by hand.
 */
import type { SourceClock, TimerHandle } from './clock.js';

export class Heartbeat {
  private pingTimer: TimerHandle | null = null;
  private deadline: TimerHandle | null = null;
  private running = false;
  /** Pings sent, pongs received (for tests and the curious). */
  pings = 0;
  pongs = 0;

  /**
   * @param interval ms between pings.
   * @param timeout ms to wait for a pong before `onDead` is called (once).
   */
  constructor(
    private readonly clock: SourceClock,
    readonly interval: number,
    readonly timeout: number,
    private readonly sendPing: () => void,
    private readonly onDead: (silentFor: number) => void,
  ) {
    if (!(interval > 0) || !Number.isFinite(interval))
      throw new RangeError(`heartbeat interval: expected a number of ms > 0, got ${interval}`);
    if (!(timeout > 0) || !Number.isFinite(timeout))
      throw new RangeError(`heartbeat timeout: expected a number of ms > 0, got ${timeout}`);
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
          this.onDead(this.timeout);
        }, this.timeout);
      }
      this.sendPing();
      this.schedulePing();
    }, this.interval);
  }
}
