/**
 * The article's eleven claims about weight decay, each checked against the
 * runs of THIS study. Nothing is assumed: every number is computed from the
 * runs, and every verdict from paired differences across seeds (see
 * statistics.ts): supported when the 95 % interval of the difference lies on
 * the claimed side of zero, refuted when it lies on the other side,
 * inconclusive otherwise.
 */
import { stepScalars } from '@weight-decay/core';
import { choosePoint } from './rate-sweep.js';
import type { EpochMetrics, RunResult } from './run-experiment.js';
import type { Interval, Verdict } from './statistics.js';
import { combineVerdicts, formatInterval, judge, meanInterval, pairedDifference } from './statistics.js';
import type { StudyPlan } from './study-plan.js';
import { arms, factorialCells } from './study-plan.js';
import { kernelName } from './mlp-model.js';

/** One measured line of a claim. */
export interface ClaimRow {
  /** What is measured, e.g. `validation accuracy, decoupled − none`. */
  measure: string;
  /** The article's number for it, if it gives one. */
  article: string;
  /** Ours: mean ± 95 % interval over seeds (or a count). */
  ours: string;
  /** The row's own verdict, when it tests a direction. */
  verdict?: Verdict;
  /** Whether the row's verdict counts towards the claim's verdict. */
  primary: boolean;
  /** The interval behind `ours`, for results.json and tests. */
  interval?: Interval;
}

/** A claim's verdict: `not tested` when the study did not run the arms it needs. */
export type ClaimVerdict = Verdict | 'not tested';

/** One claim, its verdict and the numbers behind it. */
export interface ClaimCheck {
  /** 1–11, the issue's numbering. */
  number: number;
  /** Stable id. */
  id: string;
  /** The claim in words. */
  statement: string;
  /** The article's headline number. */
  article: string;
  /** Our headline number (mean ± 95 % interval). */
  ours: string;
  /** Combined from the primary rows. */
  verdict: ClaimVerdict;
  /** Every measured line. */
  rows: ClaimRow[];
  /** Sentences that explain the numbers. */
  notes: string[];
}

/** The runs of a study by arm id, each list in seed order. */
export type StudyRuns = ReadonlyMap<string, readonly RunResult[]>;

/** What the claims are checked from. */
export interface ClaimInputs {
  /** The plan that ran. */
  plan: StudyPlan;
  /** Its runs. */
  runs: StudyRuns;
}

type Pick = (run: RunResult) => number;
const finalValidation: Pick = (r) => r.final.validationAccuracy;
const finalTrain: Pick = (r) => r.final.trainAccuracy;
const testAccuracy: Pick = (r) => r.test.accuracy;

/** Percent with one decimal. */
const pct = (i: Interval): string => `${formatInterval(i, 100, 1)} %`;
/** Percentage points with one decimal and a sign. */
const pts = (i: Interval): string => {
  const text = formatInterval(i, 100, 1);
  return `${i.mean >= 0 ? '+' : ''}${text} points`;
};

class Study {
  constructor(readonly inputs: ClaimInputs) {}

  has(...ids: string[]): boolean {
    return ids.every((id) => (this.inputs.runs.get(id)?.length ?? 0) > 0);
  }

  runs(id: string): readonly RunResult[] {
    const runs = this.inputs.runs.get(id);
    if (!runs || runs.length === 0) throw new RangeError(`no runs of arm "${id}"`);
    return runs;
  }

  values(id: string, pick: Pick): number[] {
    return this.runs(id).map(pick);
  }

  mean(id: string, pick: Pick): Interval {
    return meanInterval(this.values(id, pick));
  }

  /** A row judging pick(a) − pick(b) in `direction`. */
  difference(
    measure: string,
    a: string,
    b: string,
    pick: Pick,
    direction: 'positive' | 'negative',
    options: { article?: string; primary?: boolean; format?: (i: Interval) => string } = {},
  ): ClaimRow {
    const before = this.values(b, pick);
    return this.judged(
      measure,
      this.values(a, pick).map((x, i) => x - before[i]),
      direction,
      options,
    );
  }

