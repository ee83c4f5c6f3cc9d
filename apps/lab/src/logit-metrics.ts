/**
 * Loss and accuracy from logits, computed in float64 in JS the same way for
 * every backend, so a difference between backends is a difference in
 * training, not in how the scoreboard is kept.
 */
import type { Evaluation } from './training-backend.js';

/**
 * Mean softmax cross-entropy (natural log, log-sum-exp shifted by the row
 * maximum) and arg-max accuracy of `count` rows of `classes` logits. Ties in
 * the arg-max go to the lower class index.
 */
export function evaluateLogits(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number): Evaluation {
  const count = labels.length;
  if (logits.length !== count * classes) {
    throw new RangeError(`expected ${count * classes} logits for ${count} labels, received ${logits.length}`);
  }
  if (count === 0) return { loss: Number.NaN, accuracy: Number.NaN, maxAbsLogit: Number.NaN };
  let lossSum = 0;
  let correct = 0;
  let maxAbsLogit = 0;
  for (let row = 0; row < count; row++) {
    const offset = row * classes;
    let max = -Infinity;
    let best = 0;
    for (let c = 0; c < classes; c++) {
      const v = logits[offset + c];
      // NaN poisons the maximum on purpose: a diverged network must not look tame.
      maxAbsLogit = Number.isNaN(v) || Number.isNaN(maxAbsLogit) ? Number.NaN : Math.max(maxAbsLogit, Math.abs(v));
      if (v > max) {
        max = v;
        best = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[offset + c] - max);
    lossSum += Math.log(sum) + max - logits[offset + labels[row]];
    if (best === labels[row]) correct++;
  }
  return { loss: lossSum / count, accuracy: correct / count, maxAbsLogit };
}
