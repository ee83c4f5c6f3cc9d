// The same checks for both module systems: smoke.mjs passes what `import`
// gave it, smoke.cjs what `require` gave it. Expected numbers are derived by
// hand in the comments.
'use strict';

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function close(actual, expected, what) {
  const ok = actual.length === expected.length && expected.every((e, i) => Math.abs(actual[i] - e) <= 1e-6 * Math.max(1, Math.abs(e)));
  assert(ok, `${what}: expected [${expected}], got [${Array.from(actual)}]`);
}

// SGD with lr 0.1 and decoupled decay 0.5 scaled by the learning rate:
// θ ← θ·(1 − 0.1·0.5) − 0.1·g.
const config = { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'decoupled', rate: 0.5 }] };

async function runSmokeChecks({ tf, core, tfjs, onnxruntime }) {
  // core: defaults are written out; a bad field is a ConfigError naming it.
  assert(core.resolveConfig({ optimizer: { type: 'adam', learningRate: 1e-3 } }).optimizer.epsilon === 1e-8, 'Adam ε default');
  let error;
  try {
    tfjs.createOptimizer({ optimizer: { type: 'adam', learningRate: '1e-3' } });
  } catch (e) {
    error = e;
  }
  assert(error instanceof core.ConfigError, `a ConfigError from the adapter is core's ConfigError, got ${error}`);
  assert(error.path === 'optimizer.learningRate', `error path: ${error.path}`);

  // tfjs: w = [1, 2], g = [6, 6] → [0.95, 1.9] − [0.6, 0.6] = [0.35, 1.3].
  await tf.setBackend('cpu');
  const w = tf.variable(tf.tensor1d([1, 2]), true, 'w');
  const optimizer = tfjs.createOptimizer(config);
  optimizer.applyGradients({ w: tf.tensor1d([6, 6]) });
  close(w.dataSync(), [0.35, 1.3], 'tfjs step');
  optimizer.dispose();

  // onnxruntime: y = x·W with x = [1, 1], W = [1, 2]ᵀ and MSE against 0:
  // loss = 3² = 9, ∂loss/∂W = 2·3·xᵀ = [6, 6]ᵀ, so W becomes [0.35, 1.3]ᵀ
  // (as above) and the next loss is (0.35 + 1.3)² = 2.7225.
  const model = new onnxruntime.GraphBuilder()
    .input('x', 'float32', [1, 2])
    .initializer('W', 'float32', [2, 1], [1, 2])
    .node('MatMul', ['x', 'W'], ['y'])
    .output('y', 'float32', [1, 1])
    .build();
  const trainer = await onnxruntime.createTrainer({ model, loss: { type: 'mse' }, config });
  const batch = { x: { data: [1, 1], dims: [1, 2] }, target: { data: [0], dims: [1, 1] } };
  const first = await trainer.step(batch);
  const second = await trainer.step(batch);
  close([first.loss, second.loss], [9, 2.7225], 'onnxruntime losses');
  await trainer.dispose();
}

module.exports = { runSmokeChecks };
