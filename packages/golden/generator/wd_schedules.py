"""Schedules: config.md closed forms in Python float64, and their PyTorch equivalents.

Every schedule value written into a fixture comes from PyTorch when PyTorch has the
schedule (``_get_closed_form_lr`` where the scheduler has one, otherwise by stepping the
scheduler once per update and reading the lr, exactly as a training loop does). The
closed forms below are the independent check: the generator refuses to write a value on
which PyTorch and config.md's formula disagree by more than 1e-12 relative. Schedules
PyTorch lacks (inverse-time, piecewise, staircase/floored exponential, warmup from 0,
cosine clamped past decaySteps) use the closed form alone, and their fixtures say so in
``source``.
"""
import math

import torch

AGREEMENT_RTOL = 1e-12


def closed_form(s, t):
    """Value at t of a schedule (a number or a config.md schedule object)."""
    if isinstance(s, (int, float)):
        return float(s)
    k = s["type"]
    if k == "constant":
        return float(s["value"])
    if k == "step":
        return s["initial"] * s.get("gamma", 0.1) ** (t // s["stepSize"])
    if k == "multistep":
        n = sum(1 for m in s["milestones"] if m <= t)
        return s["initial"] * s.get("gamma", 0.1) ** n
    if k == "exponential":
        e = t / s.get("transitionSteps", 1)
        if s.get("staircase", False):
            e = math.floor(e)
        return max(s.get("floor", 0.0), s["initial"] * s["gamma"] ** e)
    if k == "cosine":
        lo, T = s.get("minimum", 0.0), s["decaySteps"]
        return lo + (s["initial"] - lo) * (1 + math.cos(math.pi * min(t, T) / T)) / 2
    if k == "cosine-restarts":
        lo, mult = s.get("minimum", 0.0), s.get("periodMultiplier", 1)
        period, cur = s["firstPeriod"], t
        while cur >= period:  # integer bookkeeping, no log() rounding at the restarts
            cur -= period
            period *= mult
        return lo + (s["initial"] - lo) * (1 + math.cos(math.pi * cur / period)) / 2
    if k == "linear":
        return s["start"] + (s["end"] - s["start"]) * min(t, s["steps"]) / s["steps"]
    if k == "polynomial":
        end, T = s.get("end", 0.0), s["decaySteps"]
        return (s["initial"] - end) * (1 - min(t, T) / T) ** s.get("power", 1.0) + end
    if k == "inverse-time":
        r = t / s.get("decaySteps", 1)
        if s.get("staircase", False):
            r = math.floor(r)
        return s["initial"] / (1 + s["decayRate"] * r)
    if k == "piecewise":
        return float(s["values"][sum(1 for b in s["boundaries"] if b <= t)])
    if k == "one-cycle":
        mx, total = s["maximum"], s["totalSteps"]
        pct, div, fdiv = s.get("pctStart", 0.3), s.get("divFactor", 25.0), s.get("finalDivFactor", 1e4)
        initial = mx / div
        low = initial / fdiv
        end1 = float(pct * total) - 1
        end2 = total - 1

        def cos_anneal(a, b, p):
            return b + (a - b) / 2.0 * (math.cos(math.pi * p) + 1)

        if t <= end1:
            return cos_anneal(initial, mx, t / end1)
        return cos_anneal(mx, low, (t - end1) / (end2 - end1))
    if k == "warmup":
        n, start = s["steps"], s.get("start", 0.0)
        if t < n:
            return start + (closed_form(s["then"], 0) - start) * t / n
        return closed_form(s["then"], t - n)
    if k == "sequence":
        b = s["boundaries"]
        i = sum(1 for x in b if x <= t)
        return closed_form(s["schedules"][i], t - (b[i - 1] if i > 0 else 0))
    raise ValueError(f"unknown schedule {k}")


def peak(s, horizon=10_000):
    """η_peak: the largest value over all t ≥ 0 (semantics.md), for the bounded schedules used here."""
    if isinstance(s, (int, float)):
        return float(s)
    if s["type"] == "one-cycle":
        # The largest value reached (its closed form here runs on past totalSteps): when
        # pctStart·totalSteps − 1 is not an integer, the nominal maximum never is.
        return max(closed_form(s, t) for t in range(s["totalSteps"]))
    if s["type"] == "reduce-on-plateau":
        return float(s["initial"])  # config 1.1: η_peak is `initial`
    return max(closed_form(s, t) for t in range(horizon))


def _base(s):
    """The base lr PyTorch's scheduler multiplies (its optimizer's initial lr)."""
    k = s["type"]
    if k in ("step", "multistep", "exponential", "cosine", "cosine-restarts", "polynomial"):
        return s["initial"]
    if k == "linear":
        return max(s["start"], s["end"])
    if k == "one-cycle":
        return s["maximum"]
    if k == "warmup":
        return closed_form(s["then"], 0)
    if k == "sequence":
        return _base(s["schedules"][0]) if not isinstance(s["schedules"][0], (int, float)) else s["schedules"][0]
    raise KeyError(k)


def torch_scheduler(s, opt, base):
    """The PyTorch scheduler equal to schedule s on an optimizer whose lr is base, or None."""
    S = torch.optim.lr_scheduler
    k = s["type"]
    if k == "step":
        return S.StepLR(opt, step_size=s["stepSize"], gamma=s.get("gamma", 0.1))
    if k == "multistep":
        return S.MultiStepLR(opt, milestones=s["milestones"], gamma=s.get("gamma", 0.1))
    if k == "exponential":
        if s.get("transitionSteps", 1) != 1 or s.get("staircase", False) or s.get("floor", 0) != 0:
            return None
        return S.ExponentialLR(opt, gamma=s["gamma"])
    if k == "cosine":
        return S.CosineAnnealingLR(opt, T_max=s["decaySteps"], eta_min=s.get("minimum", 0.0))
    if k == "cosine-restarts":
        return S.CosineAnnealingWarmRestarts(opt, T_0=s["firstPeriod"], T_mult=s.get("periodMultiplier", 1),
                                             eta_min=s.get("minimum", 0.0))
    if k == "linear":
        if s["start"] <= 0:
            return None  # LinearLR's recursive form divides by start_factor
        return S.LinearLR(opt, start_factor=s["start"] / base, end_factor=s["end"] / base, total_iters=s["steps"])
    if k == "polynomial":
        if s.get("end", 0.0) != 0:
            return None
        return S.PolynomialLR(opt, total_iters=s["decaySteps"], power=s.get("power", 1.0))
    if k == "one-cycle":
        # cycle_momentum=False: config.md's one-cycle is an lr schedule only, it never touches betas.
        return S.OneCycleLR(opt, max_lr=s["maximum"], total_steps=s["totalSteps"], pct_start=s.get("pctStart", 0.3),
                            anneal_strategy="cos", div_factor=s.get("divFactor", 25.0),
                            final_div_factor=s.get("finalDivFactor", 1e4), cycle_momentum=False)
    if k == "warmup":
        if s.get("start", 0.0) <= 0 or isinstance(s["then"], (int, float)):
            return None
        first = S.LinearLR(opt, start_factor=s["start"] / base, end_factor=1.0, total_iters=s["steps"])
        then = torch_scheduler(s["then"], opt, base)
        if then is None:
            return None
        return S.SequentialLR(opt, [first, then], milestones=[s["steps"]])
    if k == "sequence":
        pieces = []
        for p in s["schedules"]:
            if isinstance(p, (int, float)):
                return None
            tp = torch_scheduler(p, opt, base)
            if tp is None:
                return None
            pieces.append(tp)
        return S.SequentialLR(opt, pieces, milestones=s["boundaries"])
    return None


def torch_horizon(s):
    """How many values (t = 0..h-1) PyTorch's scheduler shares with config.md's schedule.

    CosineAnnealingLR keeps oscillating after T_max where config.md clamps; OneCycleLR
    refuses to step past total_steps - 1 (config.md leaves t ≥ totalSteps unspecified).
    """
    if isinstance(s, (int, float)):
        return math.inf
    k = s["type"]
    if k == "cosine":
        return s["decaySteps"] + 1
    if k == "one-cycle":
        return s["totalSteps"]
    if k == "warmup":
        return s["steps"] + torch_horizon(s["then"])
    if k == "sequence":
        return s["boundaries"][-1] + torch_horizon(s["schedules"][-1])
    return math.inf


def torch_values(s, n):
    """(values at t = 0..n-1 read from a stepped PyTorch scheduler, scheduler class name) or None."""
    if isinstance(s, (int, float)) or n > torch_horizon(s):
        return None
    try:
        base = _base(s)
    except KeyError:
        return None
    # A one-parameter shadow optimizer: the scheduler only ever touches its lr (and, for
    # OneCycleLR with cycle_momentum, its momentum, which is why the real optimizer is not used).
    shadow = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sch = torch_scheduler(s, shadow, base)
        if sch is None:
            return None
        out = []
        for t in range(n):
            out.append(float(shadow.param_groups[0]["lr"]))
            if t + 1 < n:
                shadow.step()
                sch.step()
    return out, type(sch).__name__


def values(s, n, allow_closed_form=True):
    """(values at t = 0..n-1, source string). PyTorch's when it has the schedule; checked against the closed form."""
    tv = torch_values(s, n)
    cf = [closed_form(s, t) for t in range(n)]
    if isinstance(s, (int, float)):
        return cf, "constant"
    if tv is None:
        if not allow_closed_form:
            raise ValueError(f"PyTorch has no equivalent of {s}")
        return cf, "closed form from config.md evaluated in Python float64 (PyTorch has no equivalent)"
    vals, cls = tv
    scale = max(abs(v) for v in cf) or 1.0
    for t, (a, b) in enumerate(zip(vals, cf)):
        if abs(a - b) > AGREEMENT_RTOL * abs(b) + 1e-15 * scale:
            raise AssertionError(f"torch {cls} and config.md disagree at t={t}: {a} vs {b} for {s}")
    return vals, f"torch {torch.__version__} {cls} stepped once per update"


class Plateau:
    """`reduce-on-plateau` (config 1.1): torch's ReduceLROnPlateau on a one-parameter shadow
    optimizer, so the rate it reduces is the unscaled one (groups multiply it afterwards)."""

    def __init__(self, s):
        self.shadow = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=s["initial"])
        self.scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
            self.shadow, mode=s.get("mode", "min"), factor=s.get("factor", 0.1), patience=s.get("patience", 10),
            threshold=s.get("threshold", 1e-4), threshold_mode=s.get("thresholdMode", "rel"),
            cooldown=s.get("cooldown", 0), min_lr=s.get("minimum", 0.0))

    def at(self, t):
        return float(self.shadow.param_groups[0]["lr"])

    def report(self, metric):
        """Steps the scheduler; returns how far the metric was from the improvement boundary
        (relative), so that a case can be re-drawn when a float rounding could flip it."""
        sch = self.scheduler
        if sch.best in (math.inf, -math.inf):
            margin = math.inf
        else:
            thr, best = sch.threshold, sch.best
            if sch.threshold_mode == "rel":
                bound = best * (1 - thr) if sch.mode == "min" else best * (thr + 1)
            else:
                bound = best - thr if sch.mode == "min" else best + thr
            margin = abs(metric - bound) / max(abs(bound), 1e-300)
        sch.step(metric)
        return margin


class Fixed:
    """A number or a config.md schedule, its values read ahead for t = 0..n-1 (see values)."""

    def __init__(self, s, n):
        self.values, self.source = values(s, n)

    def at(self, t):
        return self.values[t]

    def report(self, metric):
        return math.inf


def source(s, n):
    """The learning-rate source of a config: Plateau or Fixed, with `peak` and `source` set."""
    if isinstance(s, dict) and s["type"] == "reduce-on-plateau":
        src = Plateau(s)
        src.source = f"torch {torch.__version__} ReduceLROnPlateau (eps 1e-8) on the unscaled rate, stepped with each reported metric"
    else:
        src = Fixed(s, n)
    src.peak = peak(s)
    return src
