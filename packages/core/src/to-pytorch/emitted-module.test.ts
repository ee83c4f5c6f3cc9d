/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createUpdater } from '../update/index.js';
import { runWithModule, torchUnavailable } from './__fixtures__/run-python.js';

// The emitted module's behaviour beyond the golden numbers (those run in apps/pytorch-golden).
const unavailable = torchUnavailable();
const skipReason = unavailable === undefined ? '' : ` (skipped: ${unavailable})`;

const adamw = {
  optimizer: { type: 'adam', learningRate: 0.01 },
  decay: [
    { type: 'decoupled', rate: 0.1, params: { include: ['*.weight'] } },
    { type: 'l2', rate: 0.01 },
  ],
};

/** A Linear(3, 2) in float64 (parameters "0.weight", "0.bias") with fixed weights, and a step from a fixed gradient. */
const linear = `
model = torch.nn.Sequential(torch.nn.Linear(3, 2)).double()
layer = model[0]
with torch.no_grad():
    layer.weight.copy_(torch.tensor([[0.5, -0.25, 1.0], [0.0, 2.0, -1.5]]))
    layer.bias.copy_(torch.tensor([0.1, -0.2]))
def set_grads():
    layer.weight.grad = torch.full((2, 3), 0.5, dtype=torch.float64)
    layer.bias.grad = torch.tensor([1.0, -1.0], dtype=torch.float64)
def error_of(call):
    try:
        call()
    except wd.WeightDecayError as error:
        return {"class": type(error).__name__, "path": getattr(error, "path", None), "parameter": getattr(error, "parameter", None), "message": str(error)}
    return None
`;

