import { describe, expect, it } from 'vitest';
import { randomValues } from '../__fixtures__/run-updater.js';
import { kernels } from '../kernels/generated/float32-kernels.js';
import { decayVariants, kernelKey } from '../kernels/kernel-variants.js';
import type { DecayVariant } from '../kernels/kernel-variants.js';
import { optimizers } from '../optimizers/index.js';
import { variantKey } from '../optimizers/optimizer-definition.js';
import type { OptimizerDefinition } from '../optimizers/optimizer-definition.js';
import { emitWasmLoop } from './emit-wasm-loop.js';
import type { WasmLoop } from './emit-wasm-loop.js';
import { traceUpdate } from './kernel-source.js';
import { Tracer } from './trace-ops.js';
import { clipInto } from '../gradient/array-gradient-stage.js';
import { float64Ops } from '../ops/float64-ops.js';

// Core is typechecked without DOM or Node types; the few WebAssembly calls the tests make are typed here.
interface Wasm {
  Memory: new (limits: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: { update(...args: number[]): number | undefined } };
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

/** Instantiates the loop over a fresh memory; `run` copies the arrays in, calls `update`, copies them out and returns what it returned. */
function instantiate(loop: WasmLoop, n: number) {
  const memory = new wasm.Memory({ initial: Math.ceil((loop.arrays.length * n * 4) / 65536) + 1 });
  const { update } = new wasm.Instance(new wasm.Module(loop.bytes), { env: { memory } }).exports;
  return (arrays: Record<string, Float32Array>, scalars: Record<string, number>): number | undefined => {
    const views = loop.arrays.map((name, k) => {
      const view = new Float32Array(memory.buffer, k * n * 4, n);
      view.set(arrays[name]);
      return view;
    });
    const returned = update(n, ...loop.arrays.map((_, k) => k * n * 4), ...loop.scalars.map((name) => scalars[name]));
    loop.arrays.forEach((name, k) => arrays[name].set(views[k]));
    return returned;
  };
}

describe('emitWasmLoop', () => {
  it('hoists scalars, computes per element in float64 and rounds each store to float32', () => {
    // p ← p − (2·a)·g with a = 0.1: in float64 then rounded, as the JS loop over Float32Arrays does.
    const t = new Tracer();
    const value = t.sub(t.element('p'), t.mul(t.mul(t.constant(2), t.scalar('s.a')), t.element('g')));
    const loop = emitWasmLoop([{ array: 'p', value }]);
    expect(loop.arrays).toEqual(['p', 'g']);
    expect(loop.scalars).toEqual(['s.a']);
    const arrays = { p: Float32Array.of(1, 2), g: Float32Array.of(0.5, -1) };
    instantiate(loop, 2)(arrays, { 's.a': 0.1 });
    expect(Array.from(arrays.p)).toEqual([Math.fround(1 - 0.2 * Math.fround(0.5)), Math.fround(2 + 0.2)]);
  });

  it('gives sumOfSquares a pass of its own, and emits sign, max, min and select with the program semantics', () => {
    // p ← select(g ≥ 0, max(p, g), sign(p)) + min(p, g) / √(Σg²): g = [3, −4, 0], Σg² = 25.
    const t = new Tracer();
    const p = t.element('p'),
      g = t.element('g');
    const picked = t.select(t.greaterEqual(g, t.constant(0)), t.max(p, g), t.sign(p));
    const value = t.add(picked, t.div(t.min(p, g), t.sqrt(t.sumOfSquares(g))));
    const arrays = { p: Float32Array.of(1, -2, 0), g: Float32Array.of(3, -4, 0) };
    instantiate(emitWasmLoop([{ array: 'p', value }]), 3)(arrays, {});
    // [max(1, 3) + 1/5, sign(−2) + (−4)/5, max(0, 0) + 0/5].
    expect(Array.from(arrays.p)).toEqual([Math.fround(3.2), Math.fround(-1.8), 0]);
  });

  it('writes an output into an array no node reads, leaving the array it reads as it was', () => {
    // pNext ← p − 0.5·g, in lanes (first two elements) and in the scalar loop (the third).
    const t = new Tracer();
    const value = t.sub(t.element('p'), t.mul(t.constant(0.5), t.element('g')));
    const loop = emitWasmLoop([{ array: 'pNext', value }]);
    expect(loop.arrays).toEqual(['p', 'g', 'pNext']);
    const arrays = { p: Float32Array.of(1, 2, 3), g: Float32Array.of(2, 4, -2), pNext: new Float32Array(3) };
    instantiate(loop, 3)(arrays, {});
    expect(Array.from(arrays.pNext)).toEqual([0, 0, 4]);
    expect(Array.from(arrays.p)).toEqual([1, 2, 3]);
  });

  it('returns Σx² of sumOfSquaresOf from the same pass, in f64x2 lanes and in the scalar loop alone', () => {
    // g = [0.1, −3, 2, 0.5, −1] as float32, each widened and squared in float64; n odd, so the SIMD module's
    // scalar loop adds the last square. The update (p ← p + g) runs as without the option.
    const g = Float32Array.of(0.1, -3, 2, 0.5, -1);
    const squares = Array.from(g, (x) => x * x);
    const expected = squares[0] + squares[1] + squares[2] + squares[3] + squares[4];
    const t = new Tracer();
    const value = t.add(t.element('p'), t.element('g'));
    for (const simd of [true, false]) {
      const loop = emitWasmLoop([{ array: 'p', value }], { simd, sumOfSquaresOf: 'g' });
      const arrays = { p: Float32Array.of(1, 1, 1, 1, 1), g: g.slice() };
      const sum = instantiate(loop, 5)(arrays, {});
      expect(sum).toBeCloseTo(expected, 12);
      expect(Array.from(arrays.p)).toEqual(Array.from(g, (x) => Math.fround(1 + x)));
    }
    expect(instantiate(emitWasmLoop([{ array: 'p', value }]), 5)({ p: new Float32Array(5), g }, {})).toBeUndefined();
  });

  it("alone (no outputs), gives float64Ops.sumOfSquares' bits in f64x2 lanes, for odd and even lengths", () => {
    // Values spanning magnitudes, so the order of the float64 additions shows in the low bits.
    const values = Float32Array.from(randomValues(7, 101), (x, i) => x * 10 ** ((i % 9) - 4));
    const loop = emitWasmLoop([], { sumOfSquaresOf: 'g' });
    for (const n of [0, 1, 2, 100, 101]) {
      const g = values.slice(0, n);
      expect(instantiate(loop, n)({ g }, {})).toBe(float64Ops.sumOfSquares(g as unknown as Float64Array) as number);
    }
    // Hand-derived: 3² + (−4)² = 25; a NaN propagates.
    expect(instantiate(loop, 2)({ g: Float32Array.of(3, -4) }, {})).toBe(25);
    expect(instantiate(loop, 3)({ g: Float32Array.of(3, -4, Number.NaN) }, {})).toBeNaN();
  });

  describe('gives the same bits as the generated float32 JS loop, in f64x2 lanes and in the scalar loop alone, summing g² or not', () => {
    // Odd, so the SIMD module's scalar loop finishes the last element.
    const n = 37;
    for (const definition of Object.values(optimizers) as OptimizerDefinition[]) {
      definition.variants.forEach((variant) => {
        for (const decayVariant of Object.keys(decayVariants) as DecayVariant[]) {
          const key = kernelKey(definition.type, variantKey(variant), decayVariant);
          it(key, () => {
            const { outputs, slotCount } = traceUpdate(definition, variant, decayVariants[decayVariant]);
            // Summing g² in the pass (the global norm's share) leaves the update's bits as they were.
            for (const simd of [true, false])
              for (const sumOfSquaresOf of [undefined, 'g'])
                checkAgainstJs(emitWasmLoop(outputs, { simd, sumOfSquaresOf }), slotCount, key);
          });
        }
      });
    }
    function checkAgainstJs(loop: WasmLoop, slotCount: number, key: string): void {
      // |random| slots keep second-moment averages ≥ 0, as in training.
      const slots = Array.from({ length: slotCount }, (_, k) => Float32Array.from(randomValues(10 + k, n), Math.abs));
      const inputs = {
        p: Float32Array.from(randomValues(1, n)),
        g: Float32Array.from(randomValues(2, n)),
        anchorValues: Float32Array.from(randomValues(3, n)),
      };
      const s = { stepSize: 0.01, learningRate: 0.05, beta1: 0.9, beta2: 0.999, oneMinusBeta1: 0.1, oneMinusBeta2: 0.001 };
      const scalarSource = new Proxy(s as Record<string, number>, { get: (target, name) => target[name as string] ?? 0.03 });
      const c = { l2: 0.01, l1: 0.02, keep: 0.98, anchor: 0.04, cautiousDecoupled: 0.03, cautiousAnchor: 0.05, threshold: 0.001 };
      const js = { ...inputs, p: inputs.p.slice(), slots: slots.map((x) => x.slice()) };
      kernels[key](n, js.p, js.g, js.slots, js.anchorValues, scalarSource, c, undefined, undefined);
      const named: Record<string, Float32Array> = { ...inputs };
      slots.forEach((x, k) => {
        named[`slot${k}`] = x;
      });
      const scalars = Object.fromEntries(
        loop.scalars.map((name) => [name, name.startsWith('c.') ? c[name.slice(2) as keyof typeof c] : scalarSource[name.slice(2)]]),
      );
      instantiate(loop, n)(named, scalars);
      expect(Array.from(named.p)).toEqual(Array.from(js.p));
      js.slots.forEach((x, k) => expect(Array.from(named[`slot${k}`])).toEqual(Array.from(x)));
    }
  });
});

describe('emitWasmLoop with the average and the global-norm clip in the pass', () => {
  // The generated averaged float32 JS loop run on the gradient clipped first (clipInto, what the array
  // gradient stage hands on) gives the same bits as the module traced with both, in lanes and alone.
  const n = 37;
  const cases = [
    ['adam', 'full'],
    ['sgd', 'anchored'],
    ['lion', 'plain'],
  ] as const;
  for (const [type, decayVariant] of cases) {
    it(`${type}, ${decayVariant}`, () => {
      const definition = optimizers[type] as OptimizerDefinition;
      const variant = definition.variants[0];
      const traced = traceUpdate(definition, variant, decayVariants[decayVariant], true, true);
      const factor = 0.3125;
      const weights = { keep: 0.9, take: 0.1 };
      const c = { l2: 0.01, l1: 0.02, keep: 0.98, anchor: 0.04, cautiousDecoupled: 0.03, cautiousAnchor: 0.05, threshold: 0.001 };
      const scalarSource = new Proxy({} as Record<string, number>, { get: () => 0.03 });
      const inputs: Record<string, Float32Array> = {
        p: Float32Array.from(randomValues(1, n)),
        g: Float32Array.from(randomValues(2, n)),
        anchorValues: Float32Array.from(randomValues(3, n)),
        averageValues: Float32Array.from(randomValues(4, n)),
      };
      for (let k = 0; k < traced.slotCount; k++) inputs[`slot${k}`] = Float32Array.from(randomValues(10 + k, n), Math.abs);
      const clipped = new Float32Array(n);
      clipInto(clipped, inputs.g, { type: 'global-norm', maxNorm: 1 }, factor);
      const js = Object.fromEntries(Object.entries(inputs).map(([name, x]) => [name, x.slice()]));
      const slots = Array.from({ length: traced.slotCount }, (_, k) => js[`slot${k}`]);
      const key = kernelKey(type, variantKey(variant), decayVariant, true);
      kernels[key](n, js.p, clipped, slots, js.anchorValues, scalarSource, c, js.averageValues, weights);
      const extra: Record<string, number> = { 'weights.keep': weights.keep, 'weights.take': weights.take, 'clip.factor': factor };
      for (const simd of [true, false]) {
        const loop = emitWasmLoop(traced.outputs, { simd });
        expect(loop.scalars).toEqual(expect.arrayContaining(['weights.keep', 'weights.take', 'clip.factor']));
        const named = Object.fromEntries(Object.entries(inputs).map(([name, x]) => [name, x.slice()]));
        const scalars = Object.fromEntries(
          loop.scalars.map((name) => [name, extra[name] ?? (name.startsWith('c.') ? c[name.slice(2) as keyof typeof c] : 0.03)]),
        );
        instantiate(loop, n)(named, scalars);
        for (const name of ['p', 'averageValues', ...slots.map((_, k) => `slot${k}`)])
          expect(Array.from(named[name])).toEqual(Array.from(js[name]));
      }
    });
  }
});
