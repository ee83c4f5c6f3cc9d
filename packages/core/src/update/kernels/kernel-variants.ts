import type { DecayPresence } from '../terms/decay-coefficients.js';

/**
 * The decay variants the build generates a fused loop for. Each covers a set
 * of kinds of term; a kind that is covered but absent this step has
 * coefficient 0 (keep 1), which leaves every finite value unchanged bit for
 * bit, so one loop serves every step whose kinds it covers.
 *
 * - `plain`: at most plain decoupled decay, a multiply by 1 − c (Adam, AdamW, SGD);
 * - `full`: every kind except those reading θ₀;
 * - `anchored`: every kind, reading θ₀.
 */
export const decayVariants = {
  plain: { l2: false, l1: false, keep: true, anchor: false, cautiousDecoupled: false, cautiousAnchor: false, threshold: false },
  full: { l2: true, l1: true, keep: true, anchor: false, cautiousDecoupled: true, cautiousAnchor: false, threshold: true },
  anchored: { l2: true, l1: true, keep: true, anchor: true, cautiousDecoupled: true, cautiousAnchor: true, threshold: true },
} as const satisfies Record<string, DecayPresence>;

/** A name of {@link decayVariants}. */
export type DecayVariant = keyof typeof decayVariants;

/** The smallest generated variant covering the kinds present. */
export function decayVariantOf(presence: DecayPresence): DecayVariant {
  if (presence.anchor || presence.cautiousAnchor) return 'anchored';
  if (presence.l2 || presence.l1 || presence.cautiousDecoupled || presence.threshold) return 'full';
  return 'plain';
}

/** The name of a generated loop: optimizer type, optimizer variant key, decay variant, and whether it also averages (config `average`). */
export function kernelKey(optimizerType: string, optimizerVariant: string, decayVariant: DecayVariant, averaged = false): string {
  return `${optimizerType}:${optimizerVariant}:${decayVariant}${averaged ? ':average' : ''}`;
}
