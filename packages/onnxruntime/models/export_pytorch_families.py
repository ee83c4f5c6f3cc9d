"""Export the small PyTorch model families the builder must train, with their PyTorch references.

Run from anywhere with the system Python that has torch 1.13:

    /usr/bin/python3 packages/onnxruntime/models/export_pytorch_families.py

Writes, next to this file, for each family a forward model `<name>.onnx` (torch.onnx.export,
opset 17, dynamic batch) and `<name>-reference.json`:
  transformer     Embedding + learned positions, multi-head self-attention with a dynamic-batch
                  reshape, LayerNorm, exact GELU, residuals, mean pooling; cross-entropy with label
                  smoothing
  cnn-bn-dropout  Conv + BatchNorm2d + ReLU + MaxPool + Dropout(p=0) + Linear, exported in
                  TrainingMode.TRAINING; cross-entropy
  depthwise-cnn   Conv, depthwise Conv (groups = channels, stride 2), pointwise Conv, ReLU6,
                  AvgPool2d with padding, global average pooling, log-softmax; NLL
  text-cnn        Embedding + Conv1d + dilated grouped Conv1d + max over time; cross-entropy with
                  ignore_index -100
  branch-mlp      two branches (Softplus, ELU) concatenated, ReLU6; BCE with logits and pos_weight
  encoder-builtin nn.TransformerEncoder (2 layers, GELU, no dropout) exported as is: its layers start
                  as copies and its norms as ones/zeros, so torch ties them in the export and the
                  builder must untie them; cross-entropy
  recurrent       Embedding + bidirectional GRU + LSTM (fixed sequence length), unrolled by the
                  builder; cross-entropy
and `dropout-p50.onnx`, y = Dropout(p=0.5)(x * w) exported in training mode, for the rate and
rescaling check (no reference numbers: those are p and 1/(1 - p)).

Each reference holds the initial weights, a batch with PyTorch's outputs, loss and autograd
gradients at step 0, and 20 steps of torch.optim.AdamW (weight decay on rank >= 2 weights only)
with the portable config that describes them: the losses, the final weights, the final running
statistics (batch norm) and the eval-mode outputs after training. Everything is float32 on CPU
with fixed seeds.

Export settings that keep a model trainable (see the package README): do_constant_folding=False
keeps every weight an initializer under its parameter name; parameters with equal values (fresh
LayerNorm/BatchNorm weights of ones, biases of zeros) are perturbed before export, because torch
merges initializers with identical values into one.
"""
import copy
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_models import HERE, OPSET, STEPS, f32, tensor_json  # noqa: E402

