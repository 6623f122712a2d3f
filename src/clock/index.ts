// Public names of the clock layer: this file only re-exports.
export { ManualScheduler, type TickScheduler, timeoutScheduler } from './scheduler.js';
export {
  type TickCallback,
  TickClock,
  type TickClockOptions,
  type TickClockState,
  type TickClockStats,
} from './tick-clock.js';
export { msToTicks, ticksToMs } from './units.js';
