/**
 * Validation and resolution of the `optimizer` part of the config.
 *
 * @packageDocumentation
 */
import {
  type IssueSink,
  checkBoolean,
  checkKnownKeys,
  checkNumber,
  checkObject,
  checkOneOf,
  childPath,
  rangeSchema,
  ranges,
  type JsonSchema,
  type NumberRange,
} from './config-checks.js';
import type { OptimizerType, ResolvedOptimizerConfig } from './config-types.js';
import { learningRateRef, resolveLearningRateWithSink } from './resolve-plateau.js';
import { objectSchema } from './resolve-schedule.js';

/** The `type` names of every optimizer. */
export const optimizerTypes: readonly OptimizerType[] = [
  'sgd',
  'adam',
  'rmsprop',
  'adagrad',
  'adamax',
  'nadam',
  'radam',
  'adadelta',
  'lion',
];

/** The learning rate of an optimizer whose PyTorch class has a default one (Adadelta's lr = 1.0); every other type requires it. */
const learningRateDefaults: Partial<Record<OptimizerType, number>> = { adadelta: 1 };

interface OptionSpec<K extends string = string> {
  key: K;
  fallback: number | boolean;
  range?: NumberRange;
}

const numeric = <K extends string>(key: K, fallback: number, range: NumberRange): OptionSpec<K> => ({ key, fallback, range });
const flag = <K extends string>(key: K): OptionSpec<K> => ({ key, fallback: false });

/**
 * Every optimizer's options with PyTorch 1.13's defaults (docs/guides/decay-contract.md).
 * Internal (exported for the type test that ties it to the documented config types).
 * Ranges are PyTorch's where it checks, tighter where its value would diverge
 * (momentum, betas and alpha below 1) or divide by zero (epsilon > 0).
 */
export const optimizerOptions = {
  sgd: [numeric('momentum', 0, ranges.unitHalfOpen), numeric('dampening', 0, ranges.unitClosed), flag('nesterov')],
  adam: [
    numeric('beta1', 0.9, ranges.unitHalfOpen),
    numeric('beta2', 0.999, ranges.unitHalfOpen),
    numeric('epsilon', 1e-8, ranges.positive),
    flag('amsgrad'),
  ],
  rmsprop: [
    numeric('alpha', 0.99, ranges.unitHalfOpen),
    numeric('epsilon', 1e-8, ranges.positive),
    numeric('momentum', 0, ranges.unitHalfOpen),
    flag('centered'),
  ],
  adagrad: [
    numeric('epsilon', 1e-10, ranges.positive),
    numeric('initialAccumulator', 0, ranges.nonNegative),
    numeric('lrDecay', 0, ranges.nonNegative),
  ],
  adamax: [
    numeric('beta1', 0.9, ranges.unitHalfOpen),
    numeric('beta2', 0.999, ranges.unitHalfOpen),
    numeric('epsilon', 1e-8, ranges.positive),
  ],
  nadam: [
    numeric('beta1', 0.9, ranges.unitHalfOpen),
    numeric('beta2', 0.999, ranges.unitHalfOpen),
    numeric('epsilon', 1e-8, ranges.positive),
    numeric('momentumDecay', 0.004, ranges.nonNegative),
  ],
  radam: [
    numeric('beta1', 0.9, ranges.unitHalfOpen),
    numeric('beta2', 0.999, ranges.unitHalfOpen),
    numeric('epsilon', 1e-8, ranges.positive),
  ],
  // ρ = 1 is allowed (PyTorch's range): both averages stay at 0 and the step is η·g.
  adadelta: [numeric('rho', 0.9, ranges.unitClosed), numeric('epsilon', 1e-6, ranges.positive)],
  // No epsilon: the step is a sign.
  lion: [numeric('beta1', 0.9, ranges.unitHalfOpen), numeric('beta2', 0.99, ranges.unitHalfOpen)],
};

/** Resolves with a given sink (shared with the config resolver). Internal. */
export function resolveOptimizerWithSink(sink: IssueSink, input: unknown, path: string): ResolvedOptimizerConfig | undefined {
  const object = checkObject(sink, input, path);
  if (object === undefined) return undefined;
  const type = checkOneOf(sink, object.type, optimizerTypes, childPath(path, 'type'));
  if (type === undefined) return undefined;
  const before = sink.issues.length;
  checkKnownKeys(sink, object, ['type', 'learningRate', ...optimizerOptions[type].map((o) => o.key)], path, (key) =>
    optimizerTypes.some((other) => optimizerOptions[other].some((o) => o.key === key))
      ? `no ${JSON.stringify(key)} on the "${type}" optimizer (allowed: ${['type', 'learningRate', ...optimizerOptions[type].map((o) => o.key)].join(', ')})`
      : undefined,
  );
  const resolved: Record<string, unknown> = {
    type,
    learningRate:
      object.learningRate === undefined && learningRateDefaults[type] !== undefined
        ? learningRateDefaults[type]
        : resolveLearningRateWithSink(sink, object.learningRate, childPath(path, 'learningRate')),
  };
  for (const option of optimizerOptions[type]) {
    const raw = object[option.key];
    const optionPath = childPath(path, option.key);
    if (raw === undefined) resolved[option.key] = option.fallback;
    else if (option.range === undefined) resolved[option.key] = checkBoolean(sink, raw, optionPath);
    else resolved[option.key] = checkNumber(sink, raw, option.range, optionPath);
  }
  if (sink.issues.length !== before || Object.values(resolved).some((v) => v === undefined)) return undefined;
  // PyTorch SGD: "Nesterov momentum requires a momentum and zero dampening".
  if (type === 'sgd' && resolved.nesterov === true && (resolved.momentum === 0 || resolved.dampening !== 0)) {
    return sink.report(childPath(path, 'nesterov'), 'false unless momentum > 0 and dampening = 0 (as PyTorch SGD)', true);
  }
  return resolved as unknown as ResolvedOptimizerConfig;
}

/**
 * One JSON Schema definition per optimizer type, from the same option table
 * the resolver checks with. Internal: assembled by config-json-schema.ts. The
 * one cross-field rule (nesterov needs momentum > 0 and no dampening) is
 * checked at run time only.
 */
export function optimizerSchemaDefs(): Record<string, JsonSchema> {
  const defs: Record<string, JsonSchema> = {
    optimizer: { oneOf: optimizerTypes.map((type) => ({ $ref: `#/$defs/optimizer-${type}` })) },
  };
  for (const type of optimizerTypes) {
    const fields = optimizerOptions[type].map((option) => ({
      key: option.key,
      schema: option.range === undefined ? { type: 'boolean' } : rangeSchema(option.range),
      fallback: option.fallback,
    }));
    const learningRateDefault = learningRateDefaults[type];
    defs[`optimizer-${type}`] = objectSchema(
      {
        type: { const: type },
        learningRate: learningRateDefault === undefined ? learningRateRef : { ...learningRateRef, default: learningRateDefault },
      },
      learningRateDefault === undefined ? ['type', 'learningRate'] : ['type'],
      fields,
    );
  }
  return defs;
}
