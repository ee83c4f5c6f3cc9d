"""Runs one optimizer case in PyTorch, in float64 (the expected values) or float32 (to size tolerances).

Everything is derived from the portable config itself, so a fixture's config and its
expected numbers cannot drift apart:

* The optimizer is torch.optim.{SGD, Adam, AdamW, RMSprop, Adagrad, Adamax, RAdam, Adadelta},
  or NAdam / Lion from wd_hand_optimizers.py, one param group per parameter so each
  parameter gets the decay rates, lr and hyperparameters its terms and config group select.
* Config 1.1 around the step: micro-batch gradients averaged over
  `accumulate`; a non-finite mean with nonFinite "skip" drops the update (nothing changes,
  t does not advance); otherwise torch.nn.utils.clip_grad_norm_ (all tensors, or each
  tensor for "norm") or clip_grad_value_ on g before the coupled terms; the gradient norm
  as clip_grad_norm_ computes it; learning rates from wd_schedules (ReduceLROnPlateau on
  the unscaled rate, stepped with the metrics) times the group's learningRateScale; the
  average by torch.optim.swa_utils.AveragedModel after each update.
* Coupled `l2` is torch's own ``weight_decay`` (g + λθ inside the optimizer) unless a
  shrink is written by hand before the step (then it is added to the gradient by hand,
  from θ_t, as torch's weight_decay would read the shrunk θ). With
  Adam plus a learning-rate-scaled `decoupled` term the optimizer is torch.optim.AdamW
  (its ``weight_decay`` is the decoupled rate, ``p.mul_(1 - lr*wd)`` before the step),
  and any `l2` term is then added to the gradient by hand (AdamW has no coupled decay).
* Coupled `l1` (subgradient) is autograd of λ·Σ|θ| added to the raw gradient; torch's
  abs() backward gives 0 at θ = 0, i.e. sign(0) = 0 as semantics.md pins.
* What PyTorch lacks is the documented formula applied by hand with torch ops around
  torch's own ``opt.step()`` (semantics.md "Order inside one update"):
  decoupled with scaling `relative` (``p.mul_(1 - lr/peak*wd)``) or `none`
  (``p.mul_(1 - wd)``) before the step; `anchor` (``p.sub_(s*wd*(p - p0))``, θ₀ = the
  parameters before the first update) before the step; proximal `l1`
  (``sign(p)*max(|p| - s*λ, 0)``) after it.
* Cautious decay (arXiv 2510.12402): the shrink applies where u·θ ≥ 0, u the direction
  the step subtracts (θ ← θ − η_t·u). u is obtained by running torch's step on a deep
  copy of the optimizer whose parameters are set to 0: that copy ends at −η_t·u, so
  sign(u) is exact (no cancellation of θ − θ', and u = 0 stays exactly 0). This needs the
  step not to read θ, so a cautious case adds every coupled term to the gradient by hand
  and uses no torch-internal weight decay; it also needs η_t > 0.
* Cautious `anchor` (lead's decision, recorded in core's update/kernels.ts): an anchor
  term pulls θ toward θ₀, not toward 0, so its mask is u·(θ_t − θ₀) ≥ 0 — the shrink
  applies only where the step already moves θ toward the anchor. Both masks are read
  from θ_t, before any shrink. Where θ_t = θ₀ the mask is true but the shrink is 0.
  With check_conditioning, a case with a cautious anchor is re-drawn unless, over all
  its updates, the mask is true on some and false on some of the coordinates where it
  matters (θ_t ≠ θ₀), and unless every nonzero θ_t − θ₀ is at least
  max(1e-3·max|θ_t − θ₀|, 1e-5) from 0 (1e-5 = 10× the base float32 atol, so float32
  rounding cannot flip its sign), on top of the step-direction check above.
* Decay rates that are schedules are evaluated like the lr (wd_schedules.values) and
  written into the param group (native) or used by the hand-written formula, per update.
"""
import copy
import math
import re

