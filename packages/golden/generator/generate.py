#!/usr/bin/python3
"""Regenerates every golden fixture: /usr/bin/python3 packages/golden/generator/generate.py

Writes packages/golden/fixtures/<group>/<name>.json (golden-format v1, one case per file)
and packages/golden/fixtures-1.1/<group>/<name>.json (the config 1.1 cases,
with the format additions of config 1.1) after deleting the previous ones, so each
folder always equals what this script makes.
Deterministic: fixed seeds, float64 everywhere, inputs rounded to 6 significant digits.

Tolerances for float32 backends (the `tolerance` field), and why
------------------------------------------------------------------
A float32 backend rounds the inputs (relative 6e-8) and every operation (one ulp, 6e-8
relative) and each update adds those errors to θ. For O(0.1–1) parameters over ≤ 25
updates that is a few 1e-7 relative, so the base tolerance is rtol 1e-5 (≈ 100 ulps: room
for the step count and for a backend that orders the arithmetic differently) with
atol 1e-6 for coordinates that pass near zero, where a relative bound means nothing.
Adaptive optimizers divide by √v + ε: where √v is small (tiny or cancelling gradients,
ε = 1e-8) the float32 error of the quotient grows, and it compounds over many steps. So
the base is not trusted blindly: every case is also replayed by the same PyTorch code in
float32, and atol is raised to 4× the largest error that replay shows beyond rtol·|e|
(rounded up to 1, 2 or 5 × 10^k). A case whose float32 replay would need atol above 1e-4
is rejected as ill-conditioned and re-drawn with another seed — the tolerance is never
widened to absorb a discontinuity. Likewise, before a case is accepted the float64 run
checks that no discontinuity sits near a rounding decision: no nonzero θ within 1e-5 of 0
under a subgradient l1 term (sign(θ) would flip), and no cautious-decay step direction u
within 1e-3·max|u| of 0 unless exactly 0 (the mask would flip); for a cautious anchor
also no θ_t − θ₀ within max(1e-3·max|θ_t − θ₀|, 1e-5) of 0 unless exactly 0, and a mask
that is neither all-true nor all-false where θ_t ≠ θ₀ (see wd_simulate.py).
The float64 reference must meet rtol 1e-9 / atol 1e-12 (golden-format.md); no case needs
a looser `referenceTolerance`.
"""
import math
import os
import shutil
import sys

import torch

sys.dont_write_bytecode = True  # no __pycache__ beside the committed generator
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import wd_check  # noqa: E402
import wd_json  # noqa: E402
import wd_schedules as S  # noqa: E402
from wd_cases import optimizer_cases  # noqa: E402
from wd_cases_11 import optimizer_cases_11  # noqa: E402
from wd_invalid_cases import PARAMS as INVALID_PARAMS, invalid_cases, invalid_cases_11  # noqa: E402
from wd_schedule_cases import schedule_cases  # noqa: E402
from wd_simulate import IllConditioned, simulate  # noqa: E402

torch.set_default_dtype(torch.float64)
FORMAT = "weight-decay-golden/1"
FIXTURES = os.path.normpath(os.path.join(HERE, "..", "fixtures"))
FIXTURES_11 = os.path.normpath(os.path.join(HERE, "..", "fixtures-1.1"))
# Step keys in the order they are written; the v1 fixtures predate gradNorm and keep their bytes.
STEP_KEYS = ("expected", "learningRate", "penalty", "metric", "gradNorm", "expectedAverage", "skipped")
STEP_KEYS_V1 = ("expected", "learningRate", "penalty")
NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
BASE_RTOL, BASE_ATOL, MAX_ATOL = 1e-5, 1e-6, 1e-4
SCHEDULE_TOLERANCE = {"rtol": 1e-9, "atol": 1e-12}
MAX_TRIES = 20


def r6(x):
    """Inputs rounded to 6 significant digits: short files, and still plain float64 values."""
    return float(f"{x:.6g}") + 0.0


def make_data(spec, seed):
    g = torch.Generator().manual_seed(seed)
    d = spec["data"]
    params = {}
    sticky = {}
    for name, shape in spec["shapes"].items():
        numel = math.prod(shape)
        vals = torch.randn(numel, generator=g) * d.get("param_scale", 0.5)
        zero = torch.rand(numel, generator=g) < 0.25
        if d.get("all_zero"):
            zero[:] = True
        vals[zero] = 0.0
        # Half of the exact zeros get a zero gradient at every step, so θ stays exactly 0 under
        # l2 / decoupled / subgradient l1 (sign(0) = 0) and that path is exercised repeatedly.
        sticky[name] = zero & (torch.rand(numel, generator=g) < 0.5)
        params[name] = (list(shape), [r6(v) for v in vals.tolist()])
    if not any(0.0 in v for _, v in params.values()):
        first = next(iter(params))
        params[first][1][0] = 0.0
    grads = []
    for t in range(spec["steps"]):
        step = {}
        for name, shape in spec["shapes"].items():
            numel = math.prod(shape)
            scale = d.get("grad_scale", 1.0) * (1 + t if d.get("grad_growth") else 1.0)
            gv = torch.randn(numel, generator=g) * scale
            gv[torch.rand(numel, generator=g) < 0.15] = 0.0
            gv[sticky[name]] = 0.0
            step[name] = [r6(v) for v in gv.tolist()]
        grads.append(step)
    # Non-finite gradient elements (nonFinite cases): {micro-batch: "NaN" | "Infinity" | "-Infinity"},
    # placed in the first parameter at an element that is not a sticky zero.
    for t, text in d.get("nonfinite", {}).items():
        name = next(iter(spec["shapes"]))
        free = [i for i, s in enumerate(sticky[name].tolist()) if not s]
        grads[t][name][free[(3 * t + 1) % len(free)]] = NON_FINITE[text]
    return params, grads


