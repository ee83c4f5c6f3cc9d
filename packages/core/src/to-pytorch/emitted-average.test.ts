/// <reference types="node" />
import { describe, expect, it } from 'vitest';
import { createUpdater } from '../update/index.js';
import { runWithModule, torchUnavailable } from './__fixtures__/run-python.js';

const unavailable = torchUnavailable();
const skipReason = unavailable === undefined ? '' : ` (skipped: ${unavailable})`;

const grads = [
  [0.5, -1],
  [0.25, 2],
  [-1, 0.5],
  [2, -0.25],
  [0.125, 1],
];

/** Core's float64 reference: the averaged weights after each of `grads` on w = [1, −2]. */
function referenceAverages(config: unknown): (number[] | null)[] {
  const updater = createUpdater(config, [{ name: 'w', shape: [2] }], { precision: 'float64' });
  const w = new Float64Array([1, -2]);
  return grads.map((g) => {
    updater.update({ w }, { w: g });
    const average = updater.averagedParameters();
    return average === undefined ? null : Array.from(average.w);
  });
}

const script = `
w = torch.nn.Parameter(torch.tensor([1.0, -2.0], dtype=torch.float64))
grads = ${JSON.stringify(grads)}
def run(optimizer, steps):
    out = []
    for g in steps:
        w.grad = torch.tensor(g, dtype=torch.float64)
        optimizer.step()
        averaged = optimizer.averaged_parameters()
        out.append(None if averaged is None else averaged[0][1].tolist())
    return out
optimizer = wd.build_optimizer([("w", w)])
straight = run(optimizer, grads)
is_averaged_model = isinstance(optimizer.averaged_model, torch.optim.swa_utils.AveragedModel)
end = w.detach().clone()
# Resume from a JSON round trip of the state after 3 updates.
with torch.no_grad():
    w.copy_(torch.tensor([1.0, -2.0], dtype=torch.float64))
first = wd.build_optimizer([("w", w)])
run(first, grads[:3])
state = json.loads(json.dumps(wd.checkpoint_to_json({"w": w.detach()}, first.state_dict())))["optimizer"]
resumed = wd.build_optimizer([("w", w)])
resumed.load_state_dict(state)
rest = run(resumed, grads[3:])
bad = dict(state, averaged=9)
try:
    resumed.load_state_dict(bad)
    bad_error = None
except wd.StateError as error:
    bad_error = error.path
print(json.dumps({"straight": straight, "rest": rest, "same_end": bool(torch.equal(end, w.detach())),
                  "is_averaged_model": is_averaged_model, "saved_count": state.get("averaged"), "bad": bad_error}))
`;

describe.skipIf(unavailable !== undefined)(`the emitted module's average${skipReason}`, { timeout: 120_000 }, () => {
  it.each([
    ['ema', { type: 'ema', decay: 0.75 }, 3],
    ['uniform from start 2', { type: 'uniform', start: 2 }, 1],
  ])('%s: torch.optim.swa_utils.AveragedModel agrees with core, and state_dict resumes it exactly', (_what, average, savedCount) => {
    const config = { optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 }, average };
    const result = runWithModule<{
      straight: (number[] | null)[];
      rest: (number[] | null)[];
      same_end: boolean;
      is_averaged_model: boolean;
      saved_count: number;
      bad: string | null;
    }>(config, script);
    const expected = referenceAverages(config);
    result.straight.forEach((a, k) => {
      if (expected[k] === null) expect(a).toBeNull();
      else a?.forEach((x, i) => expect(x).toBeCloseTo(expected[k]![i]!, 12));
    });
    expect(result.is_averaged_model).toBe(true);
    expect(result.saved_count).toBe(savedCount);
    expect(result.same_end).toBe(true);
    expect(result.rest).toEqual(result.straight.slice(3));
    expect(result.bad).toBe('averaged');
  });
});
