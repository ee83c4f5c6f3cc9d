import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeBatches } from './mlp-model.js';
import { maxRelativeDifference, torchrunCommand } from './run-exit-ramp.js';

function torchMissing(): string | undefined {
  if (process.env.CI) return undefined;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return '/usr/bin/python3 cannot import torch (Debian: apt-get install python3-torch)';
  }
}

describe('exit-ramp', () => {
  it('measures each tensor against its own largest value', () => {
    // a: |Δ| 0.01 against max |θ| 2 → 0.005; b: |Δ| 0.003 against 0.1 → 0.03.
    const difference = maxRelativeDifference({ a: [1.01, -2], b: [0.003, 0.1] }, { a: [1, -2], b: [0, 0.1] });
    expect(difference).toBeCloseTo(0.03, 12);
    expect(() => maxRelativeDifference({}, { a: [1] })).toThrow(/parameter a/);
  });

  it('falls back to python -m torch.distributed.run where no torchrun sits beside the interpreter', () => {
    expect(torchrunCommand('/nowhere/python3')).toEqual(['/nowhere/python3', ['-m', 'torch.distributed.run']]);
  });

  const missing = torchMissing();
  it.skipIf(missing !== undefined)(
    `the mean of two half-batch gradients is the full batch's mean gradient for this loss${missing ? ` (skipped: ${missing})` : ''}`,
    { timeout: 120_000 },
    () => {
      // What DDP's all-reduce average gives the two ranks, against one process on the whole batch, in float64.
      const [batch] = makeBatches(7, 1, 32);
      const script = `
import json, sys, torch
import torch.nn.functional as F
torch.manual_seed(0)
batch = json.loads(sys.argv[1])
x = torch.tensor(batch["x"], dtype=torch.float64).reshape(32, 8)
y = torch.tensor(batch["labels"])
model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3)).double()
def grads(rows):
    model.zero_grad()
    F.cross_entropy(model(x[rows]), y[rows]).backward()
    return [p.grad.clone() for p in model.parameters()]
full = grads(slice(0, 32))
halves = [(a + b) / 2 for a, b in zip(grads(slice(0, 16)), grads(slice(16, 32)))]
print(max(float((f - h).abs().max() / f.abs().max()) for f, h in zip(full, halves)))
`;
      const worst = Number(execFileSync('/usr/bin/python3', ['-c', script, JSON.stringify(batch)], { encoding: 'utf8' }).trim());
      expect(worst).toBeLessThan(1e-14);
    },
  );
});
