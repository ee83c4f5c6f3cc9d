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
  reportPlateauMetric,
  type PlateauBest,
  type PlateauState,
} from './reduce-on-plateau.js';
export {
  initialPlateauRates,
  plateauSchedules,
  reportPlateauRates,
  restorePlateauRates,
  savePlateauRates,
  type PlateauRates,
  type SavedPlateauRates,
} from './plateau-rates.js';
export { isReduceOnPlateau } from '../config/resolve-plateau.js';
