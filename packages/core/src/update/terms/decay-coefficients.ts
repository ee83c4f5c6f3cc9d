import type { ResolvedDecayTerm } from '../../config/index.js';
import type { TermScalars } from '../step-scalars.js';

/** A decay term that touches a parameter, with its position in `config.decay`. */
export interface AppliedTerm {
  /** Position in the config's `decay` list (indexes the step's {@link TermScalars}). */
  index: number;
  /** The resolved term. */
  term: ResolvedDecayTerm;
}

/**
 * The decay of one parameter in one update: the coefficients c = s_t·λ_t of
 * the terms touching it, summed by kind (several terms of one kind act as one
 * with the sum of their coefficients).
 */
export interface DecayCoefficients {
  /** Σc of `l2` terms (coupled). */
  l2: number;
  /** Σc of subgradient `l1` terms (coupled). */
  l1: number;
  /** 1 − Σc of plain `decoupled` terms. */
  keep: number;
  /** Σc of plain `anchor` terms. */
  anchor: number;
  /** Σc of cautious `decoupled` terms. */
  cautiousDecoupled: number;
  /** Σc of cautious `anchor` terms. */
  cautiousAnchor: number;
  /** Σc of proximal `l1` terms (the soft threshold). */
  threshold: number;
}

/** Which kinds of decay act in an update: a kind whose coefficient is 0 (keep 1) does no work. */
export type DecayPresence = { readonly [K in keyof DecayCoefficients]: boolean };

/** The coefficient names, in a fixed order. */
export const decayCoefficientNames = ['l2', 'l1', 'keep', 'anchor', 'cautiousDecoupled', 'cautiousAnchor', 'threshold'] as const;

/** Which coefficient a term adds to (`keep` subtracts). */
export function coefficientOf(term: ResolvedDecayTerm): keyof DecayCoefficients {
  switch (term.type) {
    case 'l2':
      return 'l2';
    case 'l1':
      return term.method === 'subgradient' ? 'l1' : 'threshold';
    case 'decoupled':
      return term.cautious ? 'cautiousDecoupled' : 'keep';
    case 'anchor':
      return term.cautious ? 'cautiousAnchor' : 'anchor';
  }
}

/**
 * Sums the coefficients of the terms touching one parameter.
 *
 * @param applied - The terms that touch it.
 * @param scalars - The update's per-term scalars, indexed by `applied[i].index`.
 * @param into - Reused result object (filled in place and returned).
 */
export function decayCoefficients(
  applied: readonly AppliedTerm[],
  scalars: readonly TermScalars[],
  into: DecayCoefficients = { l2: 0, l1: 0, keep: 1, anchor: 0, cautiousDecoupled: 0, cautiousAnchor: 0, threshold: 0 },
): DecayCoefficients {
  let shrink = 0;
  into.l2 = into.l1 = into.anchor = into.cautiousDecoupled = into.cautiousAnchor = into.threshold = 0;
  for (const { index, term } of applied) {
    const c = scalars[index].coefficient;
    const key = coefficientOf(term);
    if (key === 'keep') shrink += c;
    else into[key] += c;
  }
  into.keep = 1 - shrink;
  return into;
}

/** Which kinds act: a nonzero coefficient (for `keep`, one different from 1). */
export function decayPresence(c: DecayCoefficients): DecayPresence {
  return {
    l2: c.l2 !== 0,
    l1: c.l1 !== 0,
    keep: c.keep !== 1,
    anchor: c.anchor !== 0,
    cautiousDecoupled: c.cautiousDecoupled !== 0,
    cautiousAnchor: c.cautiousAnchor !== 0,
    threshold: c.threshold !== 0,
  };
}

/** Whether any term needs θ₀. */
export function needsAnchor(applied: readonly AppliedTerm[]): boolean {
  return applied.some(({ term }) => term.type === 'anchor');
}
