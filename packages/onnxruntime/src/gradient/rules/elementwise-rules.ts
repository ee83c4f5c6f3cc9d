/**
 * Broadcasting arithmetic (Add, Sub, Mul, Div, Pow with a constant exponent)
 * and unary elementwise functions (Neg, Exp, Log, Sqrt, Identity, Dropout, Sin, Cos,
 * Abs, Reciprocal), Min, Max, Sum, Mean and PRelu.
 */
import { reduceToShapeOf } from '../broadcast-reduce.js';
import type { GradientRule, RuleContext } from '../gradient-rule.js';

/** Sums the gradient w.r.t. the broadcast output back to input i's shape. */
function toInput(ctx: RuleContext, i: number, grad: string): string {
  return reduceToShapeOf(ctx.emit, grad, ctx.dims(ctx.output(0)), ctx.input(i), ctx.dims(ctx.input(i)));
}

/** Add: dA = dY, dB = dY, each summed over its broadcast axes. */
export const addRule: GradientRule = {
  attributes: [],
  differentiable: [0, 1],
  backward(ctx, [dY]) {
    return [ctx.needsGrad(0) ? toInput(ctx, 0, dY!) : undefined, ctx.needsGrad(1) ? toInput(ctx, 1, dY!) : undefined];
  },
};

/** Sub: dA = dY, dB = −dY, each summed over its broadcast axes. */
export const subRule: GradientRule = {
  attributes: [],
  differentiable: [0, 1],
  backward(ctx, [dY]) {
    return [ctx.needsGrad(0) ? toInput(ctx, 0, dY!) : undefined, ctx.needsGrad(1) ? toInput(ctx, 1, ctx.emit.op('Neg', [dY!])) : undefined];
  },
};

/** Mul: dA = dY·B, dB = dY·A, each summed over its broadcast axes. */
export const mulRule: GradientRule = {
  attributes: [],
  differentiable: [0, 1],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    return [
      ctx.needsGrad(0) ? toInput(ctx, 0, e.op('Mul', [dY!, ctx.input(1)])) : undefined,
      ctx.needsGrad(1) ? toInput(ctx, 1, e.op('Mul', [dY!, ctx.input(0)])) : undefined,
    ];
  },
};

/** Div: Y = A/B; dA = dY/B, dB = −dY·Y/B (= −dY·A/B²), each summed over its broadcast axes. */
export const divRule: GradientRule = {
  attributes: [],
  differentiable: [0, 1],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const b = ctx.input(1);
    return [
      ctx.needsGrad(0) ? toInput(ctx, 0, e.op('Div', [dY!, b])) : undefined,
      ctx.needsGrad(1) ? toInput(ctx, 1, e.op('Neg', [e.op('Div', [e.op('Mul', [dY!, ctx.output(0)]), b])])) : undefined,
    ];
  },
};

/**
 * Pow with an exponent that is not trained (a constant, frozen initializer or
 * data input): dX = dY·e·X^(e−1), summed over X's broadcast axes. The exponent
 * must have X's element type (ONNX allows mixed types; the gradient would
 * need a Cast). A trained exponent is refused at build time.
 */
export const powRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  check(ctx) {
    if (ctx.needsGrad(1)) ctx.fail(`the exponent "${ctx.input(1)}" is trained; only a constant exponent is supported`);
    const xt = ctx.shapes.dataType(ctx.input(0));
    const et = ctx.shapes.dataType(ctx.input(1));
    if (et !== undefined && xt !== undefined && et !== xt) {
      ctx.fail(`the exponent "${ctx.input(1)}" has element type ${et}, the base ${xt}; they must match`);
    }
  },
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const x = ctx.input(0);
    const p = ctx.input(1);
    const pMinusOne = e.op('Sub', [p, e.float(1)]);
    const local = e.op('Mul', [p, e.op('Pow', [x, pMinusOne])]);
    return [toInput(ctx, 0, e.op('Mul', [dY!, local])), undefined];
  },
};

/** Neg: dX = −dY. */
export const negRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward: (ctx, [dY]) => [ctx.emit.op('Neg', [dY!])],
};

/** Exp: dX = dY·Y. */
export const expRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward: (ctx, [dY]) => [ctx.emit.op('Mul', [dY!, ctx.output(0)])],
};

/** Log: dX = dY/X. */
export const logRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward: (ctx, [dY]) => [ctx.emit.op('Div', [dY!, ctx.input(0)])],
};