LEARNING_RATE = 0.01
DECAY = 0.01
CONFIG = {
    "optimizer": {"type": "adam", "learningRate": LEARNING_RATE},
    "decay": [{"type": "decoupled", "rate": DECAY, "params": {"minRank": 2}}],
}


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.ff1 = nn.Linear(d, 2 * d)
        self.ff2 = nn.Linear(2 * d, d)

    def forward(self, h):
        b, n, d = h.shape
        q, k, v = self.qkv(self.ln1(h)).chunk(3, dim=-1)
        q, k, v = (t.reshape(b, n, self.heads, d // self.heads).transpose(1, 2) for t in (q, k, v))
        attention = torch.softmax(q @ k.transpose(-2, -1) / (d // self.heads) ** 0.5, dim=-1)
        h = h + self.proj((attention @ v).transpose(1, 2).reshape(b, n, d))
        return h + self.ff2(F.gelu(self.ff1(self.ln2(h))))


class Transformer(nn.Module):
    def __init__(self, vocab=11, d=16, heads=2, max_len=8, classes=3, layers=2):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.pos = nn.Parameter(0.1 * torch.randn(1, max_len, d))
        self.blocks = nn.ModuleList([Block(d, heads) for _ in range(layers)])
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, classes)

    def forward(self, x):
        h = self.embed(x) + self.pos[:, : x.shape[1]]
        for block in self.blocks:
            h = block(h)
        return self.head(self.norm(h).mean(dim=1))


class BnCnn(nn.Module):
    def __init__(self, p):
        super().__init__()
        # No conv bias before batch norm: its gradient is zero (the batch mean removes it), and
        # Adam would turn rounding noise into full-size steps, differently in every framework.
        self.conv = nn.Conv2d(1, 4, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(4)
        self.pool = nn.MaxPool2d(2)
        self.drop = nn.Dropout(p)
        self.fc = nn.Linear(4 * 4 * 4, 3)

    def forward(self, x):
        return self.fc(self.drop(self.pool(torch.relu(self.bn(self.conv(x))))).flatten(1))


class DepthwiseCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.dw = nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=8)
        self.pw = nn.Conv2d(8, 16, 1)
        self.pool = nn.AvgPool2d(3, stride=1, padding=1)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(16, 4)

    def forward(self, x):
        h = F.relu6(self.stem(x))
        h = F.relu6(self.pw(self.dw(h)))
        h = self.gap(self.pool(h)).flatten(1)
        return F.log_softmax(self.head(h), dim=1)


class TextCnn(nn.Module):
    def __init__(self, vocab=13, d=8, classes=3):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.conv1 = nn.Conv1d(d, 12, 3, padding=1)
        self.conv2 = nn.Conv1d(12, 12, 3, padding=2, dilation=2, groups=3)
        self.head = nn.Linear(12, classes)

    def forward(self, x):
        h = torch.relu(self.conv1(self.embed(x).transpose(1, 2)))
        h = torch.relu(self.conv2(h))
        return self.head(h.amax(dim=2))


class BranchMlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(6, 8)
        self.b = nn.Linear(6, 8)
        self.c = nn.Linear(16, 8)
        self.out = nn.Linear(8, 4)

    def forward(self, x):
        h = torch.cat([F.softplus(self.a(x)), F.elu(self.b(x))], dim=1)
        return self.out(F.relu6(self.c(h)))


class BuiltinEncoder(nn.Module):
    def __init__(self, vocab=20, d=16, classes=3):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        layer = nn.TransformerEncoderLayer(d, 2, 32, dropout=0.0, activation="gelu", batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2)
        self.head = nn.Linear(d, classes)

    def forward(self, x):
        return self.head(self.encoder(self.embed(x)).mean(dim=1))


class Recurrent(nn.Module):
    def __init__(self, vocab=12, d=6, hidden=5, classes=3):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.gru = nn.GRU(d, hidden, batch_first=True, bidirectional=True)
        self.lstm = nn.LSTM(2 * hidden, hidden, batch_first=True)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x):
        h, _ = self.gru(self.embed(x))
        _, (last, _) = self.lstm(h)
        return self.head(last[-1])


class DropoutOnly(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.linspace(0.5, 2.0, 64))
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        return self.drop(x * self.w)


def perturb_norms(model):
    """Fresh norm layers hold weights of ones and biases of zeros; torch.onnx.export merges
    initializers with equal values, which would tie them. A small random offset keeps them apart."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.LayerNorm, nn.BatchNorm2d)):
                m.weight.add_(0.1 * torch.randn_like(m.weight))
                m.bias.add_(0.1 * torch.randn_like(m.bias))


def export(model, example, name, dynamic, training=torch.onnx.TrainingMode.EVAL):
    torch.onnx.export(
        model, (example,), os.path.join(HERE, f"{name}.onnx"),
        input_names=["x"], output_names=["logits"],
        dynamic_axes={"x": dynamic, "logits": {0: "batch"}},
        opset_version=OPSET, do_constant_folding=False, training=training,
    )


def buffers_json(model):
    return {n: f32(b.detach().numpy()) for n, b in model.named_buffers() if n.endswith(("running_mean", "running_var"))}


def reference(name, model, batches, loss_fn, loss_spec, target_name):
    """Step-0 autograd on a copy (a training-mode forward changes running statistics), then 20
    AdamW steps with decay on rank >= 2 weights only, as CONFIG describes."""
    probe = copy.deepcopy(model)
    x, y = batches[0]
    probe.zero_grad()
    outputs = probe(x)
    loss = loss_fn(outputs, y)
    loss.backward()
    gradient_check = {
        "batch": {"x": tensor_json(x), target_name: tensor_json(y)},
        "outputs": f32(outputs.detach().numpy()),
        "loss": f32([loss.item()])[0],
        "gradients": {n: f32(p.grad.numpy()) for n, p in probe.named_parameters()},
    }
    initial = {n: {"shape": list(p.shape), "values": f32(p.detach().numpy())} for n, p in model.named_parameters()}
    initial_buffers = buffers_json(model)
    weights = [p for p in model.parameters() if p.dim() >= 2]
    others = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW(
        [{"params": weights, "weight_decay": DECAY}, {"params": others, "weight_decay": 0.0}],
        lr=LEARNING_RATE, betas=(0.9, 0.999), eps=1e-8,
    )
    losses = []
    for t in range(STEPS):
        bx, by = batches[t % len(batches)]
        opt.zero_grad()
        step_loss = loss_fn(model(bx), by)
        step_loss.backward()
        opt.step()
        losses.append(f32([step_loss.item()])[0])
    model.eval()
    with torch.no_grad():
        eval_outputs = model(x)
    return {
        "format": "weight-decay-model-reference/2",
        "name": name,
        "source": f"torch {torch.__version__} float32 CPU autograd; torch.optim.AdamW",
        "model": f"{name}.onnx",
        "loss": loss_spec,
        "initialParameters": initial,
        "initialBuffers": initial_buffers,
        "gradientCheck": gradient_check,
        "training": {
            "config": CONFIG,
            "steps": STEPS,
            "note": "step t (0-based) uses batches[t % batches.length]",
            "batches": [{"x": tensor_json(bx), target_name: tensor_json(by)} for bx, by in batches],
            "losses": losses,
            "finalParameters": {n: f32(p.detach().numpy()) for n, p in model.named_parameters()},
            "finalBuffers": buffers_json(model),
            "evalOutputs": f32(eval_outputs.numpy()),
        },
    }


def write(case):
    with open(os.path.join(HERE, f"{case['name']}-reference.json"), "w") as f:
        json.dump(case, f)


def main():
    torch.manual_seed(10)
    model = Transformer()
    perturb_norms(model)
    model.eval()
    export(model, torch.zeros(4, 6, dtype=torch.int64), "transformer", {0: "batch", 1: "seq"})
    batches = [(torch.randint(0, 11, (4, 6)), torch.randint(0, 3, (4,))) for _ in range(2)]
    write(reference("transformer", model.train(), batches,
                    lambda out, y: F.cross_entropy(out, y, label_smoothing=0.1),
                    {"type": "softmax-cross-entropy", "labelSmoothing": 0.1}, "labels"))

    torch.manual_seed(11)
    model = BnCnn(0.0)
    perturb_norms(model)
    model.train()
    export(model, torch.zeros(4, 1, 8, 8), "cnn-bn-dropout", {0: "batch"}, torch.onnx.TrainingMode.TRAINING)
    batches = [(torch.randn(4, 1, 8, 8), torch.randint(0, 3, (4,))) for _ in range(2)]
    write(reference("cnn-bn-dropout", model, batches, F.cross_entropy, {"type": "softmax-cross-entropy"}, "labels"))

    torch.manual_seed(12)
    model = DepthwiseCnn().eval()
    export(model, torch.zeros(4, 3, 8, 8), "depthwise-cnn", {0: "batch"})
    batches = [(torch.randn(4, 3, 8, 8), torch.randint(0, 4, (4,))) for _ in range(2)]
    write(reference("depthwise-cnn", model, batches, F.nll_loss, {"type": "nll"}, "labels"))

    torch.manual_seed(13)
    model = TextCnn().eval()
    export(model, torch.zeros(4, 7, dtype=torch.int64), "text-cnn", {0: "batch", 1: "seq"})
    batches = []
    for _ in range(2):
        labels = torch.randint(0, 3, (4,))
        labels[1] = -100
        batches.append((torch.randint(0, 13, (4, 7)), labels))
    write(reference("text-cnn", model, batches, F.cross_entropy, {"type": "softmax-cross-entropy", "ignoreIndex": -100}, "labels"))

    torch.manual_seed(14)
    model = BranchMlp().eval()
    export(model, torch.zeros(4, 6), "branch-mlp", {0: "batch"})
    pos_weight = torch.tensor([2.0, 0.5, 1.0, 3.0])
    batches = [(torch.randn(4, 6), torch.rand(4, 4)) for _ in range(2)]
    write(reference("branch-mlp", model, batches,
                    lambda out, y: F.binary_cross_entropy_with_logits(out, y, pos_weight=pos_weight),
                    {"type": "binary-cross-entropy-with-logits", "posWeight": pos_weight.tolist()}, "target"))

    torch.manual_seed(16)
    model = BuiltinEncoder().eval()
    export(model, torch.zeros(4, 6, dtype=torch.int64), "encoder-builtin", {0: "batch", 1: "seq"})
    batches = [(torch.randint(0, 20, (4, 6)), torch.randint(0, 3, (4,))) for _ in range(2)]
    write(reference("encoder-builtin", model.train(), batches, F.cross_entropy, {"type": "softmax-cross-entropy"}, "labels"))

    torch.manual_seed(17)
    model = Recurrent().eval()
    export(model, torch.zeros(4, 5, dtype=torch.int64), "recurrent", {0: "batch"})
    batches = [(torch.randint(0, 12, (4, 5)), torch.randint(0, 3, (4,))) for _ in range(2)]
    write(reference("recurrent", model.train(), batches, F.cross_entropy, {"type": "softmax-cross-entropy"}, "labels"))

    torch.manual_seed(15)
    export(DropoutOnly().train(), torch.zeros(2, 64), "dropout-p50", {0: "batch"}, torch.onnx.TrainingMode.TRAINING)


if __name__ == "__main__":
    main()
