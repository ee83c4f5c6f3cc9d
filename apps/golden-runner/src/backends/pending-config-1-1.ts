/**
 * Config 1.1 cases (packages/golden/fixtures-1.1) that no backend runs yet,
 * each with the reason. A key that selects no case fails the suite, so an
 * entry must go as soon as its feature lands (see docs/guides/config-1.1.md).
 */
export const pendingConfig11: Readonly<Record<string, string>> = {
  // `gradient`: accumulation, clipping, non-finite handling.
  'accumulate/*': 'gradient.accumulate is not implemented yet',

  'clip/*': 'gradient.clip is not implemented yet',

  'non-finite/*': 'gradient.nonFinite is not implemented yet',

  'invalid-config/invalid-v11-accumulate-*': 'gradient.accumulate is not implemented yet',

  'invalid-config/invalid-v11-clip-*': 'gradient.clip is not implemented yet',

  'invalid-config/invalid-v11-gradient-*': 'gradient is not implemented yet',

  'invalid-config/invalid-v11-non-finite-*': 'gradient.nonFinite is not implemented yet',

  // Corrected scaling, timescale, reduce-on-plateau.
  // `groups` cases that also need another config 1.1 feature.
  'groups-adadelta-group-default-lr': 'needs adadelta (config 1.1, not on this branch yet)',

  'groups-corrected-scaled': 'needs corrected scaling (config 1.1, not on this branch yet)',

  'groups-lion-kernels-adamw-rest': 'needs lion (config 1.1, not on this branch yet)',

  'groups-own-optimizer-scaled': 'needs nadam (config 1.1, not on this branch yet)',

  'groups-radam-adamax-and-top': 'needs radam (config 1.1, not on this branch yet)',

  'invalid-v11-group-optimizer-missing-learning-rate': 'needs lion (config 1.1, not on this branch yet)',

  'corrected/*': 'scaling "corrected" is not implemented yet',

  'timescale/*': 'timescale is not implemented yet',

  'plateau/*': 'reduce-on-plateau is not implemented yet',

  'invalid-config/invalid-v11-corrected-*': 'scaling "corrected" is not implemented yet',

  'invalid-config/invalid-v11-*timescale*': 'timescale is not implemented yet',

  'invalid-config/invalid-v11-plateau-*': 'reduce-on-plateau is not implemented yet',

  // `average`.
  'average/*': 'average is not implemented yet',

  'invalid-config/invalid-v11-average-*': 'average is not implemented yet',
};
