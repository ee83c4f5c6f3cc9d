"""Replays golden cases on modules emitted by `weight-decay to-pytorch`, in float64.

Protocol: one JSON request per line on stdin, one JSON answer per line on stdout.
  {"op": "create", "module": PATH, "params": {name: {"shape": [...], "values": [...]}}, "roundTripAt": k|null}
      -> {"learningRate": eta_0}
  {"op": "step", "grads": {name: [...]}}
      -> {"params": {name: [...]}, "learningRate": eta_next, "gradNorm": N of the last update or null, "skippedUpdates": n}
  {"op": "report", "value": x}   (a metric for a reduce-on-plateau learning rate)
      -> {"learningRate": eta_next}
  {"op": "averaged"}
      -> {"params": {name: [...]}}   (the averaged weights of config "average")
  {"op": "schedule", "module": PATH, "count": n}
      -> {"values": [eta_0, ..., eta_{n-1}]}   (learning_rate() of an SGD run on one zero weight)
  {"op": "ping"} -> {"torch": VERSION}
Errors answer {"error": "ClassName: message", "path": error.path or null}.
Every module is loaded from its file and used only through build_optimizer and the object it returns.
"""
import importlib.util
import itertools
import json
import math
import sys

import torch

torch.set_num_threads(1)
_module_ids = itertools.count()


def json_number(x):
    """JSON has no NaN or infinities: they travel as the strings golden fixtures use."""
    if math.isfinite(x):
        return x
    return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")


def load_module(path):
    spec = importlib.util.spec_from_file_location("emitted_optimizer_%d" % next(_module_ids), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Run:
    def __init__(self, module, params, round_trip_at):
        self.module = module
        self.params = [
            (name, torch.nn.Parameter(torch.tensor(entry["values"], dtype=torch.float64).reshape(entry["shape"])))
            for name, entry in params.items()
        ]
        self.optimizer = module.build_optimizer(self.params)
        self.round_trip_at = round_trip_at
        self.steps = 0

    def step(self, grads):
        if self.steps == self.round_trip_at:
            self.round_trip()
        for name, p in self.params:
            p.grad = torch.tensor([float(x) for x in grads[name]], dtype=torch.float64).reshape(p.shape)
        self.optimizer.step()
        self.steps += 1
        return {
            "params": {name: [json_number(x) for x in p.detach().reshape(-1).tolist()] for name, p in self.params},
            "learningRate": self.optimizer.learning_rate(),
            "gradNorm": None if self.optimizer.grad_norm is None else json_number(self.optimizer.grad_norm),
            "skippedUpdates": self.optimizer.skipped_updates,
        }

    def report(self, value):
        self.optimizer.report_metric(value)
        return {"learningRate": self.optimizer.learning_rate()}

    def averaged(self):
        pairs = self.optimizer.averaged_parameters() or []
        return {"params": {name: [json_number(x) for x in a.reshape(-1).tolist()] for name, a in pairs}}

    def round_trip(self):
        """Continues on fresh parameters and a fresh optimizer loaded from the state, through JSON."""
        saved = json.loads(json.dumps(self.module.checkpoint_to_json(dict(self.params), self.optimizer.state_dict())))
        weights, state = self.module.checkpoint_from_json(saved, dtype=torch.float64)
        self.params = [(name, torch.nn.Parameter(weights[name].clone())) for name, _ in self.params]
        self.optimizer = self.module.build_optimizer(self.params)
        self.optimizer.load_state_dict(state)


def schedule_values(module, count):
    weight = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    optimizer = module.build_optimizer([("w", weight)])
    values = []
    for _ in range(count):
        values.append(optimizer.learning_rate())
        weight.grad = torch.zeros_like(weight)
        optimizer.step()
    return values


def main():
    run = None
    for line in sys.stdin:
        request = json.loads(line)
        try:
            op = request["op"]
            if op == "ping":
                answer = {"torch": torch.__version__}
            elif op == "create":
                run = None
                run = Run(load_module(request["module"]), request["params"], request.get("roundTripAt"))
                answer = {"learningRate": run.optimizer.learning_rate()}
            elif op == "step":
                answer = run.step(request["grads"])
            elif op == "report":
                answer = run.report(float(request["value"]))
            elif op == "averaged":
                answer = run.averaged()
            elif op == "schedule":
                answer = {"values": schedule_values(load_module(request["module"]), request["count"])}
            else:
                raise ValueError("unknown op %r" % op)
        except Exception as error:  # every failure goes back to the caller, named
            answer = {"error": "%s: %s" % (type(error).__name__, error), "path": getattr(error, "path", None)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
