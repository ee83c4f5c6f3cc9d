/**
 * Schedules: learning rates and decay rates as pure functions of t.
 *
 * @packageDocumentation
 */
export { createSchedule, type ScheduleFn } from './create-schedule.js';
export { schedulePeak } from './schedule-peak.js';
