/**
 * MatMul and Gemm.
 */
import { floatAttribute, intAttribute } from '../../onnx/attributes.js';
import { reduceToShapeOf } from '../broadcast-reduce.js';
import type { GradientRule, RuleContext } from '../gradient-rule.js';
import type { SymDim } from '../shape-inference.js';

function swapLastTwo(ctx: RuleContext, x: string, rank: number): string {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return ctx.emit.op('Transpose', [x], { perm });
}

/** [K, N] when the tensor is 2-D with fixed dims. */
function staticMatrix(ctx: RuleContext, name: string): [number, number] | undefined {
  const d = ctx.dims(name);
  return d && d.length === 2 && typeof d[0] === 'number' && typeof d[1] === 'number' ? [d[0], d[1]] : undefined;
}

function unknownDims(rank: number): SymDim[] {
  return new Array<SymDim>(rank).fill(null);
}

/**
 * MatMul with numpy semantics. For ranks ≥ 2: dA = dY·Bᵀ, dB = Aᵀ·dY (last
 * two axes swapped), each summed over broadcast batch axes. A 1-D operand is
 * the numpy special case (a row for A, a column for B), handled with
 * Unsqueeze so the products keep their batch axes. Needs the ranks of A and B.
 */
export const matMulRule: GradientRule = {
  attributes: [],
  differentiable: [0, 1],
  check(ctx) {
    if (staticMatrix(ctx, ctx.input(1))) return;
    ctx.requireRank(ctx.input(0), 'MatMul gradients transpose the last two axes');
    ctx.requireRank(ctx.input(1), 'MatMul gradients transpose the last two axes');
  },
  backward(ctx, [dY]) {
    const a = ctx.input(0);
    const b = ctx.input(1);
    const matrix = staticMatrix(ctx, b);
    if (matrix) {
      // B is a [K, N] matrix (a Linear layer's weight): A's leading axes are all batch axes of Y, so
      // dA = dY·Bᵀ needs no reduction and dB = Σ over rows of A [-1, K] and dY [-1, N], whatever A's rank.
      const [k, n] = matrix;
      const e = ctx.emit;
      const dA = ctx.needsGrad(0) ? e.op('MatMul', [dY!, e.op('Transpose', [b], { perm: [1, 0] })]) : undefined;
      const dB = ctx.needsGrad(1)
        ? e.op('MatMul', [
            e.op('Transpose', [e.op('Reshape', [a, e.ints([-1, k])])], { perm: [1, 0] }),
            e.op('Reshape', [dY!, e.ints([-1, n])]),
          ])
        : undefined;
      return [dA, dB];
    }
    const ra = ctx.requireRank(a, 'MatMul gradients transpose the last two axes');
    const rb = ctx.requireRank(b, 'MatMul gradients transpose the last two axes');
    const ry = ctx.dims(ctx.output(0))?.length ?? Math.max(ra, rb) - (ra === 1 ? 1 : 0) - (rb === 1 ? 1 : 0);
    const e = ctx.emit;
    let dA: string | undefined;
    let dB: string | undefined;
    if (ra >= 2 && rb >= 2) {
      if (ctx.needsGrad(0)) {
        const full = e.op('MatMul', [dY!, swapLastTwo(ctx, b, rb)]);
        dA = reduceToShapeOf(e, full, unknownDims(ry), a, ctx.dims(a));
      }
      if (ctx.needsGrad(1)) {
        const full = e.op('MatMul', [swapLastTwo(ctx, a, ra), dY!]);
        dB = reduceToShapeOf(e, full, unknownDims(ry), b, ctx.dims(b));
      }
    } else if (ra >= 2 && rb === 1) {
      // Y[..., m] = Σ_k A[..., m, k]·B[k]
      if (ctx.needsGrad(0)) dA = e.op('Mul', [e.op('Unsqueeze', [dY!, e.ints([-1])]), b]);
      if (ctx.needsGrad(1)) {
        const full = e.op('MatMul', [e.op('Unsqueeze', [dY!, e.ints([-2])]), a]); // [..., 1, k]
        dB = reduceToShapeOf(e, full, unknownDims(ry + 1), b, ctx.dims(b));
      }
    } else if (ra === 1 && rb >= 2) {
      // Y[..., n] = Σ_k A[k]·B[..., k, n]
      if (ctx.needsGrad(0)) {
        const full = e.op('MatMul', [e.op('Unsqueeze', [dY!, e.ints([-2])]), swapLastTwo(ctx, b, rb)]); // [..., 1, k]
        dA = reduceToShapeOf(e, full, unknownDims(ry + 1), a, ctx.dims(a));
      }
      if (ctx.needsGrad(1)) dB = e.op('Mul', [e.op('Unsqueeze', [a, e.ints([-1])]), e.op('Unsqueeze', [dY!, e.ints([-2])])]);
    } else {
      // Dot product: Y = Σ_k A[k]·B[k], a scalar.
      if (ctx.needsGrad(0)) dA = e.op('Mul', [dY!, b]);
      if (ctx.needsGrad(1)) dB = e.op('Mul', [dY!, a]);
    }
    return [dA, dB];
  },
};

/**
 * Gemm: Y = α·A'·B' + β·C with A' = transA ? Aᵀ : A, B' likewise. The input
 * gradients are Gemms themselves (no C): for transA = 0, dA = α·dY·B'ᵀ; for
 * transA = 1, dA = α·B'·dYᵀ; for transB = 0, dB = α·A'ᵀ·dY; for transB = 1,
 * dB = α·dYᵀ·A'. dC = β·dY summed over the axes C was broadcast along.
 */
export const gemmRule: GradientRule = {
  attributes: ['alpha', 'beta', 'transA', 'transB'],
  differentiable: [0, 1, 2],
  check(ctx) {
    for (const name of ['transA', 'transB']) {
      const v = intAttribute(ctx.node, name, 0);
      if (v !== 0 && v !== 1) ctx.fail(`${name} = ${v} is not 0 or 1`, name);
    }
  },
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const alpha = floatAttribute(ctx.node, 'alpha', 1);
    const beta = floatAttribute(ctx.node, 'beta', 1);
    const transA = intAttribute(ctx.node, 'transA', 0);
    const transB = intAttribute(ctx.node, 'transB', 0);
    const a = ctx.input(0);
    const b = ctx.input(1);
    const alphaAttr = { float: alpha };
    let dA: string | undefined;
    let dB: string | undefined;
    let dC: string | undefined;
    if (ctx.needsGrad(0)) {
      dA =
        transA === 0
          ? e.op('Gemm', [dY!, b], { alpha: alphaAttr, transB: transB === 1 ? 0 : 1 })
          : e.op('Gemm', [b, dY!], { alpha: alphaAttr, transA: transB, transB: 1 });
    }
    if (ctx.needsGrad(1)) {
      dB =
        transB === 0
          ? e.op('Gemm', [a, dY!], { alpha: alphaAttr, transA: transA === 1 ? 0 : 1 })
          : e.op('Gemm', [dY!, a], { alpha: alphaAttr, transA: 1, transB: transA });
    }
    if (ctx.needsGrad(2)) {
      const c = ctx.input(2);
      const scaled = beta === 1 ? dY! : e.op('Mul', [dY!, e.float(beta)]);
      dC = reduceToShapeOf(e, scaled, ctx.dims(ctx.output(0)) ?? [null, null], c, ctx.dims(c));
    }
    return [dA, dB, dC];
  },
};
