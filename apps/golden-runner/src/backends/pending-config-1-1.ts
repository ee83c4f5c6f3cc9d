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

  'plateau-with-accumulate': 'needs gradient.accumulate (config 1.1, not implemented yet)',

  // `average` cases that also need another helper's feature.

  'ema-with-groups-and-clip': 'needs groups and gradient.clip (config 1.1, not on this branch yet)',

  'uniform-with-accumulate': 'needs gradient.accumulate (config 1.1, not on this branch yet)',
};