  /** A row judging a per-seed quantity (already a difference) in `direction`; no direction shows it unjudged. */
  judged(
    measure: string,
    values: number[],
    direction: 'positive' | 'negative' | undefined,
    options: { article?: string; primary?: boolean; format?: (i: Interval) => string } = {},
  ): ClaimRow {
    const interval = meanInterval(values);
    return {
      measure,
      article: options.article ?? '—',
      ours: (options.format ?? pts)(interval),
      verdict: direction && judge(interval, direction),
      primary: direction !== undefined && (options.primary ?? true),
      interval,
    };
  }

  /** The run of arm `id` on the seed at `seedIndex` of the plan. */
  runOf(id: string, seedIndex: number): RunResult {
    const seed = this.inputs.plan.seeds[seedIndex];
    const run = this.runs(id).find((r) => r.seed === seed);
    if (!run) throw new RangeError(`no run of arm "${id}" on seed ${seed}`);
    return run;
  }

  /** A row showing a value without judging it. */
  value(measure: string, id: string, pick: Pick, article = '—', format: (i: Interval) => string = pct): ClaimRow {
    const interval = this.mean(id, pick);
    return { measure, article, ours: format(interval), primary: false, interval };
  }
}

function claim(
  number: number,
  id: string,
  statement: string,
  article: string,
  rows: ClaimRow[],
  notes: string[] = [],
  headline?: ClaimRow,
): ClaimCheck {
  const primary = rows.filter((r) => r.primary && r.verdict !== undefined).map((r) => r.verdict as Verdict);
  const lead = headline ?? rows.find((r) => r.primary) ?? rows[0];
  return {
    number,
    id,
    statement,
    article,
    ours: lead ? `${lead.measure}: ${lead.ours}` : '—',
    verdict: combineVerdicts(primary),
    rows,
    notes,
  };
}

function notTested(number: number, id: string, statement: string, article: string, why: string): ClaimCheck {
  return { number, id, statement, article, ours: '—', verdict: 'not tested', rows: [], notes: [why] };
}

const statements = {
  overfits: 'Without decay the network overfits: training accuracy far above validation accuracy.',
  trade: 'With decay, training accuracy drops a little and validation accuracy rises.',
  tooMuch: 'Too much decay hurts; the best rate balances fitting and regularisation.',
  l1: 'L1 gives exact zeros and L2 does not; under L1 the share of non-zero weights falls epoch by epoch.',
  search: 'The rate is chosen on a validation set by grid or random search, and the chosen rate also wins on the untouched test split.',
  which: 'Decay is usually applied to hidden layers (not to every parameter, not to biases or normalisation scales).',
  factorial: 'Decay combines with dropout and with batch normalisation and complements them.',
  shrink: 'With no gradient from the data, decay shrinks weights exponentially.',
  speed: 'Decay shortens training: fewer epochs and less time to reach a target validation accuracy.',
  stability: 'Decay reduces the risk of numerical instability at a learning rate too large for the undecayed network.',
  ranking: 'Ranking of methods: weight decay > L2 > L1 > none (and elsewhere L2 > L1 > batch norm).',
} as const;

/** Claim 1. */
export function checkOverfits(study: Study): ClaimCheck {
  const article = 'train 98.5 % vs validation 85.2 % (gap 13.3 points)';
  if (!study.has(arms.none)) return notTested(1, 'overfits', statements.overfits, article, 'The no-decay arm did not run.');
  const gap = pairedDifference(study.values(arms.none, finalTrain), study.values(arms.none, finalValidation));
  const lossRise = (r: RunResult): number =>
    r.final.validationLoss - Math.min(...r.epochs.filter((e) => e.epoch > 0).map((e) => e.validationLoss));
  return claim(1, 'overfits', statements.overfits, article, [
    {
      measure: 'train − validation accuracy, no decay',
      article: '+13.3 points',
      ours: pts(gap),
      verdict: judge(gap, 'positive'),
      primary: true,
      interval: gap,
    },
    study.value('training accuracy, no decay', arms.none, finalTrain, '98.5 %'),
    study.value('validation accuracy, no decay', arms.none, finalValidation, '85.2 %'),
    study.value('validation loss at the end − its minimum, no decay', arms.none, lossRise, '—', (i) => formatInterval(i, 1, 3)),
  ]);
}

