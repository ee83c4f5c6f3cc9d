"""Continues the Node checkpoint in PyTorch under DistributedDataParallel (gloo, CPU).

Run by `pnpm exit-ramp` as: torchrun --standalone --nproc_per_node=2 continue_ddp.py WORKDIR
WORKDIR holds wd_optimizer.py (from `weight-decay to-pytorch`), checkpoint.json (the ONNX
Runtime trainer's checkpoint, converted by @weight-decay/core) and batches.json. Each rank
trains on its half of every batch; rank 0 writes result.json, a checkpoint in the same format.
"""
import importlib.util
import json
import os
import sys

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel


class Mlp(torch.nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.fc1 = torch.nn.Linear(sizes[0], sizes[1])
        self.fc2 = torch.nn.Linear(sizes[1], sizes[2])

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


def load_module(path):
    spec = importlib.util.spec_from_file_location("wd_optimizer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(workdir):
    torch.set_num_threads(1)
    dist.init_process_group("gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    wd = load_module(os.path.join(workdir, "wd_optimizer.py"))
    with open(os.path.join(workdir, "checkpoint.json")) as f:
        weights, state = wd.checkpoint_from_json(json.load(f))
    with open(os.path.join(workdir, "batches.json")) as f:
        data = json.load(f)
    model = Mlp(data["layerSizes"])
    model.load_state_dict(weights)
    ddp = DistributedDataParallel(model)
    # The optimizer sees the inner module's names (fc1.weight, ...), which the config's patterns select.
    optimizer = wd.build_optimizer(list(model.named_parameters()))
    optimizer.load_state_dict(state)
    for batch in data["batches"]:
        x = torch.tensor(batch["x"], dtype=torch.float32).reshape(-1, data["layerSizes"][0])
        labels = torch.tensor(batch["labels"], dtype=torch.int64)
        if x.shape[0] % world != 0:
            raise ValueError("a batch of %d does not split into %d equal halves" % (x.shape[0], world))
        part = slice(rank * x.shape[0] // world, (rank + 1) * x.shape[0] // world)
        optimizer.zero_grad()
        # Mean over this rank's half; DDP averages the ranks' gradients, and the mean of
        # equal-sized halves' means is the full batch's mean: the gradient Node computes.
        F.cross_entropy(ddp(x[part]), labels[part]).backward()
        optimizer.step()
    if rank == 0:
        with open(os.path.join(workdir, "result.json"), "w") as f:
            json.dump(wd.checkpoint_to_json(model.state_dict(), optimizer.state_dict()), f)
    dist.destroy_process_group()


if __name__ == "__main__":
    main(sys.argv[1])