import torch

import wd_hand_optimizers as H
import wd_schedules as S


def glob_to_regex(pattern):
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile("^" + out + "$")


def selected(term, params):
    """Names of the parameters a term (or group) touches (config.md `params`): `include` defaults to
    ["**"], or to [] when `names` is given, so `{"names": ["a"]}` selects just "a"."""
    sel = term.get("params", {})
    inc = [glob_to_regex(p) for p in sel.get("include", [] if "names" in sel else ["**"])]
    exc = [glob_to_regex(p) for p in sel.get("exclude", [])]
    min_rank = sel.get("minRank", 0)
    names = set(sel.get("names", []))
    out = []
    for name, (shape, _) in params.items():
        by_pattern = any(r.match(name) for r in inc) and not any(r.match(name) for r in exc) and len(shape) >= min_rank
        if by_pattern or name in names:
            out.append(name)
    return out


class IllConditioned(Exception):
    """The random data puts a discontinuity (sign, mask) too close to a rounding decision; reseed."""


def term_scale(term, lr, peak_lr):
    """s_t of a decay term (semantics.md; `corrected` from config 1.1), for its parameter's group."""
    scaling = term.get("scaling", "learning-rate")
    if scaling == "learning-rate":
        return lr
    if scaling == "relative":
        return lr / peak_lr
    if scaling == "none":
        return 1.0
    if scaling == "corrected":
        return lr * lr / peak_lr
    raise ValueError(scaling)


def resolve_timescale(term, top_peak):
    """Config 1.1: `timescale` τ resolves to λ = 1/(η_peak·τ) (learning-rate, corrected) or 1/τ
    (relative, none), η_peak the top-level learning rate's."""
    if "timescale" not in term:
        return term
    tau = term["timescale"]
    resolved = {k: v for k, v in term.items() if k != "timescale"}
    resolved["rate"] = 1 / (top_peak * tau) if term.get("scaling", "learning-rate") in ("learning-rate", "corrected") else 1 / tau
    return resolved


def optimizer_kwargs(c):
    """torch keyword arguments for a portable optimizer config, defaults as semantics.md / config 1.1."""
    t = c["type"]
    betas = (c.get("beta1", 0.9), c.get("beta2", 0.99 if t == "lion" else 0.999))
    if t == "sgd":
        return dict(momentum=c.get("momentum", 0.0), dampening=c.get("dampening", 0.0), nesterov=c.get("nesterov", False))
    if t == "adam":
        return dict(betas=betas, eps=c.get("epsilon", 1e-8), amsgrad=c.get("amsgrad", False))
    if t == "rmsprop":
        return dict(alpha=c.get("alpha", 0.99), eps=c.get("epsilon", 1e-8), momentum=c.get("momentum", 0.0),
                    centered=c.get("centered", False))
    if t == "adagrad":
        return dict(lr_decay=c.get("lrDecay", 0.0), eps=c.get("epsilon", 1e-10),
                    initial_accumulator_value=c.get("initialAccumulator", 0.0))
    if t in ("adamax", "radam"):
        return dict(betas=betas, eps=c.get("epsilon", 1e-8))
    if t == "nadam":
        return dict(betas=betas, eps=c.get("epsilon", 1e-8), momentum_decay=c.get("momentumDecay", 0.004))
    if t == "adadelta":
        return dict(rho=c.get("rho", 0.9), eps=c.get("epsilon", 1e-6))
    if t == "lion":
        return dict(betas=betas)
    raise ValueError(t)