/** Claim 2. */
export function checkTrade(study: Study): ClaimCheck {
  const article = 'train 98.5 → 97.9 %, validation 85.2 → 88.6 % (elsewhere 95.3 → 97.8 %)';
  if (!study.has(arms.none, arms.decoupled))
    return notTested(2, 'decay-trade', statements.trade, article, 'The no-decay or decoupled arm did not run.');
  const rows = [
    study.difference('validation accuracy, decoupled − none', arms.decoupled, arms.none, finalValidation, 'positive', {
      article: '+3.4 points (+2.5 elsewhere)',
    }),
    study.difference('training accuracy, decoupled − none', arms.decoupled, arms.none, finalTrain, 'negative', { article: '−0.6 points' }),
  ];
  for (const other of [arms.l2, arms.l1]) {
    if (!study.has(other)) continue;
    rows.push(
      study.difference(`validation accuracy, ${other} − none`, other, arms.none, finalValidation, 'positive', { primary: false }),
      study.difference(`training accuracy, ${other} − none`, other, arms.none, finalTrain, 'negative', { primary: false }),
    );
  }
  return claim(2, 'decay-trade', statements.trade, article, rows, [
    'The verdict is the decoupled (AdamW) arm\'s, the article\'s "weight decay"; the L2 and L1 rows are shown for comparison.',
  ]);
}

/** Mean final validation accuracy of each grid rate, 0 (no decay) first. */
function gridMeans(study: Study): { rate: number; arm: string; validation: Interval; test: Interval }[] {
  const grid = study.inputs.plan.search?.grid ?? [];
  return [{ rate: 0, arm: arms.none }, ...grid]
    .filter((p) => study.has(p.arm))
    .map((p) => ({ ...p, validation: study.mean(p.arm, finalValidation), test: study.mean(p.arm, testAccuracy) }));
}

/** Claim 3. */
export function checkTooMuch(study: Study): ClaimCheck {
  const article = 'λ 1e-4 → 96.7 %, 1e-3 → 97.2 %, 1e-2 → 97.8 %';
  const points = gridMeans(study);
  if (points.length < 3)
    return notTested(3, 'too-much-hurts', statements.tooMuch, article, 'The rate grid (with at least two non-zero rates) did not run.');
  const best = choosePoint(points.map((p) => ({ ...p, validationAccuracy: p.validation.mean, validationLoss: 0 })));
  const largest = points[points.length - 1];
  const rows: ClaimRow[] = points.map((p) => ({
    measure: `λ = ${p.rate}: validation / test accuracy`,
    article: '—',
    ours: `${pct(p.validation)} / ${pct(p.test)}`,
    primary: false,
    interval: p.validation,
  }));
  const notes = [
    `The best rate by mean validation accuracy over seeds is λ = ${best.rate}; it is then compared on the test split, which played no part in the choice.`,
    "The article's rates are coupled-L2 rates of a different network; ours are decoupled rates (per-update shrink η·λ), so the scales differ and the shape is what compares.",
  ];
  if (best.rate === largest.rate || best.rate === 0) {
    const edge = best.rate === 0 ? 'no decay' : 'the largest rate';
    rows.push({
      measure: 'best rate lies strictly inside the grid',
      article: 'yes (1e-2 of 1e-4…1e-2 is best there)',
      ours: `no: ${edge} is best`,
      verdict: 'refuted',
      primary: true,
    });
  } else {
    rows.push(
      study.difference(
        `test accuracy, λ = ${largest.rate} − λ = ${best.rate} (too much vs best)`,
        largest.arm,
        best.arm,
        testAccuracy,
        'negative',
      ),
      study.difference(`test accuracy, λ = ${best.rate} − none (best vs none)`, best.arm, arms.none, testAccuracy, 'positive'),
    );
  }
  return claim(
    3,
    'too-much-hurts',
    statements.tooMuch,
    article,
    rows,
    notes,
    rows.find((r) => r.primary),
  );
}