def grads_json(values):
    """JSON has no NaN or Infinity: config 1.1 writes them as these strings in grads."""
    return [x if math.isfinite(x) else next(k for k, v in NON_FINITE.items() if v == x or (math.isnan(x) and math.isnan(v)))
            for x in values]


def nice_up(x):
    if x <= 0:
        return 0.0
    e = math.floor(math.log10(x))
    for m in (1, 2, 5, 10):
        if m * 10 ** e >= x:
            return float(f"{m}e{e}")
    raise AssertionError


def float32_tolerance(config, params, grads, expected, metrics=None):
    got = simulate(config, params, grads, torch.float32, metrics=metrics)["steps"]
    need = 0.0
    for e_step, a_step in zip(expected, got):
        if e_step.keys() != a_step.keys():
            raise IllConditioned("the float32 replay takes another path (skip, metric)")
        for field in ("expected", "expectedAverage"):
            for name, e_vals in e_step.get(field, {}).items():
                for e, a in zip(e_vals, a_step[field][name]):
                    need = max(need, abs(a - e) - BASE_RTOL * abs(e))
        for field in ("penalty", "gradNorm"):
            if field in e_step:
                e, a = e_step[field], a_step[field]
                need = max(need, abs(a - e) - BASE_RTOL * abs(e))
    atol = max(BASE_ATOL, nice_up(4 * need))
    if atol > MAX_ATOL:
        raise IllConditioned(f"float32 replay needs atol {atol:g}")
    return {"rtol": BASE_RTOL, "atol": atol}


def build_optimizer_case(spec, index, step_keys=STEP_KEYS_V1):
    last = None
    metrics = spec.get("metrics")
    for attempt in range(MAX_TRIES):
        seed = 1000 * index + attempt
        params, grads = make_data(spec, seed)
        try:
            run = simulate(spec["config"], params, grads, torch.float64, check_conditioning=True, metrics=metrics)
            tol = float32_tolerance(spec["config"], params, grads, run["steps"], metrics)
        except IllConditioned as e:
            last = e
            continue
        steps = []
        for g_t, s in zip(grads, run["steps"]):
            step = {"grads": {n: grads_json(v) for n, v in g_t.items()}}
            step.update((k, s[k]) for k in step_keys if k in s)
            steps.append(step)
        for i, s in enumerate(run["steps"]):
            for field in ("expected", "expectedAverage"):
                if not all(math.isfinite(x) for vals in s.get(field, {}).values() for x in vals):
                    raise RuntimeError(f"{spec['name']}: step {i} {field} is not finite; golden-format cannot hold it")
        return {
            "format": FORMAT,
            "kind": "optimizer",
            "name": spec["name"],
            "source": run["source"] + f"; inputs seed {seed}",
            "config": spec["config"],
            "params": {n: {"shape": sh, "values": v} for n, (sh, v) in params.items()},
            "steps": steps,
            "tolerance": tol,
        }
    raise RuntimeError(f"{spec['name']}: no well-conditioned draw in {MAX_TRIES} tries ({last})")


def build_schedule_case(name, schedule, n):
    vals, src = S.values(schedule, n)
    return {"format": FORMAT, "kind": "schedule", "name": "schedule-" + name, "source": src,
            "schedule": schedule, "values": vals, "tolerance": SCHEDULE_TOLERANCE}


def build_invalid_case(c):
    return {"format": FORMAT, "kind": "invalid-config", "name": "invalid-" + c["name"],
            "source": "hand-written: a valid config with exactly one rule broken",
            "config": c["config"],
            "params": {n: {"shape": sh, "values": v} for n, (sh, v) in INVALID_PARAMS.items()},
            "errorPath": c["errorPath"]}


def write_folder(folder, cases):
    """Replaces `folder` with one file per case, in <group>/<name>.json."""
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    counts = {}
    for group, fixture in cases:
        d = os.path.join(folder, group)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, fixture["name"] + ".json"), "w", encoding="utf-8") as f:
            f.write(wd_json.dumps(fixture) + "\n")
        counts[group] = counts.get(group, 0) + 1
    for group in sorted(counts):
        print(f"{group}: {counts[group]}")
    print(f"total: {len(cases)} cases in {folder}")


# The config 1.1 cases take seeds from here on, apart from the v1 cases' seeds.
SEED_BASE_11 = 500


def main():
    cases = []  # (group, fixture)
    for i, spec in enumerate(optimizer_cases()):
        cases.append((spec["group"], build_optimizer_case(spec, i)))
    for name, schedule, n in schedule_cases():
        cases.append(("schedules", build_schedule_case(name, schedule, n)))
    for c in invalid_cases():
        cases.append(("invalid-config", build_invalid_case(c)))
    cases_11 = []
    for i, spec in enumerate(optimizer_cases_11()):
        fixture = build_optimizer_case(spec, SEED_BASE_11 + i, STEP_KEYS)
        # An independent float64 replay from the config 1.1 formulas (plain Python, no torch)
        # must agree with every number before the case is written.
        wd_check.confirm(fixture)
        cases_11.append((spec["group"], fixture))
    for c in invalid_cases_11():
        cases_11.append(("invalid-config", build_invalid_case(c)))
    names = [f["name"] for _, f in cases + cases_11]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise RuntimeError(f"duplicate case names: {sorted(dupes)}")
    write_folder(FIXTURES, cases)
    write_folder(FIXTURES_11, cases_11)


if __name__ == "__main__":
    main()
