import type { ResolvedOptimizerConfig } from '../../config/index.js';
import { optimizerOf } from '../optimizers/index.js';
import type { DecayCoefficients, DecayPresence } from '../terms/decay-coefficients.js';
import { decayPresence } from '../terms/decay-coefficients.js';
import { traceUpdate } from './kernel-source.js';
import type { TracedUpdate } from './kernel-source.js';

/**
 * The update programs of one optimizer config traced for backends that emit
 * their own kernels at run time (a WebAssembly module, shaders): one trace
 * per set of decay kinds present, made at the first update that has exactly
 * that set and kept. Unlike the build-time loops (three decay variants that
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

  /** The kernel for the decay kinds these coefficients have (nonzero, keep ≠ 1). */
  forCoefficients(coefficients: DecayCoefficients): K {
    const presence = decayPresence(coefficients);
    const key = presenceKey(presence);
    let entry = this.byPresence.get(key);
    if (entry === undefined) {
      const { definition, variant } = optimizerOf(this.optimizer);
      const traced = traceUpdate(definition, variant, presence);
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
 * the decay coefficient.
 *
 * @param names - The scalar inputs (`Tracer.scalar` names), e.g. `WasmLoop.scalars`.
 * @param optimizer - The resolved optimizer config the kernel was traced from.
 * @param learningRate - η_t.
 * @param parameterStep - Updates already applied to this parameter.
 * @param coefficients - Its decay coefficients this update.
 */
export function scalarInputValues(
  names: readonly string[],
  optimizer: ResolvedOptimizerConfig,
  learningRate: number,
  parameterStep: number,
  coefficients: DecayCoefficients,
): number[] {
  const scalars = optimizerOf(optimizer).definition.scalars(optimizer, learningRate, parameterStep);
  return names.map((name) => {
    const value = name.startsWith('c.') ? coefficients[name.slice(2) as keyof DecayCoefficients] : scalars[name.slice(2)];
    if (value === undefined) throw new Error(`no value for the traced scalar ${name}`);
    return value;
  });
}
