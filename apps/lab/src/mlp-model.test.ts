import { describe, expect, it } from 'vitest';
import { defaultArchitecture, describeArchitecture, initMlpParameters, mlpParameterSpecs, parameterCount } from './mlp-model.js';

describe('mlp model', () => {
  it('names and shapes every parameter', () => {
    expect(mlpParameterSpecs(defaultArchitecture)).toEqual([
      { name: 'dense1/kernel', shape: [784, 256] },
      { name: 'dense1/bias', shape: [256] },
      { name: 'dense2/kernel', shape: [256, 256] },
      { name: 'dense2/bias', shape: [256] },
      { name: 'dense3/kernel', shape: [256, 10] },
      { name: 'dense3/bias', shape: [10] },
    ]);
    // 784·256 + 256 + 256·256 + 256 + 256·10 + 10 = 200704 + 256 + 65536 + 256 + 2560 + 10
    expect(parameterCount(defaultArchitecture)).toBe(269322);
  });

  it('draws He-uniform kernels and zero biases, reproducibly', () => {
    const a = initMlpParameters({ layerSizes: [784, 32, 10] }, 3);
    const b = initMlpParameters({ layerSizes: [784, 32, 10] }, 3);
    const c = initMlpParameters({ layerSizes: [784, 32, 10] }, 4);
    expect(a.map((p) => p.values)).toEqual(b.map((p) => p.values));
    expect(a[0].values).not.toEqual(c[0].values);
    const bound = Math.sqrt(6 / 784);
    const kernel = a[0].values;
    expect(Math.max(...kernel.map(Math.abs))).toBeLessThanOrEqual(bound);
    // U(−b, b) has variance b²/3; 25,088 draws put the sample variance within a few percent.
    const variance = kernel.reduce((s, v) => s + v * v, 0) / kernel.length;
    expect(variance / ((bound * bound) / 3)).toBeGreaterThan(0.95);
    expect(variance / ((bound * bound) / 3)).toBeLessThan(1.05);
    expect(a[1].values.every((v) => v === 0)).toBe(true);
  });

  it('keeps the first layer when a later layer changes width', () => {
    const narrow = initMlpParameters({ layerSizes: [784, 32, 10] }, 3);
    const wide = initMlpParameters({ layerSizes: [784, 32, 20] }, 3);
    expect(narrow[0].values).toEqual(wide[0].values);
  });

  it('adds batch-norm scales (1) and shifts (0) to hidden layers, leaving the kernels as they were', () => {
    const architecture = { layerSizes: [784, 32, 10], batchNorm: true };
    expect(mlpParameterSpecs(architecture).map((s) => s.name)).toEqual([
      'dense1/kernel',
      'dense1/bias',
      'bn1/gamma',
      'bn1/beta',
      'dense2/kernel',
      'dense2/bias',
    ]);
    const withNorm = initMlpParameters(architecture, 3);
    const plain = initMlpParameters({ layerSizes: [784, 32, 10] }, 3);
    expect(withNorm[0].values).toEqual(plain[0].values);
    expect(withNorm[2].values.every((v) => v === 1)).toBe(true);
    expect(withNorm[3].values.every((v) => v === 0)).toBe(true);
    expect(describeArchitecture({ ...architecture, dropout: 0.3 })).toBe('784-32-10 ReLU MLP, batch norm, dropout 0.3');
  });
});