/** Sqrt: dX = dY/(2·Y). */
export const sqrtRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward: (ctx, [dY]) => [ctx.emit.op('Div', [ctx.emit.op('Mul', [dY!, ctx.emit.float(0.5)]), ctx.output(0)])],
};

/** Identity: dX = dY. */
export const identityRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward: (_ctx, [dY]) => [dY],
};

/**
 * Dropout: the builder rewrites every Dropout node before differentiation
 * (the identity in inference mode, an explicit mask in training mode; see
 * `forward-modes.ts`), so one that reaches a rule is the identity: dX = dY.
 */
export const dropoutRule: GradientRule = {
  attributes: ['seed', 'ratio', 'is_test'],
  differentiable: [0],
  backward: (_ctx, [dY]) => [dY],
};

/** Sin: dX = dY·cos(X). */
export const sinRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward: (ctx, [dY]) => [ctx.emit.op('Mul', [dY!, ctx.emit.op('Cos', [ctx.input(0)])])],
};

/** Cos: dX = −dY·sin(X). */
export const cosRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward: (ctx, [dY]) => [ctx.emit.op('Neg', [ctx.emit.op('Mul', [dY!, ctx.emit.op('Sin', [ctx.input(0)])])])],
};

/** Abs: dX = dY·sign(X) (0 at 0, as PyTorch). */
export const absRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward: (ctx, [dY]) => [ctx.emit.op('Mul', [dY!, ctx.emit.op('Sign', [ctx.input(0)])])],
};

/**
 * Min/Max over any number of broadcast inputs: the gradient goes to the
 * inputs equal to the result, split evenly between ties (PyTorch's
 * maximum/minimum give each of two tied inputs half), each summed over its
 * broadcast axes.
 */
function extremumRule(): GradientRule {
  return {
    attributes: [],
    differentiable: 'all',
    backward(ctx, [dY]) {
      const e = ctx.emit;
      const y = ctx.output(0);
      const inputs = ctx.node.input ?? [];
      const hits = inputs.map((x) => e.op('Cast', [e.op('Equal', [x, y])], { to: e.floatType }));
      const count = hits.length === 1 ? hits[0] : e.op('Sum', hits);
      const share = e.op('Div', [dY!, count]);
      return inputs.map((_, i) => (ctx.needsGrad(i) ? toInput(ctx, i, e.op('Mul', [share, hits[i]])) : undefined));
    },
  };
}

/** Max: see {@link extremumRule}. */
export const maxRule = extremumRule();
/** Min: see {@link extremumRule}. */
export const minRule = extremumRule();

/** Reciprocal: Y = 1/X, dX = −dY·Y². */
export const reciprocalRule: GradientRule = {
  attributes: [],
  differentiable: [0],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const y = ctx.output(0);
    return [e.op('Neg', [e.op('Mul', [dY!, e.op('Mul', [y, y])])])];
  },
};

/** Sum and Mean of broadcast inputs: each input gets dY (divided by the count for Mean), summed over its broadcast axes. */
function variadicRule(mean: boolean): GradientRule {
  return {
    attributes: [],
    differentiable: 'all',
    backward(ctx, [dY]) {
      const inputs = ctx.node.input ?? [];
      const share = mean ? ctx.emit.op('Div', [dY!, ctx.emit.float(inputs.length)]) : dY!;
      return inputs.map((_, i) => (ctx.needsGrad(i) ? toInput(ctx, i, share) : undefined));
    },
  };
}

/** Sum: see {@link variadicRule}. */
export const sumRule = variadicRule(false);
/** Mean: see {@link variadicRule}. */
export const meanRule = variadicRule(true);

/**
 * PRelu with a trained slope broadcast to X: dX = dY where X > 0, else
 * slope·dY (PyTorch's choice at 0); dSlope = X·dY where X ≤ 0, summed over
 * the axes the slope was broadcast along.
 */
export const preluRule: GradientRule = {
  attributes: [],
  differentiable: [0, 1],
  backward(ctx, [dY]) {
    const e = ctx.emit;
    const x = ctx.input(0);
    const positive = e.op('Greater', [x, e.float(0)]);
    const dX = ctx.needsGrad(0) ? e.op('Where', [positive, dY!, e.op('Mul', [dY!, ctx.input(1)])]) : undefined;
    const dSlope = ctx.needsGrad(1) ? toInput(ctx, 1, e.op('Where', [positive, e.float(0), e.op('Mul', [dY!, x])])) : undefined;
    return [dX, dSlope];
  },
};
