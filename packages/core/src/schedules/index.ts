/**
 * Schedules: learning rates and decay rates as pure functions of t.
 *
 * @packageDocumentation
 */
export { createSchedule, type ScheduleFn } from './create-schedule.js';
export { schedulePeak } from './schedule-peak.js';
export {
  checkPlateauState,
  initialPlateauState,
  plateauEpsilon,
  plateauOf,
  reportPlateauMetric,
  type PlateauBest,
  type PlateauState,
} from './reduce-on-plateau.js';
export { isReduceOnPlateau } from '../config/resolve-plateau.js';