# type → (class, its name in `source`, extra constructor arguments, has torch-style coupled weight_decay)
OPTIMIZERS = {
    "sgd": (torch.optim.SGD, "SGD", {}, True),
    "adam": (torch.optim.Adam, "Adam", {"foreach": False}, True),
    "rmsprop": (torch.optim.RMSprop, "RMSprop", {"foreach": False}, True),
    "adagrad": (torch.optim.Adagrad, "Adagrad", {"foreach": False}, True),
    "adamax": (torch.optim.Adamax, "Adamax", {"foreach": False}, True),
    "radam": (torch.optim.RAdam, "RAdam", {"foreach": False}, True),
    "adadelta": (torch.optim.Adadelta, "Adadelta", {"foreach": False}, True),
    "nadam": (H.NAdam, "NAdam by hand (the PyTorch 2.x formula, not 1.13's NAdam with its mu_product bug)", {}, True),
    "lion": (H.Lion, "Lion by hand (optax scale_by_lion formula)", {}, False),
}


def learning_rate_of(c):
    """An optimizer config's learningRate; Adadelta's defaults to 1.0 as PyTorch's (config 1.1)."""
    if "learningRate" in c:
        return c["learningRate"]
    if c["type"] == "adadelta":
        return 1.0
    raise KeyError(f"{c['type']} needs a learningRate")


def assign_groups(config, params):
    """Per parameter: (unit, merged optimizer config, learningRateScale, lr owner).

    A parameter belongs to the first group whose selection matches (config 1.1). Unit -1
    is the top-level torch optimizer: it holds the ungrouped parameters and those of groups
    that only override fields, each parameter as a torch param group with its own
    hyperparameters (PyTorch's way to give groups different betas or lr). A group whose
    optimizer has a `type` is a torch optimizer of its own (unit = group index). The lr owner
    is the group whose `learningRate` drives the parameter (-1: the top-level one).
    """
    top = config["optimizer"]
    groups = config.get("groups", [])
    members = [set(selected(g, params)) for g in groups]
    out = {}
    for nm in params:
        gi = next((i for i, m in enumerate(members) if nm in m), None)
        if gi is None:
            out[nm] = (-1, top, 1.0, -1)
            continue
        o = groups[gi].get("optimizer", {})
        scale = groups[gi].get("learningRateScale", 1.0)
        if "type" in o:
            out[nm] = (gi, o, scale, gi)
        else:
            out[nm] = (-1, {**top, **o}, scale, gi if "learningRate" in o else -1)
    return out


def global_norm(grads):
    """N as torch.nn.utils.clip_grad_norm_ computes it (the norm of the per-tensor 2-norms)."""
    return torch.norm(torch.stack([torch.norm(g, 2.0) for g in grads]), 2.0)


