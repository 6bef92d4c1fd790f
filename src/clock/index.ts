/** The clock kernel: the `Clock` interface, the system clock and the manual clock for tests. */
export type { Clock, Timer } from './clock.js';
export { SystemClock } from './system-clock.js';
export { ManualClock } from './manual-clock.js';
export { ScaledClock, type ScaledClockOptions } from './scaled-clock.js';
