/**
 * The documented input types (config-types.ts) and the tables the resolvers
 * check with (from which config.schema.json is built) must name the same
 * fields, with the same ones optional. These are compile-time checks: a field
 * added to one and not the other fails `pnpm typecheck`.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type * as Types from './config-types.js';
import type { configKeys } from './resolve-config.js';
import type { clipFields, gradientKeys } from './resolve-gradient.js';
import type { selectionKeys, termKeys } from './resolve-decay-terms.js';
import type { groupKeys } from './resolve-groups.js';
import type { optimizerOptions } from './resolve-optimizer.js';
import type { averageFields } from './resolve-average.js';
import type { scheduleFields } from './resolve-schedule.js';

type KeysOf<Table extends readonly { key: string }[]> = Table[number]['key'];
type DefaultedKeysOf<Table extends readonly { key: string }[]> = Extract<Table[number], { fallback: unknown }>['key'];
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
type ScheduleOf<Type extends Types.ScheduleType> = Extract<Types.Schedule, { type: Type }>;

describe('config types and validation tables agree', () => {
  it('top-level keys', () => {
    expectTypeOf<(typeof configKeys)[number]>().toEqualTypeOf<keyof Types.WeightDecayConfig>();
  });

  it('optimizer options (every option is optional, with a default)', () => {
    type Options<C> = Exclude<keyof C, 'type' | 'learningRate'>;
    expectTypeOf<KeysOf<typeof optimizerOptions.sgd>>().toEqualTypeOf<Options<Types.SgdConfig>>();
    expectTypeOf<KeysOf<typeof optimizerOptions.adam>>().toEqualTypeOf<Options<Types.AdamConfig>>();
    expectTypeOf<KeysOf<typeof optimizerOptions.rmsprop>>().toEqualTypeOf<Options<Types.RmspropConfig>>();
    expectTypeOf<KeysOf<typeof optimizerOptions.adagrad>>().toEqualTypeOf<Options<Types.AdagradConfig>>();
    expectTypeOf<KeysOf<typeof optimizerOptions.adamax>>().toEqualTypeOf<Options<Types.AdamaxConfig>>();
    expectTypeOf<KeysOf<typeof optimizerOptions.nadam>>().toEqualTypeOf<Options<Types.NadamConfig>>();
    expectTypeOf<KeysOf<typeof optimizerOptions.radam>>().toEqualTypeOf<Options<Types.RadamConfig>>();
    expectTypeOf<KeysOf<typeof optimizerOptions.adadelta>>().toEqualTypeOf<Options<Types.AdadeltaConfig>>();
    expectTypeOf<KeysOf<typeof optimizerOptions.lion>>().toEqualTypeOf<Options<Types.LionConfig>>();
    expectTypeOf<keyof typeof optimizerOptions>().toEqualTypeOf<Types.OptimizerType>();
  });

  it('schedule fields, and which of them have defaults', () => {
    type Fields<Type extends Types.ScheduleType> = KeysOf<(typeof scheduleFields)[Type]>;
    type Defaulted<Type extends Types.ScheduleType> = DefaultedKeysOf<(typeof scheduleFields)[Type]>;
    type Check<Type extends Types.ScheduleType> = [Fields<Type>, Defaulted<Type>];
    type Expected<Type extends Types.ScheduleType> = [Exclude<keyof ScheduleOf<Type>, 'type'>, OptionalKeys<ScheduleOf<Type>>];
    expectTypeOf<keyof typeof scheduleFields>().toEqualTypeOf<Types.ScheduleType>();
    expectTypeOf<Check<'constant'>>().toEqualTypeOf<Expected<'constant'>>();
    expectTypeOf<Check<'step'>>().toEqualTypeOf<Expected<'step'>>();
    expectTypeOf<Check<'multistep'>>().toEqualTypeOf<Expected<'multistep'>>();
    expectTypeOf<Check<'exponential'>>().toEqualTypeOf<Expected<'exponential'>>();
    expectTypeOf<Check<'cosine'>>().toEqualTypeOf<Expected<'cosine'>>();
    expectTypeOf<Check<'cosine-restarts'>>().toEqualTypeOf<Expected<'cosine-restarts'>>();
    expectTypeOf<Check<'linear'>>().toEqualTypeOf<Expected<'linear'>>();
    expectTypeOf<Check<'polynomial'>>().toEqualTypeOf<Expected<'polynomial'>>();
    expectTypeOf<Check<'inverse-time'>>().toEqualTypeOf<Expected<'inverse-time'>>();
    expectTypeOf<Check<'piecewise'>>().toEqualTypeOf<Expected<'piecewise'>>();
    expectTypeOf<Check<'one-cycle'>>().toEqualTypeOf<Expected<'one-cycle'>>();
    expectTypeOf<Check<'warmup'>>().toEqualTypeOf<Expected<'warmup'>>();
    expectTypeOf<Check<'sequence'>>().toEqualTypeOf<Expected<'sequence'>>();
  });

  it('average fields, and which of them have defaults', () => {
    type Check<Type extends Types.AverageType> = [KeysOf<(typeof averageFields)[Type]>, DefaultedKeysOf<(typeof averageFields)[Type]>];
    type AverageOf<Type extends Types.AverageType> = Extract<Types.AverageConfig, { type: Type }>;
    type Expected<Type extends Types.AverageType> = [Exclude<keyof AverageOf<Type>, 'type'>, OptionalKeys<AverageOf<Type>>];
    expectTypeOf<keyof typeof averageFields>().toEqualTypeOf<Types.AverageType>();
    expectTypeOf<Check<'ema'>>().toEqualTypeOf<Expected<'ema'>>();
    expectTypeOf<Check<'uniform'>>().toEqualTypeOf<Expected<'uniform'>>();
  });

  it('decay term keys and the parameter selection', () => {
    expectTypeOf<(typeof termKeys.l2)[number]>().toEqualTypeOf<Exclude<keyof Types.L2Term, 'type'>>();
    expectTypeOf<(typeof termKeys.l1)[number]>().toEqualTypeOf<Exclude<keyof Types.L1Term, 'type'>>();
    expectTypeOf<(typeof termKeys.decoupled)[number]>().toEqualTypeOf<Exclude<keyof Types.DecoupledTerm, 'type'>>();
    expectTypeOf<(typeof termKeys.anchor)[number]>().toEqualTypeOf<Exclude<keyof Types.AnchorTerm, 'type'>>();
    expectTypeOf<(typeof selectionKeys)[number]>().toEqualTypeOf<keyof Types.ParameterSelection>();
  });

  it('group keys', () => {
    expectTypeOf<(typeof groupKeys)[number]>().toEqualTypeOf<keyof Types.ParameterGroup>();
  });

  it('the gradient section and each clip type', () => {
    expectTypeOf<(typeof gradientKeys)[number]>().toEqualTypeOf<keyof Types.GradientConfig>();
    type ClipOf<Type extends Types.GradientClip['type']> = Exclude<keyof Extract<Types.GradientClip, { type: Type }>, 'type'>;
    expectTypeOf<keyof typeof clipFields>().toEqualTypeOf<Types.GradientClip['type']>();
    expectTypeOf<KeysOf<(typeof clipFields)['global-norm']>>().toEqualTypeOf<ClipOf<'global-norm'>>();
    expectTypeOf<KeysOf<(typeof clipFields)['norm']>>().toEqualTypeOf<ClipOf<'norm'>>();
    expectTypeOf<KeysOf<(typeof clipFields)['value']>>().toEqualTypeOf<ClipOf<'value'>>();
  });
});
