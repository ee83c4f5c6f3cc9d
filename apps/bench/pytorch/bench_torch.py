"""PyTorch's side of `pnpm bench`, measured on the same machine.

Run:  /usr/bin/python3 apps/bench/pytorch/bench_torch.py
(Debian's python3-torch 1.13 with OpenBLAS: apt-get install -y python3-torch libopenblas0-pthread)

Prints the same machine-readable lines as the TypeScript bench (`name value unit`,
`ratio name value`): one AdamW training step of a 784-512-512-10 MLP at batch 128,
the AdamW update alone over 1e7 float32 parameters, and the triad a = b + s*c over
1e7 floats, all as medians after a warm-up.
"""
import statistics
import sys
import time

import torch


def median_ms(fn, runs, warmup=3):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples)


def line(name, value, unit):
    print(f"{name} {value:.4g} {unit}")


def main():
    torch.manual_seed(0)
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    print(f"# torch {torch.__version__}, threads available {torch.get_num_threads()}")

    for threads in (1, 2):
        torch.set_num_threads(threads)
        model = torch.nn.Sequential(
            torch.nn.Linear(784, 512), torch.nn.ReLU(),
            torch.nn.Linear(512, 512), torch.nn.ReLU(),
            torch.nn.Linear(512, 10))
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
        x = torch.randn(128, 784)
        y = torch.randint(0, 10, (128,))
        loss_fn = torch.nn.CrossEntropyLoss()

        def train_step():
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()

        line(f"torch.mlp784.step.threads{threads}", median_ms(train_step, runs), "ms")

    torch.set_num_threads(1)
    n = 10_000_000
    a, b, c = torch.empty(n), torch.randn(n), torch.randn(n)

    def triad():
        torch.add(b, c, alpha=2.0, out=a)

    triad_ms = median_ms(triad, runs)
    line("torch.triad.1e7", triad_ms, "ms")
    for foreach in (True, False):
        p = torch.nn.Parameter(torch.randn(n))
        p.grad = torch.randn(n)
        opt = torch.optim.AdamW([p], lr=1e-3, weight_decay=1e-2, foreach=foreach)
        ms = median_ms(opt.step, runs)
        kind = "foreach" if foreach else "forloop"
        line(f"torch.adamw.1e7.{kind}", ms, "ms")
        print(f"ratio torch.adamw.1e7.{kind}/torch.triad.1e7 {ms / triad_ms:.3g}")


if __name__ == "__main__":
    main()