/** Share of kernel weights that are not exactly zero after epoch e. */
const nonZeroAt =
  (epoch: number): Pick =>
  (r) =>
    1 - (r.epochs[Math.min(epoch, r.epochs.length - 1)] as EpochMetrics).kernelZeroFraction;

/** Claim 4. */
export function checkL1(study: Study): ClaimCheck {
  const article = 'non-zero weights under L1: 49.2 → 34.8 → 25.1 %';
  if (!study.has(arms.l1, arms.l2)) return notTested(4, 'l1-zeros', statements.l1, article, 'The L1 or L2 arm did not run.');
  const zeros: Pick = (r) => r.final.kernelZeroFraction;
  const epochs = study.runs(arms.l1)[0].epochs.length - 1;
  const rows = [
    study.difference('exactly-zero kernel weights, L1 − L2 (last epoch)', arms.l1, arms.l2, zeros, 'positive', { format: pts }),
    study.value('exactly-zero kernel weights, L2', arms.l2, zeros, '0 %', (i) => `${formatInterval(i, 100, 3)} %`),
  ];
  const articleShares = ['49.2 %', '34.8 %', '25.1 %'];
  for (let e = 1; e <= Math.min(3, epochs); e++)
    rows.push(study.value(`non-zero kernel weights under L1 after epoch ${e}`, arms.l1, nonZeroAt(e), articleShares[e - 1]));
  if (epochs > 3) rows.push(study.value(`non-zero kernel weights under L1 after epoch ${epochs}`, arms.l1, nonZeroAt(epochs)));
  if (epochs >= 2) {
    rows.push(
      study.judged(
        `non-zero share under L1, epoch ${epochs} − epoch 1`,
        study.values(arms.l1, (r) => nonZeroAt(epochs)(r) - nonZeroAt(1)(r)),
        'negative',
        {
          article: '−24.1 points (epoch 3 − epoch 1)',
        },
      ),
    );
  }
  return claim(4, 'l1-zeros', statements.l1, article, rows, [
    'L1 is the proximal (soft-threshold) method, which lands weights exactly on zero; "kernel weights" are the dense-layer matrices every config here decays.',
  ]);
}

/** Per seed, the rate a search picks by validation accuracy (ties: lower validation loss, smaller rate) and its run. */
function searchChoice(study: Study, points: (seedIndex: number) => { rate: number; arm: string }[]): { rate: number; run: RunResult }[] {
  return study.inputs.plan.seeds.map((_, s) => {
    const candidates = points(s).map((p) => {
      const run = study.runOf(p.arm, s);
      return { rate: p.rate, run, validationAccuracy: run.final.validationAccuracy, validationLoss: run.final.validationLoss };
    });
    const chosen = choosePoint(candidates);
    return { rate: chosen.rate, run: chosen.run };
  });
}

/** Claim 5. */
export function checkSearch(study: Study): ClaimCheck {
  const article = 'grid or random search on validation (no numbers)';
  const search = study.inputs.plan.search;
  if (!search || !study.has(arms.none, ...search.grid.map((g) => g.arm))) {
    return notTested(5, 'search', statements.search, article, 'The rate searches did not run.');
  }
  const seeds = study.inputs.plan.seeds;
  const zero = { rate: 0, arm: arms.none };
  const grid = searchChoice(study, () => [zero, ...search.grid]);
  const random = searchChoice(study, (s) => [zero, ...(search.random.get(seeds[s]) ?? [])]);
  const none = study.values(arms.none, testAccuracy);
  const gridTest = grid.map((c) => c.run.test.accuracy);
  const randomTest = random.map((c) => c.run.test.accuracy);
  const rows = [
    study.judged(
      'test accuracy, grid-chosen rate − none',
      gridTest.map((v, i) => v - none[i]),
      'positive',
    ),
    study.judged(
      'test accuracy, random-chosen rate − none',
      randomTest.map((v, i) => v - none[i]),
      'positive',
    ),
    study.judged(
      'test accuracy, random − grid (same budget; no direction claimed)',
      randomTest.map((v, i) => v - gridTest[i]),
      undefined,
    ),
  ];
  return claim(5, 'search', statements.search, article, rows, [
    `Both searches try ${search.grid.length} rates plus λ = 0 per seed in [${search.range.join(', ')}]: the grid log-spaced, the random search drawn log-uniformly per seed.`,
    `Chosen per seed on validation: grid ${grid.map((c) => `λ=${c.rate}`).join(', ')}; random ${random.map((c) => `λ=${c.rate}`).join(', ')}.`,
  ]);
}

