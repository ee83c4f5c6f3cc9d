/**
 * Relu, LeakyRelu, Sigmoid, Tanh, Softmax, LogSoftmax, Erf, Softplus, Elu,
 * Selu, Clip, HardSigmoid, HardSwish, Gelu.
 */
import { floatAttribute, intAttribute, stringAttribute } from '../../onnx/attributes.js';
import type { GradientRule, RuleContext } from '../gradient-rule.js';

/** Relu: dX = dY where X > 0, else 0 (PyTorch's choice at 0: gradient 0). */
export const reluRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const positive = e.op('Greater', [ctx.input(0), e.float(0)]);
    return [e.op('Where', [positive, dY!, e.float(0)])];
  },
};

/** LeakyRelu: dX = dY where X > 0, else α·dY (PyTorch's choice at 0: α). */
export const leakyReluRule: GradientRule = {
  attributes: ['alpha'],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const alpha = floatAttribute(ctx.node, 'alpha', 0.01);
    const positive = e.op('Greater', [ctx.input(0), e.float(0)]);
    return [e.op('Where', [positive, dY!, e.op('Mul', [dY!, e.float(alpha)])])];
  },
};

/** Sigmoid: dX = dY·Y·(1 − Y). */
export const sigmoidRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const y = ctx.output(0);
    return [e.op('Mul', [dY!, e.op('Mul', [y, e.op('Sub', [e.float(1), y])])])];
  },
};

/** Tanh: dX = dY·(1 − Y²). */
export const tanhRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const y = ctx.output(0);
    return [e.op('Mul', [dY!, e.op('Sub', [e.float(1), e.op('Mul', [y, y])])])];
  },
};

/**
 * The axis of a Softmax/LogSoftmax. From opset 13 it is one axis (default −1).
 * Before 13 the op flattened to 2-D at `axis` (default 1); the builder
 * rewrites such nodes (see `upgradeForwardNode`), so here the opset-13
 * meaning holds.
 */
function softmaxAxis(ctx: RuleContext): number {
  return intAttribute(ctx.node, 'axis', -1);
}

/** Softmax along one axis: dX = Y·(dY − Σ_axis dY·Y). */
export const softmaxRule: GradientRule = {
  attributes: ['axis'],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const y = ctx.output(0);
    const dot = e.op('ReduceSum', [e.op('Mul', [dY!, y]), e.ints([softmaxAxis(ctx)])], { keepdims: 1 });
    return [e.op('Mul', [y, e.op('Sub', [dY!, dot])])];
  },
};

/** LogSoftmax along one axis: dX = dY − exp(Y)·Σ_axis dY. */
export const logSoftmaxRule: GradientRule = {
  attributes: ['axis'],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const total = e.op('ReduceSum', [dY!, e.ints([softmaxAxis(ctx)])], { keepdims: 1 });
    return [e.op('Sub', [dY!, e.op('Mul', [e.op('Exp', [ctx.output(0)]), total])])];
  },
};

/** dX = dY·f'(X) for a local derivative built from X (and Y). */
function pointwise(attributes: readonly string[], derivative: (ctx: RuleContext, dY: string) => string): GradientRule {
  return { attributes, differentiable: [0], backward: (ctx, [dY]) => [derivative(ctx, dY!)] };
}

/** Where(cond, then, else) of the gradient, for piecewise derivatives. */
function where(ctx: RuleContext, cond: string, then: string, otherwise: string): string {
  return ctx.emit.op('Where', [cond, then, otherwise]);
}

/** Erf: dX = dY·(2/√π)·exp(−X²). */
export const erfRule = pointwise([], (ctx, dY) => {
  const e = ctx.emit;
  const x = ctx.input(0);
  return e.op('Mul', [dY, e.op('Mul', [e.float(2 / Math.sqrt(Math.PI)), e.op('Exp', [e.op('Neg', [e.op('Mul', [x, x])])])])]);
});

/** Softplus: dX = dY·sigmoid(X). */
export const softplusRule = pointwise([], (ctx, dY) => ctx.emit.op('Mul', [dY, ctx.emit.op('Sigmoid', [ctx.input(0)])]));

/** Elu: dX = dY where X > 0, else dY·(Y + α) (= dY·α·exp(X)); PyTorch's choice at 0: the negative branch. */
export const eluRule = pointwise(['alpha'], (ctx, dY) => {
  const e = ctx.emit;
  const alpha = floatAttribute(ctx.node, 'alpha', 1);
  const negative = e.op('Mul', [dY, e.op('Add', [ctx.output(0), e.float(alpha)])]);
  return where(ctx, e.op('Greater', [ctx.input(0), e.float(0)]), dY, negative);
});

/** Selu: dX = γ·dY where X > 0, else γ·α·exp(X)·dY. */
export const seluRule = pointwise(['alpha', 'gamma'], (ctx, dY) => {
  const e = ctx.emit;
  // biome-ignore lint/correctness/noPrecisionLoss: ONNX's default is this float32 value, written out exactly.
  const alpha = floatAttribute(ctx.node, 'alpha', 1.67326319217681884765625);
  // biome-ignore lint/correctness/noPrecisionLoss: ONNX's default is this float32 value, written out exactly.
  const gamma = floatAttribute(ctx.node, 'gamma', 1.05070102214813232421875);
  const x = ctx.input(0);
  const slope = where(ctx, e.op('Greater', [x, e.float(0)]), e.float(gamma), e.op('Mul', [e.float(gamma * alpha), e.op('Exp', [x])]));
  return e.op('Mul', [dY, slope]);
});