def simulate(config, params, grads, dtype, check_conditioning=False, metrics=None):
    """Replays the case; returns dict(steps=[...], source=str).

    `grads` holds one entry per micro-batch (floats, NaN and ±inf allowed). Each returned step has
    `expected`; steps that are updates also `learningRate` (top-level η_t), `gradNorm` (when
    finite), `penalty` (without proximal terms), `expectedAverage` (with `average`) and `metric`
    (when `metrics` has a value for that update); a dropped update has `skipped`.
    """
    gcfg = config.get("gradient", {})
    accumulate = gcfg.get("accumulate", 1)
    clip = gcfg.get("clip")
    non_finite = gcfg.get("nonFinite", "propagate")
    n = len(grads) // accumulate  # updates at most (fewer if some are skipped)
    top = config["optimizer"]
    sources = {-1: S.source(learning_rate_of(top), n)}
    for gi, g in enumerate(config.get("groups", [])):
        if "learningRate" in g.get("optimizer", {}) or "type" in g.get("optimizer", {}):
            sources[gi] = S.source(learning_rate_of(g["optimizer"]), n)
    assignment = assign_groups(config, params)
    names = list(params.keys())
    unit_type = {nm: assignment[nm][1]["type"] for nm in names}

    terms = [resolve_timescale(t, sources[-1].peak) for t in config.get("decay", [])]
    term_rates = []
    rate_sources = []
    for term in terms:
        vals, src = S.values(term["rate"], n)
        term_rates.append(vals)
        if not isinstance(term["rate"], (int, float)):
            rate_sources.append(src)
    term_params = [selected(term, params) for term in terms]
    cautious = any(t.get("cautious", False) for t in terms)
    has_proximal = any(t["type"] == "l1" and t.get("method", "subgradient") == "proximal" for t in terms)

    # Parameters touched by several decoupled/anchor terms: each term reads θ_t (semantics.md
    # step 3), so their shrinks add; they are written by hand from a copy of θ_t.
    shrink_count = {}
    for ti, term in enumerate(terms):
        if term["type"] in ("decoupled", "anchor"):
            for nm in term_params[ti]:
                shrink_count[nm] = shrink_count.get(nm, 0) + 1
    multi_shrink = {nm for nm, k in shrink_count.items() if k > 1}
    cautious_anchor_params = {nm for ti, term in enumerate(terms)
                              if term["type"] == "anchor" and term.get("cautious", False) for nm in term_params[ti]}

    def is_native_decoupled(term, nm):
        return (unit_type[nm] == "adam" and term["type"] == "decoupled" and term.get("scaling", "learning-rate") == "learning-rate"
                and not cautious and not multi_shrink)

    adamw_params = {nm for ti, term in enumerate(terms) for nm in term_params[ti] if is_native_decoupled(term, nm)}
    # torch's weight_decay reads θ inside opt.step(), i.e. after any shrink written by hand
    # before it; coupled terms must see θ_t (semantics.md step 2 precedes step 3), so l2 goes
    # into torch's optimizer only when nothing shrinks θ by hand before the step.
    hand_shrink = any(t["type"] in ("decoupled", "anchor") and not is_native_decoupled(t, nm)
                      for ti, t in enumerate(terms) for nm in term_params[ti])
    native_l2 = (not cautious and not adamw_params and not hand_shrink
                 and all(OPTIMIZERS[unit_type[nm]][3] for nm in names))

    module = torch.nn.Module()
    module.params = torch.nn.ParameterList(
        [torch.nn.Parameter(torch.tensor(vals, dtype=dtype).reshape(shape)) for shape, vals in params.values()])
    tensors = dict(zip(names, module.params))
    anchors = {nm: tensors[nm].detach().clone() for nm in names}

    # One torch optimizer per unit, one torch param group per parameter.
    units = {}
    for nm in names:
        units.setdefault(assignment[nm][0], []).append(nm)
    opts = []
    group_of = {}
    classes = []
    for unit in sorted(units):
        members = units[unit]
        otype = unit_type[members[0]]
        cls, cls_name, extra, has_weight_decay = OPTIMIZERS[otype]
        if any(nm in adamw_params for nm in members):
            cls, cls_name = torch.optim.AdamW, "AdamW"
        no_decay = {"weight_decay": 0.0} if has_weight_decay else {}
        groups = [{"params": [tensors[nm]], **no_decay, **optimizer_kwargs(assignment[nm][1])} for nm in members]
        defaults = {k: v for k, v in groups[0].items() if k != "params"}
        opt = cls(groups, lr=0.0, **defaults, **extra)
        opts.append(opt)
        classes.append(cls_name)
        for nm, g in zip(members, opt.param_groups):
            group_of[nm] = g

    average = config.get("average")
    averaged = None
    if average is not None:
        if average["type"] == "ema":
            d = average["decay"]
            averaged = torch.optim.swa_utils.AveragedModel(module, avg_fn=lambda a, p, _n: d * a + (1 - d) * p)
        else:
            averaged = torch.optim.swa_utils.AveragedModel(module)  # default avg_fn: the plain mean
    average_start = average.get("start", 0) if average is not None and average["type"] == "uniform" else 0

    def snapshot(ts):
        return {nm: [float(x) + 0.0 for x in p.detach().reshape(-1).tolist()] for nm, p in zip(names, ts)}

    # Cautious-anchor mask decisions where the mask matters (θ_t ≠ θ₀): [true, false] counts.
    anchor_mask_counts = [0, 0]
    steps = []
    t = 0  # updates applied
    boundary = 0  # boundaries reached (applied or skipped), indexes `metrics`
    acc = None
    for micro in grads:
        g_micro = {nm: torch.tensor(micro[nm], dtype=dtype).reshape(tensors[nm].shape) for nm in names}
        acc = g_micro if acc is None else {nm: acc[nm] + g_micro[nm] for nm in names}
        if (len(steps) + 1) % accumulate != 0:
            steps.append({"expected": snapshot(tensors.values())})
            continue
        g_mean = acc if accumulate == 1 else {nm: acc[nm] / accumulate for nm in names}
        acc = None
        boundary += 1
        finite = all(bool(torch.isfinite(g).all()) for g in g_mean.values())
        if not finite and non_finite == "skip":
            steps.append({"expected": snapshot(tensors.values()), "skipped": True})
            continue
        top_lr = sources[-1].at(t)
        lr_of = {nm: assignment[nm][2] * sources[assignment[nm][3]].at(t) for nm in names}
        peak_of = {nm: assignment[nm][2] * sources[assignment[nm][3]].peak for nm in names}
        for nm in names:
            group_of[nm]["lr"] = lr_of[nm]
            group_of[nm]["weight_decay"] = 0.0
        # Coupled penalty at θ_t (before the update), in torch.
        pen = torch.zeros((), dtype=dtype)
        with torch.no_grad():
            for ti, term in enumerate(terms):
                lam = term_rates[ti][t]
                for nm in term_params[ti]:
                    p = tensors[nm]
                    if term["type"] == "l2":
                        pen = pen + lam / 2 * (p * p).sum()
                    elif term["type"] == "l1" and term.get("method", "subgradient") == "subgradient":
                        pen = pen + lam * p.abs().sum()
        # g (the micro-batch mean), clipped (config 1.1: before the coupled terms).
        for nm in names:
            tensors[nm].grad = g_mean[nm]
        grad_norm = float(global_norm([tensors[nm].grad for nm in names]))
        if clip is not None:
            if clip["type"] == "global-norm":
                returned = float(torch.nn.utils.clip_grad_norm_(list(tensors.values()), clip["maxNorm"]))
                assert returned == grad_norm or not math.isfinite(grad_norm)
            elif clip["type"] == "norm":
                for p in tensors.values():
                    torch.nn.utils.clip_grad_norm_(p, clip["maxNorm"])
            else:
                torch.nn.utils.clip_grad_value_(list(tensors.values()), clip["maxValue"])
        l1_loss = None
        for ti, term in enumerate(terms):
            lam = term_rates[ti][t]
            if term["type"] == "l1" and term.get("method", "subgradient") == "subgradient":
                for nm in term_params[ti]:
                    part = lam * tensors[nm].abs().sum()
                    l1_loss = part if l1_loss is None else l1_loss + part
                    if check_conditioning:
                        a = tensors[nm].detach().abs()
                        if bool(((a > 0) & (a < 1e-5)).any()):
                            raise IllConditioned("θ too close to 0 under a subgradient l1 term")
            elif term["type"] == "l2":
                for nm in term_params[ti]:
                    if native_l2:
                        group_of[nm]["weight_decay"] += lam
                    else:
                        with torch.no_grad():
                            tensors[nm].grad.add_(tensors[nm], alpha=lam)
        if l1_loss is not None:
            l1_loss.backward()  # accumulates λ·sign(θ) (0 at θ = 0) into the raw gradient
        for ti, term in enumerate(terms):
            for nm in term_params[ti]:
                if nm in adamw_params and is_native_decoupled(term, nm):
                    group_of[nm]["weight_decay"] += term_rates[ti][t]
        with torch.no_grad():
            if check_conditioning:
                for opt in opts:
                    if isinstance(opt, H.Lion):
                        for c in opt.directions():
                            nz = c[(c != 0) & torch.isfinite(c)].abs()
                            if nz.numel() and float(nz.min()) < 1e-3 * float(nz.max()):
                                raise IllConditioned("a Lion momentum mix too close to 0 for its sign")
            masks = {}
            anchor_masks = {}
            if cautious:
                if not all(lr > 0 for lr in lr_of.values()):
                    raise ValueError("cautious cases need η_t > 0 to read the step direction")
                shadow_tensors, shadow_opts = copy.deepcopy((tensors, opts))
                for nm in names:
                    shadow_tensors[nm].zero_()
                    shadow_tensors[nm].grad = tensors[nm].grad.clone()  # Parameter's deepcopy drops .grad
                for opt in shadow_opts:
                    opt.step()
                for nm in names:
                    minus_eta_u = shadow_tensors[nm]
                    u = -minus_eta_u
                    masks[nm] = (u * tensors[nm]) >= 0
                    offset = tensors[nm] - anchors[nm]
                    anchor_masks[nm] = (u * offset) >= 0
                    if check_conditioning:
                        nz = u[u != 0].abs()
                        if nz.numel() and float(nz.min()) < 1e-3 * float(nz.max()):
                            raise IllConditioned("a step direction too close to 0 for a sign decision")
                        if nm in cautious_anchor_params:
                            moved = offset != 0
                            off = offset[moved].abs()
                            if off.numel() and float(off.min()) < max(1e-3 * float(off.max()), 1e-5):
                                raise IllConditioned("a θ_t − θ₀ too close to 0 for a cautious-anchor sign decision")
                            on = int((anchor_masks[nm] & moved).sum())
                            anchor_mask_counts[0] += on
                            anchor_mask_counts[1] += int(moved.sum()) - on
            # Decoupled and anchor terms written by hand, using θ_t, before the step.
            theta_t = {nm: tensors[nm].detach().clone() for nm in multi_shrink}
            for ti, term in enumerate(terms):
                if term["type"] not in ("decoupled", "anchor"):
                    continue
                for nm in term_params[ti]:
                    if is_native_decoupled(term, nm):
                        continue
                    coef = term_scale(term, lr_of[nm], peak_of[nm]) * term_rates[ti][t]
                    p = tensors[nm]
                    if nm in multi_shrink:
                        src = theta_t[nm]
                        amount = coef * (src if term["type"] == "decoupled" else src - anchors[nm])
                        if term.get("cautious", False):
                            mask = masks[nm] if term["type"] == "decoupled" else anchor_masks[nm]
                            amount = torch.where(mask, amount, torch.zeros_like(amount))
                        p.sub_(amount)
                        continue
                    if term["type"] == "decoupled":
                        if term.get("cautious", False):
                            p.mul_(torch.where(masks[nm], torch.full_like(p, 1 - coef), torch.ones_like(p)))
                        else:
                            p.mul_(1 - coef)
                    else:
                        amount = coef * (p - anchors[nm])
                        if term.get("cautious", False):
                            amount = torch.where(anchor_masks[nm], amount, torch.zeros_like(amount))
                        p.sub_(amount)
            for opt in opts:
                opt.step()
            for ti, term in enumerate(terms):
                if term["type"] == "l1" and term.get("method", "subgradient") == "proximal":
                    for nm in term_params[ti]:
                        thr = term_scale(term, lr_of[nm], peak_of[nm]) * term_rates[ti][t]
                        p = tensors[nm]
                        p.copy_(torch.sign(p) * torch.clamp(p.abs() - thr, min=0))
        t += 1
        step = {"expected": snapshot(tensors.values()), "learningRate": float(top_lr)}
        if not has_proximal:
            step["penalty"] = float(pen)
        if math.isfinite(grad_norm):
            step["gradNorm"] = grad_norm
        if averaged is not None and t > average_start:
            averaged.update_parameters(module)
            step["expectedAverage"] = snapshot(averaged.module.params)
        if metrics is not None and boundary <= len(metrics) and metrics[boundary - 1] is not None:
            metric = metrics[boundary - 1]
            step["metric"] = metric
            for src in sources.values():
                margin = src.report(metric)
                if check_conditioning and margin < 1e-9:
                    raise IllConditioned("a metric within 1e-9 of the plateau's improvement threshold")
        steps.append(step)

    if check_conditioning and cautious_anchor_params and (anchor_mask_counts[0] == 0 or anchor_mask_counts[1] == 0):
        raise IllConditioned(f"cautious-anchor mask trivial (true {anchor_mask_counts[0]}, false {anchor_mask_counts[1]})")
    return {"steps": steps, "source": describe(config, sources, terms, rate_sources, classes, native_l2, hand_shrink,
                                                 cautious, cautious_anchor_params, has_proximal),
            "anchorMaskCounts": tuple(anchor_mask_counts)}


