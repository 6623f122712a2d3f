/**
 * Adds the binder's section to the data-layer monitor's typed registry (declaration merging), so
 * `monitor.getMetrics().sections.binder` is a `BinderMetrics`.
 */
import type { BinderMetrics } from './metrics.js';

declare module '../data/monitor.js' {
  interface MonitorSections {
    binder: BinderMetrics;
  }
}
