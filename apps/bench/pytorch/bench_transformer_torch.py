"""PyTorch's side of the transformer-encoder training step (`node apps/bench/dist/transformer-bench.js`
runs it and prints the ratio; it can also run alone).

Run:  /usr/bin/python3 apps/bench/pytorch/bench_transformer_torch.py [--runs N] [--warmup N] [--export PATH] [--serve]

The model is the encoder family of packages/onnxruntime/models/export_pytorch_families.py at bench
size: 4 layers, d = 128, 4 heads, sequence 64, batch 32, a 1000-token vocabulary, 2 classes;
one step = forward, cross-entropy, backward and torch.optim.AdamW (lr 1e-3, weight decay 1e-2).
Prints `torch.transformer.step.threadsT <median> ms` for 1 and 2 threads; with --export it
first writes the same model (same initial weights) as ONNX for the bridge to train. With --serve
it instead answers commands on stdin, one per line, so the caller can interleave PyTorch's steps
with its own (on a shared machine the load changes between two separate runs): `threads T` sets
the thread count and prints `ok`; `step` runs one step and prints its wall time in ms.
"""
import argparse
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "packages", "onnxruntime", "models"))
from export_pytorch_families import OPSET, Transformer, perturb_norms  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_torch import median_ms  # noqa: E402

BATCH, SEQ, VOCAB, CLASSES = 32, 64, 1000, 2


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--export")
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()
    torch.manual_seed(0)
    model = Transformer(vocab=VOCAB, d=128, heads=4, max_len=SEQ, classes=CLASSES, layers=4)
    perturb_norms(model)
    if args.export:
        torch.onnx.export(
            model, (torch.zeros(BATCH, SEQ, dtype=torch.int64),), args.export,
            input_names=["x"], output_names=["logits"], dynamic_axes={"x": {0: "batch"}, "logits": {0: "batch"}},
            opset_version=OPSET, do_constant_folding=False,
        )
    print(f"# torch {torch.__version__}")
    x = torch.randint(0, VOCAB, (BATCH, SEQ))
    y = torch.randint(0, CLASSES, (BATCH,))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()

    if args.serve:
        for command in sys.stdin:
            word, *rest = command.split()
            if word == "threads":
                torch.set_num_threads(int(rest[0]))
                print("ok", flush=True)
            elif word == "step":
                start = time.perf_counter()
                step()
                print(f"{(time.perf_counter() - start) * 1e3:.6g}", flush=True)
            else:
                print(f"unknown command {word}", flush=True)
        return
    for threads in (1, 2):
        torch.set_num_threads(threads)
        print(f"torch.transformer.step.threads{threads} {median_ms(step, args.runs, args.warmup):.4g} ms", flush=True)


if __name__ == "__main__":
    main()