def describe(config, sources, terms, rate_sources, classes, native_l2, hand_shrink, cautious, cautious_anchor_params,
             has_proximal):
    """The fixture's `source`: which parts are PyTorch's and which were written by hand."""
    manual = []
    if any(t["type"] == "l1" and t.get("method", "subgradient") == "subgradient" for t in terms):
        manual.append("l1 as autograd of λ·Σ|θ|")
    if any(t["type"] == "l2" for t in terms) and not native_l2:
        manual.append("l2 added to the gradient by hand")
    if hand_shrink:
        manual.append("decoupled/anchor shrink by hand before opt.step()" + (" (cautious mask from the step on a zeroed copy)" if cautious else "")
                      + ("; cautious anchor mask u·(θ_t − θ₀) ≥ 0" if cautious_anchor_params else ""))
    if has_proximal:
        manual.append("proximal soft-threshold by hand after opt.step()")
    if any(t.get("scaling") == "corrected" for t in terms):
        manual.append("corrected scaling s_t = η_t²/η_peak by hand")
    if any("timescale" in t for t in config.get("decay", [])):
        manual.append("timescale resolved by hand to rate 1/(η_peak·τ) or 1/τ")
    gcfg = config.get("gradient", {})
    if gcfg.get("accumulate", 1) > 1:
        manual.append(f"g = mean of {gcfg['accumulate']} micro-batch gradients, one update per {gcfg['accumulate']} micro-batches")
    clip = gcfg.get("clip")
    if clip is not None:
        manual.append({"global-norm": f"torch.nn.utils.clip_grad_norm_(all, {clip.get('maxNorm')})",
                       "norm": f"torch.nn.utils.clip_grad_norm_(each tensor, {clip.get('maxNorm')})",
                       "value": f"torch.nn.utils.clip_grad_value_({clip.get('maxValue')})"}[clip["type"]] + " before the coupled terms")
    if gcfg.get("nonFinite") == "skip":
        manual.append("a non-finite g skips the update (no step, no t, no average) by hand, as GradScaler skips opt.step()")
    if config.get("groups"):
        manual.append("groups as torch param groups with lr = learningRateScale·η_t (own optimizers for typed groups)")
    average = config.get("average")
    if average is not None:
        manual.append("torch.optim.swa_utils.AveragedModel " + (f"with EMA avg_fn (decay {average['decay']})" if average["type"] == "ema"
                      else f"default avg_fn (plain mean) from update {average.get('start', 0) + 1}"))
    opt_names = " + ".join(c if " by hand" in c else f"torch.optim.{c}" for c in classes)
    lr_sources = "; ".join(dict.fromkeys(s.source for s in sources.values()))
    src = f"torch {torch.__version__} {opt_names} (float64); lr: {lr_sources}"
    if rate_sources:
        src += "; decay rate: " + "; ".join(sorted(set(rate_sources)))
    if manual:
        src += "; " + "; ".join(manual)
    return src
