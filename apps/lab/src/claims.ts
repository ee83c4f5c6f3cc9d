/**
 * The textbook claims about weight decay, each checked against the numbers of
 * THIS run. A claim is never assumed: its verdict is computed, and where the
 * run contradicts it (or cannot tell) the report says so.
 *
 * "Clearly" below means by more than one binomial standard error of the
 * accuracy being compared, √(p(1−p)/n) with the baseline's p and the split's
 * n: with 2,000 validation digits at 90 % that is 0.67 points, so a 0.3-point
 * "gain" is reported as inconclusive rather than as a win.
 */
import { decayMethodOf } from './lab-configs.js';
import type { RunResult } from './run-experiment.js';
import type { SweepResult } from './rate-sweep.js';

/** How the run's numbers relate to a claim. */
export type Verdict = 'supported' | 'partly supported' | 'not supported' | 'inconclusive' | 'not tested';

/** One claim, its verdict, and the numbers behind it. */
export interface ClaimCheck {
  /** Stable id, e.g. `decay-generalises`. */
  id: string;
  /** The claim in words. */
  statement: string;
  /** What this run says. */
  verdict: Verdict;
  /** The numbers behind the verdict, one sentence each. */
  evidence: string[];
}

/** One binomial standard error of an accuracy p measured on n samples. */
export function accuracyStandardError(p: number, n: number): number {
  return n > 0 ? Math.sqrt(Math.max(p * (1 - p), 0) / n) : Number.POSITIVE_INFINITY;
}

