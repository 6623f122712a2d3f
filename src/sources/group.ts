/**
 * A set of supervised sources sharing one sink, started and stopped together, with their metrics
 * as the `sources` section of the data layer monitor.
 */
import type { DataLayerMonitor } from '../data/index.js';
import type { SourcesMetrics } from './metrics.js';
import type { Source } from './source.js';
import { SourceSupervisor } from './supervisor.js';
import type { SupervisorOptions } from './supervisor-options.js';

declare module '../data/monitor.js' {
  interface MonitorSections {
    sources: SourcesMetrics;
  }
}

/**
 * Several sources supervised together with shared defaults (`add`, `startAll`, `stopAll`), their
 * `metrics()` as the monitor's `sources` section.
 */
export class SourceGroup {
  private readonly supervisors: SourceSupervisor[] = [];

  /**
   * @param defaults supervisor options every source gets (the sink at least); `add` may override them.
   */
  constructor(private readonly defaults: SupervisorOptions) {}

  /** Supervise `source`; ids must be unique in the group. Returns its supervisor. */
  add(source: Source, options: Partial<SupervisorOptions> = {}): SourceSupervisor {
    if (this.supervisors.some((s) => s.id === source.id))
      throw new Error(`SourceGroup.add: a source with id "${source.id}" is already in the group`);
    const sup = new SourceSupervisor(source, { ...this.defaults, ...options });
    this.supervisors.push(sup);
    return sup;
  }

  get(id: string): SourceSupervisor | undefined {
    return this.supervisors.find((s) => s.id === id);
  }

  get size(): number {
    return this.supervisors.length;
  }

  startAll(): void {
    for (const s of this.supervisors) s.start();
  }

  /** Stop every source (each flushes and closes); resolves when all are stopped. */
  async stopAll(): Promise<void> {
    await Promise.all(this.supervisors.map((s) => s.stop()));
  }

  metrics(): SourcesMetrics {
    return { sources: this.supervisors.map((s) => s.metrics()) };
  }

  /** Show this group's metrics as the monitor snapshot's `sections.sources`. */
  attachMonitor(monitor: DataLayerMonitor): void {
    monitor.provide('sources', () => this.metrics());
  }
}