/** Claim 6. */
export function checkWhich(study: Study): ClaimCheck {
  const article = 'decay hidden layers (no number)';
  if (!study.has(arms.decoupled, arms.allParameters, arms.hiddenLayers)) {
    return notTested(6, 'which-parameters', statements.which, article, 'The parameter-selection arms did not run.');
  }
  return claim(
    6,
    'which-parameters',
    statements.which,
    article,
    [
      study.difference(
        'test accuracy, hidden-layer kernels only − all parameters',
        arms.hiddenLayers,
        arms.allParameters,
        testAccuracy,
        'positive',
      ),
      study.difference(
        'test accuracy, all kernels (no biases) − all parameters',
        arms.decoupled,
        arms.allParameters,
        testAccuracy,
        'positive',
      ),
      study.difference(
        'test accuracy, hidden-layer kernels only − all kernels',
        arms.hiddenLayers,
        arms.decoupled,
        testAccuracy,
        'positive',
        { primary: false },
      ),
    ],
    [
      "The same decoupled rate (λ = 1) on three selections: every parameter; every kernel (biases excluded, minRank 2); the two hidden layers' kernels only (output layer excluded). This MLP has no normalisation scales outside claim 7.",
    ],
  );
}

/** Mean relative update per epoch of the first kernel over the second half of training: the effective learning rate. */
const effectiveStep: Pick = (r) => {
  const late = r.epochs.filter((e) => e.epoch > 0 && e.epoch >= r.epochs.length / 2);
  const used = late.length > 0 ? late : r.epochs.filter((e) => e.epoch > 0);
  return used.reduce((sum, e) => sum + e.kernelRelativeUpdate[kernelName(1)], 0) / used.length;
};

/** Claim 7. */
export function checkFactorial(study: Study): ClaimCheck {
  const article = 'decay complements dropout and batch norm (no number)';
  const cells = factorialCells(study.inputs.plan);
  if (!study.has(cells.none, cells.decoupled, arms.dropout, arms.dropoutDecoupled, arms.batchNorm, arms.batchNormDecoupled)) {
    return notTested(7, 'factorial', statements.factorial, article, 'The factorial arms did not run.');
  }
  const norm: Pick = (r) => r.final.parameterNorms[kernelName(1)];
  const rows = [
    study.difference('validation accuracy, dropout + decay − dropout', arms.dropoutDecoupled, arms.dropout, finalValidation, 'positive'),
    study.difference('validation accuracy, dropout + decay − decay', arms.dropoutDecoupled, cells.decoupled, finalValidation, 'positive'),
    study.difference(
      'validation accuracy, batch norm + decay − batch norm',
      arms.batchNormDecoupled,
      arms.batchNorm,
      finalValidation,
      'positive',
    ),
    study.difference(
      'validation accuracy, batch norm + decay − decay',
      arms.batchNormDecoupled,
      cells.decoupled,
      finalValidation,
      'positive',
    ),
    study.difference(
      'validation accuracy, decay − none (no dropout, no batch norm)',
      cells.decoupled,
      cells.none,
      finalValidation,
      'positive',
      { primary: false },
    ),
    study.difference(
      'with batch norm: first-layer kernel norm, decay − no decay',
      arms.batchNormDecoupled,
      arms.batchNorm,
      norm,
      'negative',
      {
        primary: false,
        format: (i) => formatInterval(i, 1, 2),
      },
    ),
    study.difference(
      'with batch norm: relative update per epoch of that kernel, decay − no decay',
      arms.batchNormDecoupled,
      arms.batchNorm,
      effectiveStep,
      'positive',
      {
        primary: false,
        format: (i) => formatInterval(i, 1, 4),
      },
    ),
  ];
  const notes = [
    'Batch norm makes each hidden kernel scale-invariant: the output does not change when the kernel is multiplied by a constant, so decay cannot restrict what the layer computes. What it changes is the step size relative to the weights: a smaller kernel turns further per update, i.e. a larger effective learning rate. The last two rows measure exactly that (relative update = ‖θ_e − θ_(e−1)‖/‖θ_(e−1)‖, averaged over the second half of training).',
  ];
  if (study.inputs.plan.fallbackReason) {
    notes.push(`Every cell of this factorial ran on tfjs (wasm), not on the chosen backend, because ${study.inputs.plan.fallbackReason}.`);
  }
  return claim(7, 'factorial', statements.factorial, article, rows, notes);
}

