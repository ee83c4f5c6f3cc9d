"""A second, independent computation of every config 1.1 case, from the formulas as written.

generate.py takes a case's numbers from PyTorch (wd_simulate.py: torch.optim, clip_grad_norm_,
ReduceLROnPlateau, AveragedModel, plus the hand-written NAdam 2.x / Lion / corrected /
timescale parts). This module replays the written fixture again in plain Python floats,
element by element, straight from the config 1.1 contract and docs/guides/decay-contract.md: every optimizer as
its u (θ ← θ − η_t·u), the plateau counters, the averages, the clipping, accumulation and
skipping. No torch, no shared optimizer code; only the parameter selection and the
schedule closed forms are shared (each already checked against PyTorch elsewhere).
A case is written only when both computations agree to the float64 reference tolerance
(rtol 1e-9, atol 1e-12) on every number: `expected`, `expectedAverage`, `learningRate`,
`penalty`, `gradNorm`, and on which steps are updates, skipped or micro-batches.
"""
import math

import wd_schedules as S
from wd_simulate import selected

RTOL, ATOL = 1e-9, 1e-12
NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def sign(x):
    if math.isnan(x):
        return math.nan
    return (x > 0) - (x < 0)


class PlateauRate:
    """ReduceLROnPlateau as documented: counters, threshold modes, cooldown, min_lr, eps 1e-8."""

    def __init__(self, s):
        self.lr = s["initial"]
        self.mode, self.factor, self.patience = s.get("mode", "min"), s.get("factor", 0.1), s.get("patience", 10)
        self.threshold, self.threshold_mode = s.get("threshold", 1e-4), s.get("thresholdMode", "rel")
        self.cooldown, self.minimum = s.get("cooldown", 0), s.get("minimum", 0.0)
        self.best = math.inf if self.mode == "min" else -math.inf
        self.bad = 0
        self.cooling = 0

    def at(self, t):
        return self.lr

    def better(self, a):
        if self.mode == "min":
            return a < (self.best * (1 - self.threshold) if self.threshold_mode == "rel" else self.best - self.threshold)
        return a > (self.best * (1 + self.threshold) if self.threshold_mode == "rel" else self.best + self.threshold)

    def report(self, a):
        if self.better(a):
            self.best, self.bad = a, 0
        else:
            self.bad += 1
        if self.cooling > 0:
            self.cooling -= 1
            self.bad = 0
        if self.bad > self.patience:
            reduced = max(self.lr * self.factor, self.minimum)
            if self.lr - reduced > 1e-8:
                self.lr = reduced
            self.cooling, self.bad = self.cooldown, 0


class ScheduleRate:
    def __init__(self, s):
        self.s = s

    def at(self, t):
        return S.closed_form(self.s, t)

    def report(self, a):
        pass


def rate(s):
    r = PlateauRate(s) if isinstance(s, dict) and s["type"] == "reduce-on-plateau" else ScheduleRate(s)
    r.peak = s["initial"] if isinstance(s, dict) and s["type"] == "reduce-on-plateau" else S.peak(s)
    return r


