import { describe, expect, it } from 'vitest';
import { StateError } from '../config/index.js';
import { catchError } from '../__fixtures__/catch-error.js';
import { createUpdater, type Updater } from '../update/index.js';
import { runWithModule, torchUnavailable } from './__fixtures__/run-python.js';
import { pytorchCheckpointToTrainer, trainerCheckpointToPytorch, type TrainerCheckpointData } from './pytorch-checkpoint.js';

const config = {
  optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 0.05, decaySteps: 20 }, amsgrad: true },
  decay: [
    { type: 'decoupled', rate: 0.1, params: { minRank: 2 } },
    // '**/*bias' selects the bias under both names: 'dense/bias' (ONNX) and 'fc.bias' (PyTorch).
    { type: 'anchor', rate: 0.2, params: { include: ['**/*bias'] } },
  ],
};
// An ONNX-style MLP layer: the MatMul kernel is [in, out] = [3, 2]; PyTorch's Linear keeps [out, in].
const mapping = { names: { 'dense/kernel': 'fc.weight', 'dense/bias': 'fc.bias' }, transpose: ['dense/kernel'] };
const specs = [
  { name: 'dense/kernel', shape: [3, 2] },
  { name: 'dense/bias', shape: [2] },
];
const kernelGrad = [0.3, -0.1, 0.2, 0.5, -0.4, 0.1];
const biasGrad = [0.25, -0.5];

/** A float64 updater three steps in, with its checkpoint in the trainer's format. */
function trained(): { updater: Updater; params: Record<string, Float64Array>; checkpoint: TrainerCheckpointData } {
  const updater = createUpdater(config, specs, { precision: 'float64' });
  const params = { 'dense/kernel': new Float64Array([0.5, -0.25, 1, 0, 2, -1.5]), 'dense/bias': new Float64Array([0.1, -0.2]) };
  for (let i = 0; i < 3; i++) updater.update(params, { 'dense/kernel': kernelGrad.map((g) => g * (i + 1)), 'dense/bias': biasGrad });
  const checkpoint: TrainerCheckpointData = {
    format: 'weight-decay-parameters/1',
    step: updater.step,
    config: updater.config,
    parameters: Object.fromEntries(
      specs.map(({ name, shape }) => [name, { shape, values: Array.from(params[name as keyof typeof params]) }]),
    ),
    updater: updater.exportState(),
  };
  return { updater, params, checkpoint };
}