/** Π(1 − Σ decoupled coefficients) over the updates of each epoch of a run: the predicted shrink of weights without gradient. */
export function predictedShrink(run: RunResult): number[] {
  const decoupledTerms = run.config.decay.flatMap((term, i) => (term.type === 'decoupled' ? [i] : []));
  const factors = [1];
  let product = 1;
  for (let epoch = 1; epoch < run.epochs.length; epoch++) {
    for (let step = (epoch - 1) * run.stepsPerEpoch; step < epoch * run.stepsPerEpoch; step++) {
      const terms = stepScalars(run.config, step).terms;
      product *= 1 - decoupledTerms.reduce((sum, i) => sum + terms[i].coefficient, 0);
    }
    factors.push(product);
  }
  return factors;
}

/** Claim 8. */
export function checkShrink(study: Study): ClaimCheck {
  const article = '0.7 → 0.56 → 0.45 → 0.36 (×0.8 per epoch)';
  if (!study.has(arms.none, arms.decoupled) || study.runs(arms.decoupled)[0].epochs[0].blankInputNorm === 0) {
    return notTested(
      8,
      'exponential-shrink',
      statements.shrink,
      article,
      'No decoupled run, or no always-blank pixel in the training split.',
    );
  }
  const ratio =
    (epoch: number): Pick =>
    (r) =>
      r.epochs[epoch].blankInputNorm / r.epochs[0].blankInputNorm;
  const runs = study.runs(arms.decoupled);
  const last = runs[0].epochs.length - 1;
  const rows: ClaimRow[] = [];
  for (const epoch of [...new Set([1, 2, 3, last])].filter((e) => e >= 1 && e <= last)) {
    const predicted = predictedShrink(runs[0])[epoch];
    rows.push(
      study.value(
        `blank-pixel weight norm / initial after epoch ${epoch} (predicted ${predicted.toFixed(4)})`,
        arms.decoupled,
        ratio(epoch),
        epoch <= 3 ? ['0.8', '0.64', '0.51'][epoch - 1] : '—',
        (i) => formatInterval(i, 1, 4),
      ),
    );
  }
  const deviation = Math.max(
    ...runs.flatMap((run) => {
      const predicted = predictedShrink(run);
      return run.epochs.map((e, k) => Math.abs(e.blankInputNorm / run.epochs[0].blankInputNorm / predicted[k] - 1));
    }),
  );
  rows.push({
    measure: 'largest |measured / predicted − 1| over every epoch and seed',
    article: '—',
    ours: deviation.toExponential(1),
    verdict: deviation < 1e-4 ? 'supported' : 'refuted',
    primary: true,
  });
  rows.push(
    study.difference(
      `log norm ratio after epoch ${last}, decoupled − none`,
      arms.decoupled,
      arms.none,
      (r) => Math.log(ratio(last)(r)),
      'negative',
      { format: (i) => formatInterval(i, 1, 4) },
    ),
  );
  if (study.has(arms.l2))
    rows.push(
      study.value(`for contrast, L2 (coupled, through Adam) after epoch ${last}`, arms.l2, ratio(last), '—', (i) =>
        formatInterval(i, 1, 4),
      ),
    );
  return claim(
    8,
    'exponential-shrink',
    statements.shrink,
    article,
    rows,
    [
      `The first-layer weights of the pixels that are 0 in every training image get exactly zero gradient, so Adam's moments stay 0 and only decay moves them. The prediction is Π(1 − η_t·λ_t) over every update, computed from the config's schedules by core's stepScalars. The tolerance check passes below 1e-4 (float32 rounding over a few hundred multiplications).`,
      'Coupled L2 with Adam does not follow Π(1 − η_t·λ_t): its decay gradient λθ is divided by √v̂ like any gradient, so the blank weights move by up to η per update whatever λ is (the last row).',
    ],
    rows[0],
  );
}

