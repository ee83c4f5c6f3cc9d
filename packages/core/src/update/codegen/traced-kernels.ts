import type { ResolvedOptimizerConfig } from '../../config/index.js';
import { optimizerOf } from '../optimizers/index.js';
import type { DecayCoefficients, DecayPresence } from '../terms/decay-coefficients.js';
import { decayPresence } from '../terms/decay-coefficients.js';
import type { AverageWeights } from '../average/weight-average.js';
import { traceUpdate } from './kernel-source.js';
import type { TracedUpdate } from './kernel-source.js';

/** Which form of the update a run-time kernel does, beyond the decay kinds present. */
export interface KernelForm {
  /** The averaged weights take θ_{t+1} in the same pass (scalars `weights.keep`, `weights.take`). */
  averaged?: boolean;
  /** g is multiplied by the global-norm clip factor first (scalar `clip.factor`). */
  clipped?: boolean;
}

/** The per-update values of a kernel's scalars beyond the optimizer's and the coefficients. */
export interface KernelExtras {
  /** The averaging weights of an averaged update. */
  averageWeights?: AverageWeights;
  /** The global-norm clip factor of a clipped update. */
  clipFactor?: number;
}

/**
 * The update programs of one optimizer config traced for backends that emit
 * their own kernels at run time (a WebAssembly module, shaders): one trace
 * per set of decay kinds present (and {@link KernelForm}), made at the first
 * update that has exactly that set and kept. Unlike the build-time loops (three decay variants that
 * run absent kinds with neutral coefficients), a run-time kernel does only the
 * work of the kinds present, as the op-by-op path does.
 */
export class TracedKernels<K> {
  private readonly byPresence = new Map<string, { traced: TracedUpdate; kernel: K }>();

  /**
   * @param optimizer - A resolved optimizer config.
   * @param emit - Turns a trace into the backend's kernel (called once per set of kinds present).
   */
  constructor(
    private readonly optimizer: ResolvedOptimizerConfig,
    private readonly emit: (traced: TracedUpdate) => K,
  ) {}

  /** The kernel for the decay kinds these coefficients have (nonzero, keep ≠ 1), in the given form. */
  forCoefficients(coefficients: DecayCoefficients, form: KernelForm = {}): K {
    const presence = decayPresence(coefficients);
    const averaged = form.averaged ?? false;
    const clipped = form.clipped ?? false;
    const key = `${presenceKey(presence)}${Number(averaged)}${Number(clipped)}`;
    let entry = this.byPresence.get(key);
    if (entry === undefined) {
      const { definition, variant } = optimizerOf(this.optimizer);
      const traced = traceUpdate(definition, variant, presence, averaged, clipped);
      entry = { traced, kernel: this.emit(traced) };
      this.byPresence.set(key, entry);
    }
    return entry.kernel;
  }
}

function presenceKey(presence: DecayPresence): string {
  return (Object.keys(presence) as (keyof DecayPresence)[]).map((kind) => (presence[kind] ? '1' : '0')).join('');
}

/**
 * The values of a traced kernel's scalar inputs for one update, in the order
 * of `names`: `s.<name>` is the optimizer's scalar of this step, `c.<name>`
 * the decay coefficient, `weights.keep` and `weights.take` the averaging
 * weights, `clip.factor` the global-norm clip factor.
 *
 * @param names - The scalar inputs (`Tracer.scalar` names), e.g. `WasmLoop.scalars`.
 * @param optimizer - The resolved optimizer config the kernel was traced from.
 * @param learningRate - η_t.
 * @param parameterStep - Updates already applied to this parameter.
 * @param coefficients - Its decay coefficients this update.
 * @param extras - The averaging weights and the clip factor, for a kernel traced with them.
 */
export function scalarInputValues(
  names: readonly string[],
  optimizer: ResolvedOptimizerConfig,
  learningRate: number,
  parameterStep: number,
  coefficients: DecayCoefficients,
  extras: KernelExtras = {},
): number[] {
  const scalars = optimizerOf(optimizer).definition.scalars(optimizer, learningRate, parameterStep);
  const extraValues: Record<string, number | undefined> = {
    'weights.keep': extras.averageWeights?.keep,
    'weights.take': extras.averageWeights?.take,
    'clip.factor': extras.clipFactor,
  };
  return names.map((name) => {
    const value =
      name in extraValues
        ? extraValues[name]
        : name.startsWith('c.')
          ? coefficients[name.slice(2) as keyof DecayCoefficients]
          : scalars[name.slice(2)];
    if (value === undefined) throw new Error(`no value for the traced scalar ${name}`);
    return value;
  });
}