describe('trainerCheckpointToPytorch / pytorchCheckpointToTrainer', () => {
  it('renames and transposes weights, slots and anchors, and converts back to the same checkpoint', () => {
    const { checkpoint } = trained();
    const torch = trainerCheckpointToPytorch(checkpoint, mapping);
    expect(Object.keys(torch.model)).toEqual(['fc.weight', 'fc.bias']);
    expect(torch.model['fc.weight']!.shape).toEqual([2, 3]);
    // Row r of the [3, 2] kernel becomes column r of the [2, 3] weight.
    const kernel = checkpoint.parameters['dense/kernel']!.values;
    expect(torch.model['fc.weight']!.values).toEqual([kernel[0], kernel[2], kernel[4], kernel[1], kernel[3], kernel[5]]);
    const m = checkpoint.updater.parameters['dense/kernel']!.slots.m!;
    expect(torch.optimizer.parameters['fc.weight']!.slots.m).toEqual([m[0], m[2], m[4], m[1], m[3], m[5]]);
    expect(torch.optimizer.parameters['fc.bias']!.anchor).toEqual([0.1, -0.2]);
    expect(pytorchCheckpointToTrainer(JSON.parse(JSON.stringify(torch)), mapping, 'float64')).toEqual(checkpoint);
  });

  it('carries reduce-on-plateau counters both ways (config 1.1)', () => {
    const plateauConfig = {
      ...config,
      optimizer: { ...config.optimizer, learningRate: { type: 'reduce-on-plateau', initial: 0.05, patience: 1 } },
    };
    const updater = createUpdater(plateauConfig, specs, { precision: 'float64' });
    for (const metric of [1, 0.5, 0.7]) updater.reportMetric(metric);
    const state = updater.exportState();
    const checkpoint: TrainerCheckpointData = {
      format: 'weight-decay-parameters/1',
      step: 0,
      config: updater.config,
      parameters: { 'dense/kernel': { shape: [3, 2], values: [0, 0, 0, 0, 0, 0] }, 'dense/bias': { shape: [2], values: [0, 0] } },
      updater: state,
    };
    const torch = trainerCheckpointToPytorch(checkpoint, mapping);
    expect(torch.optimizer.plateau).toEqual({ rate: 0.05, best: 0.5, badReports: 1, cooldownLeft: 0, reports: 3 });
    expect(pytorchCheckpointToTrainer(JSON.parse(JSON.stringify(torch)), mapping, 'float64')).toEqual(checkpoint);
  });

  it('names what does not fit', () => {
    const { checkpoint } = trained();
    const cases: [() => unknown, string][] = [
      [() => trainerCheckpointToPytorch({ ...checkpoint, format: 'other' } as never), 'format'],
      [() => trainerCheckpointToPytorch({ ...checkpoint, step: 7 }), 'step'],
      [() => trainerCheckpointToPytorch(checkpoint, { names: { nope: 'x' } }), 'mapping.names["nope"]'],
      [() => trainerCheckpointToPytorch(checkpoint, { transpose: ['dense/bias'] }), 'parameters["dense/bias"].shape'],
      [() => trainerCheckpointToPytorch(checkpoint, { names: { 'dense/kernel': 'dense/bias' } }), 'mapping.names["dense/bias"]'],
      // Renamed 'kernel.bias', the kernel would be selected by the anchor term's '**/*bias' too.
      [() => trainerCheckpointToPytorch(checkpoint, { names: { 'dense/kernel': 'kernel.bias' } }), 'mapping.names'],
    ];
    for (const [convert, path] of cases) {
      const error = catchError(convert);
      expect(error).toBeInstanceOf(StateError);
      expect((error as StateError).path).toBe(path);
    }
    const torch = trainerCheckpointToPytorch(checkpoint, mapping);
    torch.optimizer.parameters['fc.bias']!.slots.v = [1];
    expect((catchError(() => pytorchCheckpointToTrainer(torch, mapping)) as StateError).path).toBe(
      'optimizer.parameters["fc.bias"].slots.v',
    );
  });

  const unavailable = torchUnavailable();
  it.skipIf(unavailable !== undefined)(
    `continues in PyTorch with the same numbers as in Node (float64, nn.Linear)${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    { timeout: 120_000 },
    () => {
      const { updater, params, checkpoint } = trained();
      const data = trainerCheckpointToPytorch(checkpoint, mapping);
      const after = runWithModule<{ weight: number[]; bias: number[]; back: unknown }>(
        config,
        `data = json.loads(${JSON.stringify(JSON.stringify(data))})
model = torch.nn.Module()
model.fc = torch.nn.Linear(3, 2).double()
weights, state = wd.checkpoint_from_json(data, dtype=torch.float64)
model.load_state_dict({key: value.double() for key, value in weights.items()})
optimizer = wd.build_optimizer(list(model.named_parameters()))
optimizer.load_state_dict(state)
for i in range(3, 5):
    model.fc.weight.grad = (torch.tensor(${JSON.stringify(kernelGrad)}, dtype=torch.float64) * (i + 1)).reshape(3, 2).t()
    model.fc.bias.grad = torch.tensor(${JSON.stringify(biasGrad)}, dtype=torch.float64)
    optimizer.step()
print(json.dumps({"weight": model.fc.weight.detach().reshape(-1).tolist(), "bias": model.fc.bias.detach().tolist(),
                  "back": wd.checkpoint_to_json(model.state_dict(), optimizer.state_dict())}))`,
      );
      for (let i = 3; i < 5; i++) updater.update(params, { 'dense/kernel': kernelGrad.map((g) => g * (i + 1)), 'dense/bias': biasGrad });
      const kernel = params['dense/kernel'];
      const expectedWeight = [kernel[0], kernel[2], kernel[4], kernel[1], kernel[3], kernel[5]];
      [...after.weight, ...after.bias].forEach((x, i) => {
        const expected = [...expectedWeight, ...params['dense/bias']][i]!;
        expect(Math.abs(x - expected)).toBeLessThanOrEqual(1e-12 + 1e-12 * Math.abs(expected));
      });
      // And back: the PyTorch checkpoint loads into a float64 updater, which goes on from there.
      const back = pytorchCheckpointToTrainer(after.back as never, mapping, 'float64');
      const resumed = createUpdater(config, specs, { precision: 'float64' });
      resumed.importState(back.updater);
      expect(resumed.step).toBe(5);
      expect(back.parameters['dense/bias']!.values).toEqual(after.bias);
    },
  );
});