def direction(o, st, g, k):
    """u for one parameter (lists), optimizer config o, state dict st (updated), k = t + 1."""
    t = o["type"]
    n = len(g)
    b1, b2 = o.get("beta1", 0.9), o.get("beta2", 0.99 if t == "lion" else 0.999)
    zeros = [0.0] * n
    if t == "sgd":
        mu, damp, nesterov = o.get("momentum", 0.0), o.get("dampening", 0.0), o.get("nesterov", False)
        if mu == 0:
            return list(g)
        b = list(g) if "b" not in st else [mu * x + (1 - damp) * y for x, y in zip(st["b"], g)]
        st["b"] = b
        return [y + mu * x for x, y in zip(b, g)] if nesterov else list(b)
    if t in ("adam", "adamax", "radam", "nadam"):
        if o.get("amsgrad"):
            raise NotImplementedError("amsgrad is not used by the 1.1 cases")
        eps = o.get("epsilon", 1e-8)
        m = [b1 * x + (1 - b1) * y for x, y in zip(st.get("m", zeros), g)]
        st["m"] = m
        if t == "adamax":
            w = [max(b2 * x, abs(y) + eps) for x, y in zip(st.get("w", zeros), g)]
            st["w"] = w
            return [x / ((1 - b1 ** k) * y) for x, y in zip(m, w)]
        v = [b2 * x + (1 - b2) * y * y for x, y in zip(st.get("v", zeros), g)]
        st["v"] = v
        if t == "adam":
            return [x / (1 - b1 ** k) / (math.sqrt(y / (1 - b2 ** k)) + eps) for x, y in zip(m, v)]
        if t == "radam":
            rho_inf = 2 / (1 - b2) - 1
            rho = rho_inf - 2 * k * b2 ** k / (1 - b2 ** k)
            if rho <= 5:
                return [x / (1 - b1 ** k) for x in m]
            r = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
            return [x / (1 - b1 ** k) * r * math.sqrt(1 - b2 ** k) / (math.sqrt(y) + eps) for x, y in zip(m, v)]
        # nadam, PyTorch ≥ 2.0: μ_k, μ_{k+1}, P_k = Π_{i≤k} μ_i.
        psi = o.get("momentumDecay", 0.004)
        mu_k = b1 * (1 - 0.5 * 0.96 ** (k * psi))
        mu_next = b1 * (1 - 0.5 * 0.96 ** ((k + 1) * psi))
        st["P"] = st.get("P", 1.0) * mu_k
        P = st["P"]
        out = []
        for x, y, gi in zip(m, v, g):
            d = math.sqrt(y / (1 - b2 ** k)) + eps
            out.append((1 - mu_k) / (1 - P) * gi / d + mu_next / (1 - P * mu_next) * x / d)
        return out
    if t == "rmsprop":
        alpha, eps, mu = o.get("alpha", 0.99), o.get("epsilon", 1e-8), o.get("momentum", 0.0)
        v = [alpha * x + (1 - alpha) * y * y for x, y in zip(st.get("v", zeros), g)]
        st["v"] = v
        if o.get("centered"):
            a = [alpha * x + (1 - alpha) * y for x, y in zip(st.get("a", zeros), g)]
            st["a"] = a
            den = [math.sqrt(x - y * y) + eps for x, y in zip(v, a)]
        else:
            den = [math.sqrt(x) + eps for x in v]
        q = [y / d for y, d in zip(g, den)]
        if mu == 0:
            return q
        st["b"] = [mu * x + y for x, y in zip(st.get("b", zeros), q)]
        return list(st["b"])
    if t == "adagrad":
        eps = o.get("epsilon", 1e-10)
        s_ = [x + y * y for x, y in zip(st.get("S", [o.get("initialAccumulator", 0.0)] * n), g)]
        st["S"] = s_
        return [y / (math.sqrt(x) + eps) / (1 + (k - 1) * o.get("lrDecay", 0.0)) for x, y in zip(s_, g)]
    if t == "adadelta":
        rho, eps = o.get("rho", 0.9), o.get("epsilon", 1e-6)
        v = [rho * x + (1 - rho) * y * y for x, y in zip(st.get("v", zeros), g)]
        u = [math.sqrt(a + eps) / math.sqrt(x + eps) * y for a, x, y in zip(st.get("a", zeros), v, g)]
        st["v"] = v
        st["a"] = [rho * a + (1 - rho) * x * x for a, x in zip(st.get("a", zeros), u)]
        return u
    if t == "lion":
        m = st.get("m", zeros)
        u = [sign(b1 * x + (1 - b1) * y) for x, y in zip(m, g)]
        st["m"] = [b2 * x + (1 - b2) * y for x, y in zip(m, g)]
        return u
    raise ValueError(t)