// Each test starts Python with PyTorch: seconds on a busy machine.
describe.skipIf(unavailable !== undefined)(`the emitted module${skipReason}`, { timeout: 120_000 }, () => {
  it('matches names exactly as the TypeScript matcher, on the shared table', () => {
    const table = JSON.parse(readFileSync(new URL('../selection/__fixtures__/glob-cases.json', import.meta.url), 'utf8')) as {
      pattern: string;
      name: string;
      match: boolean;
    }[];
    const results = runWithModule<boolean[]>(
      adamw,
      `cases = json.loads(${JSON.stringify(JSON.stringify(table))})\nprint(json.dumps([wd.match_glob(c["pattern"], c["name"]) for c in cases]))`,
    );
    expect(results).toEqual(table.map((c) => c.match));
  });

  it('follows the float32 kernel of core on float32 parameters', () => {
    const after = runWithModule<number[][]>(
      adamw,
      `${linear}
model = model.float()
optimizer = wd.build_optimizer(list(model.named_parameters()))
for _ in range(3):
    layer.weight.grad = torch.full((2, 3), 0.5)
    layer.bias.grad = torch.tensor([1.0, -1.0])
    optimizer.step()
print(json.dumps([layer.weight.detach().reshape(-1).tolist(), layer.bias.detach().tolist()]))`,
    );
    const updater = createUpdater(adamw, [
      { name: '0.weight', shape: [2, 3] },
      { name: '0.bias', shape: [2] },
    ]);
    const params = { '0.weight': new Float32Array([0.5, -0.25, 1.0, 0.0, 2.0, -1.5]), '0.bias': new Float32Array([0.1, -0.2]) };
    for (let i = 0; i < 3; i++) updater.update(params, { '0.weight': new Array(6).fill(0.5), '0.bias': [1, -1] });
    [params['0.weight'], params['0.bias']].forEach((expected, i) => {
      after[i]!.forEach((x, j) => expect(Math.abs(x - expected[j]!)).toBeLessThanOrEqual(1e-6 * Math.abs(expected[j]!) + 1e-7));
    });
  });

  it('names what is wrong and changes nothing: unmatched pattern, missing grad, bad state, 1.1-only calls', () => {
    const config = {
      optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 },
      decay: [{ type: 'l2', rate: 0.1, params: { include: ['*.weight'] } }],
    };
    const result = runWithModule<Record<string, unknown>>(
      config,
      `${linear}
unmatched = error_of(lambda: wd.build_optimizer([("other", layer.bias)]))
duplicate = error_of(lambda: wd.build_optimizer([("0.weight", layer.weight), ("0.weight", layer.bias)]))
optimizer = wd.build_optimizer(list(model.named_parameters()))
before = layer.weight.detach().clone()
layer.weight.grad = torch.ones(2, 3, dtype=torch.float64)
no_grad = error_of(optimizer.step)
unchanged = bool(torch.equal(before, layer.weight)) and optimizer.step_count == 0
set_grads()
grad_before = layer.weight.grad.clone()
optimizer.step()
grad_kept = bool(torch.equal(grad_before, layer.weight.grad))
state = optimizer.state_dict()
state["parameters"]["0.bias"]["slots"]["momentum"] = [1.0, 2.0, 3.0]
bad_state = error_of(lambda: optimizer.load_state_dict(state))
state_kept = optimizer.state_dict()["parameters"]["0.bias"]["slots"]["momentum"].tolist() != [1.0, 2.0, 3.0]
other_config = dict(optimizer.state_dict(), config={"version": 1})
wrong_config = error_of(lambda: optimizer.load_state_dict(other_config))
print(json.dumps({
    "unmatched": unmatched, "duplicate": duplicate, "no_grad": no_grad, "unchanged": unchanged,
    "grad_kept": grad_kept, "bad_state": bad_state, "state_kept": state_kept, "wrong_config": wrong_config,
    "metric": error_of(lambda: optimizer.report_metric(0.5)), "average": error_of(optimizer.averaged_parameters),
}))`,
    );
    expect(result.unmatched).toMatchObject({ class: 'ConfigError', path: 'decay[0].params.include[0]' });
    expect(result.duplicate).toMatchObject({ class: 'ParameterError', parameter: '0.weight' });
    expect(result.no_grad).toMatchObject({ class: 'ParameterError', parameter: '0.bias' });
    expect(result.unchanged).toBe(true);
    expect(result.grad_kept).toBe(true);
    expect(result.bad_state).toMatchObject({ class: 'StateError', path: 'parameters["0.bias"].slots.momentum' });
    expect(result.state_kept).toBe(true);
    expect(result.wrong_config).toMatchObject({ class: 'StateError', path: 'config' });
    expect(result.metric).toMatchObject({ class: 'ConfigError', path: 'optimizer.learningRate' });
    expect(result.average).toMatchObject({ class: 'ConfigError', path: 'average' });
  });

  it.each([
    ['nadam', { type: 'nadam', learningRate: 0.05, momentumDecay: 0.3 }],
    ['radam', { type: 'radam', learningRate: 0.05, beta2: 0.9 }],
    ['adadelta', { type: 'adadelta', rho: 0.5 }],
    ['lion', { type: 'lion', learningRate: 0.05 }],
  ])('%s with a cautious decoupled term follows core and continues exactly after a state round trip', (_type, optimizer) => {
    // NAdam's P_k and Lion's last step are kept outside the saved slots: a load must rebuild
    // them (P_k from the step count), or the continued run would differ from the straight one.
    const config = { optimizer, decay: [{ type: 'decoupled', rate: 0.5, cautious: true }] };
    const grads = [
      [0.5, -1.0, 0.25],
      [-0.75, 0.5, 0.0],
      [1.0, 0.25, -0.5],
      [0.125, -0.5, 1.5],
      [-1.0, 1.0, 0.75],
      [0.5, 0.5, -0.25],
    ];
    const result = runWithModule<{ straight: number[]; resumed: number[] }>(
      config,
      `grads = ${JSON.stringify(grads)}
def run(resume_at):
    w = torch.nn.Parameter(torch.tensor([0.5, -0.25, 1.0], dtype=torch.float64))
    optimizer = wd.build_optimizer([("w", w)])
    for i, g in enumerate(grads):
        if i == resume_at:
            state = json.loads(json.dumps(wd._json_tree(optimizer.state_dict())))
            optimizer = wd.build_optimizer([("w", w)])
            optimizer.load_state_dict(state)
        w.grad = torch.tensor(g, dtype=torch.float64)
        optimizer.step()
    return w.detach().tolist()
print(json.dumps({"straight": run(None), "resumed": run(3)}))`,
    );
    expect(result.resumed).toEqual(result.straight);
    const updater = createUpdater(config, [{ name: 'w', shape: [3] }], { precision: 'float64' });
    const params = { w: new Float64Array([0.5, -0.25, 1.0]) };
    for (const g of grads) updater.update(params, { w: g });
    params.w.forEach((x, i) => expect(Math.abs(x - result.straight[i]!)).toBeLessThanOrEqual(1e-12 * Math.abs(x) + 1e-15));
  });

  it('groups: param groups and a torch optimizer of its own follow core, save per-parameter slots, and name an unmatched group', () => {
    const config = {
      optimizer: { type: 'adam', learningRate: { type: 'cosine', initial: 0.01, decaySteps: 5 } },
      decay: [{ type: 'decoupled', rate: 0.1, scaling: 'relative' }],
      groups: [
        { params: { names: ['0.bias'] }, optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 } },
        { params: { include: ['*.weight'] }, learningRateScale: 0.5, optimizer: { beta2: 0.95 } },
      ],
    };
    const result = runWithModule<{ after: number[][]; slots: string[][]; lrs: number[]; resumed: boolean; unmatched: unknown }>(
      config,
      `${linear}
optimizer = wd.build_optimizer(list(model.named_parameters()))
for _ in range(2):
    set_grads()
    optimizer.step()
state = optimizer.state_dict()
copy = wd.build_optimizer(list(model.named_parameters()))
copy.load_state_dict(state)
set_grads()
optimizer.step()
lrs = [group["lr"] for _, group in optimizer._lr_groups]
print(json.dumps({
    "after": [layer.weight.detach().reshape(-1).tolist(), layer.bias.detach().tolist()],
    "slots": [sorted(state["parameters"]["0.weight"]["slots"]), sorted(state["parameters"]["0.bias"]["slots"])],
    "lrs": lrs,
    "resumed": copy.state_dict()["parameters"]["0.bias"]["slots"]["momentum"].tolist() == state["parameters"]["0.bias"]["slots"]["momentum"].tolist(),
    "unmatched": error_of(lambda: wd.build_optimizer([("0.weight", layer.weight)])),
}))`,
    );
    const updater = createUpdater(
      config,
      [
        { name: '0.weight', shape: [2, 3] },
        { name: '0.bias', shape: [2] },
      ],
      { precision: 'float64' },
    );
    // `linear` copies the bias from a float32 tensor: its float64 values are 0.1 and -0.2 rounded to float32.
    const params = {
      '0.weight': new Float64Array([0.5, -0.25, 1.0, 0.0, 2.0, -1.5]),
      '0.bias': new Float64Array([Math.fround(0.1), Math.fround(-0.2)]),
    };
    for (let i = 0; i < 3; i++) updater.update(params, { '0.weight': new Array(6).fill(0.5), '0.bias': [1, -1] });
    [params['0.weight'], params['0.bias']].forEach((expected, i) => {
      result.after[i]!.forEach((x, j) => expect(Math.abs(x - expected[j]!)).toBeLessThanOrEqual(1e-12 * Math.abs(expected[j]!) + 1e-15));
    });
    expect(result.slots).toEqual([['m', 'v'], ['momentum']]);
    // The third step's rates: the weights' param group at 0.5·η_2 (cosine over 5 steps), the bias's own SGD at 0.1.
    expect(result.lrs).toEqual([0.1, expect.closeTo((0.5 * 0.01 * (1 + Math.cos((Math.PI * 2) / 5))) / 2, 15)]);
    expect(result.resumed).toBe(true);
    expect(result.unmatched).toMatchObject({ class: 'ConfigError', path: 'groups[0].params.names[0]' });
  });

  it('decays toward given anchors, and saves and restores them', () => {
    // SGD, lr 0.1, anchor rate 0.5 (learning-rate scaling): θ ← θ − 0.1·0.5·(θ − θ₀) − 0.1·g.
    const config = { optimizer: { type: 'sgd', learningRate: 0.1 }, decay: [{ type: 'anchor', rate: 0.5 }] };
    const result = runWithModule<{ after: number[]; anchor: number[] }>(
      config,
      `w = torch.nn.Parameter(torch.tensor([1.0, -2.0], dtype=torch.float64))
optimizer = wd.build_optimizer([("w", w)], anchors={"w": [0.0, 2.0]})
w.grad = torch.tensor([0.5, 0.0], dtype=torch.float64)
optimizer.step()
print(json.dumps({"after": w.detach().tolist(), "anchor": optimizer.state_dict()["parameters"]["w"]["anchor"].tolist()}))`,
    );
    // 1 − 0.05·(1 − 0) − 0.1·0.5 = 0.9; −2 − 0.05·(−2 − 2) − 0 = −1.8.
    expect(result.after[0]).toBeCloseTo(0.9, 15);
    expect(result.after[1]).toBeCloseTo(-1.8, 15);
    expect(result.anchor).toEqual([0, 2]);
  });

  it("reduce-on-plateau is torch's ReduceLROnPlateau, stepped by report_metric; corrected scaling and timescale follow core; state_dict keeps the counters", () => {
    const config = {
      optimizer: { type: 'sgd', learningRate: { type: 'reduce-on-plateau', initial: 0.1, factor: 0.5, patience: 1, cooldown: 1 } },
      decay: [
        { type: 'decoupled', rate: 0.3, scaling: 'corrected' },
        { type: 'anchor', timescale: 40, params: { names: ['w'] } },
      ],
    };
    const metrics = [1, 0.9, 0.95, 0.96, 0.97, 0.8, 0.85, 0.86];
    const grads = [0.5, -0.25];
    const result = runWithModule<{ rates: number[]; after: number[]; resumed: number[]; plateau: unknown; header: boolean }>(
      config,
      `w = torch.nn.Parameter(torch.tensor([1.0, -2.0], dtype=torch.float64))
metrics = ${JSON.stringify(metrics)}
def run(optimizer, param, start, end):
    rates = []
    for t in range(start, end):
        rates.append(optimizer.learning_rate())
        param.grad = torch.tensor(${JSON.stringify(grads)}, dtype=torch.float64)
        optimizer.step()
        optimizer.report_metric(metrics[t])
    return rates
optimizer = wd.build_optimizer([("w", w)])
rates = run(optimizer, w, 0, 4)
saved = json.loads(json.dumps(wd._json_tree(optimizer.state_dict())))
w2 = torch.nn.Parameter(w.detach().clone())
rates += run(optimizer, w, 4, 8)
resumed = wd.build_optimizer([("w", w2)])
resumed.load_state_dict(saved)
run(resumed, w2, 4, 8)
print(json.dumps({"rates": rates, "after": w.detach().tolist(), "resumed": w2.detach().tolist(), "plateau": saved["plateau"],
                  "header": "optimizer.report_metric(" in open(wd.__file__).read()}))`,
    );
    const updater = createUpdater(config, [{ name: 'w', shape: [2] }], { precision: 'float64' });
    const w = new Float64Array([1, -2]);
    const rates: number[] = [];
    for (let t = 0; t < 8; t++) {
      rates.push(updater.learningRate());
      updater.update({ w }, { w: grads });
      updater.reportMetric(metrics[t]!);
    }
    expect(result.rates).toEqual(rates);
    expect(result.rates).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05]);
    result.after.forEach((x, i) => expect(x).toBeCloseTo(w[i]!, 14));
    expect(result.resumed).toEqual(result.after);
    expect(result.plateau).toEqual({ rate: 0.05, best: 0.9, badReports: 0, cooldownLeft: 1, reports: 4 });
    expect(result.header).toBe(true);
  });
});