/**
 * Clip(X, min, max) with bounds that are not trained: dX = dY strictly
 * inside (min, max), 0 outside and at the bounds, as PyTorch's hardtanh
 * (ReLU6 exports as Clip) and ReLU at 0.
 */
export const clipRule: GradientRule = {
  attributes: ['min', 'max'],
  differentiable: [0],
  check(ctx) {
    for (const i of [1, 2]) if (ctx.needsGrad(i)) ctx.fail(`the bound "${ctx.input(i)}" is trained; only constant bounds are supported`);
  },
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const x = ctx.input(0);
    const lower =
      ctx.input(1) !== ''
        ? ctx.input(1)
        : ctx.node.attribute?.some((a) => a.name === 'min')
          ? e.float(floatAttribute(ctx.node, 'min', 0))
          : undefined;
    const upper =
      ctx.input(2) !== ''
        ? ctx.input(2)
        : ctx.node.attribute?.some((a) => a.name === 'max')
          ? e.float(floatAttribute(ctx.node, 'max', 0))
          : undefined;
    const conditions = [
      ...(lower !== undefined ? [e.op('Greater', [x, lower])] : []),
      ...(upper !== undefined ? [e.op('Less', [x, upper])] : []),
    ];
    if (conditions.length === 0) return [dY];
    const inside = conditions.length === 2 ? e.op('And', conditions) : conditions[0];
    return [where(ctx, inside, dY!, e.float(0))];
  },
};

/** HardSigmoid: Y = max(0, min(1, α·X + β)); dX = α·dY where 0 < α·X + β < 1, else 0. */
export const hardSigmoidRule = pointwise(['alpha', 'beta'], (ctx, dY) => {
  const e = ctx.emit;
  const alpha = floatAttribute(ctx.node, 'alpha', 0.2);
  const beta = floatAttribute(ctx.node, 'beta', 0.5);
  const t = e.op('Add', [e.op('Mul', [ctx.input(0), e.float(alpha)]), e.float(beta)]);
  const inside = e.op('And', [e.op('Greater', [t, e.float(0)]), e.op('Less', [t, e.float(1)])]);
  return where(ctx, inside, e.op('Mul', [dY, e.float(alpha)]), e.float(0));
});

/** HardSwish: Y = X·HardSigmoid(X) with α = 1/6, β = 1/2; dX = dY·(0 for X < −3, X/3 + 1/2 for X ≤ 3, 1 above), as PyTorch. */
export const hardSwishRule = pointwise([], (ctx, dY) => {
  const e = ctx.emit;
  const x = ctx.input(0);
  const middle = e.op('Add', [e.op('Div', [x, e.float(3)]), e.float(0.5)]);
  const slope = where(
    ctx,
    e.op('Less', [x, e.float(-3)]),
    e.float(0),
    where(ctx, e.op('LessOrEqual', [x, e.float(3)]), middle, e.float(1)),
  );
  return e.op('Mul', [dY, slope]);
});

/**
 * Gelu (opset 20). Exact: dX = dY·(Φ(X) + X·φ(X)) with Φ(x) = (1 + erf(x/√2))/2,
 * φ(x) = exp(−x²/2)/√(2π). Tanh approximation: with u = √(2/π)·(x + 0.044715x³),
 * t = tanh(u): dX = dY·((1 + t)/2 + x/2·(1 − t²)·√(2/π)·(1 + 3·0.044715x²)).
 */
export const geluRule: GradientRule = {
  attributes: ['approximate'],
  differentiable: [0],
  check(ctx) {
    const approximate = stringAttribute(ctx.node, 'approximate', 'none');
    if (approximate !== 'none' && approximate !== 'tanh') ctx.fail(`approximate "${approximate}" is unknown`, 'approximate');
  },
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const x = ctx.input(0);
    const half = e.float(0.5);
    const xx = e.op('Mul', [x, x]);
    let slope: string;
    if (stringAttribute(ctx.node, 'approximate', 'none') === 'tanh') {
      const k = Math.sqrt(2 / Math.PI);
      const inner = e.op('Mul', [e.float(k), e.op('Add', [x, e.op('Mul', [e.float(0.044715), e.op('Mul', [xx, x])])])]);
      const t = e.op('Tanh', [inner]);
      const du = e.op('Mul', [e.float(k), e.op('Add', [e.float(1), e.op('Mul', [e.float(3 * 0.044715), xx])])]);
      const sech2 = e.op('Sub', [e.float(1), e.op('Mul', [t, t])]);
      slope = e.op('Add', [
        e.op('Mul', [half, e.op('Add', [e.float(1), t])]),
        e.op('Mul', [e.op('Mul', [half, x]), e.op('Mul', [sech2, du])]),
      ]);
    } else {
      const cdf = e.op('Mul', [half, e.op('Add', [e.float(1), e.op('Erf', [e.op('Mul', [x, e.float(Math.SQRT1_2)])])])]);
      const pdf = e.op('Mul', [e.float(1 / Math.sqrt(2 * Math.PI)), e.op('Exp', [e.op('Mul', [xx, e.float(-0.5)])])]);
      slope = e.op('Add', [cdf, e.op('Mul', [x, pdf])]);
    }
    return [e.op('Mul', [dY!, slope])];
  },
};