/** The inputs of the checks. */
export interface ClaimInputs {
  /** The method comparison (none, l2, decoupled, l1 …), if it ran. */
  comparison?: readonly RunResult[];
  /** The rate sweep, if it ran. */
  sweep?: SweepResult;
  /** Validation split size (for the standard error). */
  validationSize: number;
  /** Test split size (for the standard error). */
  testSize: number;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const points = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)} points`;

function combine(flags: readonly boolean[]): Verdict {
  if (flags.length === 0) return 'not tested';
  const yes = flags.filter(Boolean).length;
  return yes === flags.length ? 'supported' : yes === 0 ? 'not supported' : 'partly supported';
}

/** Claim 0: without decay the small split overfits (the premise of everything else). */
export function checkOverfits(inputs: ClaimInputs): ClaimCheck {
  const statement =
    'Without decay the network overfits the small training split: training accuracy far above validation accuracy, validation loss rising after its minimum.';
  const baseline = (inputs.comparison ?? []).find((r) => decayMethodOf(r.config) === 'none') ??
    inputs.sweep?.points.find((p) => p.rate === 0)?.run;
  if (!baseline || baseline.epochs.length < 3) {
    return { id: 'overfits', statement, verdict: 'not tested', evidence: ['No no-decay run with at least two epochs ran.'] };
  }
  const gap = baseline.final.trainAccuracy - baseline.final.validationAccuracy;
  const trained = baseline.epochs.filter((e) => e.epoch > 0);
  const best = trained.reduce((a, b) => (b.validationLoss < a.validationLoss ? b : a));
  const rise = baseline.final.validationLoss - best.validationLoss;
  const gapClear = gap > 0.05;
  const lossRises = rise > 0.01 * best.validationLoss;
  return {
    id: 'overfits',
    statement,
    verdict: combine([gapClear, lossRises]),
    evidence: [
      `No decay, last epoch: train ${pct(baseline.final.trainAccuracy)} vs validation ${pct(baseline.final.validationAccuracy)} (gap ${(100 * gap).toFixed(1)} points${gapClear ? '' : ', not more than 5'}).`,
      `Validation loss was lowest at epoch ${best.epoch} (${best.validationLoss.toFixed(3)}) and is ${baseline.final.validationLoss.toFixed(3)} at the end${lossRises ? '' : ' — it did not rise by more than 1 %'}.`,
    ],
  };
}

/** A train-accuracy drop counts as "a little" up to this many points. */
export const smallTrainDrop = 0.05;

/** Claim 1: decay lowers train accuracy a little and raises validation accuracy. */
export function checkDecayGeneralises(inputs: ClaimInputs): ClaimCheck {
  const statement =
    'Weight decay trades a little training accuracy for higher validation accuracy (less overfitting).';
  const runs = inputs.comparison ?? [];
  const baseline = runs.find((r) => decayMethodOf(r.config) === 'none');
  const decayed = runs.filter((r) => decayMethodOf(r.config) !== 'none');
  if (!baseline || decayed.length === 0) {
    return { id: 'decay-generalises', statement, verdict: 'not tested', evidence: ['The method comparison did not run (it needs a no-decay run and at least one decay run).'] };
  }
  const se = accuracyStandardError(baseline.final.validationAccuracy, inputs.validationSize);
  const evidence = [
    `No decay: train ${pct(baseline.final.trainAccuracy)}, validation ${pct(baseline.final.validationAccuracy)} (one standard error = ${(100 * se).toFixed(2)} points).`,
  ];
  const verdicts = decayed.map((run) => {
    const trainDrop = baseline.final.trainAccuracy - run.final.trainAccuracy;
    const valGain = run.final.validationAccuracy - baseline.final.validationAccuracy;
    const valRose = valGain > se;
    const trainOk = trainDrop >= -se && trainDrop <= smallTrainDrop;
    const outcome = valRose
      ? trainOk
        ? 'helped as claimed'
        : trainDrop > smallTrainDrop
          ? 'raised validation accuracy but cost more than 5 training points'
          : 'raised validation accuracy (and training accuracy too)'
      : valGain < -se
        ? 'did NOT help: validation accuracy fell'
        : 'did NOT clearly help: the validation change is within one standard error';
    evidence.push(
      `${run.label}: train ${pct(run.final.trainAccuracy)} (${points(-trainDrop)}), validation ${pct(run.final.validationAccuracy)} (${points(valGain)}) — ${outcome}. ` +
        `Validation loss ${run.final.validationLoss.toFixed(3)} vs ${baseline.final.validationLoss.toFixed(3)} without decay.`,
    );
    return valRose && trainOk;
  });
  return { id: 'decay-generalises', statement, verdict: combine(verdicts), evidence };
}

/** Claim 2: too much decay hurts (the sweep's largest rate is clearly worse than its best). */
export function checkTooMuchHurts(inputs: ClaimInputs): ClaimCheck {
  const statement = 'Too much decay hurts: past some rate, validation accuracy falls.';
  const sweep = inputs.sweep;
  if (!sweep || sweep.points.length < 3) {
    return { id: 'too-much-hurts', statement, verdict: 'not tested', evidence: ['No rate sweep with at least three rates ran.'] };
  }
  const largest = sweep.points[sweep.points.length - 1];
  const best = sweep.chosen;
  const se = accuracyStandardError(best.run.final.validationAccuracy, inputs.validationSize);
  const drop = best.run.final.validationAccuracy - largest.run.final.validationAccuracy;
  const evidence = [
    `Best rate λ=${best.rate}: validation ${pct(best.run.final.validationAccuracy)}; largest rate λ=${largest.rate}: validation ${pct(largest.run.final.validationAccuracy)}, train ${pct(largest.run.final.trainAccuracy)}.`,
  ];
  let verdict: Verdict;
  if (largest === best) {
    verdict = 'not supported';
    evidence.push('The largest rate tried was the best one: this grid never reached "too much".');
  } else if (drop > se) {
    verdict = 'supported';
    evidence.push(`The largest rate is ${(100 * drop).toFixed(1)} points below the best (one standard error = ${(100 * se).toFixed(2)}).`);
  } else {
    verdict = 'inconclusive';
    evidence.push(`The largest rate is only ${(100 * drop).toFixed(1)} points below the best, within one standard error (${(100 * se).toFixed(2)}).`);
  }
  return { id: 'too-much-hurts', statement, verdict, evidence };
}

/** Claim 3: L1 (proximal) makes weights exactly zero; L2 only shrinks them. */
export function checkL1SparsityL2Shrinks(inputs: ClaimInputs): ClaimCheck {
  const statement = 'L1 (proximal) sets weights exactly to zero; L2 only shrinks them (smaller norm, no exact zeros).';
  const runs = inputs.comparison ?? [];
  const find = (method: string) => runs.find((r) => decayMethodOf(r.config) === method);
  const none = find('none');
  const l1 = find('l1-proximal');
  const l2 = find('l2');
  if (!none || (!l1 && !l2)) {
    return { id: 'l1-zeros-l2-shrinks', statement, verdict: 'not tested', evidence: ['The comparison needs a no-decay run and an l1-proximal or l2 run.'] };
  }
  const evidence = [`No decay: ${pct(none.final.zeroFraction)} exact zeros, weight norm ${none.final.weightNorm.toFixed(2)}.`];
  const flags: boolean[] = [];
  if (l1) {
    // "Gives exact zeros": at least one percent of all weights more than without decay.
    const gives = l1.final.zeroFraction > none.final.zeroFraction + 0.01;
    flags.push(gives);
    evidence.push(
      `${l1.label}: ${pct(l1.final.zeroFraction)} exact zeros${gives ? '' : ' — not clearly more than without decay'}, weight norm ${l1.final.weightNorm.toFixed(2)}.`,
    );
  }
  if (l2) {
    const shrinks = l2.final.weightNorm < none.final.weightNorm;
    // Exact zeros from L2 could only come from float underflow; allow 0.1 % for that.
    const noZeros = l2.final.zeroFraction <= none.final.zeroFraction + 0.001;
    flags.push(shrinks && noZeros);
    evidence.push(
      `${l2.label}: weight norm ${l2.final.weightNorm.toFixed(2)} (${shrinks ? 'smaller than' : 'NOT smaller than'} without decay), ${pct(l2.final.zeroFraction)} exact zeros${noZeros ? '' : ' — more than expected from shrinkage alone'}.`,
    );
  }
  const sub = find('l1-subgradient');
  if (sub) {
    evidence.push(
      `For contrast, ${sub.label} (same penalty, gradient method): ${pct(sub.final.zeroFraction)} exact zeros — the subgradient oscillates around 0 instead of landing on it.`,
    );
  }
  return { id: 'l1-zeros-l2-shrinks', statement, verdict: combine(flags), evidence };
}

/** Claim 4: the rate picked by the validation sweep also beats no decay on the untouched test split. */
export function checkSweepChoice(inputs: ClaimInputs): ClaimCheck {
  const statement =
    'Choosing the decay rate by a validation sweep finds a rate that also beats no decay on held-out test data.';
  const sweep = inputs.sweep;
  const zero = sweep?.points.find((p) => p.rate === 0);
  if (!sweep || !zero || sweep.points.length < 2) {
    return { id: 'sweep-choice', statement, verdict: 'not tested', evidence: ['No rate sweep including rate 0 ran.'] };
  }
  const chosen = sweep.chosen;
  const se = accuracyStandardError(zero.run.test.accuracy, inputs.testSize);
  const gain = chosen.run.test.accuracy - zero.run.test.accuracy;
  const evidence = [
    `The sweep (${sweep.plan.search}, ${sweep.points.length} rates of ${sweep.plan.base.label}) picked λ=${chosen.rate} with validation ${pct(chosen.run.final.validationAccuracy)} (λ=0: ${pct(zero.run.final.validationAccuracy)}).`,
  ];
  let verdict: Verdict;
  if (chosen.rate === 0) {
    verdict = 'not supported';
    evidence.push('No decay was best on validation: in this run decay did not help.');
  } else {
    evidence.push(
      `On the test split: λ=${chosen.rate} ${pct(chosen.run.test.accuracy)} vs λ=0 ${pct(zero.run.test.accuracy)} (${points(gain)}; one standard error = ${(100 * se).toFixed(2)} points).`,
    );
    verdict = gain > se ? 'supported' : gain < -se ? 'not supported' : 'inconclusive';
  }
  return { id: 'sweep-choice', statement, verdict, evidence };
}

/** Every claim, in report order. */
export function checkClaims(inputs: ClaimInputs): ClaimCheck[] {
  return [checkOverfits(inputs), checkDecayGeneralises(inputs), checkTooMuchHurts(inputs), checkL1SparsityL2Shrinks(inputs), checkSweepChoice(inputs)];
}
