/**
 * Config 1.1 cases (packages/golden/fixtures-1.1) that no backend runs yet,
 * each with the reason. A key that selects no case fails the suite, so an
 * entry must go as soon as its feature lands (see docs/guides/config-1.1.md).
 */
export const pendingConfig11: Readonly<Record<string, string>> = {
  // New optimizer types.
  'nadam/*': 'the nadam optimizer is not implemented yet',

  'radam/*': 'the radam optimizer is not implemented yet',

  'adadelta/*': 'the adadelta optimizer is not implemented yet',

  'lion/*': 'the lion optimizer is not implemented yet',

  'invalid-config/invalid-v11-nadam-*': 'the nadam optimizer is not implemented yet',

  'invalid-config/invalid-v11-radam-*': 'the radam optimizer is not implemented yet',

  'invalid-config/invalid-v11-adadelta-*': 'the adadelta optimizer is not implemented yet',

  'invalid-config/invalid-v11-lion-*': 'the lion optimizer is not implemented yet',

  // `gradient`: accumulation, clipping, non-finite handling.
  'accumulate/*': 'gradient.accumulate is not implemented yet',

  'clip/*': 'gradient.clip is not implemented yet',

  'non-finite/*': 'gradient.nonFinite is not implemented yet',

  'invalid-config/invalid-v11-accumulate-*': 'gradient.accumulate is not implemented yet',

  'invalid-config/invalid-v11-clip-*': 'gradient.clip is not implemented yet',

  'invalid-config/invalid-v11-gradient-*': 'gradient is not implemented yet',

  'invalid-config/invalid-v11-non-finite-*': 'gradient.nonFinite is not implemented yet',

  // `groups`, corrected scaling, timescale, reduce-on-plateau.
  'groups/*': 'groups are not implemented yet',

  'corrected/*': 'scaling "corrected" is not implemented yet',

  'timescale/*': 'timescale is not implemented yet',

  'plateau/*': 'reduce-on-plateau is not implemented yet',

  'invalid-config/invalid-v11-group*': 'groups are not implemented yet',

  'invalid-config/invalid-v11-corrected-*': 'scaling "corrected" is not implemented yet',

  'invalid-config/invalid-v11-*timescale*': 'timescale is not implemented yet',

  'invalid-config/invalid-v11-plateau-*': 'reduce-on-plateau is not implemented yet',

  // `average` cases that also need another helper's feature.
  'ema-lion': 'needs lion (config 1.1, not on this branch yet)',

  'ema-with-groups-and-clip': 'needs groups and gradient.clip (config 1.1, not on this branch yet)',

  'uniform-with-accumulate': 'needs gradient.accumulate (config 1.1, not on this branch yet)',
};