def scale_of(term, lr, peak):
    return {"learning-rate": lambda: lr, "relative": lambda: lr / peak, "none": lambda: 1.0,
            "corrected": lambda: lr * lr / peak}[term.get("scaling", "learning-rate")]()


def replay(fixture):
    """The steps of the case (same keys as the fixture's, minus grads), computed anew."""
    config = fixture["config"]
    shapes = {nm: p["shape"] for nm, p in fixture["params"].items()}
    theta = {nm: list(p["values"]) for nm, p in fixture["params"].items()}
    as_sel = {nm: (shapes[nm], None) for nm in theta}
    theta0 = {nm: list(v) for nm, v in theta.items()}
    top = config["optimizer"]
    top_rate = rate(top.get("learningRate", 1.0))
    rates = [top_rate]
    groups = config.get("groups", [])
    members = [set(selected(g, as_sel)) for g in groups]
    opt, scale, lr_rate = {}, {}, {}
    for nm in theta:
        gi = next((i for i, m in enumerate(members) if nm in m), None)
        o = groups[gi].get("optimizer", {}) if gi is not None else {}
        scale[nm] = groups[gi].get("learningRateScale", 1.0) if gi is not None else 1.0
        opt[nm] = o if "type" in o else {**top, **o}
        if "type" in o or "learningRate" in o:
            r = rate(o.get("learningRate", 1.0))
            rates.append(r)
            lr_rate[nm] = r
        else:
            lr_rate[nm] = top_rate
    terms = []
    for term in config.get("decay", []):
        term = dict(term)
        if "timescale" in term:
            tau = term.pop("timescale")
            term["rate"] = 1 / (top_rate.peak * tau) if term.get("scaling", "learning-rate") in ("learning-rate", "corrected") else 1 / tau
        terms.append((term, selected(term, as_sel)))
    gcfg = config.get("gradient", {})
    k_acc, clip, non_finite = gcfg.get("accumulate", 1), gcfg.get("clip"), gcfg.get("nonFinite", "propagate")
    average = config.get("average")
    avg, n_avg = None, 0
    state = {nm: {} for nm in theta}
    t = 0
    acc = None
    out = []
    for i, step in enumerate(fixture["steps"]):
        g_in = {nm: [NON_FINITE[x] if isinstance(x, str) else x for x in v] for nm, v in step["grads"].items()}
        acc = g_in if acc is None else {nm: [a + b for a, b in zip(acc[nm], g_in[nm])] for nm in theta}
        if (i + 1) % k_acc:
            out.append({"expected": {nm: list(v) for nm, v in theta.items()}})
            continue
        g = {nm: [x / k_acc for x in v] for nm, v in acc.items()}
        acc = None
        if non_finite == "skip" and not all(math.isfinite(x) for v in g.values() for x in v):
            out.append({"expected": {nm: list(v) for nm, v in theta.items()}, "skipped": True})
            continue
        rec = {"learningRate": top_rate.at(t)}
        lr = {nm: scale[nm] * lr_rate[nm].at(t) for nm in theta}
        peak = {nm: scale[nm] * lr_rate[nm].peak for nm in theta}
        lam = [S.closed_form(term["rate"], t) for term, _ in terms]
        pen = sum(lam[j] / 2 * sum(x * x for x in theta[nm]) for j, (term, sel) in enumerate(terms) if term["type"] == "l2" for nm in sel)
        pen += sum(lam[j] * sum(abs(x) for x in theta[nm]) for j, (term, sel) in enumerate(terms)
                   if term["type"] == "l1" and term.get("method", "subgradient") == "subgradient" for nm in sel)
        norm = math.sqrt(sum(x * x for v in g.values() for x in v))
        if clip is not None and clip["type"] == "global-norm":
            c = min(1.0, clip["maxNorm"] / (norm + 1e-6))
            g = {nm: [x * c for x in v] for nm, v in g.items()}
        elif clip is not None and clip["type"] == "norm":
            for nm, v in g.items():
                c = min(1.0, clip["maxNorm"] / (math.sqrt(sum(x * x for x in v)) + 1e-6))
                g[nm] = [x * c for x in v]
        elif clip is not None:
            g = {nm: [min(max(x, -clip["maxValue"]), clip["maxValue"]) for x in v] for nm, v in g.items()}
        for j, (term, sel) in enumerate(terms):
            for nm in sel:
                if term["type"] == "l2":
                    g[nm] = [y + lam[j] * x for x, y in zip(theta[nm], g[nm])]
                elif term["type"] == "l1" and term.get("method", "subgradient") == "subgradient":
                    g[nm] = [y + lam[j] * sign(x) for x, y in zip(theta[nm], g[nm])]
        u = {nm: direction(opt[nm], state[nm], g[nm], t + 1) for nm in theta}
        new = {nm: list(v) for nm, v in theta.items()}
        for j, (term, sel) in enumerate(terms):
            if term["type"] not in ("decoupled", "anchor"):
                continue
            for nm in sel:
                s = scale_of(term, lr[nm], peak[nm]) * lam[j]
                for e, x in enumerate(theta[nm]):
                    pull = x if term["type"] == "decoupled" else x - theta0[nm][e]
                    if term.get("cautious") and u[nm][e] * pull < 0:
                        continue
                    new[nm][e] -= s * pull
        for nm in theta:
            new[nm] = [x - lr[nm] * d for x, d in zip(new[nm], u[nm])]
        for j, (term, sel) in enumerate(terms):
            if term["type"] == "l1" and term.get("method") == "proximal":
                for nm in sel:
                    thr = scale_of(term, lr[nm], peak[nm]) * lam[j]
                    new[nm] = [sign(x) * max(abs(x) - thr, 0.0) for x in new[nm]]
        theta = new
        t += 1
        rec = {"expected": {nm: list(v) for nm, v in theta.items()}, **rec}
        if not any(term["type"] == "l1" and term.get("method") == "proximal" for term, _ in terms):
            rec["penalty"] = pen
        if "metric" in step:
            rec["metric"] = step["metric"]
            for r in rates:
                r.report(step["metric"])
        if math.isfinite(norm):
            rec["gradNorm"] = norm
        if average is not None and (average["type"] == "ema" or t > average.get("start", 0)):
            if avg is None:
                avg = {nm: list(v) for nm, v in theta.items()}
            elif average["type"] == "ema":
                d = average["decay"]
                avg = {nm: [d * a + (1 - d) * x for a, x in zip(avg[nm], theta[nm])] for nm in theta}
            else:
                avg = {nm: [a + (x - a) / (n_avg + 1) for a, x in zip(avg[nm], theta[nm])] for nm in theta}
            n_avg += 1
            rec["expectedAverage"] = {nm: list(v) for nm, v in avg.items()}
        out.append(rec)
    return out


def close(a, e):
    return abs(a - e) <= ATOL + RTOL * abs(e)


def confirm(fixture):
    """Raises AssertionError naming the first number on which the fixture and the replay disagree."""
    got = replay(fixture)
    name = fixture["name"]
    for i, (want, have) in enumerate(zip(fixture["steps"], got)):
        keys = set(want) - {"grads"}
        if keys != set(have):
            raise AssertionError(f"{name} steps[{i}]: keys {sorted(keys)} but the replay gives {sorted(have)}")
        for key in keys:
            if isinstance(want[key], dict):
                for nm, vals in want[key].items():
                    for e, (x, y) in enumerate(zip(have[key][nm], vals)):
                        if not close(x, y):
                            raise AssertionError(f"{name} steps[{i}].{key}[{nm}][{e}]: torch {y!r}, replay {x!r}")
            elif isinstance(want[key], bool):
                assert want[key] == have[key]
            elif not close(have[key], want[key]):
                raise AssertionError(f"{name} steps[{i}].{key}: torch {want[key]!r}, replay {have[key]!r}")
    if len(got) != len(fixture["steps"]):
        raise AssertionError(f"{name}: {len(fixture['steps'])} steps, replay {len(got)}")