/** First epoch whose validation accuracy reaches `target`, or epochs + 1 when none does. */
function epochsToTarget(run: RunResult, target: number): number {
  return run.epochs.find((e) => e.epoch > 0 && e.validationAccuracy >= target)?.epoch ?? run.epochs.length;
}

/** Claim 9. */
export function checkSpeed(study: Study): ClaimCheck {
  const article = '10 h → 8.5 h';
  if (!study.has(arms.none, arms.decoupled))
    return notTested(9, 'speed', statements.speed, article, 'The no-decay or decoupled arm did not run.');
  const best = (id: string): number => study.mean(id, (r) => Math.max(...r.epochs.map((e) => e.validationAccuracy))).mean;
  const target = Math.min(best(arms.none), best(arms.decoupled)) - 0.01;
  const epochs: Pick = (r) => epochsToTarget(r, target);
  const seconds: Pick = (r) => r.epochs[Math.min(epochsToTarget(r, target), r.epochs.length - 1)].trainingSeconds;
  const missed = [arms.none, arms.decoupled].map(
    (id) => study.values(id, epochs).filter((e) => e >= study.runs(id)[0].epochs.length).length,
  );
  const format = (digits: number) => (i: Interval) => formatInterval(i, 1, digits);
  return claim(
    9,
    'speed',
    statements.speed,
    article,
    [
      study.difference('epochs to the target, decoupled − none', arms.decoupled, arms.none, epochs, 'negative', {
        article: '−15 % of the time',
        format: format(2),
      }),
      study.difference('training seconds to the target, decoupled − none', arms.decoupled, arms.none, seconds, 'negative', {
        article: '10 h → 8.5 h',
        primary: false,
        format: format(2),
      }),
      study.value('epochs to the target, no decay', arms.none, epochs, '—', format(2)),
      study.value('epochs to the target, decoupled', arms.decoupled, epochs, '—', format(2)),
    ],
    [
      `Target: ${(100 * target).toFixed(1)} % validation accuracy, one point below the lower of the two arms' mean best validation accuracy, so both can reach it. ` +
        `Runs that never reached it count as one epoch past the end (none: ${missed[0]}, decoupled: ${missed[1]} seed(s)).`,
      'Wall time is measured on a shared machine: only the epoch count is judged.',
    ],
  );
}

/** Batch losses above twice the median of the ten before, or not finite: the spikes of a run. */
export function lossSpikes(run: RunResult): number {
  const losses = run.epochs.flatMap((e) => e.batchLosses);
  let spikes = 0;
  for (let t = 0; t < losses.length; t++) {
    if (!Number.isFinite(losses[t])) {
      spikes++;
      continue;
    }
    if (t < 10) continue;
    const window = losses
      .slice(t - 10, t)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    if (window.length > 0 && losses[t] > 2 * window[Math.floor(window.length / 2)]) spikes++;
  }
  return spikes;
}

