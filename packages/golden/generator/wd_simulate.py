"""Runs one optimizer case in PyTorch, in float64 (the expected values) or float32 (to size tolerances).

Everything is derived from the portable config itself, so a fixture's config and its
expected numbers cannot drift apart:

* The optimizer is torch.optim.{SGD, Adam, AdamW, RMSprop, Adagrad}, one param group per
  parameter so each parameter gets the decay rates its terms select.
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
    """Names of the parameters a term touches (config.md `params`)."""
    sel = term.get("params", {})
    inc = [glob_to_regex(p) for p in sel.get("include", ["**"])]
    exc = [glob_to_regex(p) for p in sel.get("exclude", [])]
    min_rank = sel.get("minRank", 0)
    names = set(sel.get("names", []))
    out = []
    for name, (shape, _) in params.items():
        by_pattern = any(r.match(name) for r in inc) and not any(r.match(name) for r in exc) and len(shape) >= min_rank
        if by_pattern or name in names:
            out.append(name)
    return out


def term_scale(term, lr, peak_lr):
    scaling = term.get("scaling", "learning-rate")
    if scaling == "learning-rate":
        return lr
    if scaling == "relative":
        return lr / peak_lr
    if scaling == "none":
        return 1.0
    raise ValueError(scaling)


class IllConditioned(Exception):
    """The random data puts a discontinuity (sign, mask) too close to a rounding decision; reseed."""


def simulate(config, params, grads, dtype, check_conditioning=False):
    """Replays the case; returns dict(steps=[{expected, learningRate, penalty?}], source=str)."""
    n = len(grads)
    ocfg = config["optimizer"]
    otype = ocfg["type"]
    lrs, lr_source = S.values(ocfg["learningRate"], n)
    peak_lr = S.peak(ocfg["learningRate"])
    terms = config.get("decay", [])
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

    def is_native_decoupled(term):
        return (otype == "adam" and term["type"] == "decoupled" and term.get("scaling", "learning-rate") == "learning-rate"
                and not cautious and not multi_shrink)

    use_adamw = any(is_native_decoupled(t) for t in terms)
    # torch's weight_decay reads θ inside opt.step(), i.e. after any shrink written by hand
    # before it; coupled terms must see θ_t (semantics.md step 2 precedes step 3), so l2 goes
    # into torch's optimizer only when nothing shrinks θ by hand before the step.
    hand_shrink = any(t["type"] in ("decoupled", "anchor") and not is_native_decoupled(t) for t in terms)
    native_l2 = not cautious and not use_adamw and not hand_shrink

    names = list(params.keys())
    tensors = {nm: torch.tensor(vals, dtype=dtype).reshape(shape) for nm, (shape, vals) in params.items()}
    for t_ in tensors.values():
        t_.requires_grad_(True)
    anchors = {nm: tensors[nm].detach().clone() for nm in names}
    groups = [{"params": [tensors[nm]], "weight_decay": 0.0} for nm in names]
    lr0 = lrs[0]
    if otype == "sgd":
        opt = torch.optim.SGD(groups, lr=lr0, momentum=ocfg.get("momentum", 0.0), dampening=ocfg.get("dampening", 0.0),
                              nesterov=ocfg.get("nesterov", False))
        cls = "SGD"
    elif otype == "adam":
        kw = dict(lr=lr0, betas=(ocfg.get("beta1", 0.9), ocfg.get("beta2", 0.999)), eps=ocfg.get("epsilon", 1e-8),
                  amsgrad=ocfg.get("amsgrad", False), foreach=False)
        opt = torch.optim.AdamW(groups, **kw) if use_adamw else torch.optim.Adam(groups, **kw)
        cls = "AdamW" if use_adamw else "Adam"
    elif otype == "rmsprop":
        opt = torch.optim.RMSprop(groups, lr=lr0, alpha=ocfg.get("alpha", 0.99), eps=ocfg.get("epsilon", 1e-8),
                                  momentum=ocfg.get("momentum", 0.0), centered=ocfg.get("centered", False), foreach=False)
        cls = "RMSprop"
    elif otype == "adagrad":
        opt = torch.optim.Adagrad(groups, lr=lr0, lr_decay=ocfg.get("lrDecay", 0.0), eps=ocfg.get("epsilon", 1e-10),
                                  initial_accumulator_value=ocfg.get("initialAccumulator", 0.0), foreach=False)
        cls = "Adagrad"
    else:
        raise ValueError(otype)
    group_of = {nm: opt.param_groups[i] for i, nm in enumerate(names)}

    # Cautious-anchor mask decisions where the mask matters (θ_t ≠ θ₀): [true, false] counts.
    anchor_mask_counts = [0, 0]
    steps = []
    for t in range(n):
        lr = lrs[t]
        for g in opt.param_groups:
            g["lr"] = lr
            g["weight_decay"] = 0.0
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
        # Raw gradients, then coupled terms.
        for nm in names:
            tensors[nm].grad = torch.tensor(grads[t][nm], dtype=dtype).reshape(tensors[nm].shape)
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
        if use_adamw:
            for ti, term in enumerate(terms):
                if is_native_decoupled(term):
                    for nm in term_params[ti]:
                        group_of[nm]["weight_decay"] += term_rates[ti][t]
        with torch.no_grad():
            masks = {}
            anchor_masks = {}
            if cautious:
                if not lr > 0:
                    raise ValueError("cautious cases need η_t > 0 to read the step direction")
                shadow_tensors, shadow_opt = copy.deepcopy((tensors, opt))
                for nm in names:
                    shadow_tensors[nm].zero_()
                shadow_opt.step()
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
                if term["type"] not in ("decoupled", "anchor") or is_native_decoupled(term):
                    continue
                coef = term_scale(term, lr, peak_lr) * term_rates[ti][t]
                for nm in term_params[ti]:
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
            opt.step()
            for ti, term in enumerate(terms):
                if term["type"] == "l1" and term.get("method", "subgradient") == "proximal":
                    thr = term_scale(term, lr, peak_lr) * term_rates[ti][t]
                    for nm in term_params[ti]:
                        p = tensors[nm]
                        p.copy_(torch.sign(p) * torch.clamp(p.abs() - thr, min=0))
        step = {"expected": {nm: [float(x) + 0.0 for x in tensors[nm].detach().reshape(-1).tolist()] for nm in names},
                "learningRate": float(lr)}
        if not has_proximal:
            step["penalty"] = float(pen)
        steps.append(step)

    if check_conditioning and cautious_anchor_params and (anchor_mask_counts[0] == 0 or anchor_mask_counts[1] == 0):
        raise IllConditioned(f"cautious-anchor mask trivial (true {anchor_mask_counts[0]}, false {anchor_mask_counts[1]})")

    manual = []
    if any(t["type"] == "l1" and t.get("method", "subgradient") == "subgradient" for t in terms):
        manual.append("l1 as autograd of λ·Σ|θ|")
    if any(t["type"] == "l2" for t in terms) and not native_l2:
        manual.append("l2 added to the gradient by hand")
    if any(t["type"] in ("decoupled", "anchor") and not is_native_decoupled(t) for t in terms):
        manual.append("decoupled/anchor shrink by hand before opt.step()" + (" (cautious mask from the step on a zeroed copy)" if cautious else "")
                      + ("; cautious anchor mask u·(θ_t − θ₀) ≥ 0" if cautious_anchor_params else ""))
    if has_proximal:
        manual.append("proximal soft-threshold by hand after opt.step()")
    src = f"torch {torch.__version__} torch.optim.{cls} (float64); lr: {lr_source}"
    if rate_sources:
        src += "; decay rate: " + "; ".join(sorted(set(rate_sources)))
    if manual:
        src += "; " + "; ".join(manual)
    return {"steps": steps, "source": src, "anchorMaskCounts": tuple(anchor_mask_counts)}
