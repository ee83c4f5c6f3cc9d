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

  // `gradient` cases that also use another helper's 1.1 feature.
  'clip-global-norm-lion': 'needs lion (config 1.1, not on this branch yet)',

  'clip-global-norm-radam': 'needs radam (config 1.1, not on this branch yet)',

  'clip-norm-per-tensor-nadam': 'needs nadam (config 1.1, not on this branch yet)',

  'accumulate-2-lion-cautious': 'needs lion (config 1.1, not on this branch yet)',

  'propagate-infinity-lion': 'needs lion (config 1.1, not on this branch yet)',

  'skip-first-update-lion': 'needs lion (config 1.1, not on this branch yet)',

  'skip-with-clip-and-ema': 'needs average (config 1.1, not on this branch yet)',

  // `groups`, corrected scaling, timescale, reduce-on-plateau.
  'groups/*': 'groups are not implemented yet',

  'corrected/*': 'scaling "corrected" is not implemented yet',

  'timescale/*': 'timescale is not implemented yet',

  'plateau/*': 'reduce-on-plateau is not implemented yet',

  'invalid-config/invalid-v11-group*': 'groups are not implemented yet',

  'invalid-config/invalid-v11-corrected-*': 'scaling "corrected" is not implemented yet',

  'invalid-config/invalid-v11-*timescale*': 'timescale is not implemented yet',

  'invalid-config/invalid-v11-plateau-*': 'reduce-on-plateau is not implemented yet',

  // `average`.
  'average/*': 'average is not implemented yet',

  'invalid-config/invalid-v11-average-*': 'average is not implemented yet',
};