/** Claim 10. */
export function checkStability(study: Study): ClaimCheck {
  const article = 'decay reduces the risk of instability (no number)';
  if (!study.has(arms.largeLrNone, arms.largeLrDecoupled))
    return notTested(10, 'stability', statements.stability, article, 'The large-learning-rate arms did not run.');
  const maxOver =
    (pick: (e: EpochMetrics) => number): Pick =>
    (r) =>
      Math.max(...r.epochs.map(pick));
  const diverged = (id: string): number =>
    study.values(id, (r) => (r.epochs.some((e) => !Number.isFinite(e.trainLoss)) ? 1 : 0)).reduce((a, b) => a + b, 0);
  const seeds = study.inputs.plan.seeds.length;
  const plain = (digits: number) => (i: Interval) => formatInterval(i, 1, digits);
  const lr = study.runs(arms.largeLrNone)[0].config.optimizer.learningRate;
  return claim(
    10,
    'stability',
    statements.stability,
    article,
    [
      study.difference('loss spikes per run, decay − none', arms.largeLrDecoupled, arms.largeLrNone, lossSpikes, 'negative', {
        format: plain(1),
      }),
      study.difference(
        'largest validation |logit|, decay − none',
        arms.largeLrDecoupled,
        arms.largeLrNone,
        maxOver((e) => e.validationMaxAbsLogit),
        'negative',
        { format: plain(1) },
      ),
      study.difference(
        'largest weight norm, decay − none',
        arms.largeLrDecoupled,
        arms.largeLrNone,
        maxOver((e) => e.weightNorm),
        'negative',
        { format: plain(1) },
      ),
      study.difference('final validation accuracy, decay − none', arms.largeLrDecoupled, arms.largeLrNone, finalValidation, 'positive', {
        primary: false,
      }),
      {
        measure: 'runs that diverged (non-finite loss), none / decay',
        article: '—',
        ours: `${diverged(arms.largeLrNone)} / ${diverged(arms.largeLrDecoupled)} of ${seeds}`,
        primary: false,
      },
    ],
    [
      `Both arms use Adam at learning rate ${typeof lr === 'number' ? lr : 'scheduled'} (30× the other arms'); the decayed one adds decoupled decay λ = 0.3 on kernels. A loss spike is a batch loss above twice the median of the ten batches before it.`,
    ],
  );
}

/** Claim 11. */
export function checkRanking(study: Study): ClaimCheck {
  const article = 'weight decay +2.5, L2 +2.1, L1 +1.8 points over none; elsewhere L2 97.8 > L1 97.4 > batch norm 97.2 %';
  if (!study.has(arms.none, arms.l2, arms.decoupled, arms.l1))
    return notTested(11, 'ranking', statements.ranking, article, 'The method arms did not run.');
  const rows = [
    study.difference('test accuracy, decoupled − L2', arms.decoupled, arms.l2, testAccuracy, 'positive', { article: '+0.4 points' }),
    study.difference('test accuracy, L2 − L1', arms.l2, arms.l1, testAccuracy, 'positive', { article: '+0.3 points (+0.4 elsewhere)' }),
    study.difference('test accuracy, L1 − none', arms.l1, arms.none, testAccuracy, 'positive', { article: '+1.8 points' }),
    study.difference('test accuracy, decoupled − none', arms.decoupled, arms.none, testAccuracy, 'positive', {
      article: '+2.5 points',
      primary: false,
    }),
    study.difference('test accuracy, L2 − none', arms.l2, arms.none, testAccuracy, 'positive', { article: '+2.1 points', primary: false }),
  ];
  const cells = factorialCells(study.inputs.plan);
  if (study.has(arms.batchNorm, cells.none)) {
    rows.push(
      study.difference('test accuracy, batch norm (no decay) − none', arms.batchNorm, cells.none, testAccuracy, 'positive', {
        article: '97.2 % (below L1 97.4 %)',
        primary: false,
      }),
    );
  }
  const methods = [arms.none, arms.l2, arms.decoupled, arms.l1].map((id) => ({ id, test: study.mean(id, testAccuracy) }));
  const order = [...methods].sort((a, b) => b.test.mean - a.test.mean);
  return claim(11, 'ranking', statements.ranking, article, rows, [
    `Our order by mean test accuracy: ${order.map((m) => `${m.id} ${pct(m.test)}`).join(' > ')}. The verdict is on the article's three adjacent steps (decoupled > L2 > L1 > none), each a paired difference.`,
  ]);
}

/** Every claim, in the issue's order. */
export function checkClaims(inputs: ClaimInputs): ClaimCheck[] {
  const study = new Study(inputs);
  return [
    checkOverfits,
    checkTrade,
    checkTooMuch,
    checkL1,
    checkSearch,
    checkWhich,
    checkFactorial,
    checkShrink,
    checkSpeed,
    checkStability,
    checkRanking,
  ].map((check) => check(study));
}
