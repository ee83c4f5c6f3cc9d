"""Export the small real models and the PyTorch references the trainer tests use.

Run from anywhere with the system Python that has torch 1.13:

    /usr/bin/python3 packages/onnxruntime/models/export_models.py

Writes, next to this file:
  mlp.onnx, cnn.onnx                forward models (torch.onnx.export, opset 17, weights as initializers)
  mlp-training-graph.onnx           a prebuilt training graph for the MLP (functorch make_fx of
                                    grad_and_value, standard ops only, batch size 4 baked in)
  mlp-reference.json, cnn-reference.json
                                    initial weights, a fixed batch with its loss and the autograd
                                    gradients at step 0, and the weights after 20 optimizer steps
                                    with the portable config that describes those steps

Everything runs in float32 on CPU with fixed seeds, so the files are reproducible.
With --bench DIR it also writes DIR/mlp-784-512-512-10.onnx (too large to commit) for timing.
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 17
BATCH = 4
STEPS = 20


class Mlp(nn.Module):
    def __init__(self, sizes=(8, 16, 16, 3)):
        super().__init__()
        self.fc1 = nn.Linear(sizes[0], sizes[1])
        self.fc2 = nn.Linear(sizes[1], sizes[2])
        self.fc3 = nn.Linear(sizes[2], sizes[3])

    def forward(self, x):
        return self.fc3(torch.tanh(self.fc2(torch.relu(self.fc1(x)))))


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(4 * 4 * 4, 3)

    def forward(self, x):
        return self.fc(self.flatten(self.pool(torch.relu(self.conv(x)))))


def f32(values):
    """Shortest decimal that reads back as the same float32 (Math.fround in JS restores it)."""
    return [float(repr(np.float32(v))) for v in np.asarray(values, dtype=np.float32).reshape(-1)]


def tensor_json(t):
    return {"dims": list(t.shape), "data": f32(t.detach().numpy()) if t.dtype == torch.float32 else t.reshape(-1).tolist()}


def export_forward(model, example, path):
    # do_constant_folding=False keeps every weight an initializer under its parameter name;
    # a dynamic batch axis lets the trainer choose the batch size.
    torch.onnx.export(
        model, (example,), path,
        input_names=["x"], output_names=["logits"],
        dynamic_axes={"x": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=OPSET, do_constant_folding=False, keep_initializers_as_inputs=False,
    )


def cosine(t, initial, decay_steps, minimum):
    return minimum + (initial - minimum) * (1 + math.cos(math.pi * min(t, decay_steps) / decay_steps)) / 2


def warmup(t, steps, start, then):
    return start + (then - start) * t / steps if t < steps else then


def train_reference(model, batches, lr_at, decoupled_rate, l1_rate):
    """AdamW (decay on rank >= 2 weights only) plus a proximal L1 soft-threshold on rank >= 2
    weights after each step, lr set by hand from the schedule's closed form (semantics.md:
    update k+1 uses value(k); the proximal threshold is s_t·λ with s_t = η_t)."""
    weights = [p for p in model.parameters() if p.dim() >= 2]
    others = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW(
        [{"params": weights, "weight_decay": decoupled_rate}, {"params": others, "weight_decay": 0.0}],
        lr=lr_at(0), betas=(0.9, 0.999), eps=1e-8,
    )
    losses, rates = [], []
    for t in range(STEPS):
        x, y = batches[t % len(batches)]
        lr = lr_at(t)
        for group in opt.param_groups:
            group["lr"] = lr
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        with torch.no_grad():
            for p in weights:
                p.copy_(torch.sign(p) * torch.clamp(p.abs() - lr * l1_rate, min=0))
        losses.append(float(repr(np.float32(loss.item()))))
        rates.append(lr)
    return losses, rates


def make_case(name, model, batches, config, lr_at, decoupled_rate, l1_rate, input_shape):
    params0 = {n: {"shape": list(p.shape), "values": f32(p.detach().numpy())} for n, p in model.named_parameters()}
    x, y = batches[0]
    model.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    grads = {n: f32(p.grad.numpy()) for n, p in model.named_parameters()}
    logits = model(x).detach()
    losses, rates = train_reference(model, batches, lr_at, decoupled_rate, l1_rate)
    final = {n: f32(p.detach().numpy()) for n, p in model.named_parameters()}
    return {
        "format": "weight-decay-model-reference/1",
        "name": name,
        "source": f"torch {torch.__version__} float32 CPU autograd; torch.optim.AdamW + hand-written proximal L1",
        "model": f"{name}.onnx",
        "inputName": "x",
        "outputName": "logits",
        "loss": {"type": "softmax-cross-entropy", "reduction": "mean"},
        "inputShape": input_shape,
        "initialParameters": params0,
        "gradientCheck": {
            "batch": {"x": tensor_json(x), "labels": tensor_json(y)},
            "logits": f32(logits.numpy()),
            "loss": float(repr(np.float32(loss.item()))),
            "gradients": grads,
        },
        "training": {
            "config": config,
            "steps": STEPS,
            "note": "step t (0-based) uses batches[t % batches.length]",
            "batches": [{"x": tensor_json(bx), "labels": tensor_json(by)} for bx, by in batches],
            "learningRates": rates,
            "losses": losses,
            "finalParameters": final,
        },
    }


def export_training_graph(model, path):
    """A prebuilt training graph following the naming contract: inputs `x`, `labels` and each
    parameter by name; outputs `loss` and `${name}_grad`. functorch traces grad_and_value to
    aten ops; the decompositions turn the fused loss/activation backward ops into ones the ONNX
    exporter knows. The batch size of the example is baked into the graph."""
    from functorch import make_fx, grad_and_value
    from torch._decomp import get_decompositions

    aten = torch.ops.aten
    names = [n for n, _ in model.named_parameters()]

    def loss_fn(w1, b1, w2, b2, w3, b3, x, labels):
        h = torch.relu(F.linear(x, w1, b1))
        h = torch.tanh(F.linear(h, w2, b2))
        return F.cross_entropy(F.linear(h, w3, b3), labels)

    params = [p.detach().clone() for _, p in model.named_parameters()]
    x = torch.zeros(BATCH, 8)
    labels = torch.zeros(BATCH, dtype=torch.int64)
    decompositions = get_decompositions([
        aten._log_softmax, aten._log_softmax_backward_data, aten.nll_loss_forward,
        aten.nll_loss_backward, aten.threshold_backward, aten.tanh_backward, aten.addmm, aten.t,
    ])
    traced = make_fx(grad_and_value(loss_fn, argnums=tuple(range(len(names)))),
                     decomposition_table=decompositions)(*params, x, labels)

    class TrainingStep(nn.Module):
        def __init__(self, graph):
            super().__init__()
            self.graph_module = graph

        def forward(self, x, labels, *weights):
            grads, loss = self.graph_module(*weights, x, labels)
            return (loss, *grads)

    torch.onnx.export(
        TrainingStep(traced), (x, labels, *params), path,
        input_names=["x", "labels", *names], output_names=["loss", *[f"{n}_grad" for n in names]],
        opset_version=OPSET, do_constant_folding=False,
    )


def main():
    torch.manual_seed(0)
    mlp = Mlp()
    export_forward(mlp, torch.zeros(BATCH, 8), os.path.join(HERE, "mlp.onnx"))
    export_training_graph(mlp, os.path.join(HERE, "mlp-training-graph.onnx"))
    mlp_batches = [(torch.randn(BATCH, 8), torch.randint(0, 3, (BATCH,))) for _ in range(4)]
    mlp_config = {
        "optimizer": {"type": "adam", "learningRate": {"type": "cosine", "initial": 0.01, "decaySteps": STEPS, "minimum": 0.001}},
        "decay": [
            {"type": "decoupled", "rate": 0.01, "params": {"minRank": 2}},
            {"type": "l1", "method": "proximal", "rate": 0.5, "params": {"minRank": 2}},
        ],
    }
    case = make_case("mlp", mlp, mlp_batches, mlp_config, lambda t: cosine(t, 0.01, STEPS, 0.001), 0.01, 0.5, [8])
    with open(os.path.join(HERE, "mlp-reference.json"), "w") as f:
        json.dump(case, f)

    torch.manual_seed(1)
    cnn = Cnn()
    export_forward(cnn, torch.zeros(BATCH, 1, 8, 8), os.path.join(HERE, "cnn.onnx"))
    cnn_batches = [(torch.randn(BATCH, 1, 8, 8), torch.randint(0, 3, (BATCH,))) for _ in range(2)]
    cnn_config = {
        "optimizer": {"type": "adam", "learningRate": {"type": "warmup", "steps": 5, "start": 0.002, "then": 0.01}},
        "decay": [
            {"type": "decoupled", "rate": 0.01, "params": {"minRank": 2}},
            {"type": "l1", "method": "proximal", "rate": 0.5, "params": {"minRank": 2}},
        ],
    }
    case = make_case("cnn", cnn, cnn_batches, cnn_config, lambda t: warmup(t, 5, 0.002, 0.01), 0.01, 0.5, [1, 8, 8])
    with open(os.path.join(HERE, "cnn-reference.json"), "w") as f:
        json.dump(case, f)

    if "--bench" in sys.argv:
        out = sys.argv[sys.argv.index("--bench") + 1]
        torch.manual_seed(2)
        export_forward(Mlp((784, 512, 512, 10)), torch.zeros(128, 784), os.path.join(out, "mlp-784-512-512-10.onnx"))


if __name__ == "__main__":
    main()
